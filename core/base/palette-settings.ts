/**
 * The palette a workbook carries (stored with it so colleagues see the same colours): parsing what
 * was stored, what to store, and the colours of the sheet's own legend offered to the user.
 * Host-neutral.
 */
import type { TrackingSheet } from './model';
import {
  DEFAULT_PALETTE,
  mergePalette,
  normalizeColour,
  type Palette,
  STATUS_IDS,
  type StatusId,
  validatePalette,
} from './status';

export interface StoredPalette {
  /** The colours the workbook sets (absent ids use the defaults). */
  palette: Partial<Palette>;
  /** French problems found in what was stored (ignored entries). */
  problems: string[];
}

export function parseStoredPalette(raw: unknown): StoredPalette {
  let value: unknown = raw;
  if (raw === null || raw === undefined || raw === '') return { palette: {}, problems: [] };
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { palette: {}, problems: ['La palette enregistrée dans le classeur est illisible : palette par défaut.'] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { palette: {}, problems: ['La palette enregistrée dans le classeur est illisible : palette par défaut.'] };
  }
  const record = value as Record<string, unknown>;
  const problems = validatePalette(record);
  const palette: Partial<Palette> = {};
  for (const id of STATUS_IDS) {
    const c = typeof record[id] === 'string' ? normalizeColour(record[id] as string) : null;
    if (c) palette[id] = c;
  }
  return { palette, problems };
}

/** The stored form: only the colours that differ from the defaults. */
export function serializePalette(palette: Partial<Palette>): string {
  const out: Partial<Record<StatusId, string>> = {};
  for (const id of STATUS_IDS) {
    const c = normalizeColour(palette[id]);
    if (c && c !== DEFAULT_PALETTE[id]) out[id] = c;
  }
  return JSON.stringify(out);
}

/** The full palette the user set: defaults overridden by the stored colours. */
export function userPalette(stored: Partial<Palette>): Palette {
  return mergePalette(DEFAULT_PALETTE, stored);
}

export interface LegendOffer {
  /** Colours of the sheet's own legend that differ from the palette. */
  colours: Partial<Palette>;
  /** « 2022 » : 6 couleurs de légende trouvées (A3:A8). */
  description: string;
}

/** The sheet's legend colours the user may adopt as the workbook palette; null when none differ. */
export function legendOffer(sheet: TrackingSheet, palette: Readonly<Palette>): LegendOffer | null {
  const colours: Partial<Palette> = {};
  for (const entry of sheet.legend) {
    const c = normalizeColour(entry.colour);
    if (c && c !== palette[entry.status]) colours[entry.status] = c;
  }
  const n = Object.keys(colours).length;
  if (n === 0) return null;
  return {
    colours,
    description: `La légende de la feuille « ${sheet.name} » utilise ${n} couleur${n > 1 ? 's' : ''} différente${n > 1 ? 's' : ''} de la palette.`,
  };
}

/** Where a run's palette comes from: `--palette`, the add-in's setting saved in the workbook, or the default. */
export type PaletteSource = 'option' | 'classeur' | 'défaut';

export interface RunPalette {
  palette: Palette;
  paletteSource: PaletteSource;
}

/**
 * The palette of a run: the one given for this run wins, else the one the add-in saved in the
 * workbook (`stored`, the setting's value), else the default. Every host reads a workbook with it,
 * so the colours a coordinator chose in Excel are those of `convert`, `inspect` and `sync`.
 */
export function runPalette(stored: unknown, option: Partial<Palette> | undefined): RunPalette {
  if (option) return { palette: userPalette(option), paletteSource: 'option' };
  const saved = parseStoredPalette(stored).palette;
  return { palette: userPalette(saved), paletteSource: Object.keys(saved).length > 0 ? 'classeur' : 'défaut' };
}

/** French words for where the colours come from (inspect, convert). */
export const PALETTE_SOURCE_LABELS: Readonly<Record<PaletteSource, string>> = {
  option: 'palette donnée par --palette',
  classeur: 'palette enregistrée dans le classeur par le complément',
  défaut: 'palette par défaut',
};

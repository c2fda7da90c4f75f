/**
 * « Colorer les états » and « Restaurer les couleurs d'origine », as plans a host applies:
 * the status cells grouped by the colour they get (one multi-area write per status and chunk,
 * never one per row), the original fills saved before the first colouring, and the restore plan.
 * Host-neutral; the add-in stores the backup in the workbook and renders the plans.
 */
import { chunkAreas, compressCells, expandRanges } from '../base/a1-areas';
import type { TrackingSheet } from '../base/model';
import { normalizeColour, type Palette, STATUS_IDS, STATUSES, type StatusId, statusFromColour } from '../base/status';

export interface ColourGroup {
  status: StatusId;
  label: string;
  /** The palette colour, #RRGGBB. */
  colour: string;
  /** Number of cells. */
  count: number;
  /** Comma-separated multi-area addresses, each short enough for one host call. */
  chunks: string[];
}

/** A status cell and the fill it has now (null: no fill). */
export interface CellFill {
  cell: string;
  fill: string | null;
}

/** The status cells of the sheet's actions that have a status, with their current fills. */
export function statusCellFills(sheet: TrackingSheet): (CellFill & { status: StatusId })[] {
  const out: (CellFill & { status: StatusId })[] = [];
  const seen = new Set<string>();
  for (const action of sheet.actions) {
    const cell = action.source.cells.status;
    if (!action.status || !cell || seen.has(cell)) continue;
    seen.add(cell);
    out.push({ cell, fill: normalizeColour(action.statusFill), status: action.status });
  }
  return out;
}

/** The colouring plan: per status (legend order), its palette colour and its cells in chunks. */
export function colourGroups(sheet: TrackingSheet, palette: Readonly<Palette>): ColourGroup[] {
  const byStatus = new Map<StatusId, string[]>();
  for (const { cell, status } of statusCellFills(sheet)) {
    const list = byStatus.get(status) ?? [];
    list.push(cell);
    byStatus.set(status, list);
  }
  return STATUS_IDS.filter((id) => byStatus.has(id)).map((id) => {
    const cells = byStatus.get(id) ?? [];
    return {
      status: id,
      label: STATUSES[id].label,
      colour: palette[id],
      count: cells.length,
      chunks: chunkAreas(compressCells(cells)),
    };
  });
}

/** Cells already showing their palette colour are left out of the count of changes. */
export function cellsToChange(sheet: TrackingSheet, palette: Readonly<Palette>): number {
  return statusCellFills(sheet).filter((c) => c.fill !== normalizeColour(palette[c.status])).length;
}

// ---------------------------------------------------------------------------------------------
// The sheet's own colour code

/** A sheet's own colour code: per status, the one fill its cells have (null: no fill). */
export interface OwnColourCode {
  colours: { status: StatusId; fill: string | null; count: number }[];
}

/** White is no colour: a cell « filled » white looks unfilled. */
function shownFill(fill: string | null): string | null {
  const colour = normalizeColour(fill);
  return colour === '#FFFFFF' ? null : colour;
}

/**
 * The colour code a sheet already follows, when it is its own and consistent, else null. Own: some
 * state has a colour that is not ours (none of `ours`, the palettes of the run, gives it to that
 * state), and no status cell was coloured by us (`coloured`: the cells saved in the backup of
 * original fills). Consistent: at least two states coloured, each state's cells one fill (or all
 * unfilled), and no two states the same fill. Such a sheet keeps its colours: recolouring it would
 * make the key its coordinator wrote next to it wrong.
 */
export function ownColourCode(
  cells: readonly (CellFill & { status: StatusId })[],
  ours: readonly Readonly<Partial<Palette>>[],
  coloured: ReadonlySet<string> = new Set(),
): OwnColourCode | null {
  const byStatus = new Map<StatusId, { fill: string | null; count: number }>();
  for (const { cell, fill, status } of cells) {
    if (coloured.has(cell)) return null;
    const shown = shownFill(fill);
    const known = byStatus.get(status);
    if (!known) byStatus.set(status, { fill: shown, count: 1 });
    else if (known.fill !== shown) return null;
    else known.count++;
  }
  const fills = [...byStatus.values()].map((v) => v.fill);
  const filled = fills.filter((f): f is string => f !== null);
  if (filled.length < 2 || new Set(fills).size !== fills.length) return null;
  const theirs = [...byStatus].some(
    ([status, { fill }]) => fill !== null && ours.every((p) => statusFromColour(fill, p, [status]) === null),
  );
  if (!theirs) return null;
  return {
    colours: STATUS_IDS.filter((id) => byStatus.has(id)).map((id) => ({
      status: id,
      fill: byStatus.get(id)?.fill ?? null,
      count: byStatus.get(id)?.count ?? 0,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The original fills, saved in the workbook before the first colouring

/** Key of a fill in a backup: `#RRGGBB`, or `none` for a cell without fill. */
export type FillKey = string;

export interface SheetFillBackup {
  /** Sheet name when saved, for messages (the backup is keyed by the sheet's id, which survives renames). */
  sheetName: string;
  /** Fill → cells that had it, as compressed ranges. */
  fills: Record<FillKey, string[]>;
}

export interface FillBackup {
  version: 1;
  /** By worksheet id. */
  sheets: Record<string, SheetFillBackup>;
}

export const EMPTY_BACKUP: Readonly<FillBackup> = { version: 1, sheets: {} };

/**
 * The key of a sheet's entry in the backup: its id when an entry has it, else the one entry saved
 * under the sheet's name. Excel does not keep a worksheet's id from one session (or one Excel
 * version, or `cls-bilan sync`) to the next, so an id alone would lose the first backup and save
 * the palette colours as « original » ones.
 */
export function backupKeyOf(backup: Readonly<FillBackup>, sheetId: string, sheetName: string): string {
  if (backup.sheets[sheetId]) return sheetId;
  const byName = Object.entries(backup.sheets).filter(([, entry]) => entry.sheetName === sheetName);
  return byName.length === 1 ? byName[0][0] : sheetId;
}

const NO_FILL: FillKey = 'none';

/** Reads a stored backup (JSON text or parsed value); anything unreadable gives an empty backup. */
export function parseFillBackup(raw: unknown): FillBackup {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { version: 1, sheets: {} };
    }
  }
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.sheets)) return { version: 1, sheets: {} };
  const sheets: Record<string, SheetFillBackup> = {};
  for (const [id, entry] of Object.entries(value.sheets)) {
    if (!isRecord(entry) || !isRecord(entry.fills)) continue;
    const fills: Record<FillKey, string[]> = {};
    for (const [key, ranges] of Object.entries(entry.fills)) {
      const fill = key === NO_FILL ? NO_FILL : normalizeColour(key);
      if (!fill || !Array.isArray(ranges)) continue;
      fills[fill] = ranges.filter((r): r is string => typeof r === 'string');
    }
    sheets[id] = { sheetName: typeof entry.sheetName === 'string' ? entry.sheetName : id, fills };
  }
  return { version: 1, sheets };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The backup after a colouring of `cells`: cells saved before keep their first saved fill (a second
 * colouring must not save the first one's colours); cells seen for the first time are added.
 * Returns null when nothing new needs saving.
 */
export function extendBackup(
  backup: Readonly<FillBackup>,
  sheetId: string,
  sheetName: string,
  cells: readonly CellFill[],
): FillBackup | null {
  const existing = backup.sheets[sheetId];
  const saved = new Set<string>();
  const byFill = new Map<FillKey, string[]>();
  if (existing) {
    for (const [fill, ranges] of Object.entries(existing.fills)) {
      const list = expandRanges(ranges);
      list.forEach((c) => saved.add(c));
      byFill.set(fill, list);
    }
  }
  let added = 0;
  for (const { cell, fill } of cells) {
    if (saved.has(cell)) continue;
    saved.add(cell);
    const key = fill ?? NO_FILL;
    const list = byFill.get(key) ?? [];
    list.push(cell);
    byFill.set(key, list);
    added++;
  }
  if (added === 0) return null;
  const fills: Record<FillKey, string[]> = {};
  for (const [fill, list] of byFill) fills[fill] = compressCells(list);
  return { version: 1, sheets: { ...backup.sheets, [sheetId]: { sheetName, fills } } };
}

export interface RestoreGroup {
  /** #RRGGBB, or null to clear the fill. */
  fill: string | null;
  count: number;
  chunks: string[];
}

/** What « Restaurer les couleurs d'origine » writes for one sheet; empty when nothing was saved. */
export function restoreGroups(backup: Readonly<FillBackup>, sheetId: string): RestoreGroup[] {
  const entry = backup.sheets[sheetId];
  if (!entry) return [];
  return Object.entries(entry.fills)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fill, ranges]) => ({
      fill: fill === NO_FILL ? null : fill,
      count: expandRanges(ranges).length,
      chunks: chunkAreas(ranges),
    }));
}

/** The backup once a sheet's fills are restored. */
export function withoutSheet(backup: Readonly<FillBackup>, sheetId: string): FillBackup {
  const sheets = { ...backup.sheets };
  delete sheets[sheetId];
  return { version: 1, sheets };
}

export function hasBackup(backup: Readonly<FillBackup>, sheetId: string): boolean {
  return backup.sheets[sheetId] !== undefined;
}

/** The restore of one sheet, checked: the cells to give back their fill, and those left alone. */
export interface CheckedRestore {
  /** Cells still showing one of our colours: their original fill (null: no fill). */
  cells: CellFill[];
  /** Cells saved but no longer showing our colour (recoloured by hand, rows moved): not touched. */
  changed: string[];
}

/**
 * « Restaurer les couleurs d'origine », checked: only a saved cell that still shows one of our
 * colours (a colour of one of `ours`, the palettes we colour with) gets its original fill back. A
 * cell whose fill changed since the colouring (coloured by hand, or another cell after a sort or an
 * inserted row) is left as it is and listed. `shown` gives a cell's fill now (null: none).
 */
export function checkedRestore(
  backup: Readonly<FillBackup>,
  sheetId: string,
  shown: (cell: string) => string | null,
  ours: readonly Readonly<Partial<Palette>>[],
): CheckedRestore {
  const entry = backup.sheets[sheetId];
  const out: CheckedRestore = { cells: [], changed: [] };
  if (!entry) return out;
  const seen = new Set<string>();
  for (const [fill, ranges] of Object.entries(entry.fills).sort(([a], [b]) => a.localeCompare(b))) {
    for (const cell of expandRanges(ranges)) {
      if (seen.has(cell)) continue;
      seen.add(cell);
      const now = normalizeColour(shown(cell));
      if (now !== null && ours.some((p) => statusFromColour(now, p) !== null)) {
        out.cells.push({ cell, fill: fill === NO_FILL ? null : fill });
      } else out.changed.push(cell);
    }
  }
  return out;
}

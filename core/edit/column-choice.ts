/**
 * The pane's form « Indiquer les colonnes du tableau », as plain data: the sheet's columns to
 * choose from, what the reader used, and the choice turned into taught columns
 * (core/read/taught-columns.ts) that the pane stores as the sheet's CLS_COLONNES name, like
 * `cls-bilan sync --colonnes`. Host-neutral: the pane only renders it.
 */
import type { SheetAnalysis } from '../report/analysis';
import { cleanText, columnIndex, columnLetters, type Grid } from '../base/grid';
import type { ColumnRole } from '../base/model';
import { parseTaughtName, type TaughtColumns } from '../read/taught-columns';
import { fr, typeset } from '../base/typography';

/** The roles the form asks for, in its order; the state column is required. */
export const CHOICE_ROLES = ['status', 'title', 'code', 'porteur'] as const;
export type ChoiceRole = (typeof CHOICE_ROLES)[number];

export const CHOICE_ROLE_LABELS: Readonly<Record<ChoiceRole, string>> = {
  status: 'État',
  title: 'Intitulé',
  code: 'Numéro',
  porteur: 'Porteur',
};

/** Columns offered at most (a sheet filled far to the right would make the lists unusable). */
const MAX_COLUMNS = 80;
/** Characters of a header (or of a first value) shown in an option. */
const LABEL_LENGTH = 40;

export interface ColumnOption {
  /** 0-based column. */
  index: number;
  letter: string;
  /** « D — Où en est-on ? », or « E — sans en-tête (« fait »…) ». */
  label: string;
}

export interface ColumnForm {
  /** 1-based row whose texts name the columns, or null when the sheet is empty. */
  headerRow: number | null;
  options: ColumnOption[];
  /** What the reader used (or what was taught), by role: 0-based columns. */
  selected: Partial<Record<ChoiceRole, number>>;
  /** The year taught before, to show in the form. */
  year: number | null;
  /** The taught columns stored for the sheet, kept for the roles the form does not ask for. */
  previous: TaughtColumns | null;
}

export interface ColumnChoice {
  columns: Partial<Record<ChoiceRole, number | null>>;
  /** As typed; empty for none. */
  year: string;
}

export type ChoiceResult = { ok: true; taught: TaughtColumns } | { ok: false; message: string };

/** The form for a sheet: its columns named by the header row the reader took (or the first row). */
export function columnForm(grid: Grid, analysis: SheetAnalysis | null): ColumnForm {
  const stored = grid.taught !== undefined ? parseTaughtName(grid.taught) : null;
  const previous = stored?.ok ? stored.taught : null;
  const header = analysis?.sheet.header;
  const headerRow = header?.rows[0] ?? firstFilledRow(grid);
  const last = Math.min(lastFilledColumn(grid), MAX_COLUMNS - 1);
  const options: ColumnOption[] = [];
  for (let c = 0; c <= last; c++) {
    const letter = columnLetters(c);
    const name = headerRow !== null ? cleanText(grid.cells[headerRow - 1]?.[c]?.text) : '';
    const sample = name === '' && headerRow !== null ? firstValueBelow(grid, headerRow - 1, c) : '';
    const label =
      name !== ''
        ? `${letter} — ${short(name)}`
        : sample !== ''
          ? fr`${letter} — sans en-tête (« ${short(sample)} »…)`
          : fr`${letter} — colonne vide sous l’en-tête`;
    options.push({ index: c, letter, label });
  }
  const selected: Partial<Record<ChoiceRole, number>> = {};
  for (const role of CHOICE_ROLES) {
    const letter = header?.columns[role];
    const col = letter ? columnIndex(letter) : previous?.columns[role];
    if (col !== undefined && col >= 0 && col <= last) selected[role] = col;
  }
  return { headerRow, options, selected, year: previous?.year ?? null, previous };
}

/**
 * The form's choice as taught columns: the state column is required, a column serves one role, the
 * year has four digits. The roles the form does not ask for (axe, remarques…) taught before are
 * kept, unless their column is now given to one of the form's roles.
 */
export function taughtFromChoice(choice: ColumnChoice, previous: TaughtColumns | null = null): ChoiceResult {
  const status = choice.columns.status;
  if (status === undefined || status === null) {
    return bad('Choisissez la colonne des états : c’est elle qui donne le bilan.');
  }
  const columns: Partial<Record<ColumnRole, number>> = {};
  const roleOf = new Map<number, ChoiceRole>();
  for (const role of CHOICE_ROLES) {
    const col = choice.columns[role];
    if (col === undefined || col === null) continue;
    if (!Number.isInteger(col) || col < 0 || col > 16383)
      return bad(`La colonne choisie pour ${label(role)} n’existe pas.`);
    const other = roleOf.get(col);
    if (other) {
      return bad(
        `La colonne ${columnLetters(col)} est choisie pour ${label(other)} et pour ${label(role)} : une colonne ne peut avoir qu’un rôle.`,
      );
    }
    roleOf.set(col, role);
    columns[role] = col;
  }
  for (const [role, col] of Object.entries(previous?.columns ?? {}) as [ColumnRole, number][]) {
    if ((CHOICE_ROLES as readonly ColumnRole[]).includes(role) || roleOf.has(col)) continue;
    if (Object.values(columns).includes(col)) continue;
    columns[role] = col;
  }
  const typed = choice.year.trim();
  if (typed !== '' && !/^(?:19|20)\d\d$/.test(typed)) {
    return bad(`L’année « ${typed} » doit s’écrire sur quatre chiffres, par exemple 2024.`);
  }
  return {
    ok: true,
    taught: { columns, year: typed === '' ? null : Number(typed), headerRow: previous?.headerRow ?? null },
  };
}

function label(role: ChoiceRole): string {
  return `« ${CHOICE_ROLE_LABELS[role]} »`;
}

function bad(message: string): ChoiceResult {
  return { ok: false, message: typeset(message) };
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > LABEL_LENGTH ? `${one.slice(0, LABEL_LENGTH - 1).trimEnd()}…` : one;
}

function firstFilledRow(grid: Grid): number | null {
  for (let r = 0; r < grid.cells.length; r++) {
    if ((grid.cells[r] ?? []).some((cell) => cleanText(cell?.text) !== '')) return r + 1;
  }
  return null;
}

function lastFilledColumn(grid: Grid): number {
  let last = -1;
  for (const row of grid.cells) {
    if (!row) continue;
    for (let c = row.length - 1; c > last; c--) {
      if (cleanText(row[c]?.text) !== '') {
        last = c;
        break;
      }
    }
  }
  return last;
}

function firstValueBelow(grid: Grid, row: number, col: number): string {
  for (let r = row + 1; r < Math.min(grid.cells.length, row + 200); r++) {
    const text = cleanText(grid.cells[r]?.[col]?.text);
    if (text !== '') return text;
  }
  return '';
}

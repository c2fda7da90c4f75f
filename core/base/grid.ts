/**
 * The host-neutral sheet: what every adapter (exceljs, office.js, a test) produces and what the
 * table reader consumes. Plain data only, so it crosses worker threads and JSON unchanged.
 *
 * Rows and columns are 0-based in the data; addresses shown to users are A1-style (1-based rows).
 */
import type { GeneratedMark } from './generated-sheet';

export type RawValue = string | number | boolean | null;

export interface GridCell {
  /** The value as Excel displays it (number formats applied where the host knows them). */
  text: string;
  /** The underlying value: a number, a string, a boolean, or null for an empty cell. Dates are ISO strings. */
  value: RawValue;
  /** Solid fill colour as `#RRGGBB` (theme and indexed colours already resolved), absent when none. */
  fill?: string;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** An Excel table (ListObject) of the sheet. */
export interface GridTable {
  name: string;
  /** The whole table, header and totals rows included. */
  range: CellRange;
  /** The table shows its header row (the default). */
  headerRow: boolean;
  /** The table's last row is its totals row. */
  totalsRow: boolean;
}

export interface Grid {
  /** Sheet name as shown on its tab. */
  name: string;
  /** `cells[row][col]`; a missing entry is an empty, unfilled cell. */
  cells: (GridCell | undefined)[][];
  /** Merged areas; the value of a merged area lives in its top-left cell. */
  merges: CellRange[];
  hiddenRows: number[];
  hiddenCols: number[];
  /** True when the sheet itself is hidden in the workbook. */
  hidden?: boolean;
  /** Excel tables (ListObjects) on the sheet. */
  tables?: GridTable[];
  /** The sheet is a bilan our tools generated (core/base/generated-sheet.ts): it is not read as tracking data. */
  generated?: GeneratedMark;
  /** The columns the user taught for this sheet, as stored in the workbook (core/read/taught-columns.ts). */
  taught?: string;
}

export interface CellPosition {
  row: number;
  col: number;
}

/** Column index (0-based) → letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(col: number): string {
  // Every cell address of a table names its column: its letters are worked out once.
  if (col >= 0 && col < LETTERS.length) return (LETTERS[col] ??= lettersOf(col));
  return lettersOf(col);
}

/** Letters of the first columns, as they are first asked for. */
const LETTERS: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);

function lettersOf(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Letters → column index (0-based): A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
  }
  return n - 1;
}

/** 0-based row/col → `B7`. */
export function toA1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** `B7` or `$B$7` → 0-based row/col; null when the text is not a cell address. */
export function fromA1(address: string): CellPosition | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return null;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

/** `A1:C4` (or a single cell) → range; null when malformed. */
export function parseRange(ref: string): CellRange | null {
  const [a, b] = ref.split(':');
  const start = fromA1(a);
  const end = b === undefined ? start : fromA1(b);
  if (!start || !end) return null;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.col, end.col),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.col, end.col),
  };
}

export function rangeToA1(range: CellRange): string {
  const start = toA1(range.top, range.left);
  if (range.top === range.bottom && range.left === range.right) return start;
  return `${start}:${toA1(range.bottom, range.right)}`;
}

export function rowCount(grid: Grid): number {
  return grid.cells.length;
}

export function columnCount(grid: Grid): number {
  let max = 0;
  for (const row of grid.cells) if (row && row.length > max) max = row.length;
  return max;
}

export function cellAt(grid: Grid, row: number, col: number): GridCell | undefined {
  return grid.cells[row]?.[col];
}

/** Index of merged areas by the cells they cover, so each lookup is O(1). */
export type MergeIndex = Map<number, CellRange>;

const MERGE_KEY_WIDTH = 1 << 14; // Excel has 16,384 columns

export function indexMerges(grid: Grid): MergeIndex {
  const index: MergeIndex = new Map();
  for (const m of grid.merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) index.set(r * MERGE_KEY_WIDTH + c, m);
    }
  }
  return index;
}

export function mergeAt(index: MergeIndex, row: number, col: number): CellRange | undefined {
  // Most sheets have no merged area: no key to compute and look up for each of their cells.
  return index.size === 0 ? undefined : index.get(row * MERGE_KEY_WIDTH + col);
}

/**
 * The cell whose value shows at (row, col): the top-left cell of its merged area, or itself.
 * Fill is taken from the top-left too, since Excel paints a merged area with it.
 */
export function visibleCell(grid: Grid, merges: MergeIndex, row: number, col: number): GridCell | undefined {
  const m = mergeAt(merges, row, col);
  if (m) return cellAt(grid, m.top, m.left);
  return cellAt(grid, row, col);
}

const WHITE_SPACE_RUNS = /[\s\u00a0\u202f]+/g;
/** White space other than single inner spaces: a text without any is its own clean text. */
const NEEDS_CLEANING = /[^\S ]| {2}|^ | $/;

/** Text of a cell with spaces trimmed and inner runs of white space (including line breaks) folded. */
export function cleanText(text: string | undefined): string {
  const t = text ?? '';
  // Most cells are clean already: testing is much cheaper than rebuilding them space by space.
  return NEEDS_CLEANING.test(t) ? t.replace(WHITE_SPACE_RUNS, ' ').trim() : t;
}

/** Builds a Grid from rows of plain strings (tests, CSV-like fixtures). */
export function gridFromRows(name: string, rows: (string | null | undefined)[][]): Grid {
  return {
    name,
    cells: rows.map((row) =>
      row.map((t) => (t === null || t === undefined || t === '' ? undefined : { text: t, value: t })),
    ),
    merges: [],
    hiddenRows: [],
    hiddenCols: [],
  };
}

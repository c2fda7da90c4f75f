/**
 * The one row-height rule of every xlsx we write (convert's bilans and sync's generated sheet):
 * Excel and LibreOffice do not re-fit rows written by a program, so a row of wrapped text gets the
 * height its longest cell needs, estimated from the text. Host-neutral, pure.
 */
import type { CellRange } from '../base/grid';
import { BOLD, REGULAR, UNITS_PER_EM } from './carlito-widths';
import type { LayoutCell, SheetLayout } from './sheet-layout';

/** Points per line of 11-pt text, and Excel's largest row height. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;
/** The size our fonts have unless a cell says otherwise. */
const BASE_SIZE = 11;
/**
 * A column `w` characters wide is `7 × w` pixels in Excel's 11-pt Calibri (its widest digit is 7
 * pixels, ECMA-376 §18.3.1.13), of which the cell's margins and grid line take 5; a pixel is ¾ pt.
 * LibreOffice draws the same column a little wider (its digit is 7.3 pixels of Carlito): rows fitted
 * for Excel's narrower columns hold their text in both, at worst with one line to spare in
 * LibreOffice (test/row-heights.test.ts).
 */
const DIGIT_PX = 7;
const PADDING_PX = 5;
const POINTS_PER_PX = 0.75;

/** Advance widths by UTF-16 code unit, in units of the em, for regular and bold (0: not in the table). */
function widthIndex(ranges: typeof REGULAR): Uint16Array {
  const index = new Uint16Array(0x10000);
  for (const [from, widths] of ranges) widths.forEach((w, i) => (index[from + i] = w));
  return index;
}
const REGULAR_WIDTHS = widthIndex(REGULAR);
const BOLD_WIDTHS = widthIndex(BOLD);
/** A character the table lacks (another script, a symbol) counts as wide as a capital M. */
const UNKNOWN = { regular: REGULAR_WIDTHS[0x4d], bold: BOLD_WIDTHS[0x4d] };

/** The widest character of the table: a text of n characters is at most n × this wide. */
const WIDEST = BOLD_WIDTHS.reduce((a, b) => Math.max(a, b), 0);

/** The first merge of a list starting at each cell, keyed `row * 16384 + col`. */
function mergeStarts(merges: readonly CellRange[]): Map<number, CellRange> {
  const at = new Map<number, CellRange>();
  for (const m of merges) {
    const key = m.top * 16384 + m.left;
    if (!at.has(key)) at.set(key, m);
  }
  return at;
}

/**
 * Lines a text takes in a column `capacity` em wide (its width over the font size), wrapped at
 * spaces and after hyphens as Excel does: each paragraph (line break) starts a line, a word that does not fit on the
 * line starts the next one, and a word longer than the column is cut where the column ends. Widths
 * are Carlito's, metric-compatible with the Calibri we name. One pass over the characters, without
 * splitting the text (a large bilan has tens of thousands of remarks).
 */
export function wrappedLines(text: string, capacity: number, bold = false): number {
  const table = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  const unknown = bold ? UNKNOWN.bold : UNKNOWN.regular;
  const room = capacity * UNITS_PER_EM;
  // Most cells are short: one line whatever their letters.
  if (text.length * WIDEST < room && text.indexOf('\n') < 0) return 1;
  if (fitsOneLine(text, table, unknown, room)) return 1;
  const space = table[0x20];
  let lines = 1;
  let used = 0;
  /** Width of the word, or of the part of a hyphenated word, being read. */
  let word = 0;
  /** Whether that word follows a space (a part after a hyphen is glued to what precedes it). */
  let spaced = true;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x0a;
    const hyphen = code === 0x2d && word > 0;
    if (code !== 0x20 && code !== 0x0a && !hyphen) {
      // A character beyond U+FFFF (its surrogate pair) counts once, as an unknown one.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
      word += table[code] || unknown;
      continue;
    }
    // The word ends (after its hyphen, where lines may break too): on this line if it fits, else on the next ones.
    if (hyphen) word += table[code];
    const gap = used > 0 && spaced ? space : 0;
    if (used + gap + word <= room) {
      used += gap + word;
    } else {
      if (used > 0) lines++;
      lines += Math.max(0, Math.ceil(word / room) - 1);
      used = word % room || (word > 0 ? room : 0);
    }
    word = 0;
    spaced = !hyphen;
    // A line break starts a paragraph (the end of the text does not).
    if (code === 0x0a && i < text.length) {
      lines++;
      used = 0;
    }
  }
  return lines;
}

/**
 * Whether a text without line breaks is no wider than `room` all told (every code unit counted,
 * spaces too): then it takes one line, as wrapping puts nothing more on a line than the text's
 * width (wrappedLines). A simpler loop than wrapping's, and most wrapped cells (a remark in a
 * column as wide as the longest) are one line; it stops as soon as the text is wider.
 */
function fitsOneLine(text: string, table: Uint16Array, unknown: number, room: number): boolean {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) return false;
    width += table[code] || unknown;
    if (width > room) return false;
  }
  return true;
}

/**
 * Row height for wrapped text, in points, or null for the default height: each wrapped cell's text
 * wrapped word by word in its column's width, or in the columns it is merged across, at its own
 * size and weight; a larger font takes taller lines. Rows of one 11-pt line keep the default
 * height. A cell merged over several rows is left out: its text has their heights. One row at a
 * time, for the tests: the writers ask rowHeights for a whole sheet.
 */
export function rowHeight(
  cells: readonly (LayoutCell | null)[],
  widths: readonly number[],
  merges: readonly CellRange[],
  r: number,
): number | null {
  return heightOf(cells, widths, columnPixels(widths), mergeStarts(merges), r);
}

/**
 * The height (rowHeight) of every row of a sheet, what its rows share worked out once: the merges
 * by first cell and the rows they start on, each column's width in pixels. The xlsx writer asks
 * for tens of thousands of rows.
 */
export function rowHeights(layout: Pick<SheetLayout, 'rows' | 'widths' | 'merges'>): (number | null)[] {
  const { rows, widths } = layout;
  const pixels = columnPixels(widths);
  const starts = mergeStarts(layout.merges);
  // The rows where a merge starts: the others' cells are not looked up (most rows of a bilan).
  const startRows = new Uint8Array(rows.length);
  for (const m of layout.merges) if (m.top < rows.length) startRows[m.top] = 1;
  const heights = new Array<number | null>(rows.length);
  for (let r = 0; r < rows.length; r++) heights[r] = heightOf(rows[r], widths, pixels, startRows[r] ? starts : null, r);
  return heights;
}

/** A column's width in whole pixels (10 characters when it has none). */
function pixelsOf(widths: readonly number[], c: number): number {
  return Math.round((widths[c] ?? 10) * DIGIT_PX);
}

function columnPixels(widths: readonly number[]): number[] {
  const pixels: number[] = [];
  for (let c = 0; c < widths.length; c++) pixels.push(pixelsOf(widths, c));
  return pixels;
}

function heightOf(
  cells: readonly (LayoutCell | null)[],
  widths: readonly number[],
  pixels: readonly number[],
  starts: ReadonlyMap<number, CellRange> | null,
  r: number,
): number | null {
  let height = LINE_HEIGHT;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    if (!cell || cell.value === null) continue;
    const size = cell.size ?? BASE_SIZE;
    const line = (LINE_HEIGHT * size) / BASE_SIZE;
    if (!cell.wrap) {
      height = Math.max(height, line);
      continue;
    }
    const merge = starts ? starts.get(r * 16384 + c) : undefined;
    if (merge && merge.bottom > merge.top) continue;
    let px = 0;
    for (let k = c; k <= (merge ? merge.right : c); k++) px += k < pixels.length ? pixels[k] : pixelsOf(widths, k);
    const capacity = Math.max(1, (px - PADDING_PX) * POINTS_PER_PX) / size;
    height = Math.max(height, wrappedLines(String(cell.value), capacity, cell.bold) * line);
  }
  // Whole quarter points, as Excel stores heights.
  return height > LINE_HEIGHT ? Math.min(MAX_ROW_HEIGHT, Math.ceil(height * 4) / 4) : null;
}

/**
 * The one row-height rule of every xlsx we write (convert's bilans and sync's generated sheet):
 * Excel and LibreOffice do not re-fit rows written by a program, so a row of wrapped text gets the
 * height its longest cell needs, estimated from the text. Host-neutral, pure.
 */
import type { CellRange } from '../base/grid';
import type { LayoutCell } from './sheet-layout';

/** Points per line of 11-pt text, and Excel's largest row height. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;
const CHARS_PER_WIDTH_UNIT = 1.2;

/**
 * Width of a character in « average characters » of 11-pt Calibri: capitals and digits are wider,
 * spaces narrower; bold text is about 8 % wider.
 */
function charWidth(ch: string): number {
  if (ch === ' ') return 0.6;
  if (/[A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜWMmw@%]/.test(ch)) return 1.3;
  if (/[iljtfrI.,;:'’!|()]/.test(ch)) return 0.6;
  return 1;
}

/**
 * The class of charWidth of each UTF-16 code unit met (0: not yet; else an index in WIDTHS), so that
 * a large bilan tests each letter's class once.
 */
const WIDTHS = [0, 0.6, 1, 1.3];
const classOfCode = new Uint8Array(0x10000);

/** The widest character of charWidth: a text of n characters is at most n × this wide. */
const WIDEST = 1.3;

/**
 * The first merge of a list starting at each cell (`row * 16384 + col`), built once per list (and
 * again if the list grew): a sheet's rows then find their merges without scanning them all.
 */
const mergeStarts = new WeakMap<readonly CellRange[], { size: number; at: Map<number, CellRange> }>();

function mergeAt(merges: readonly CellRange[], r: number, c: number): CellRange | undefined {
  let starts = mergeStarts.get(merges);
  if (!starts || starts.size !== merges.length) {
    const at = new Map<number, CellRange>();
    for (const m of merges) {
      const key = m.top * 16384 + m.left;
      if (!at.has(key)) at.set(key, m);
    }
    starts = { size: merges.length, at };
    mergeStarts.set(merges, starts);
  }
  return starts.at.get(r * 16384 + c);
}

/**
 * Lines a text takes in a column holding `capacity` average characters, wrapped at spaces as Excel
 * does: each paragraph (line break) starts a line, a word that does not fit on the line starts the
 * next one, and a word longer than the column is cut where the column ends. One pass over the
 * characters, without splitting the text (a large bilan has tens of thousands of remarks).
 */
export function wrappedLines(text: string, capacity: number, bold = false): number {
  const scale = bold ? 1.08 : 1;
  // Most cells are short: one line whatever their letters (a margin keeps rounding out of it).
  if (text.length * WIDEST * scale < capacity - 0.01 && text.indexOf('\n') < 0) return 1;
  let lines = 1;
  let used = 0;
  /** Width of the word being read, in average characters (unscaled). */
  let word = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (code !== 0x20 && code !== 0x0a) {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        // A character beyond U+FFFF (its surrogate pair) is one average character, as charWidth says.
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          word += 1;
          i++;
          continue;
        }
      }
      let known = classOfCode[code];
      if (known === 0) classOfCode[code] = known = WIDTHS.indexOf(charWidth(text[i]));
      word += WIDTHS[known];
      continue;
    }
    // The word ends: on this line if it fits, else on the next ones.
    const w = word * scale;
    word = 0;
    const space = used > 0 ? 0.6 * scale : 0;
    if (used + space + w <= capacity) {
      used += space + w;
    } else {
      if (used > 0) lines++;
      lines += Math.max(0, Math.ceil(w / capacity) - 1);
      used = w % capacity || (w > 0 ? capacity : 0);
    }
    // A line break starts a paragraph (the end of the text does not).
    if (code === 0x0a && i < text.length) {
      lines++;
      used = 0;
    }
  }
  return lines;
}

/**
 * Row height for wrapped text, in points, or null for the default height. Estimated from the text,
 * wrapped word by word in the column's width (a width unit holds about 1.2 average characters of
 * 11-pt text, capitals wider), or in the columns a cell is merged across; rows with one line keep
 * the default height. A cell merged over several rows is left out: its text has their heights.
 */
export function rowHeight(
  cells: readonly (LayoutCell | null)[],
  widths: readonly number[],
  merges: readonly CellRange[],
  r: number,
): number | null {
  let lines = 1;
  cells.forEach((cell, c) => {
    if (!cell || !cell.wrap || cell.value === null) return;
    const merge = mergeAt(merges, r, c);
    if (merge && merge.bottom > merge.top) return;
    let width = 0;
    for (let k = c; k <= (merge ? merge.right : c); k++) width += widths[k] ?? 10;
    const capacity = Math.max(4, Math.floor(width * CHARS_PER_WIDTH_UNIT) - 1);
    lines = Math.max(lines, wrappedLines(String(cell.value), capacity, cell.bold));
  });
  return lines > 1 ? Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) : null;
}

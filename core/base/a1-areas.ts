/**
 * Multi-area A1 addresses for hosts that write many cells at once (the add-in's
 * `worksheet.getRanges("F3:F5, F9, …")`): cells folded into column runs, runs expanded back, and
 * address lists cut into strings a host accepts. Host-neutral.
 */
import { type CellRange, fromA1, parseRange, rangeToA1, toA1 } from './grid';

/**
 * Longest multi-area address given to the host at once, in characters. Excel refuses some
 * `getRanges` addresses of about 8,200 characters (office-js issue #5198, no documented limit), so
 * chunks stay well under that.
 */
export const MAX_AREAS_ADDRESS_LENGTH = 4000;

/** Most areas in one chunk (the same issue reports failures beyond about 500 areas). */
export const MAX_AREAS_PER_CHUNK = 400;

/**
 * Cells → ranges: cells of one column on consecutive rows become one area (`F3`, `F4`, `F5` →
 * `F3:F5`). Duplicates are dropped; the output is sorted by column, then row.
 */
export function compressCells(addresses: readonly string[]): string[] {
  const byCol = new Map<number, number[]>();
  for (const address of addresses) {
    const p = fromA1(address);
    if (!p) continue;
    const rows = byCol.get(p.col) ?? [];
    rows.push(p.row);
    byCol.set(p.col, rows);
  }
  const out: string[] = [];
  for (const col of [...byCol.keys()].sort((a, b) => a - b)) {
    const rows = [...new Set(byCol.get(col))].sort((a, b) => a - b);
    let start = rows[0];
    let prev = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      const r = rows[i];
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      out.push(rangeToA1({ top: start, left: col, bottom: prev, right: col }));
      start = r;
      prev = r;
    }
  }
  return out;
}

/** Ranges (`F3:F5`, `B2`) → the cells they cover, row by row. Malformed entries are skipped. */
export function expandRanges(ranges: readonly string[]): string[] {
  const out: string[] = [];
  for (const ref of ranges) {
    const range = parseRange(ref.trim());
    if (!range) continue;
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) out.push(toA1(r, c));
    }
  }
  return out;
}

/**
 * Areas → comma-separated address strings, each at most `maxLength` characters and
 * `maxAreas` areas, in order. An area longer than the limit on its own still gets a chunk.
 */
export function chunkAreas(
  areas: readonly string[],
  maxLength = MAX_AREAS_ADDRESS_LENGTH,
  maxAreas = MAX_AREAS_PER_CHUNK,
): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const area of areas) {
    const added = current.length === 0 ? area.length : area.length + 1;
    if (current.length > 0 && (length + added > maxLength || current.length >= maxAreas)) {
      chunks.push(current.join(','));
      current = [];
      length = 0;
    }
    length += current.length === 0 ? area.length : area.length + 1;
    current.push(area);
  }
  if (current.length > 0) chunks.push(current.join(','));
  return chunks;
}

const LAST_ROW = 1_048_575;
const LAST_COLUMN = 16_383;

/**
 * Parses a host's multi-area address (`Feuil1!A1:B2, 'Bilan, 2022'!C3`) into ranges; the sheet
 * prefixes (quoted names may hold commas and `!`) are dropped. With `wholeLines`, whole columns
 * (`D:D`, `D:F`) and whole rows (`3:3`), as Excel writes them in addresses, are read too (as the
 * file holds them: D1:D1048576); without it they are passed over.
 */
export function parseAreasAddress(address: string, options: { wholeLines?: boolean } = {}): CellRange[] {
  const out: CellRange[] = [];
  for (const part of splitOutsideQuotes(address)) {
    const bang = part.lastIndexOf('!');
    const ref = (bang >= 0 ? part.slice(bang + 1) : part).replace(/\$/g, '').trim();
    const range = parseRange(ref) ?? (options.wholeLines ? wholeLines(ref) : null);
    if (range) out.push(range);
  }
  return out;
}

/** `D:F` → columns D to F, every row; `3:5` → rows 3 to 5, every column; else null. */
function wholeLines(ref: string): CellRange | null {
  const columns = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(ref);
  if (columns) return parseRange(`${columns[1]}1:${columns[2]}${LAST_ROW + 1}`);
  const rows = /^(\d{1,7}):(\d{1,7})$/.exec(ref);
  if (!rows || Number(rows[1]) < 1 || Number(rows[2]) < 1) return null;
  const [a, b] = [Number(rows[1]) - 1, Number(rows[2]) - 1];
  return { top: Math.min(a, b), left: 0, bottom: Math.max(a, b), right: LAST_COLUMN };
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}

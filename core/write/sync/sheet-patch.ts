/**
 * A worksheet part edited in place: only the `<c>` elements of the cells `sync` changes are
 * rewritten, everything else of the part (other cells, rows, formulas, conditional formats,
 * extensions) is kept character for character. Rows and cells without their optional `r`
 * attribute are placed as Excel places them (next row, next column). A cell holding a formula is
 * never overwritten with a value: its formula is the user's.
 */
import { fromA1, toA1 } from '../../base/grid';
import { xstring } from '../xlsx/xml';
import { setAttributes } from './styles-patch';

/** What is known of a cell before it is changed. */
export interface CellState {
  /** Its cell format index (`s`), 0 when absent. */
  style: number;
  hasFormula: boolean;
}

/** A change of one cell: a new format, a new value, or both. */
export interface CellChange {
  style?: number;
  value?: string | number;
}

export interface SheetPatchResult {
  xml: string;
  /** Cells changed. */
  applied: string[];
  /** Cells asked for but not changed, with the French reason. */
  skipped: { cell: string; reason: string }[];
}

/**
 * Applies `decide` to the cells named in `wanted` (A1 addresses): it sees each cell's state and
 * says what to change (null: nothing). Cells not found in the part are reported as skipped.
 */
export function patchCells(
  xml: string,
  wanted: ReadonlySet<string>,
  decide: (cell: string, state: CellState) => CellChange | null,
): SheetPatchResult {
  const applied: string[] = [];
  const skipped: { cell: string; reason: string }[] = [];
  const seen = new Set<string>();
  const dataStart = xml.search(/<(\w+:)?sheetData\b/);
  if (dataStart < 0 || wanted.size === 0) {
    for (const cell of wanted) skipped.push({ cell, reason: 'cellule absente du classeur' });
    return { xml, applied, skipped };
  }
  const prefix = /<(\w+:)?sheetData\b/.exec(xml)?.[1] ?? '';
  const p = prefix.replace(':', '\\:');
  const token = new RegExp(`<${p}row\\b([^>]*?)(/?)>|<${p}c\\b([^>]*?)(/?)>`, 'g');
  token.lastIndex = dataStart;
  const dataEnd = xml.indexOf(`</${prefix}sheetData>`, dataStart);
  const pieces: string[] = [];
  let copiedTo = 0;
  let row = -1;
  let col = -1;
  for (let m = token.exec(xml); m && (dataEnd < 0 || m.index < dataEnd); m = token.exec(xml)) {
    if (m[0].startsWith(`<${prefix}row`)) {
      const r = /\sr="(\d+)"/.exec(m[1]);
      row = r ? Number(r[1]) - 1 : row + 1;
      col = -1;
      continue;
    }
    const attributes = m[3];
    const r = /\sr="([^"]+)"/.exec(attributes);
    const pos = r ? fromA1(r[1]) : null;
    if (pos) [row, col] = [pos.row, pos.col];
    else col += 1;
    const address = toA1(row, col);
    const selfClosing = m[4] === '/';
    const closeTag = `</${prefix}c>`;
    const end = selfClosing ? m.index + m[0].length : xml.indexOf(closeTag, m.index) + closeTag.length;
    if (!selfClosing) token.lastIndex = end;
    if (!wanted.has(address) || seen.has(address)) continue;
    seen.add(address);
    const element = xml.slice(m.index, end);
    const style = Number(/\ss="(\d+)"/.exec(attributes)?.[1] ?? 0);
    const hasFormula = new RegExp(`<${p}f\\b`).test(element);
    const change = decide(address, { style, hasFormula });
    if (!change) continue;
    if (change.value !== undefined && hasFormula) {
      skipped.push({ cell: address, reason: 'la cellule contient une formule, laissée telle quelle' });
      continue;
    }
    pieces.push(xml.slice(copiedTo, m.index), rewriteCell(element, change, prefix));
    copiedTo = end;
    applied.push(address);
  }
  pieces.push(xml.slice(copiedTo));
  for (const cell of wanted) if (!seen.has(cell)) skipped.push({ cell, reason: 'cellule absente du classeur' });
  return { xml: pieces.join(''), applied, skipped };
}

/** A `<c>` element with its new format and value (its `r`, if any, and other attributes kept). */
function rewriteCell(element: string, change: CellChange, prefix: string): string {
  const openEnd = element.indexOf('>');
  let open = element.slice(0, openEnd + 1).replace(/\s*\/>$/, '>');
  if (change.style !== undefined) open = setAttributes(open, { s: String(change.style) });
  if (change.value === undefined) {
    const inner = element.endsWith('/>') ? '' : element.slice(openEnd + 1, element.length - `</${prefix}c>`.length);
    return `${open}${inner}</${prefix}c>`;
  }
  // The value replaces the cell's content; `t` says its type (no attribute: a number).
  open = open.replace(/\st="[^"]*"/, '');
  if (typeof change.value === 'number') return `${open}<${prefix}v>${change.value}</${prefix}v></${prefix}c>`;
  open = setAttributes(open, { t: 'inlineStr' });
  return `${open}<${prefix}is><${prefix}t xml:space="preserve">${xstring(change.value)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** True when the worksheet is protected (Révision > Protéger la feuille). */
export function isSheetProtected(xml: string): boolean {
  const m = /<(?:\w+:)?sheetProtection\b([^>]*)>/.exec(xml);
  if (!m) return false;
  const sheet = /\ssheet="([^"]*)"/.exec(m[1])?.[1];
  return sheet === '1' || sheet === 'true';
}

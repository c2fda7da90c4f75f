/// <reference types="office-js" />
/**
 * Writes a core layout (rows of LayoutCell) into a worksheet: all values in one assignment, then
 * formats grouped by identical style on multi-area ranges (one call per style and chunk, not per
 * cell), merges, column widths. Queues commands only; the caller syncs.
 */
import { chunkAreas, compressCells } from '../../core/base/a1-areas';
import type { LayoutCell } from '../../core/layout/sheet-layout';
import { type CellRange, rangeToA1, toA1 } from '../../core/base/grid';

export interface WriteStats {
  /** Format calls queued (fills, fonts, borders, alignment). */
  formatOps: number;
}

const BORDERS = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical'] as const;

/** Points per character of column width (Calibri 11). */
const POINTS_PER_CHAR = 6.5;

function styleKey(cell: LayoutCell): string {
  return JSON.stringify([
    cell.fill ?? '',
    cell.colour ?? '',
    cell.bold ?? false,
    cell.italic ?? false,
    cell.size ?? 0,
    cell.wrap ?? false,
    cell.border ?? false,
    cell.align ?? '',
  ]);
}

export function queueLayout(
  ws: Excel.Worksheet,
  top: number,
  left: number,
  rows: readonly (readonly (LayoutCell | null)[])[],
  options: { merges?: readonly CellRange[]; widths?: readonly number[] } = {},
): WriteStats {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const values = rows.map((r) => Array.from({ length: width }, (_, c) => r[c]?.value ?? ''));
  const block = ws.getRangeByIndexes(top, left, rows.length, width);
  // Range.values parses strings: « + avancées » would become a formula, « 1.1 » or « 2020 » a number.
  // Text cells get the text format first, so what is written stays as written.
  // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member
  block.numberFormat = values.map((row) => row.map((v) => (typeof v === 'string' ? '@' : 'General')));
  block.values = values;
  const byStyle = new Map<string, { cell: LayoutCell; cells: string[] }>();
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      const key = styleKey(cell);
      if (key === styleKey({ value: null })) return;
      const entry = byStyle.get(key) ?? { cell, cells: [] };
      entry.cells.push(toA1(top + r, left + c));
      byStyle.set(key, entry);
    }),
  );
  let formatOps = 0;
  for (const { cell, cells } of byStyle.values()) {
    for (const chunk of chunkAreas(compressCells(cells))) {
      const format = ws.getRanges(chunk).format;
      if (cell.fill) {
        format.fill.color = cell.fill;
        formatOps++;
      }
      if (cell.colour || cell.bold || cell.italic || cell.size) {
        if (cell.colour) format.font.color = cell.colour;
        if (cell.bold) format.font.bold = true;
        if (cell.italic) format.font.italic = true;
        if (cell.size) format.font.size = cell.size;
        formatOps++;
      }
      if (cell.wrap) {
        format.wrapText = true;
        formatOps++;
      }
      if (cell.align) {
        format.horizontalAlignment = cell.align === 'center' ? 'Center' : cell.align === 'right' ? 'Right' : 'Left';
        formatOps++;
      }
      if (cell.border) {
        // Edge items draw each area's outline only; the Inside items draw the lines between its cells.
        // https://learn.microsoft.com/javascript/api/excel/excel.borderindex
        for (const edge of BORDERS) format.borders.getItem(edge).style = 'Continuous';
        formatOps++;
      }
    }
  }
  for (const m of options.merges ?? []) {
    ws.getRange(
      rangeToA1({ top: top + m.top, left: left + m.left, bottom: top + m.bottom, right: left + m.right }),
    ).merge(false);
    formatOps++;
  }
  (options.widths ?? []).forEach((chars, c) => {
    ws.getRangeByIndexes(0, left + c, 1, 1).format.columnWidth = chars * POINTS_PER_CHAR;
    formatOps++;
  });
  return { formatOps };
}

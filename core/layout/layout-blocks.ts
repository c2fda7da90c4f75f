/**
 * A sheet layout cut into the blocks a document shows: titles and sentences, the bordered lines
 * above a table (the legend), each table from its header row to the next empty row, and the chart.
 * The Word writer renders these blocks; they follow the same rules as the html page. Host-neutral.
 */
import type { LayoutCell, LayoutChart, SheetLayout } from './sheet-layout';

export type LayoutBlock =
  /** One text of ours alone on its row: a heading when the cell says so, else a paragraph. */
  | { kind: 'text'; row: number; cell: LayoutCell }
  /** Bordered lines outside any table (the legend « Avancement des actions »). */
  | { kind: 'lines'; rows: number[]; columns: number }
  /** A table: its header row (repeated on each printed page), then its rows; `main` is the sheet's (the bilan's, the follow-up's). */
  | { kind: 'table'; header: number; rows: number[]; columns: number; main: boolean }
  | { kind: 'chart'; chart: LayoutChart };

/** A row with a single non-empty cell, in the first column, and no border: a title or a sentence. */
export function isTextRow(cells: readonly (LayoutCell | null)[]): boolean {
  return (
    !cells.some((c) => c?.border) &&
    cells.filter((c) => c && c.value !== null && c.value !== '').length === 1 &&
    !!cells[0]
  );
}

export function layoutBlocks(layout: SheetLayout): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  const headers = new Set(layout.tableHeaders);
  const width = Math.max(layout.widths.length, ...layout.rows.map((r) => r.length));
  let open: Extract<LayoutBlock, { kind: 'lines' | 'table' }> | null = null;
  const close = () => {
    if (open) blocks.push(open);
    open = null;
  };
  layout.rows.forEach((cells, r) => {
    if (layout.chart && r === layout.chart.atRow) {
      close();
      blocks.push({ kind: 'chart', chart: layout.chart });
    }
    if (headers.has(r)) {
      close();
      // A table is as wide as its header (a block of the Synthèse has fewer columns than the sheet).
      // The main table is the one whose header is repeated on every printed page.
      const main = r === layout.headerRow && layout.printTitleRow !== null;
      open = { kind: 'table', header: r, rows: [], columns: cells.length, main };
      return;
    }
    if (cells.length === 0) {
      close();
      return;
    }
    if (open?.kind === 'table') {
      open.rows.push(r);
      return;
    }
    if (isTextRow(cells) && cells[0]) {
      close();
      blocks.push({ kind: 'text', row: r, cell: cells[0] });
      return;
    }
    if (open?.kind !== 'lines') {
      close();
      open = { kind: 'lines', rows: [], columns: width };
    }
    open.rows.push(r);
  });
  close();
  return blocks;
}

/** Whether rows `a` and `b` (a < b) belong to one group of the layout: printed on one page where they fit. */
export function keptTogether(groups: SheetLayout['groups'], a: number, b: number): boolean {
  return groups.some((g) => g.top <= a && b <= g.bottom);
}

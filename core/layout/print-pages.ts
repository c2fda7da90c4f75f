/**
 * How the xlsx bilan falls into printed pages: its margins, its fit-to-width scale on A4 landscape,
 * and the manual page breaks that keep a group of rows (an objective and its actions) on one page.
 * Host-neutral, pure.
 */
import type { SheetLayout } from './sheet-layout';

/** The xlsx's print margins in inches: narrow sides, room for the footer. */
export const PRINT_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } as const;

/** A4 landscape, in points. */
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

/** Our row heights are estimates: a page is taken as this share of its height, so that a group we think fits does. */
const PAGE_SAFETY = 0.92;

/** Excel's default column width (8.43 characters) and row height, in points. */
const DEFAULT_WIDTH = 8.43;
export const DEFAULT_ROW_HEIGHT = 15;

/** A column of `chars` characters of 11-pt Calibri, in points (7 pixels a character and 5 of padding). */
function columnPoints(chars: number): number {
  return (Math.trunc(chars * 7) + 5) * 0.75;
}

/**
 * The xlsx's print scale: the sheet fitted to the width of an A4 landscape page (`fitToWidth`),
 * in whole percents as Excel takes it, never enlarged.
 */
export function printScale(widths: readonly number[], columns = widths.length): number {
  let points = 0;
  for (let c = 0; c < columns; c++) points += columnPoints(widths[c] > 0 ? widths[c] : DEFAULT_WIDTH);
  const room = A4_LANDSCAPE.width - 72 * (PRINT_MARGINS.left + PRINT_MARGINS.right);
  return points <= room ? 1 : Math.floor((100 * room) / points) / 100;
}

/** The height of a printed page's rows, in the sheet's points at `scale`. */
export function printedPageHeight(scale: number): number {
  return (A4_LANDSCAPE.height - 72 * (PRINT_MARGINS.top + PRINT_MARGINS.bottom)) / scale;
}

/** The last column (0-based) holding a cell, and the widths' count at least. */
function usedColumns(layout: SheetLayout): number {
  let columns = layout.widths.length;
  for (const row of layout.rows) {
    for (let c = row.length - 1; c >= columns; c--) {
      if (row[c]) {
        columns = c + 1;
        break;
      }
    }
  }
  return columns;
}

/**
 * Where the printed xlsx starts a page by hand (`<rowBreaks>`): before a group of rows that would
 * run over the end of its page (an objective and its actions, a legend, the chart) when it fits on
 * one page, so that an objective never prints without its AXES / OBJECTIFS label, as the html
 * and the docx keep it. The pages are followed row by row from `heightOf` (points, the heights the
 * xlsx writes) at the sheet's fit-to-width scale, the header row repeated atop each page after the
 * first. Returns 0-based rows, each the first of a new page, ascending.
 */
export function printRowBreaks(layout: SheetLayout, heightOf: (row: number) => number): number[] {
  if (layout.groups.length === 0) return [];
  const page = printedPageHeight(printScale(layout.widths, usedColumns(layout))) * PAGE_SAFETY;
  const title = layout.printTitleRow !== null ? layout.printTitleRow - 1 : -1;
  const heights = layout.rows.map((_, r) => heightOf(r));
  const groupsAt = new Map<number, number>();
  for (const g of layout.groups) groupsAt.set(g.top, Math.max(groupsAt.get(g.top) ?? g.top, g.bottom));
  const breaks: number[] = [];
  // The room the repeated header takes on a page that starts at row r.
  const header = (r: number) => (title >= 0 && r > title ? heights[title] : 0);
  let used = 0;
  for (let r = 0; r < heights.length; r++) {
    const bottom = groupsAt.get(r);
    if (bottom !== undefined && used > header(r)) {
      let height = 0;
      for (let k = r; k <= bottom && k < heights.length; k++) height += heights[k];
      if (used + height > page && header(r) + height <= page) {
        breaks.push(r);
        used = header(r);
      }
    }
    if (used + heights[r] > page && used > header(r)) used = header(r); // Excel's own page break
    used += heights[r];
  }
  return breaks;
}

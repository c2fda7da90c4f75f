/**
 * What every writer renders: a workbook of sheets, each of cells (value, fill, font, alignment),
 * merges, widths, print setup and maybe a chart. Plain data, made by the layouts of this folder;
 * no writer re-derives a number from it.
 */
import type { CellRange } from '../base/grid';
import type { StatusId } from '../base/status';

export interface LayoutCell {
  value: string | number | null;
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  wrap?: boolean;
  border?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Font colour, #RRGGBB. */
  colour?: string;
  /**
   * `value` is a whole percentage (7 for 7 %): the xlsx stores it as a number with a percent format
   * (0.07 shown « 7 % »), so that it can be summed and charted; the html shows « 7 % ».
   */
  percent?: boolean;
  /**
   * A title: 1 for a sheet's, 2 for a block's. A document writer makes it a heading (the Word
   * bilan uses Word's own heading styles, so that it enters the report's table of contents).
   */
  heading?: 1 | 2;
  /** A relative link (the bilan of a contract, from the region's synthesis). */
  link?: string;
}

export interface SheetLayout {
  name: string;
  /** Column widths in characters. */
  widths: number[];
  /** `rows[r][c]`; missing cells are empty. */
  rows: (LayoutCell | null)[][];
  merges: CellRange[];
  /** Rows frozen at the top (the header stays visible). */
  freezeRows: number;
  /** 1-based header row repeated on every printed page. */
  printTitleRow: number | null;
  /** Index of the main table's header row (0-based) in `rows`, for writers that mark it. */
  headerRow: number | null;
  /**
   * Every row (0-based) that heads a table of its own: the table runs from it to the next empty
   * row. The html gives each its own <table> and header, so a printed header never stands above
   * another block's columns.
   */
  tableHeaders: number[];
  /** Rows (0-based, inclusive) that belong together, such as an objective's actions: kept on one page where they fit. */
  groups: { top: number; bottom: number }[];
  /** The native chart of statuses per year, drawn over the empty rows kept for it. */
  chart?: LayoutChart;
  /**
   * What the printed page's footer says on its left: the contract's name (the page number is on its
   * right). Absent, the document's title.
   */
  printFooter?: string;
  /** Part of the annex (checks, sources, matching): printed after the bilan, or left out. */
  annex?: boolean;
}

/**
 * A stacked column chart of statuses (series, one per row) per year (categories, one per column),
 * over cells of the same layout, so that the xlsx chart refers to them and the html draws the same.
 */
export interface LayoutChart {
  title: string;
  /** 0-based row of the year labels, and the first and last 0-based columns of the counts. */
  categoriesRow: number;
  firstCol: number;
  lastCol: number;
  /** 0-based column of the series names (the chart is anchored there, under the table). */
  labelCol: number;
  /** One per status: the 0-based row of its counts (its name in `labelCol`), and its colour. */
  series: { row: number; colour: string; status: StatusId | null }[];
  /** The « % réalisé » of each category (year), written on its bar. */
  donePercents: number[];
  /** First of the empty rows kept for the chart, and how many. */
  atRow: number;
  rowSpan: number;
  /**
   * What the values are: counts of actions (default), or whole percentages of the category's
   * actions (each bar adds up to 100 %), to compare contracts of different sizes.
   */
  unit?: 'count' | 'percent';
  /** The value axis's title, the same in every format (« Nombre d'actions »); absent, the writer's own. */
  valueAxisTitle?: string;
}

/** What a chart draws, read from the cells it refers to: each series in `chart.series`' order. */
export interface LayoutChartData {
  /** One label per category (year, contract). */
  categories: string[];
  /** The series' name (its label cell) and one value per category (0 for an empty cell). */
  series: { name: string; values: number[] }[];
}

/** The labels and values of a chart, from its layout's rows: what every writer's chart draws. */
export function layoutChartData(
  chart: LayoutChart,
  rows: readonly (readonly (LayoutCell | null)[])[],
): LayoutChartData {
  const value = (r: number, c: number) => rows[r]?.[c]?.value;
  const cols: number[] = [];
  for (let c = chart.firstCol; c <= chart.lastCol; c++) cols.push(c);
  const label = (r: number, c: number) => String(value(r, c) ?? '');
  return {
    categories: cols.map((c) => label(chart.categoriesRow, c)),
    series: chart.series.map((s) => ({
      name: label(s.row, chart.labelCol),
      values: cols.map((c) => {
        const v = value(s.row, c);
        return typeof v === 'number' ? v : 0;
      }),
    })),
  };
}

export interface WorkbookLayout {
  sheets: SheetLayout[];
}

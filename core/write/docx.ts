/**
 * The Word bilan (`--format docx`), for the yearly report to the ARS and the COPIL: what the xlsx
 * and the html show, the annex aside. For each year, its title, the legend « Avancement des
 * actions » with the count per status on its colour, the table grouped by axe and objective
 * (merged group cells, shaded statuses in a readable text colour, pistes in italics, the header
 * repeated on each page, an objective's rows kept on one page where they fit), the conclusion kept
 * with the table; then the synthesis (the states of every year with a native Word chart, its data
 * in an embedded workbook so « Modifier les données » works; per axe, type, objective and porteur;
 * the changes from one year to the next) and the follow-up of the actions across years. A4
 * landscape, Word's own heading styles: « Titre 1 » for each part, « Titre 2 » for its blocks, so
 * that the report's table of contents files them as the document reads. French as its language.
 *
 * Renders the core's layouts (core/layout/) cut into blocks (core/layout/layout-blocks.ts): no
 * number is derived here.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  type ITableCellBorders,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { type LayoutCell, type LayoutChart, layoutChartData, type SheetLayout } from '../layout/sheet-layout';
import { type WordBilanLayout } from '../layout/word-bilan';
import type { CellRange } from '../base/grid';
import { keptTogether, type LayoutBlock, layoutBlocks } from '../layout/layout-blocks';
import { BESIDE_LABEL_COLOUR, chartLook } from '../layout/bilan-chart';
import { ooxmlRgb } from '../base/status';
import { formatPercent } from '../base/typography';

/** A4 landscape, in twentieths of a point, with 1.5 cm margins. */
const PAGE = { width: 16838, height: 11906, margin: 850 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Width of a layout character (the xlsx column unit) at the tables' 9 pt. */
const TWIPS_PER_CHAR = 100;
/** Font sizes in half-points. */
const BODY_SIZE = 20;
const TABLE_SIZE = 18;
const HEADER_SIZE = 16;
/** The narrowest column, in twips. */
const MIN_COLUMN = 600;
/** A bold 8 pt capital, wide fonts included (LibreOffice without Calibri). */
const HEADER_TWIPS_PER_CHAR = 140;
/** Left and right margins of a cell. */
const CELL_MARGINS = 140;
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' } as const;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const ACCENT = '2F5597';

function cellText(cell: LayoutCell | null | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return '';
  if (cell.percent && typeof cell.value === 'number') return formatPercent(cell.value);
  return String(cell.value);
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** Text in a cell's weight, slant, colour and size (`size`, in half-points, when the cell has none). */
function cellRun(cell: LayoutCell | null | undefined, text: string, size: number): TextRun {
  return new TextRun({
    text,
    bold: cell?.bold,
    italics: cell?.italic,
    color: cell?.colour ? ooxmlRgb(cell.colour) : undefined,
    size: cell?.size ? cell.size * 2 : size,
  });
}

/** A cell's text as paragraphs (one per line), in its weight, slant, colour and alignment. */
function cellParagraphs(cell: LayoutCell | null | undefined, size: number, keepNext: boolean): Paragraph[] {
  const lines = cellText(cell).split('\n');
  return lines.map(
    (line) =>
      new Paragraph({
        alignment: cell?.align ? ALIGN[cell.align] : undefined,
        keepNext,
        spacing: { before: 0, after: 0 },
        children: [cellRun(cell, line, size)],
      }),
  );
}

/** Merges of a layout, keyed by their top-left cell, and the cells they cover. */
function mergeIndex(merges: readonly CellRange[]): { spans: Map<string, CellRange>; covered: Set<string> } {
  const spans = new Map<string, CellRange>();
  const covered = new Set<string>();
  for (const m of merges) {
    spans.set(`${m.top}:${m.left}`, m);
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
    }
  }
  return { spans, covered };
}

/**
 * Column widths of a block in twips: the layout's, scaled to the page when wider (or when the
 * table fills it); no column narrower than the longest word of its header (« AVANCEMENT » is not
 * cut), the difference taken from the widest column.
 */
function columnWidths(
  layout: Pick<SheetLayout, 'widths'>,
  columns: number,
  fill: boolean,
  header: readonly (LayoutCell | null)[] = [],
): number[] {
  const chars = Array.from({ length: columns }, (_, c) => layout.widths[c] ?? 10);
  const natural = chars.reduce((a, b) => a + b, 0) * TWIPS_PER_CHAR;
  const scale = fill || natural > TEXT_WIDTH ? TEXT_WIDTH / natural : 1;
  const widths = chars.map((w) => Math.round(w * TWIPS_PER_CHAR * scale));
  const widest = widths.indexOf(Math.max(...widths));
  for (let c = 0; c < widths.length; c++) {
    const word = Math.max(
      0,
      ...cellText(header[c])
        .split(/\s+/)
        .map((w) => w.length),
    );
    const least = Math.max(MIN_COLUMN, word * HEADER_TWIPS_PER_CHAR + CELL_MARGINS);
    if (c === widest || widths[c] >= least) continue;
    widths[widest] -= least - widths[c];
    widths[c] = least;
  }
  return widths;
}

function renderTable(
  layout: SheetLayout,
  rows: readonly number[],
  columns: number,
  options: { header: number | null; main: boolean; keepLastWithNext: boolean },
): Table {
  const { spans, covered } = mergeIndex(layout.merges);
  const widths = columnWidths(
    layout,
    columns,
    options.main,
    options.header === null ? [] : layout.rows[options.header],
  );
  // The rows the layout keeps together (an objective's actions, a block's first lines) keep with
  // the next, so that Word keeps them on one page where they fit, as the html does; a group taller
  // than a page still breaks. A small table (the legend, a block of the synthesis) is kept whole.
  const keepWithNext = new Set<number>();
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (next === undefined) {
      if (options.keepLastWithNext) keepWithNext.add(r);
    } else if (!options.main || keptTogether(layout.groups, r, next)) keepWithNext.add(r);
  });
  const all = options.header === null ? rows : [options.header, ...rows];
  const tableRows = all.map((r) => {
    const cells: TableCell[] = [];
    const source = layout.rows[r] ?? [];
    for (let c = 0; c < columns; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const cell = source[c] ?? null;
      const span = spans.get(`${r}:${c}`);
      const colSpan = span ? Math.min(span.right, columns - 1) - c + 1 : 1;
      const borders: ITableCellBorders = cell?.border
        ? { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER }
        : { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
      cells.push(
        new TableCell({
          children: cellParagraphs(
            cell,
            r === options.header ? HEADER_SIZE : TABLE_SIZE,
            keepWithNext.has(r) || r === options.header,
          ),
          rowSpan: span && span.bottom > span.top ? span.bottom - span.top + 1 : undefined,
          columnSpan: colSpan > 1 ? colSpan : undefined,
          width: { size: widths.slice(c, c + colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
          shading: cell?.fill ? { type: ShadingType.CLEAR, fill: ooxmlRgb(cell.fill), color: 'auto' } : undefined,
          verticalAlign: VerticalAlignTable.CENTER,
          borders,
          margins: { top: 30, bottom: 30, left: CELL_MARGINS / 2, right: CELL_MARGINS / 2 },
        }),
      );
    }
    return new TableRow({
      children: cells,
      tableHeader: r === options.header,
      // A row never splits across pages.
      cantSplit: true,
    });
  });
  return new Table({
    rows: tableRows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
  });
}

/**
 * The native chart of states per year: one stacked column per year, the « % réalisé » under it;
 * fills, label colours, scale and axis title as core/layout/bilan-chart.ts says (chartLook).
 */
function renderChart(chart: LayoutChart, rows: readonly (LayoutCell | null)[][]): Paragraph {
  const data = layoutChartData(chart, rows);
  const look = chartLook(chart, rows);
  const years = data.categories.map((year, i) => `${year} (${formatPercent(chart.donePercents[i] ?? 0)} réalisé)`);
  const series = chart.series.map((_, i) => ({
    name: data.series[i].name,
    // An empty segment has no label « 0 » on it.
    values: data.series[i].values.map((v) => (v > 0 ? v : null)),
    color: ooxmlRgb(look.series[i].fill),
    dataLabels: {
      value: true,
      position: 'center' as const,
      font: { size: 9, bold: true, color: ooxmlRgb(look.series[i].labelColour) },
    },
    // A thin segment's number in near black: it runs over the segment's edges (Word has no place beside a stacked bar).
    pointLabels: look.labels[i].map((place) =>
      place === 'beside'
        ? {
            value: true,
            position: 'insideBase' as const,
            font: { size: 9, bold: false, color: ooxmlRgb(BESIDE_LABEL_COLOUR) },
          }
        : undefined,
    ),
  }));
  return new Paragraph({
    keepLines: true,
    children: [
      new ChartRun({
        type: 'column',
        stacking: 'stacked',
        gapWidth: 60,
        title: { text: chart.title, font: { size: 12, bold: true } },
        categories: years,
        series,
        legend: { position: 'right', font: { size: 9 } },
        valueAxis: { title: look.valueAxisTitle, gridlines: true, minimum: 0, maximum: look.max, interval: look.step },
        font: { name: 'Calibri' },
        transformation: { width: 860, height: 340 },
        altText: { name: chart.title, description: chart.title },
      }),
    ],
  });
}

function textParagraph(cell: LayoutCell, keepNext: boolean, pageBreakBefore: boolean): Paragraph {
  const text = cellText(cell);
  if (cell.heading) {
    return new Paragraph({
      text: text.replace(/\s*:$/, ''),
      heading: cell.heading === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
      pageBreakBefore,
      keepNext: true,
    });
  }
  return new Paragraph({
    keepNext,
    spacing: { before: 60, after: 60 },
    children: [cellRun(cell, text, BODY_SIZE)],
  });
}

/** The first and last rows of a block. */
function blockRows(block: LayoutBlock): { first: number; last: number } {
  if (block.kind === 'text') return { first: block.row, last: block.row };
  if (block.kind === 'chart') return { first: block.chart.atRow, last: block.chart.atRow + block.chart.rowSpan - 1 };
  if (block.kind === 'lines') return { first: block.rows[0], last: block.rows[block.rows.length - 1] };
  return { first: block.header, last: block.rows[block.rows.length - 1] ?? block.header };
}

/** A layout's blocks as Word paragraphs, tables and chart; `newPage` puts its first heading on a new page. */
function renderLayout(layout: SheetLayout, newPage: boolean): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const blocks: LayoutBlock[] = layoutBlocks(layout);
  let firstHeading = true;
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    // Kept with what follows: a sentence heading a table, or blocks the layout keeps together
    // (a table and its conclusion, a heading and its table).
    const withNext =
      next !== undefined &&
      ((block.kind === 'text' && next.kind !== 'text') ||
        keptTogether(layout.groups, blockRows(block).last, blockRows(next).first));
    if (block.kind === 'text') {
      const breakHere = newPage && firstHeading && block.cell.heading === 1;
      if (block.cell.heading === 1) firstHeading = false;
      out.push(textParagraph(block.cell, withNext, breakHere));
    } else if (block.kind === 'chart') {
      out.push(renderChart(block.chart, layout.rows));
    } else {
      const header = block.kind === 'table' ? block.header : null;
      const main = block.kind === 'table' && block.main;
      out.push(renderTable(layout, block.rows, block.columns, { header, main, keepLastWithNext: withNext }));
      // Word glues two tables that follow each other: a small paragraph keeps them apart.
      out.push(new Paragraph({ keepNext: withNext, spacing: { before: 0, after: 80 }, children: [] }));
    }
  });
  return out;
}

export interface DocxMeta {
  title: string;
  /** Custom document properties (the fingerprint that makes `convert` incremental). */
  properties?: Record<string, string>;
}

export async function renderDocx(bilan: WordBilanLayout, meta: DocxMeta): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [new Paragraph({ text: meta.title, heading: HeadingLevel.TITLE })];
  bilan.parts.forEach((part, i) => children.push(...renderLayout(part, i > 0)));
  const doc = new Document({
    title: meta.title,
    creator: 'cls-bilan',
    lastModifiedBy: 'cls-bilan',
    description: 'Bilan annuel par action du contrat local de santé',
    customProperties: Object.entries(meta.properties ?? {}).map(([name, value]) => ({ name, value })),
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: BODY_SIZE, language: { value: 'fr-FR' } } },
        title: { run: { size: 36, bold: true, color: ACCENT } },
        // Outline levels written out, so that a table of contents finds the headings in any word processor.
        heading1: {
          run: { size: 28, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 120, after: 120 }, outlineLevel: 0 },
        },
        heading2: {
          run: { size: 22, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 200, after: 80 }, outlineLevel: 1 },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            // Given as portrait: the library swaps width and height for a landscape page.
            size: { width: PAGE.height, height: PAGE.width, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    size: 16,
                    color: '595959',
                    children: [`${meta.title} — page `, PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

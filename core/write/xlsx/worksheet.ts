/** A worksheet part (xl/worksheets/sheetN.xml) from a sheet layout, streamed row by row: cells, widths, heights, merges, links, frozen header, print setup, footer, drawing. */
import type { LayoutCell, SheetLayout } from '../../layout/sheet-layout';
import { columnLetters, rangeToA1 } from '../../base/grid';
import { rowHeights } from '../../layout/row-height';
import { DEFAULT_ROW_HEIGHT, PRINT_MARGINS, printRowBreaks } from '../../layout/print-pages';
import type { SharedStrings } from './strings';
import { inlineStringXml } from './strings';
import { partText, type XmlSink } from './part-bytes';
import { element, escapeAttribute, inSchemaOrder, startTag, xstring, XML_DECLARATION } from './xml';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** CT_Worksheet's sequence (ECMA-376 Part 1, §18.3.1.99): what we write, and where sync inserts into a user's sheet. */
export const WORKSHEET_CHILDREN = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
] as const;
const SHEET_DATA = WORKSHEET_CHILDREN.indexOf('sheetData');
const BEFORE_ROWS = WORKSHEET_CHILDREN.slice(0, SHEET_DATA);
const AFTER_ROWS = WORKSHEET_CHILDREN.slice(SHEET_DATA + 1);

export interface WorksheetOptions {
  /** The cell format (xf index) of a layout cell. */
  styleOf: (cell: LayoutCell) => number;
  /** Text cells as shared strings of the package, or inline (sync leaves the workbook's table alone). */
  strings: SharedStrings | 'inline';
  /**
   * The relationship id of a cell's link target (the caller writes the relationship), or absent:
   * links are then left out and their text written as any text.
   */
  hyperlinkRelId?: (target: string) => string;
  /** The relationship id of the sheet's drawing (its chart), if any. */
  drawingRelId?: string | null;
  /** The document title, in the printed footer when the sheet names no contract there (« Page N sur M » on the right), or no footer. */
  footerTitle?: string | null;
  /** The sheet is the one shown when the workbook opens. */
  selected?: boolean;
}

/** A page header/footer text: « & » starts a code there, so a literal one is doubled. */
function footerText(title: string): string {
  return xstring(title.replace(/&/g, '&&'));
}

/** `A1:G137`: from A1 to the last row and column holding a cell, or `A1` for an empty sheet. */
function dimension(layout: SheetLayout): string {
  let lastRow = -1;
  let lastCol = -1;
  layout.rows.forEach((row, r) => {
    for (let c = row.length - 1; c >= 0; c--) {
      if (!row[c]) continue;
      lastRow = r;
      lastCol = Math.max(lastCol, c);
      break;
    }
  });
  return lastRow < 0 ? 'A1' : rangeToA1({ top: 0, left: 0, bottom: lastRow, right: lastCol });
}

function sheetViews(layout: SheetLayout, selected: boolean): string {
  const freeze = layout.freezeRows;
  const topLeft = `A${freeze + 1}`;
  const content =
    freeze > 0
      ? element('pane', [
          ['ySplit', freeze],
          ['topLeftCell', topLeft],
          ['activePane', 'bottomLeft'],
          ['state', 'frozen'],
        ]) +
        element('selection', [
          ['pane', 'bottomLeft'],
          ['activeCell', topLeft],
          ['sqref', topLeft],
        ])
      : '';
  return element(
    'sheetViews',
    [],
    element(
      'sheetView',
      [
        ['tabSelected', selected],
        ['workbookViewId', 0],
      ],
      content,
    ),
  );
}

/** One `<col>` per column with a width (a width of 0 or none leaves Excel's default). */
function cols(widths: readonly number[]): string {
  let out = '';
  widths.forEach((width, i) => {
    if (!(width > 0)) return;
    out += `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
  });
  return out ? `<cols>${out}</cols>` : '';
}

/** The elements before `<sheetData>`. */
function head(layout: SheetLayout, options: WorksheetOptions): string {
  return (
    XML_DECLARATION +
    startTag('worksheet', [
      ['xmlns', MAIN_NS],
      ['xmlns:r', REL_NS],
    ]) +
    inSchemaOrder(BEFORE_ROWS, {
      sheetPr: '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
      dimension: element('dimension', [['ref', dimension(layout)]]),
      sheetViews: sheetViews(layout, options.selected === true),
      sheetFormatPr: element('sheetFormatPr', [['defaultRowHeight', 15]]),
      cols: cols(layout.widths) || undefined,
    })
  );
}

/** The elements after `</sheetData>`. */
function tail(
  layout: SheetLayout,
  options: WorksheetOptions,
  links: readonly string[],
  heights: readonly (number | null)[],
): string {
  const merges = layout.merges.map((m) => `<mergeCell ref="${rangeToA1(m)}"/>`).join('');
  const footer = options.footerTitle;
  const breaks = printRowBreaks(layout, (r) => heights[r] ?? DEFAULT_ROW_HEIGHT);
  return (
    inSchemaOrder(AFTER_ROWS, {
      mergeCells: merges ? element('mergeCells', [['count', layout.merges.length]], merges) : undefined,
      hyperlinks: links.length > 0 ? element('hyperlinks', [], links.join('')) : undefined,
      pageMargins: element('pageMargins', [
        ['left', PRINT_MARGINS.left],
        ['right', PRINT_MARGINS.right],
        ['top', PRINT_MARGINS.top],
        ['bottom', PRINT_MARGINS.bottom],
        ['header', PRINT_MARGINS.header],
        ['footer', PRINT_MARGINS.footer],
      ]),
      // A4, landscape, fitted to the page width and as many pages high as it takes.
      pageSetup: element('pageSetup', [
        ['paperSize', 9],
        ['orientation', 'landscape'],
        ['fitToWidth', 1],
        ['fitToHeight', 0],
      ]),
      headerFooter:
        footer !== undefined && footer !== null
          ? element(
              'headerFooter',
              [],
              `<oddFooter>&amp;L${footerText(layout.printFooter ?? footer)}&amp;R${footerText('Page ')}&amp;P${footerText(' sur ')}&amp;N</oddFooter>`,
            )
          : undefined,
      // Manual page breaks before the groups of rows that would straddle one (core/layout/print-pages.ts).
      rowBreaks:
        breaks.length > 0
          ? element(
              'rowBreaks',
              [
                ['count', breaks.length],
                ['manualBreakCount', breaks.length],
              ],
              breaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`).join(''),
            )
          : undefined,
      drawing: options.drawingRelId ? element('drawing', [['r:id', options.drawingRelId]]) : undefined,
    }) + '</worksheet>'
  );
}

/** Column letters by index, made once per column. */
const letters: string[] = [];
function lettersOf(c: number): string {
  let made = letters[c];
  if (made === undefined) made = letters[c] = columnLetters(c);
  return made;
}

/** A number as a cell's `<v>`: non-finite numbers have no cell value and are written as none. */
function numberText(value: number): string | null {
  return Number.isFinite(value) ? String(value) : null;
}

/** `<c r="B` of each column, made once per column: a cell's start tag is this, its row number, then its attributes. */
const cellStarts: string[] = [];
function cellStart(c: number): string {
  let made = cellStarts[c];
  if (made === undefined) made = cellStarts[c] = `<c r="${lettersOf(c)}`;
  return made;
}

/** ` s="N"` of each cell format, made once per format (the default format 0 is written as none). */
const styleAttributes: string[] = [''];
function styleAttribute(style: number): string {
  let made = styleAttributes[style];
  if (made === undefined) made = styleAttributes[style] = ` s="${style}"`;
  return made;
}

/** `" s="N" t="s"><v>`, the end of a shared string cell's start tag, made once per format. */
const sharedStringTags: string[] = [];
function sharedStringTag(style: number): string {
  let made = sharedStringTags[style];
  if (made === undefined) made = sharedStringTags[style] = `"${styleAttribute(style)} t="s"><v>`;
  return made;
}

/** Rows' text gathered before it is written (encoded): a few kilobytes, a few dozen rows. */
const ROWS_BATCH = 8192;

/**
 * Writes the worksheet part of `layout`, a row at a time. Rows without a cell are left out; a row
 * of wrapped text gets the height of core/layout/row-height.ts.
 */
export function writeWorksheet(layout: SheetLayout, options: WorksheetOptions, out: XmlSink): void {
  const { styleOf, strings, hyperlinkRelId } = options;
  const links: string[] = [];
  /** Each row's height as written (null: the default), also what the page breaks are planned from. */
  const heights = rowHeights(layout);
  out.write(head(layout, options) + '<sheetData>');
  const { rows } = layout;
  // Written for speed (hundreds of thousands of cells in a large bilan): a cell's XML is joined
  // from pieces made once per column, row and format, in as few steps as can be.
  let batch = '';
  // The cell last written in each column and its format: the same cell object again (the layouts
  // share their state cells and empty cells between rows) needs no look-up of its format.
  let columns = 0;
  for (const cells of rows) columns = Math.max(columns, cells.length);
  const lastCells = new Array<LayoutCell | null>(columns).fill(null);
  const lastStyles = new Array<number>(columns).fill(0);
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    const row = String(r + 1);
    let body = '';
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (!cell) continue;
      const start = cellStart(c) + row;
      let style: number;
      if (cell === lastCells[c]) style = lastStyles[c];
      else {
        style = styleOf(cell);
        lastCells[c] = cell;
        lastStyles[c] = style;
      }
      const { value } = cell;
      if (cell.link && hyperlinkRelId && value !== null && value !== '') {
        const ref = lettersOf(c) + row;
        links.push(`<hyperlink ref="${ref}" r:id="${escapeAttribute(hyperlinkRelId(cell.link))}"/>`);
      }
      if (typeof value === 'string' && value !== '' && strings !== 'inline') {
        body += start + sharedStringTag(style) + strings.reference(value) + '</v></c>';
        continue;
      }
      const s = styleAttribute(style);
      if (typeof value === 'number') {
        const v = numberText(cell.percent ? value / 100 : value);
        if (v !== null) body += `${start}"${s}><v>${v}</v></c>`;
        else if (s) body += `${start}"${s}/>`;
      } else if (value === null || value === '') {
        if (s) body += `${start}"${s}/>`;
      } else {
        body += `${start}"${s} t="inlineStr">${inlineStringXml(value)}</c>`;
      }
    }
    // Excel and LibreOffice do not re-fit rows written by a program: wrapped text gets its height.
    const height = heights[r];
    if (!body) continue;
    batch += height ? `<row r="${row}" ht="${height}" customHeight="1">${body}</row>` : `<row r="${row}">${body}</row>`;
    if (batch.length > ROWS_BATCH) {
      out.write(batch);
      batch = '';
    }
  }
  out.write(batch + '</sheetData>' + tail(layout, options, links, heights));
}

/** The whole worksheet part as one string (sync's generated sheet). */
export function worksheetString(layout: SheetLayout, options: WorksheetOptions): string {
  return partText((sink) => writeWorksheet(layout, options, sink));
}

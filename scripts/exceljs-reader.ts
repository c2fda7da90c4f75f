/**
 * The exceljs adapter: workbook bytes → host-neutral `Grid[]` (see core/base/grid.ts). Not a
 * reader of the tool's (core/read/xlsx/stream-reader.ts is): a second, independent reader the
 * tests compare ours with, and the floor of the bench.
 */
import { FILL_ONLY_COLUMNS } from '../core/read/xlsx/sheet-cells';
import * as ExcelJS from 'exceljs';
import { ClsError } from '../core/base/errors';
import { parseRange, toA1, type CellRange, type Grid, type GridCell, type GridTable } from '../core/base/grid';
import { parseThemeColours, resolveColour, type ExcelColour, type ThemeColours } from '../core/read/xlsx/colours';
import { checkWorkbookBytes, type SafetyLimits } from '../core/read/xlsx/safety';
import { dateCell, numberText } from '../core/read/number-format';
import { decodeXstring, shownText } from '../core/read/xlsx/ooxml-text';

export { numberText, percentFormatDecimals } from '../core/read/number-format';
import {
  applyConditionalFills,
  type ConditionalFill,
  type FillRule,
  fillTest,
  ruleText,
} from '../core/read/conditional-fill';
import { formatNumber } from '../core/base/typography';

export type ReadWorkbookOptions = SafetyLimits;

/** A sheet whose data reaches beyond this many rows or columns is refused (a tracking table is far smaller). */
export const MAX_SHEET_ROWS = 200_000;
export const MAX_SHEET_COLUMNS = 1_000;

/**
 * Reads every worksheet of an .xlsx. Throws ClsError: the codes of `checkWorkbookBytes` for files
 * that are not a readable .xlsx, XLSX_INVALID when exceljs cannot parse it, TOO_LARGE for an absurd sheet.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  fileName: string,
  options?: ReadWorkbookOptions,
): Promise<Grid[]> {
  const { themeXml } = checkWorkbookBytes(bytes, fileName, options);
  const workbook = await loadWithExcelJs(bytes, fileName);
  const theme = parseThemeColours(themeXml);
  return workbook.worksheets.map((ws) => gridFromWorksheet(ws, theme, fileName));
}

/** What exceljs's `xlsx.load` is typed to take (a Buffer it declares as an ArrayBuffer). */
type ExcelJsLoadInput = Parameters<ExcelJS.Xlsx['load']>[0];

async function loadWithExcelJs(bytes: Uint8Array, fileName: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs hands the data straight to JSZip.loadAsync, which accepts a Uint8Array (views with a
    // byte offset included) in Node and in browsers; its typings only say Buffer, hence the cast.
    //
    // ignoreNodes: exceljs expands every data-validation range cell by cell while parsing: a
    // whole-column validation such as D1:F1048576 (the usual dropdown of a status column) becomes
    // 3 million entries and takes seconds; a few of them hang the reader or exhaust memory. Reading
    // a table never needs validations, so the <dataValidations> node is skipped (measured: a sheet
    // with D1:F1048576 loads in ~20 ms instead of ~3.2 s).
    await workbook.xlsx.load(bytes as unknown as ExcelJsLoadInput, { ignoreNodes: ['dataValidations'] });
  } catch (e) {
    throw new ClsError({
      code: 'XLSX_INVALID',
      file: fileName,
      message:
        `« ${fileName} » n'a pas pu être lu : le classeur semble endommagé ou contient un élément non pris en charge. ` +
        `Ouvrez-le dans Excel, enregistrez-en une copie (« Fichier > Enregistrer sous », type « Classeur Excel (*.xlsx) ») ` +
        `et réessayez avec cette copie (détail technique : ${firstLine(e)}).`,
    });
  }
  return workbook;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].slice(0, 200);
}

interface PlacedCell {
  col: number;
  cell: GridCell;
  hasValue: boolean;
}

interface PlacedRow {
  row: number;
  cells: PlacedCell[];
}

/**
 * One exceljs worksheet → Grid. Pure apart from reading `ws`.
 *
 * Cells kept: those with a value, and those with only a solid fill (a status can be given by colour
 * alone) when they lie within the rows and columns that hold values: fill-only cells beyond the last
 * value (a whole row painted cell by cell) cannot be part of the table and are dropped.
 * `fileName` only serves the error messages.
 */
export function gridFromWorksheet(ws: ExcelJS.Worksheet, theme: Readonly<ThemeColours>, fileName?: string): Grid {
  const rows = collectRows(ws, theme);
  let lastRow = -1;
  let lastCol = -1;
  for (const r of rows) {
    for (const c of r.cells) {
      if (!c.hasValue) continue;
      lastRow = Math.max(lastRow, r.row);
      lastCol = Math.max(lastCol, c.col);
    }
  }
  if (lastRow + 1 > MAX_SHEET_ROWS || lastCol + 1 > MAX_SHEET_COLUMNS)
    throw tooLarge(ws.name, lastRow, lastCol, fileName);

  const cells: (GridCell | undefined)[][] = Array.from({ length: lastRow + 1 }, () => []);
  for (const r of rows) {
    if (r.row > lastRow) continue;
    // As the stream reader: fill-only cells a few columns right of the values (core/read/xlsx/sheet-cells.ts).
    for (const c of r.cells) if (c.col <= lastCol + FILL_ONLY_COLUMNS) cells[r.row][c.col] = c.cell;
  }
  const grid: Grid = {
    name: ws.name,
    cells,
    merges: sheetMerges(ws),
    hiddenRows: hiddenRows(ws),
    hiddenCols: hiddenColumns(ws),
  };
  if (ws.state === 'hidden' || ws.state === 'veryHidden') grid.hidden = true;
  const tables = sheetTables(ws);
  if (tables.length > 0) grid.tables = tables;
  const formats = conditionalFills(ws, theme);
  if (formats.length > 0) applyConditionalFills(grid, formats);
  return grid;
}

/** What exceljs keeps of a conditional-format rule. */
interface LoadedRule {
  type?: string;
  operator?: string;
  priority?: number;
  text?: string;
  formulae?: unknown[];
  style?: { fill?: { bgColor?: ExcelColour; fgColor?: ExcelColour } };
}

/** The sheet's simple conditional fills: « cell equals "…" » and « text contains / begins / ends with ». */
function conditionalFills(ws: ExcelJS.Worksheet, theme: Readonly<ThemeColours>): ConditionalFill[] {
  const loaded = (ws as unknown as { conditionalFormattings?: { ref?: string; rules?: LoadedRule[] }[] })
    .conditionalFormattings;
  const out: ConditionalFill[] = [];
  for (const format of loaded ?? []) {
    const ranges = (format.ref ?? '')
      .split(/\s+/)
      .map((ref) => parseRange(ref))
      .filter((r): r is CellRange => r !== null);
    const rules: FillRule[] = [];
    for (const rule of format.rules ?? []) {
      const colour = rule.style?.fill?.bgColor ?? rule.style?.fill?.fgColor;
      const fill = colour ? resolveColour(colour, theme) : null;
      if (!fill) continue;
      const test = fillTest(rule.type, rule.operator);
      if (!test) continue;
      const formula = typeof rule.formulae?.[0] === 'string' ? rule.formulae[0] : '';
      const text = test !== 'equals' && rule.text ? rule.text : ruleText(test, formula);
      if (text === null || text === '') continue;
      rules.push({ test, text, fill, priority: rule.priority ?? rules.length + 1 });
    }
    if (ranges.length > 0 && rules.length > 0) out.push({ ranges, rules });
  }
  return out;
}

/** What exceljs keeps of a table part (xl/tables/tableN.xml) once loaded. */
interface LoadedTableModel {
  name?: string;
  tableRef?: string;
  totalsRow?: boolean;
}

/**
 * The sheet's Excel tables. exceljs reads `headerRowCount` as false when the attribute is absent,
 * though absent means 1 (a header row, as nearly every table has): the header row is taken as shown.
 */
function sheetTables(ws: ExcelJS.Worksheet): GridTable[] {
  const loaded = (ws as unknown as { tables?: Record<string, { table?: LoadedTableModel }> }).tables ?? {};
  const out: GridTable[] = [];
  for (const [key, entry] of Object.entries(loaded)) {
    const model = entry.table;
    const range = model?.tableRef ? parseRange(model.tableRef) : null;
    if (!range) continue;
    out.push({ name: model?.name ?? key, range, headerRow: true, totalsRow: model?.totalsRow === true });
  }
  return out;
}

function tooLarge(sheet: string, lastRow: number, lastCol: number, fileName?: string): ClsError {
  const where = fileName ? `La feuille « ${sheet} » du classeur « ${fileName} »` : `La feuille « ${sheet} »`;
  return new ClsError({
    code: 'TOO_LARGE',
    file: fileName,
    sheet,
    cell: toA1(lastRow, lastCol),
    message:
      `${where} contient des données jusqu'à la cellule ${toA1(lastRow, lastCol)}, ` +
      `au-delà de ce que peut contenir un tableau de suivi (${formatNumber(MAX_SHEET_ROWS)} lignes, ${formatNumber(MAX_SHEET_COLUMNS)} colonnes). ` +
      `Supprimez les lignes ou colonnes superflues en fin de feuille (ou déplacez ces données dans un autre classeur), enregistrez et réessayez.`,
  });
}

function collectRows(ws: ExcelJS.Worksheet, theme: Readonly<ThemeColours>): PlacedRow[] {
  const rows: PlacedRow[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const cells: PlacedCell[] = [];
    // findCell does not create cells, unlike getCell and eachCell({ includeEmpty: true }).
    for (let c = 1; c <= row.cellCount; c++) {
      const placed = placeCell(row.findCell(c), c - 1, theme);
      if (placed) cells.push(placed);
    }
    if (cells.length) rows.push({ row: r - 1, cells });
  }
  return rows;
}

function placeCell(cell: ExcelJS.Cell | undefined, col: number, theme: Readonly<ThemeColours>): PlacedCell | null {
  if (!cell) return null;
  // A merged area's other cells report the top-left value: it must only live in the top-left cell.
  const content = cell.type === ExcelJS.ValueType.Merge ? null : cellContent(cell.value, cell.numFmt);
  const fill = solidFill(cell.fill, theme);
  if (!content && !fill) return null;
  const gridCell: GridCell = content ?? { text: '', value: null };
  if (fill) gridCell.fill = fill;
  return { col, cell: gridCell, hasValue: content !== null };
}

/** `#RRGGBB` of a solid pattern fill; null for no fill, other patterns, gradients, or a missing colour. */
export function solidFill(fill: ExcelJS.Fill | undefined, theme: Readonly<ThemeColours>): string | null {
  if (!fill || fill.type !== 'pattern' || fill.pattern !== 'solid') return null;
  // exceljs also reports `tint` and `indexed`, which its Color typings leave out.
  const colour: ExcelColour | undefined = fill.fgColor;
  return resolveColour(colour, theme);
}

/**
 * Displayed text and value of an exceljs cell value, or null when the cell shows nothing.
 *
 * - strings as the cell shows them (see ooxml-text.ts: a CR LF is one line break, no control
 *   characters); rich text concatenated; hyperlinks → their text; formulas → their cached result
 *   (nothing when the file has none, as exceljs-written files without results);
 * - `_xHHHH_` escapes: exceljs decodes those of shared strings and rich-text runs (upper-case hex
 *   only), not those of a formula's cached text, decoded here. Not decoded, unlike the streaming
 *   reader: lower-case hex, and plain inline strings (exceljs cannot tell them from shared strings
 *   here, and decoding twice would read `_x005F_x0031_` as « 1 »); Excel writes neither.
 * - booleans → VRAI / FAUX (value true/false); errors → their text, e.g. #N/A (value the same text);
 * - dates → dd/mm/yyyy (value yyyy-mm-dd); exceljs turns numbers with a date format into Dates (UTC);
 * - numbers → `String(value)` after rounding to Excel's 15 significant digits (0.1+0.2 → "0.3"),
 *   with a dot as decimal separator, so codes such as 1.2 read as written; except with a percentage
 *   format: value×100 with the format's decimals, a decimal comma and « % » (0.38, "0%" → "38 %").
 *   Other number formats (thousands separators, currencies) are not applied.
 */
export function cellContent(value: ExcelJS.CellValue, numFmt?: string): GridCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = shownText(value);
    return text === '' ? null : { text, value: text };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { text: numberText(value, numFmt), value } : null;
  if (typeof value === 'boolean') return { text: value ? 'VRAI' : 'FAUX', value };
  if (value instanceof Date) return dateCell(value);
  if ('error' in value) return { text: value.error, value: value.error };
  if ('richText' in value) return cellContent(value.richText.map((run) => run.text).join(''), numFmt);
  if ('formula' in value || 'sharedFormula' in value) {
    // exceljs leaves a cached text as written in `<v>`, an ST_Xstring.
    const result = typeof value.result === 'string' ? decodeXstring(value.result) : value.result;
    return cellContent(result, numFmt);
  }
  if ('hyperlink' in value) return cellContent(hyperlinkText(value), numFmt);
  return null;
}

/** exceljs stores a hyperlink's text as it stores a value: a string, or rich text, a number… */
function hyperlinkText(value: ExcelJS.CellHyperlinkValue): ExcelJS.CellValue {
  return value.text as ExcelJS.CellValue;
}

function sheetMerges(ws: ExcelJS.Worksheet): CellRange[] {
  // `ws.model` rebuilds the sheet's whole model; read it once. Its `merges` are 'A1:B3' strings.
  const merges: CellRange[] = [];
  for (const ref of ws.model.merges ?? []) {
    const range = parseRange(ref);
    if (range) merges.push(range);
  }
  return merges;
}

function hiddenRows(ws: ExcelJS.Worksheet): number[] {
  const hidden: number[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.findRow(r)?.hidden) hidden.push(r - 1);
  }
  return hidden;
}

function hiddenColumns(ws: ExcelJS.Worksheet): number[] {
  // exceljs returns null (despite its typings) when the sheet has no <cols>; each <col min max>
  // range is expanded into one Column per column.
  const columns: ReadonlyArray<Partial<ExcelJS.Column>> | null = ws.columns;
  const hidden: number[] = [];
  (columns ?? []).forEach((column, index) => {
    if (column.hidden) hidden.push(index);
  });
  return hidden;
}

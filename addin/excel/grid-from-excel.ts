/**
 * Excel range data → the host-neutral `Grid` of core/base/grid.ts. Pure functions over what office.js
 * returns (values, cell properties, merged-area addresses), so they are tested without Excel.
 *
 * The grid is laid out from A1 (row 0 is Excel's row 1) so that the addresses core computes are
 * the sheet's own. `text` is made from the values and their number formats by core's formatter,
 * as the file reader does (dates come back as serial numbers, percentages as fractions); loading
 * `text` instead would depend on column widths and the user's locale.
 */
import { parseAreasAddress } from '../../core/base/a1-areas';
import { type ConditionalFill, type FillTest, ruleText } from '../../core/read/conditional-fill';
import { type CellRange, type Grid, type GridCell, type RawValue } from '../../core/base/grid';
import { normalizeColour } from '../../core/base/status';
import { isDateFormat, numberText, serialCell } from '../../core/read/number-format';

/** One cell's fill as `getCellProperties({ format: { fill: { color, pattern, tintAndShade } } })` gives it. */
export interface FillProperties {
  format?: { fill?: { color?: string; pattern?: string | null; tintAndShade?: number | null } };
}

export function emptyGrid(name: string): Grid {
  return { name, cells: [], merges: [], hiddenRows: [], hiddenCols: [] };
}

/**
 * The cell for one value of `range.values` and its number format; undefined for an empty cell.
 * A number formatted as a date is a date, or a time or duration under a time format (Excel gives
 * them as serial numbers, in the workbook's date system: 1900 unless `date1904`, see dateSystemOf;
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-dates), a percentage
 * reads « 38 % », as the file reader reads them.
 */
export function cellFromValue(value: unknown, numberFormat?: unknown, date1904 = false): GridCell | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return { text: value, value };
  if (typeof value === 'number') {
    const format = typeof numberFormat === 'string' ? numberFormat : undefined;
    if (format && isDateFormat(format)) return serialCell(value, format, date1904);
    return { text: numberText(value, format), value };
  }
  if (typeof value === 'boolean') return { text: String(value), value };
  return { text: String(value), value: String(value) as RawValue };
}

/** A number read under a date format: its place, its serial and its format (see dateSystemOf). */
export interface DateCell {
  row: number;
  col: number;
  serial: number;
  format: string;
}

/**
 * Writes a block of `values` (with their number formats) whose top-left is (rowIndex, columnIndex)
 * into the grid; the numbers read as dates are added to `dates` when given.
 */
export function putValues(
  grid: Grid,
  rowIndex: number,
  columnIndex: number,
  values: readonly unknown[][],
  numberFormats?: readonly unknown[][],
  dates?: DateCell[],
): void {
  for (let i = 0; i < values.length; i++) {
    const src = values[i];
    const formats = numberFormats?.[i];
    let row = grid.cells[rowIndex + i];
    for (let j = 0; j < src.length; j++) {
      const cell = cellFromValue(src[j], formats?.[j]);
      if (!cell) continue;
      const format = formats?.[j];
      if (dates && typeof src[j] === 'number' && typeof format === 'string' && isDateFormat(format)) {
        dates.push({ row: rowIndex + i, col: columnIndex + j, serial: src[j] as number, format });
      }
      if (!row) {
        row = [];
        grid.cells[rowIndex + i] = row;
      }
      row[columnIndex + j] = cell;
    }
  }
  // Rows past the last value (formatted-only rows of the used range) still exist for the reader.
  if (grid.cells.length < rowIndex + values.length) grid.cells.length = rowIndex + values.length;
}

/** Days from the 1900 system's day 0 to the 1904 system's: four years and a day. */
const DAYS_1904 = 1_462;

/** Year, month, day of a serial in a date system (UTC). */
function calendarOf(serial: number, date1904: boolean): { y: number; m: number; d: number } {
  const day = Math.floor(serial) + (date1904 ? DAYS_1904 : 0);
  // Serial 60 is the 29/02/1900 Excel counts; before it, serials are one day ahead of the calendar.
  const date = new Date(Date.UTC(1899, 11, day < 61 ? 31 : 30) + day * 86_400_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/**
 * The workbook's date system, told by the text Excel shows for date cells: office.js gives a date as
 * its serial number only, in the workbook's own system, and no property says which system that is
 * (a workbook « in the 1904 date system » counts from 01/01/1904:
 * https://support.microsoft.com/office/date-systems-in-excel-e7fe7167-48a9-4b96-bb53-5612a800b487).
 * Range.text is the date as the cell shows it, whatever the locale's order: the system whose day
 * and year (four or two digits) are among the text's numbers is the workbook's, the two being four
 * years and a day apart. True for 1904, false for 1900, null when no sample tells.
 * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-text-member
 */
export function dateSystemOf(samples: readonly { serial: number; text: string }[]): boolean | null {
  let v1900 = 0;
  let v1904 = 0;
  for (const { serial, text } of samples) {
    const numbers = new Set((text.match(/\d+/g) ?? []).map(Number));
    const fits = (date1904: boolean) => {
      const { y, d } = calendarOf(serial, date1904);
      return numbers.has(d) && (numbers.has(y) || numbers.has(y % 100));
    };
    const a = fits(false);
    const b = fits(true);
    if (a && !b) v1900++;
    if (b && !a) v1904++;
  }
  if (v1904 > 0 && v1900 === 0) return true;
  if (v1900 > 0 && v1904 === 0) return false;
  return null;
}

/** The date cells read again in the 1904 date system (their fills kept). */
export function putDates1904(grid: Grid, dates: readonly DateCell[]): void {
  for (const { row, col, serial, format } of dates) {
    const old = grid.cells[row]?.[col];
    const cell = cellFromValue(serial, format, true);
    if (!cell || !grid.cells[row]) continue;
    grid.cells[row][col] = old?.fill ? { ...cell, fill: old.fill } : cell;
  }
}

/**
 * Turns the holes left by sparse writes into real entries (empty rows, undefined cells): the
 * table reader iterates rows with `map`, which skips holes.
 */
export function densify(grid: Grid): Grid {
  for (let r = 0; r < grid.cells.length; r++) {
    const row = grid.cells[r];
    grid.cells[r] = row ? Array.from(row) : [];
  }
  return grid;
}

/**
 * `#RRGGBB` of a cell's fill; null when the cell has no fill. Excel may report « no fill » as white
 * with no pattern; tintAndShade, null for no fill and a number for a fill, tells them apart
 * (https://github.com/OfficeDev/office-js/issues/4900, https://github.com/OfficeDev/office-js/issues/6218).
 */
export function fillOf(props: FillProperties | undefined): string | null {
  const fill = props?.format?.fill;
  if (!fill || fill.pattern === 'None') return null;
  if ('tintAndShade' in fill && fill.tintAndShade === null) return null;
  return normalizeColour(fill.color);
}

/** A fill with a tint (a theme colour made lighter or darker): its colour as Excel gave it, and the tint. */
export interface TintedFill {
  row: number;
  col: number;
  colour: string;
  tint: number;
}

/**
 * Writes a block of cell properties (fills) whose top-left is (rowIndex, columnIndex) into the
 * grid; fills with a tint (tintAndShade not 0) are also added to `tinted` when given.
 */
export function putFills(
  grid: Grid,
  rowIndex: number,
  columnIndex: number,
  props: readonly (readonly FillProperties[])[],
  tinted?: TintedFill[],
): void {
  for (let i = 0; i < props.length; i++) {
    const src = props[i];
    for (let j = 0; j < src.length; j++) {
      const fill = fillOf(src[j]);
      if (!fill) continue;
      const tint = src[j]?.format?.fill?.tintAndShade;
      if (tinted && typeof tint === 'number' && tint !== 0) {
        tinted.push({ row: rowIndex + i, col: columnIndex + j, colour: fill, tint });
      }
      let row = grid.cells[rowIndex + i];
      if (!row) {
        row = [];
        grid.cells[rowIndex + i] = row;
      }
      const c = columnIndex + j;
      const cell = row[c];
      row[c] = cell ? { ...cell, fill } : { text: '', value: null, fill };
    }
  }
}

/**
 * The grid with each tinted fill's tint applied to its colour, or null when it has none. Whether
 * RangeFill.color already includes tintAndShade is documented nowhere
 * (https://learn.microsoft.com/javascript/api/excel/excel.rangefill#excel-excel-rangefill-tintandshade-member:
 * « 0 for the original color »); the file readers apply the tint. The pane reads a sheet with tints
 * both ways and keeps the reading whose colours agree best with the texts and the legend (see
 * operations.ts): with either answer, legend swatches and cells are read the same way. A fill a
 * conditional format painted over is left as it is.
 */
export function withTintsApplied(
  grid: Grid,
  tinted: readonly TintedFill[],
  tintOf: (colour: string, tint: number) => string,
): Grid | null {
  if (tinted.length === 0) return null;
  const cells = [...grid.cells];
  const copied = new Set<number>();
  for (const { row, col, colour, tint } of tinted) {
    const cell = cells[row]?.[col];
    if (!cell || cell.fill !== colour) continue;
    if (!copied.has(row)) {
      cells[row] = [...cells[row]];
      copied.add(row);
    }
    cells[row][col] = { ...cell, fill: tintOf(colour, tint) };
  }
  return { ...grid, cells };
}

/** Adds the areas of a `RangeAreas.address` (merged areas) to the grid. */
export function putMerges(grid: Grid, address: string | null | undefined): void {
  if (!address) return;
  for (const area of parseAreasAddress(address)) {
    if (area.top !== area.bottom || area.left !== area.right) grid.merges.push(area);
  }
}

/** `Feuil1!B3:H40` → its rectangle (0-based), or null. */
export function usedRectangle(address: string | null | undefined): CellRange | null {
  if (!address) return null;
  return parseAreasAddress(address)[0] ?? null;
}

/** The part of `region` inside `bounds`, or null when they do not meet. */
export function clip(region: CellRange, bounds: CellRange): CellRange | null {
  const top = Math.max(region.top, bounds.top);
  const left = Math.max(region.left, bounds.left);
  const bottom = Math.min(region.bottom, bounds.bottom);
  const right = Math.min(region.right, bounds.right);
  return top <= bottom && left <= right ? { top, left, bottom, right } : null;
}

/**
 * One conditional format as office.js gives it: its type and priority (ConditionalFormat), the rule
 * and fill colour of its typed part (TextConditionalFormat, CellValueConditionalFormat), and the
 * address of its ranges (`getRanges()`, RangeAreas.address).
 * https://learn.microsoft.com/javascript/api/excel/excel.conditionalformat
 */
export interface ConditionalFormatRead {
  type: string;
  /** 0 is applied first (« The priority (or index) within the conditional format collection »). */
  priority: number;
  rule: { operator?: string; text?: string; formula1?: string } | null | undefined;
  /** ConditionalRangeFill.color: `#RRGGBB`, null when the format sets no fill. */
  fill: string | null | undefined;
  /** `Feuil1!D5:D40, Feuil1!F5:F40`; whole columns come as `Feuil1!D:D`, whole rows as `Feuil1!3:3`. */
  address: string;
}

/** ConditionalTextOperator → the test core makes (« NotContains » paints what core never reads as a state). */
const TEXT_TESTS: Readonly<Record<string, FillTest>> = {
  Contains: 'contains',
  BeginsWith: 'beginsWith',
  EndsWith: 'endsWith',
};

/**
 * The conditional format as core's ConditionalFill, when it is one of the rules the file readers
 * apply too (core/read/conditional-fill.ts): « la valeur de la cellule est égale à "…" » (type CellValue,
 * operator EqualTo, formula1 a text constant) and « le texte contient / commence par / se termine
 * par » (type ContainsText), with a fill. Null for any other: the file readers leave them aside too.
 *
 * formula1 comes as a formula (`="Réalisé"`, as the documentation writes them:
 * https://learn.microsoft.com/javascript/api/excel/excel.conditionalcellvaluerule#excel-excel-conditionalcellvaluerule-formula1-member);
 * without its « = » it is what the file holds (`"Réalisé"`).
 */
export function conditionalFill(format: ConditionalFormatRead): ConditionalFill | null {
  const fill = normalizeColour(format.fill ?? null);
  const rule = format.rule;
  if (!fill || !rule) return null;
  let test: FillTest | null = null;
  let text: string | null = null;
  if (format.type === 'ContainsText') {
    test = TEXT_TESTS[rule.operator ?? ''] ?? null;
    text = rule.text ?? null;
  } else if (format.type === 'CellValue' && rule.operator === 'EqualTo') {
    test = 'equals';
    text = ruleText('equals', (rule.formula1 ?? '').replace(/^\s*=/, ''));
  }
  if (!test || !text) return null;
  const ranges = conditionalRanges(format.address);
  return ranges.length > 0 ? { ranges, rules: [{ test, text, fill, priority: format.priority }] } : null;
}

/**
 * The areas of a RangeAreas address, whole columns (`D:D`, `D:F`) and whole rows (`3:3`) included,
 * as Excel writes them in addresses (the file holds them as D1:D1048576).
 */
export function conditionalRanges(address: string | null | undefined): CellRange[] {
  return parseAreasAddress(address ?? '', { wholeLines: true });
}

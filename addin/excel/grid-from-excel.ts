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
 * them as serial numbers, in the 1900 date system Excel for the web and Windows use:
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-dates), a percentage
 * reads « 38 % », as the file reader reads them.
 */
export function cellFromValue(value: unknown, numberFormat?: unknown): GridCell | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return { text: value, value };
  if (typeof value === 'number') {
    const format = typeof numberFormat === 'string' ? numberFormat : undefined;
    if (format && isDateFormat(format)) return serialCell(value, format);
    return { text: numberText(value, format), value };
  }
  if (typeof value === 'boolean') return { text: String(value), value };
  return { text: String(value), value: String(value) as RawValue };
}

/** Writes a block of `values` (with their number formats) whose top-left is (rowIndex, columnIndex) into the grid. */
export function putValues(
  grid: Grid,
  rowIndex: number,
  columnIndex: number,
  values: readonly unknown[][],
  numberFormats?: readonly unknown[][],
): void {
  for (let i = 0; i < values.length; i++) {
    const src = values[i];
    const formats = numberFormats?.[i];
    let row = grid.cells[rowIndex + i];
    for (let j = 0; j < src.length; j++) {
      const cell = cellFromValue(src[j], formats?.[j]);
      if (!cell) continue;
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

/** Writes a block of cell properties (fills) whose top-left is (rowIndex, columnIndex) into the grid. */
export function putFills(
  grid: Grid,
  rowIndex: number,
  columnIndex: number,
  props: readonly (readonly FillProperties[])[],
): void {
  for (let i = 0; i < props.length; i++) {
    const src = props[i];
    for (let j = 0; j < src.length; j++) {
      const fill = fillOf(src[j]);
      if (!fill) continue;
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

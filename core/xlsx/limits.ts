/** The hard limits of the workbook readers (xlsx and ods), checked while they inflate and parse. */

export interface StreamLimits {
  /** Bytes all parts read may inflate to. */
  maxInflatedBytes: number;
  /** Rows and columns a sheet's data may reach. */
  maxRows: number;
  maxColumns: number;
  /** Cells kept over the whole workbook. */
  maxCells: number;
  /** Merged areas, column ranges, tables and conditional rules per sheet. */
  maxMerges: number;
  maxRules: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = {
  maxInflatedBytes: 200 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 1_000,
  maxCells: 3_000_000,
  maxMerges: 100_000,
  maxRules: 1_000,
};

/** Excel's own bounds. */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

/** The longest text a cell holds in Excel; longer text is cut, with a marker. */
export const MAX_CELL_TEXT = 32_767;
export const CUT_MARKER = ' […]';

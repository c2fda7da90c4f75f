/** Types of the fake Office/Excel host (fake-office.js), for the Node benchmark and the browser test. */

export interface FakeSheetJson {
  name: string;
  /** [row, col, value, fill, numberFormat?], 0-based. */
  cells: (
    | [number, number, string | number | boolean | null, string | null]
    | [number, number, string | number | boolean | null, string | null, string]
  )[];
  merges?: FakeRect[];
  protected?: boolean;
  /** Sheet-scoped names. */
  names?: { name: string; formula: string }[];
  /** Areas formatted without values (a whole column formatted down to row 1,048,576). */
  formatted?: FakeRect[];
  /** Data validation rules already on the sheet. */
  validations?: { address: string; rule: unknown }[];
  /** Conditional formats, in priority order (the first is applied first). */
  conditionalFormats?: FakeConditionalFormat[];
}

/** A conditional format as the Excel JavaScript API describes it (ConditionalFormat and its typed part). */
export interface FakeConditionalFormat {
  type: 'ContainsText' | 'CellValue' | 'Custom' | 'PresetCriteria' | 'TopBottom' | 'DataBar' | 'ColorScale' | 'IconSet';
  /** The areas it applies to, separated by spaces as the file writes them: `D5:D40 F5:F40`. */
  ranges: string;
  /** The typed part's rule: `{ operator, text }`, `{ operator, formula1, formula2? }`, `{ formula }`… */
  rule: Record<string, string> | null;
  /** Its fill colour (`#RRGGBB`), null when it sets none. */
  fill: string | null;
  stopIfTrue?: boolean;
  /** Test control: Excel fails to give its rule and format (office-js issues #6827, #6835). */
  unreadable?: boolean;
}

export interface FakeRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface FakeWorkbookJson {
  sheets: FakeSheetJson[];
  active?: number;
  /** Workbook settings saved in the file (name → value). */
  settings?: Record<string, unknown>;
}

export interface FakeStats {
  syncs: number;
  formatOps: number;
  valueWrites: number;
  responseBytes: number;
  maxResponseBytes: number;
  failedSyncs: number;
}

export interface FakeCell {
  value: string | number | boolean | null;
  fill: string | null;
  format: Record<string, unknown>;
}

export interface FakeExcelControls {
  reset(json: FakeWorkbookJson): void;
  stats(): FakeStats;
  resetStats(): void;
  setResponseLimit(bytes: number): void;
  sheetNames(): string[];
  activate(name: string): void;
  select(name: string, address: string): void;
  selection(): { sheet: string; address: string };
  activeSheet(): string;
  setProtected(name: string, value: boolean): void;
  /** Protects the workbook's structure (Révision > Protéger le classeur): no sheet can be added. */
  setStructureProtected(value: boolean): void;
  cell(name: string, address: string): FakeCell;
  fills(name: string): Record<string, string>;
  sheet(name: string): {
    name: string;
    validations: { address: string; rule?: unknown; errorAlert?: unknown; prompt?: unknown }[];
    charts: {
      type: string;
      source: string | null;
      title: string;
      seriesColours: string[];
      /** The series Excel would make from the source range, and the categories (text first column). */
      seriesNames: string[];
      categories: (string | number | boolean | null)[];
      position: string | null;
    }[];
    merges: { top: number; left: number; bottom: number; right: number }[];
    freezeRows: number;
  };
  settings(): Record<string, unknown>;
  /** A value typed by the user (source « Local », the default) or by a coauthor (« Remote »). */
  userEdit(name: string, address: string, value: string | number | null, source?: 'Local' | 'Remote'): void;
  /** A fill painted by the user (raises onFormatChanged); null clears it. */
  userFill(name: string, address: string, colour: string | null): void;
  /** The highest ExcelApi 1.x the host supports (default 17). */
  setApiVersion(minor: number): void;
  addName(sheetName: string, name: string, formula: string): void;
  names(sheetName: string): { name: string; formula: string }[];
  sheetPosition(sheetName: string): number;
  /** The user renames a sheet (its id and its own names stay). */
  rename(oldName: string, newName: string): void;
  /** Every non-empty cell of a sheet: { A1: value }. */
  values(sheetName: string): Record<string, string | number | boolean>;
  handlerCount(): number;
}

export function install(target: object, json: FakeWorkbookJson): FakeExcelControls;

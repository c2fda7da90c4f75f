/** Types of the fake Office/Excel host (fake-office.js), for the Node benchmark and the browser test. */

export interface FakeSheetJson {
  name: string;
  /** [row, col, value, fill], 0-based. */
  cells: [number, number, string | number | boolean | null, string | null][];
  merges?: { top: number; left: number; bottom: number; right: number }[];
  protected?: boolean;
}

export interface FakeWorkbookJson {
  sheets: FakeSheetJson[];
  active?: number;
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
  userEdit(name: string, address: string, value: string | number | null): void;
  handlerCount(): number;
}

export function install(target: object, json: FakeWorkbookJson): FakeExcelControls;

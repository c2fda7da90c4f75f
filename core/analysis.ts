/**
 * One call for the hosts: a workbook's reading → per sheet its bilan and diagnostics, and, when
 * the workbook holds several years, the history across them and its year-to-year checks.
 */
import { type YearBilan, yearBilan } from './bilan';
import {
  checkSheet,
  checkSheetsWithoutTable,
  type CheckOptions,
  type Diagnostic,
  sortDiagnostics,
} from './diagnostics';
import { buildHistory, checkHistory, checkSameYearSheets, type History } from './history';
import type { TrackingSheet } from './model';
import type { WorkbookReading } from './table-reader';
import { checkReading } from './plausibility';
import { sheetNames } from './same-year';

export interface SheetAnalysis {
  sheet: TrackingSheet;
  bilan: YearBilan;
  /** This sheet's diagnostics, year-to-year ones included (they sit on the later year's sheet). */
  diagnostics: Diagnostic[];
}

export interface WorkbookAnalysis {
  sheets: SheetAnalysis[];
  /** Diagnostics of sheets without a table. */
  workbookDiagnostics: Diagnostic[];
  /** Present when at least two sheets have distinct years. */
  history: History | null;
}

export function analyzeWorkbook(reading: WorkbookReading, options: CheckOptions = {}): WorkbookAnalysis {
  const years = new Set(reading.sheets.map((s) => s.year).filter((y) => y !== null));
  const history = years.size >= 2 ? buildHistory(reading.sheets) : null;
  const crossYear = [...checkSameYearSheets(reading.sheets), ...(history ? checkHistory(history) : [])];
  const own = reading.sheets.map((sheet) => checkSheet(sheet, options));
  // A sheet read year by year shares its title, code and porteur cells between its years: a
  // finding on one of those cells is said once, with the latest year.
  const said = new Set<string>();
  for (let i = own.length - 1; i >= 0; i--) {
    own[i] = own[i].filter((d) => {
      const key = `${d.code}\u0000${d.sheet}\u0000${d.cell ?? ''}`;
      if (said.has(key)) return false;
      said.add(key);
      return true;
    });
  }
  return {
    sheets: reading.sheets.map((sheet, i) => {
      const names = sheetNames(sheet);
      const across = crossYear.filter(
        (d) => names.includes(d.sheet) && (d.year === undefined || d.year === sheet.year),
      );
      // Said for each reading, never folded into a later year's: each year's bilan is judged on its own.
      const trust = checkReading(sheet);
      return { sheet, bilan: yearBilan(sheet), diagnostics: sortDiagnostics([...trust, ...own[i], ...across]) };
    }),
    workbookDiagnostics: checkSheetsWithoutTable(reading.withoutTable),
    history,
  };
}

export function allDiagnostics(analysis: WorkbookAnalysis): Diagnostic[] {
  return sortDiagnostics([...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)]);
}

/**
 * The reading a host shows for one sheet: the latest year a sheet gives (a wide sheet gives one per
 * year), the reading that joins it with other sheets of its year included; null when none.
 */
export function latestReadingOf(sheets: readonly SheetAnalysis[], sheetName: string): SheetAnalysis | null {
  let best: SheetAnalysis | null = null;
  for (const s of sheets) {
    if (!sheetNames(s.sheet).includes(sheetName)) continue;
    if (!best || (s.sheet.year ?? -Infinity) >= (best.sheet.year ?? -Infinity)) best = s;
  }
  return best;
}

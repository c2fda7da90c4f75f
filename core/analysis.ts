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
  return {
    sheets: reading.sheets.map((sheet) => ({
      sheet,
      bilan: yearBilan(sheet),
      diagnostics: sortDiagnostics([...checkSheet(sheet, options), ...crossYear.filter((d) => d.sheet === sheet.name)]),
    })),
    workbookDiagnostics: checkSheetsWithoutTable(reading.withoutTable),
    history,
  };
}

export function allDiagnostics(analysis: WorkbookAnalysis): Diagnostic[] {
  return sortDiagnostics([...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)]);
}

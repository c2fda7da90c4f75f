/**
 * One call for the hosts: a workbook's reading → per sheet its bilan and diagnostics, and, when
 * the workbook holds several years, the history across them and its year-to-year checks.
 */
import { type YearBilan, yearBilan } from './bilan';
import {
  checkSheetsWithoutTable,
  type CheckOptions,
  type Diagnostic,
  isReadingError,
  sheetFindings,
  sortDiagnostics,
} from '../check/diagnostics';
import { buildHistory, checkHistory, checkSameYearSheets, type History } from './history';
import type { TrackingSheet } from '../base/model';
import type { WorkbookReading } from '../read/table-reader';
import { yearsIn } from '../read/header';
import { checkReading } from '../check/plausibility';
import { sheetNames } from '../read/same-year';

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
  // Unsorted: each sheet's findings are sorted once, with the others said on its reading.
  const own = reading.sheets.map((sheet) => sheetFindings(sheet, options));
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
  // The workbook is named when any of its sheets names the contract (contractTitle takes the first).
  if (reading.sheets.some((s) => s.contractTitle)) {
    for (let i = 0; i < own.length; i++) own[i] = own[i].filter((d) => d.code !== 'CONTRACT_UNNAMED');
  }
  const unread = checkSheetsWithoutTable(reading.withoutTable);
  const placed = placeUnreadErrors(reading.sheets, unread);
  return {
    sheets: reading.sheets.map((sheet, i) => {
      const names = sheetNames(sheet);
      const across = crossYear.filter(
        (d) => names.includes(d.sheet) && (d.year === undefined || d.year === sheet.year),
      );
      // Said for each reading, never folded into a later year's: each year's bilan is judged on its own.
      const trust = [...checkReading(sheet), ...(placed.get(i) ?? [])];
      return { sheet, bilan: yearBilan(sheet), diagnostics: sortDiagnostics([...trust, ...own[i], ...across]) };
    }),
    workbookDiagnostics: unread.filter((d) => ![...placed.values()].some((p) => p.includes(d))),
    history,
  };
}

/**
 * Errors of sheets where actions were seen but not read make a bilan incomplete: each goes to the
 * reading of its year (the year in the unread sheet's name), else to the first reading of the
 * latest year, the bilan a coordinator reports. Said once, on one reading; by reading index.
 */
function placeUnreadErrors(sheets: readonly TrackingSheet[], unread: readonly Diagnostic[]): Map<number, Diagnostic[]> {
  const placed = new Map<number, Diagnostic[]>();
  const years = sheets.map((s) => s.year ?? -Infinity);
  const latest = Math.max(...years);
  for (const d of unread) {
    if (!isReadingError(d)) continue;
    const named = yearsIn(d.sheet);
    const target = named.length === 1 && years.includes(named[0]) ? named[0] : latest;
    const i = years.indexOf(target);
    if (i < 0) continue;
    placed.set(i, [...(placed.get(i) ?? []), d]);
  }
  return placed;
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

/**
 * The plain-data report of a reading, as `cls-bilan inspect --json` prints it and the add-in shows
 * it: per sheet the year, the actions and the count per status. Host-neutral.
 */
import { countStatuses, emptyCounts, type StatusCounts } from '../base/status-counts';
import type { WorkbookAnalysis } from './analysis';
import { doneCount, donePercentOf } from './bilan';
import { type Diagnostic, incompleteNotice } from '../check/diagnostics';
import type { ActionKind, PlanNode, TrackingSheet } from '../base/model';
import { type LayoutReport, layoutReport } from '../read/reading-description';
import type { PaletteSource } from '../base/palette-settings';
import type { Palette, StatusId } from '../base/status';

export interface ActionReport {
  row: number;
  code: string | null;
  kind: ActionKind;
  title: string;
  porteur: string;
  status: StatusId | null;
  statusText: string;
  objectif: PlanNode | null;
  axe: PlanNode | null;
}

export type DiagnosticReport = Diagnostic;

export interface SheetReport {
  name: string;
  year: number | null;
  /** How the sheet was read. */
  layout: LayoutReport;
  actions: ActionReport[];
  counts: StatusCounts;
  /** Share of the actions done, as the bilan says it (core/report/bilan.ts donePercentOf). */
  donePercent: number;
  /** Actions done (réalisé clos, pérenne or unspecified). */
  done: number;
  /** « Bilan incomplet : … » when the reading is not to be trusted (core/check/plausibility.ts), else null. */
  incomplete: string | null;
  diagnostics: DiagnosticReport[];
}

export interface FileReport {
  file: string;
  ok: boolean;
  error: { code: string; message: string } | null;
  /** The colours the workbook was read and checked with, and where they come from. */
  palette?: { source: PaletteSource; colours: Palette };
  sheets: SheetReport[];
}

export function sheetReport(sheet: TrackingSheet, diagnostics: DiagnosticReport[] = []): SheetReport {
  const counts = countStatuses(sheet.actions);
  return {
    name: sheet.name,
    year: sheet.year,
    layout: layoutReport(sheet),
    actions: sheet.actions.map((a) => ({
      row: a.source.row,
      code: a.code,
      kind: a.kind,
      title: a.title,
      porteur: a.porteur,
      status: a.status,
      statusText: a.statusText,
      objectif: a.objectif,
      axe: a.axe,
    })),
    counts,
    donePercent: donePercentOf(counts),
    done: doneCount(counts),
    incomplete: incompleteNotice(diagnostics),
    diagnostics,
  };
}

/**
 * The report of a workbook read, as `inspect --json` prints it: a report per reading, then one per
 * finding of the workbook itself (a sheet that could not be read), with nothing counted.
 */
export function fileReport(
  shown: string,
  reading: { paletteSource: PaletteSource; palette: Palette },
  analysis: WorkbookAnalysis,
): FileReport {
  const sheets: SheetReport[] = analysis.sheets.map((s) => sheetReport(s.sheet, s.diagnostics));
  for (const d of analysis.workbookDiagnostics) {
    const layout: LayoutReport = { headerRows: [], columns: {}, year: null, yearSource: null, yearFrom: null };
    sheets.push({
      name: d.sheet,
      year: null,
      layout,
      actions: [],
      counts: emptyCounts(),
      donePercent: 0,
      done: 0,
      incomplete: null,
      diagnostics: [d],
    });
  }
  return {
    file: shown,
    ok: true,
    error: null,
    palette: { source: reading.paletteSource, colours: reading.palette },
    sheets,
  };
}

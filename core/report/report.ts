/**
 * The plain-data report of a reading, as `cls-bilan inspect --json` prints it and the add-in shows
 * it: per sheet the year, the actions and the count per status. Host-neutral.
 */
import { countStatuses, type StatusCounts } from '../base/status-counts';
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

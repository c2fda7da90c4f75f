/**
 * The plain-data report of a reading, as `cls-bilan inspect --json` prints it and the add-in shows
 * it: per sheet the year, the actions and the count per status. Host-neutral.
 */
import { countStatuses, type StatusCounts } from './bilan';
import type { Diagnostic } from './diagnostics';
import type { ClsErrorInfo } from './errors';
import type { ActionKind, PlanNode, TrackingSheet } from './model';
import type { StatusId } from './status';

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
  actions: ActionReport[];
  counts: StatusCounts;
  diagnostics: DiagnosticReport[];
}

export interface FileReport {
  file: string;
  ok: boolean;
  error: { code: string; message: string } | null;
  sheets: SheetReport[];
}

export function sheetReport(sheet: TrackingSheet, diagnostics: DiagnosticReport[] = []): SheetReport {
  return {
    name: sheet.name,
    year: sheet.year,
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
    counts: countStatuses(sheet.actions),
    diagnostics,
  };
}

export function failedFileReport(file: string, error: ClsErrorInfo): FileReport {
  return { file, ok: false, error: { code: error.code, message: error.message }, sheets: [] };
}

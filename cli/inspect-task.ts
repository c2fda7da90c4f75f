/**
 * What the pool asks of a worker that inspects a workbook, and what it answers: kept apart from
 * inspect-file.ts, so that the main thread (the pool) does not load the reader to know them.
 */
import type { ReadOptions } from '../core/read/table-reader';
import type { Palette } from '../core/base/status';
import type { FileReport } from '../core/report/report';

export interface InspectTask {
  /** The workbook's path. */
  input: string;
  /** How it is named to the user. */
  shown: string;
  /** `--palette`; absent, the workbook's own (the add-in's setting), else the default. */
  palette?: Palette;
  /** --colonnes. */
  columns?: ReadOptions['columns'];
}

/** The report of one workbook; `detail` carries the technical detail of an unexpected failure (--debug). */
export type InspectResult = FileReport & { detail?: string };

/** The report of a workbook that could not be inspected (in its worker, or by the pool). */
export function failedInspection(task: InspectTask, code: string, message: string, detail?: string): InspectResult {
  const report: InspectResult = { file: task.shown, ok: false, error: { code, message }, sheets: [] };
  if (detail) report.detail = detail;
  return report;
}

/** One workbook inspected: read, checked, reported. Runs in a worker of the pool (see pool.ts). */
import type { ReadOptions } from '../core/read/table-reader';
import { analyzeWorkbook } from '../core/report/analysis';
import { toErrorInfo } from '../core/base/errors';
import { readTrackingFile } from '../core/node/read-tracking-file';
import type { Palette } from '../core/base/status';
import { type FileReport, fileReport } from '../core/report/report';

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

export async function inspectFile(task: InspectTask): Promise<InspectResult> {
  try {
    const reading = await readTrackingFile(task.input, { palette: task.palette, columns: task.columns });
    const analysis = analyzeWorkbook(reading, { palette: reading.palette });
    return fileReport(task.shown, reading, analysis);
  } catch (e) {
    const info = toErrorInfo(e, task.shown);
    return failedInspection(task, info.code, info.message, info.detail);
  }
}

/** The report of a workbook that could not be inspected (in its worker, or by the pool). */
export function failedInspection(task: InspectTask, code: string, message: string, detail?: string): InspectResult {
  const report: InspectResult = { file: task.shown, ok: false, error: { code, message }, sheets: [] };
  if (detail) report.detail = detail;
  return report;
}

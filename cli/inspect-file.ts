/** One workbook inspected: read, checked, reported. Runs in a worker of the pool (see pool.ts). */
import { analyzeWorkbook } from '../core/report/analysis';
import { toErrorInfo } from '../core/base/errors';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { fileReport } from '../core/report/report';
import { failedInspection, type InspectResult, type InspectTask } from './inspect-task';

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

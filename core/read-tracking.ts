/** Workbook bytes → tracking sheets: our streaming reader, then the table reader. Host-neutral. */
import { readWorkbook } from './xlsx/stream-reader';
import { readWorkbookTables, type ReadOptions, type WorkbookReading } from './table-reader';

export interface TrackingWorkbook extends WorkbookReading {
  file: string;
}

export async function readTrackingWorkbook(
  bytes: Uint8Array,
  fileName: string,
  options: ReadOptions = {},
): Promise<TrackingWorkbook> {
  const grids = await readWorkbook(bytes, fileName);
  return { file: fileName, ...readWorkbookTables(grids, fileName, options) };
}

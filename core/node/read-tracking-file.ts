/** Node-only: a workbook file → its tracking sheets, through the host-neutral reader. */
import { basename } from 'node:path';
import { readTrackingWorkbook, type TrackingWorkbook } from '../read/read-tracking';
import type { ReadOptions } from '../read/table-reader';
import { readInputFile } from './files';

export async function readTrackingFile(path: string, options: ReadOptions = {}): Promise<TrackingWorkbook> {
  const bytes = await readInputFile(path);
  return readTrackingWorkbook(bytes, basename(path), options);
}

/** Worker thread: converts or inspects the files the pool sends, one at a time. */
import { basename } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { constants } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { toErrorInfo } from '../core/base/errors';
import { useHostInflate } from '../core/read/xlsx/zip-reader';
import { useHostDeflate } from '../core/write/xlsx/package';
import { convertFile } from './convert-file';
import { type ConvertTask, failedResult } from './convert-task';
import { inspectFile, type InspectTask } from './inspect-file';
import type { WorkerRequest } from './pool';
import { syncFile, type SyncTask } from './sync/sync-file';

// Node's native zlib deflates the bilan's parts about four times faster than fflate's JavaScript.
useHostDeflate((data, level) => deflateRawSync(data, { level }));
// And inflates the workbook's parts several times faster; `maxOutputLength` makes it throw past
// the reader's byte budget instead of inflating a bomb (the reader then gives its own error).
useHostInflate((data, max) => inflateRawSync(data, { maxOutputLength: Math.min(max, constants.MAX_LENGTH) }));

function convert(task: ConvertTask): void {
  convertFile(task).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) => {
      const info = toErrorInfo(e, basename(task.input));
      parentPort?.postMessage(failedResult(task, info.code, info.message, info.detail));
    },
  );
}

function inspect(task: InspectTask): void {
  // inspectFile turns every failure into a report; nothing is left to catch.
  void inspectFile(task).then((report) => parentPort?.postMessage(report));
}

parentPort?.on('message', (request: WorkerRequest) => {
  // syncFile turns every failure into a result as well.
  if (request.kind === 'sync')
    void syncFile(request.task as SyncTask).then((result) => parentPort?.postMessage(result));
  else if (request.kind === 'inspect') inspect(request.task as InspectTask);
  else convert(request.task as ConvertTask);
});

/** Worker thread: converts or inspects the files the pool sends, one at a time. */
import { basename } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../core/base/errors';
import { useNodeZlib } from '../core/node/zlib';
import { convertFile } from './convert-file';
import { type ConvertTask, failedResult } from './convert-task';
import { inspectFile } from './inspect-file';
import type { InspectTask } from './inspect-task';
import type { WorkerRequest } from './pool';
import { syncFile, type SyncTask } from './sync/sync-file';

useNodeZlib();

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
  else if (request.kind === 'convert') convert(request.task as ConvertTask);
  // Any other request (the build's `code-cache`) is for worker-entry.ts.
});

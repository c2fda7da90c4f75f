/** Worker thread: converts the files the pool sends, one at a time. */
import { parentPort } from 'node:worker_threads';
import { basename } from 'node:path';
import { toErrorInfo } from '../core/errors';
import { convertFile, type ConvertTask } from './convert-file';

function toErrorInfoShape(input: string, e: unknown): { code: string; message: string; detail?: string } {
  const info = toErrorInfo(e, basename(input));
  return { code: info.code, message: info.message, ...(info.detail ? { detail: info.detail } : {}) };
}

parentPort?.on('message', (task: ConvertTask) => {
  convertFile(task).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) =>
      parentPort?.postMessage({
        input: task.input,
        ok: false,
        outputs: [],
        error: toErrorInfoShape(task.input, e),
        sheets: [],
      }),
  );
});

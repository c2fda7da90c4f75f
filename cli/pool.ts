/**
 * A small pool of worker threads: each file converts in a worker with a memory cap and a time
 * limit, so a hostile or huge workbook fails alone, with a French message, and the batch goes on.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { internalMessage } from '../core/errors';
import { unlink } from 'node:fs/promises';
import { type ConvertResult, type ConvertTask, failedResult, outputPath, tempPathFor } from './convert-file';

export interface PoolOptions {
  jobs: number;
  /** Per-file limit, milliseconds. */
  timeoutMs: number;
  /** Heap cap of each worker, MB. */
  memoryMb: number;
}

/**
 * The worker as one file bundled by esbuild (`npm run build:worker`): a worker starts in ~0.28 s
 * instead of ~0.42 s, since Node no longer resolves and reads the hundreds of files of exceljs and
 * its dependencies. archiver-utils stays outside the bundle: it calls `new Buffer()`, which Node
 * only warns about (DEP0005, on the user's terminal) when the caller is not under node_modules/.
 * Falls back to the plain compiled worker when the bundle has not been built.
 */
const BUNDLED_WORKER = join(__dirname, 'convert-worker.bundle.js');
const WORKER_FILE = existsSync(BUNDLED_WORKER) ? BUNDLED_WORKER : join(__dirname, 'convert-worker.js');

/** The temporary files a task's outputs are written to, removed when its worker stopped mid-write. */
async function removeTemporaryFiles(task: ConvertTask): Promise<void> {
  await Promise.all(task.formats.map((f) => unlink(tempPathFor(outputPath(task, f))).catch(() => undefined)));
}

export function runPool(
  tasks: readonly ConvertTask[],
  options: PoolOptions,
  onResult: (result: ConvertResult, index: number) => void,
): Promise<ConvertResult[]> {
  const results: ConvertResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    if (tasks.length === 0) {
      resolve(results);
      return;
    }
    const finish = (index: number, result: ConvertResult) => {
      results[index] = result;
      done++;
      onResult(result, index);
      if (done === tasks.length) resolve(results);
    };
    const startWorker = () => {
      if (next >= tasks.length) return;
      const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } });
      let current = -1;
      let timer: NodeJS.Timeout | null = null;
      let settled = true;
      const feed = () => {
        if (next >= tasks.length) {
          void worker.terminate();
          return;
        }
        current = next++;
        settled = false;
        timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          const task = tasks[current];
          finish(
            current,
            failedResult(
              task,
              'TIMEOUT',
              `« ${basename(task.input)} » n'a pas pu être converti en ${Math.round(options.timeoutMs / 1000)} s : le classeur est trop lourd ou mal formé. Enregistrez une copie sans les feuilles inutiles, ou augmentez --timeout.`,
            ),
          );
          // Stopped mid-write, the worker may leave temporary files: remove them once it is gone.
          void worker.terminate().then(() => removeTemporaryFiles(task));
          startWorker();
        }, options.timeoutMs);
        worker.postMessage(tasks[current]);
      };
      worker.on('message', (result: ConvertResult) => {
        if (timer) clearTimeout(timer);
        if (settled) return;
        settled = true;
        finish(current, result);
        feed();
      });
      worker.on('error', (e) => {
        if (timer) clearTimeout(timer);
        if (settled || current < 0) return;
        settled = true;
        const task = tasks[current];
        void removeTemporaryFiles(task);
        const oom = /memory|heap/i.test(e.message) || (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          current,
          oom
            ? failedResult(
                task,
                'OUT_OF_MEMORY',
                `« ${basename(task.input)} » demande plus de ${options.memoryMb} Mo de mémoire pour être lu : le classeur est trop gros. Enregistrez une copie réduite au tableau de suivi.`,
              )
            : failedResult(task, 'INTERNAL', internalMessage(basename(task.input)), e.message),
        );
        startWorker();
      });
      worker.on('exit', (code) => {
        if (timer) clearTimeout(timer);
        if (settled || current < 0) return;
        settled = true;
        const task = tasks[current];
        void removeTemporaryFiles(task);
        finish(
          current,
          failedResult(
            task,
            'INTERNAL',
            internalMessage(basename(task.input)),
            `le fil de conversion s'est arrêté (code ${code})`,
          ),
        );
        startWorker();
      });
      feed();
    };
    for (let i = 0; i < Math.min(options.jobs, tasks.length); i++) startWorker();
  });
}

/**
 * A small pool of worker threads: each file is converted (or inspected) in a worker with a memory
 * cap and a time limit, so a hostile or huge workbook fails alone, with a French message, and the
 * batch goes on.
 */
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { internalMessage } from '../core/base/errors';
import { typeset } from '../core/base/typography';
import { unlink } from 'node:fs/promises';
import { type ConvertResult, type ConvertTask, failedResult, outputPath } from './convert-task';
import { temporaryPath } from './temporaries';
import { failedInspection, type InspectResult, type InspectTask } from './inspect-task';
import type { SyncResult, SyncTask } from './sync/sync-file';
import { finishStoppedSync } from './sync/sync-lock';
import { takeWorker } from './worker-start';

export interface PoolOptions {
  jobs: number;
  /** Per-file limit, milliseconds. */
  timeoutMs: number;
  /** Heap cap of each worker, MB. */
  memoryMb: number;
}

/** What the pool sends a worker: a file to convert or to inspect. */
export interface WorkerRequest {
  kind: 'convert' | 'inspect' | 'sync';
  task: ConvertTask | InspectTask | SyncTask;
}

/** One kind of work for the pool: how to ask a worker, and what a task that failed outside it gives. */
export interface PoolWork<T extends { input: string }, R> {
  kind: WorkerRequest['kind'];
  /** The result of a task whose worker ran out of time or memory, or stopped. */
  failed: (task: T, code: string, message: string, detail?: string) => R;
  /** Cleans what a worker stopped mid-task may leave (temporary files). */
  cleanup?: (task: T) => Promise<void>;
  /** The verb of the timeout message: « converti », « lu ». */
  done: string;
}

/** The temporary files a task's outputs are written to, removed when its worker stopped mid-write. */
async function removeTemporaryFiles(task: ConvertTask): Promise<void> {
  await Promise.all(task.formats.map((f) => unlink(temporaryPath(outputPath(task, f))).catch(() => undefined)));
}

export const CONVERT_WORK: PoolWork<ConvertTask, ConvertResult> = {
  kind: 'convert',
  failed: failedResult,
  cleanup: removeTemporaryFiles,
  done: 'converti',
};

export const SYNC_WORK: PoolWork<SyncTask, SyncResult> = {
  kind: 'sync',
  failed: (task, code, message, detail) => ({
    input: task.input,
    status: 'failed',
    error: detail ? { code, message: typeset(message), detail } : { code, message: typeset(message) },
  }),
  // A worker stopped mid-write may leave the workbook aside, a temporary copy and its lock: the
  // workbook goes back under its name, the rest is removed.
  cleanup: async (task) => {
    await finishStoppedSync(task.input, task.out).catch(() => undefined);
  },
  done: 'synchronisé',
};

export const INSPECT_WORK: PoolWork<InspectTask, InspectResult> = {
  kind: 'inspect',
  failed: failedInspection,
  done: 'lu',
};

/** A pool at work, as an interruption sees it. */
interface RunningPool {
  total: number;
  done: () => number;
  /** Stops every worker and cleans what the tasks under way may have left; the pool then never resolves. */
  stop: () => Promise<void>;
}

const running = new Set<RunningPool>();

export interface StopReport {
  /** Files finished before the interruption, of all the files of the runs stopped. */
  done: number;
  total: number;
}

/** Stops every pool at work (Ctrl-C): workers stopped, what their tasks under way left cleaned. */
export async function stopPools(): Promise<StopReport> {
  const pools = [...running];
  running.clear();
  const report = { done: 0, total: 0 };
  for (const pool of pools) {
    report.done += pool.done();
    report.total += pool.total;
  }
  await Promise.all(pools.map((p) => p.stop()));
  return report;
}

/** A stopped worker's file system calls already handed to the system finish on their own: let them. */
const SETTLE_MS = 50;

/**
 * Runs the tasks in worker threads, `jobs` at a time, each with a memory cap and a time limit: a
 * hostile or huge workbook fails alone, with a French message, and the batch goes on.
 */
export function runPool<T extends { input: string }, R>(
  tasks: readonly T[],
  options: PoolOptions,
  work: PoolWork<T, R>,
  onResult: (result: R, index: number) => void,
): Promise<R[]> {
  const results: R[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    if (tasks.length === 0) {
      resolve(results);
      return;
    }
    let stopped = false;
    /** Each worker at work, with the index of its task under way (-1: none). */
    const busy = new Map<Worker, () => number>();
    const pool: RunningPool = {
      total: tasks.length,
      done: () => done,
      stop: async () => {
        stopped = true;
        const underWay = [...busy.entries()].map(([worker, current]) => ({ worker, index: current() }));
        await Promise.all(underWay.map(({ worker }) => worker.terminate()));
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        await Promise.all(
          underWay.filter((u) => u.index >= 0 && results[u.index] === undefined).map((u) => cleanup(tasks[u.index])),
        );
      },
    };
    running.add(pool);
    const finish = (index: number, result: R) => {
      if (stopped) return;
      results[index] = result;
      done++;
      onResult(result, index);
      if (done === tasks.length) {
        running.delete(pool);
        resolve(results);
      }
    };
    const cleanup = (task: T) => work.cleanup?.(task) ?? Promise.resolve();
    const startWorker = () => {
      if (stopped || next >= tasks.length) return;
      const worker = takeWorker(options.memoryMb);
      let current = -1;
      let timer: NodeJS.Timeout | null = null;
      let settled = true;
      busy.set(worker, () => (settled ? -1 : current));
      worker.on('exit', () => busy.delete(worker));
      const feed = () => {
        if (stopped) return;
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
            work.failed(
              task,
              'TIMEOUT',
              `« ${basename(task.input)} » n'a pas pu être ${work.done} en ${Math.round(options.timeoutMs / 1000)} s : le classeur est trop lourd ou mal formé. Enregistrez une copie sans les feuilles inutiles, ou augmentez --timeout.`,
            ),
          );
          // Stopped mid-write, the worker may leave temporary files: remove them once it is gone.
          void worker.terminate().then(() => cleanup(task));
          startWorker();
        }, options.timeoutMs);
        const request: WorkerRequest = { kind: work.kind, task: tasks[current] as unknown as WorkerRequest['task'] };
        worker.postMessage(request);
      };
      worker.on('message', (result: R) => {
        if (timer) clearTimeout(timer);
        if (settled) return;
        settled = true;
        finish(current, result);
        feed();
      });
      worker.on('error', (e) => {
        if (timer) clearTimeout(timer);
        if (stopped || settled || current < 0) return;
        settled = true;
        const task = tasks[current];
        void cleanup(task);
        const oom = /memory|heap/i.test(e.message) || (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          current,
          oom
            ? work.failed(
                task,
                'OUT_OF_MEMORY',
                `« ${basename(task.input)} » demande plus de ${options.memoryMb} Mo de mémoire pour être lu : le classeur est trop gros. Enregistrez une copie réduite au tableau de suivi.`,
              )
            : work.failed(task, 'INTERNAL', internalMessage(basename(task.input)), e.message),
        );
        startWorker();
      });
      worker.on('exit', (code) => {
        if (timer) clearTimeout(timer);
        if (stopped || settled || current < 0) return;
        settled = true;
        const task = tasks[current];
        void cleanup(task);
        finish(
          current,
          work.failed(
            task,
            'INTERNAL',
            internalMessage(basename(task.input)),
            `le fil de travail s'est arrêté (code ${code})`,
          ),
        );
        startWorker();
      });
      feed();
    };
    for (let i = 0; i < Math.min(options.jobs, tasks.length); i++) startWorker();
  });
}

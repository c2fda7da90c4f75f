/**
 * Runs the page's requests in Web Workers started from the worker bundle inlined in the page (a
 * Blob URL), a few at a time. A worker answers one request at a time and is kept for the next (its
 * code stays compiled and warm); one whose time is up is terminated, and its file fails alone with
 * a French message, as the command's pool does (cli/pool.ts): the page never waits on it.
 */
import { typeset } from '../core/base/typography';
import type { WorkerAnswer, WorkerRequest } from './protocol';

declare const __CLS_BILAN_WORKER__: string;

/** The command's per-file time limit (cli/convert.ts DEFAULT_TIMEOUT_S), in seconds. */
export const DEFAULT_TIMEOUT_S = 120;

export interface Job {
  promise: Promise<WorkerAnswer>;
  /** Ends the job (and its worker, if it runs): its promise answers « CANCELLED ». */
  cancel: () => void;
}

interface Queued {
  request: WorkerRequest;
  /** The file named in the messages. */
  shown: string;
  /** Files the request reads: its time limit is the limit per file times as many. */
  files: number;
  resolve: (answer: WorkerAnswer) => void;
  worker: Worker | null;
  timer: ReturnType<typeof setTimeout> | null;
  done: boolean;
}

export class WorkerPool {
  private url: string | null = null;
  private readonly queue: Queued[] = [];
  /** Workers waiting for a request. */
  private readonly idle: Worker[] = [];
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly timeoutS: number,
  ) {}

  /** Starts a worker ahead of the first file, so that its code is ready when a file comes. */
  warm(): void {
    if (this.idle.length + this.running === 0) {
      const worker = this.newWorker();
      if (worker) this.idle.push(worker);
    }
  }

  run(request: WorkerRequest, shown: string, files = 1): Job {
    let job: Queued | null = null;
    const promise = new Promise<WorkerAnswer>((resolve) => {
      job = { request, shown, files, resolve, worker: null, timer: null, done: false };
      this.queue.push(job);
    });
    const queued = job as unknown as Queued;
    this.pump();
    return {
      promise,
      cancel: () => this.finish(queued, { ok: false, code: 'CANCELLED', message: 'Annulé.' }, false),
    };
  }

  private newWorker(): Worker | null {
    try {
      if (this.url === null) {
        this.url = URL.createObjectURL(new Blob([__CLS_BILAN_WORKER__], { type: 'text/javascript' }));
      }
      return new Worker(this.url);
    } catch {
      return null;
    }
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Queued;
      if (!job.done) this.start(job);
    }
  }

  private start(job: Queued): void {
    const worker = this.idle.pop() ?? this.newWorker();
    if (!worker) {
      this.finish(
        job,
        {
          ok: false,
          code: 'INTERNAL',
          message: typeset(
            'Ce navigateur refuse de lancer la lecture en arrière-plan (Web Worker). Ouvrez la page dans une version récente de Firefox, Chrome ou Edge.',
          ),
        },
        false,
      );
      return;
    }
    this.running++;
    job.worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => this.finish(job, event.data, true);
    worker.onerror = (event) => {
      event.preventDefault();
      this.finish(
        job,
        {
          ok: false,
          code: 'INTERNAL',
          message: typeset(
            `La lecture de « ${job.shown} » s'est arrêtée (mémoire insuffisante ou classeur mal formé). ` +
              'Enregistrez une copie sans les feuilles inutiles, puis déposez-la de nouveau.',
          ),
          detail: event.message,
        },
        false,
      );
    };
    const seconds = this.timeoutS * Math.max(1, job.files);
    job.timer = setTimeout(() => {
      this.finish(
        job,
        {
          ok: false,
          code: 'TIMEOUT',
          message: typeset(
            `« ${job.shown} » n'a pas pu être lu en ${seconds} s : le classeur est trop lourd ou mal formé. ` +
              'Enregistrez une copie sans les feuilles inutiles, puis déposez-la de nouveau.',
          ),
        },
        false,
      );
    }, seconds * 1000);
    worker.postMessage(job.request);
  }

  /** The job's answer; its worker is kept for the next request when it answered, else terminated. */
  private finish(job: Queued, answer: WorkerAnswer, answered: boolean): void {
    if (job.done) return;
    job.done = true;
    if (job.timer !== null) clearTimeout(job.timer);
    const worker = job.worker;
    if (worker) {
      this.running--;
      worker.onmessage = null;
      worker.onerror = null;
      if (answered && this.idle.length < this.concurrency) this.idle.push(worker);
      else worker.terminate();
    }
    job.resolve(answer);
    this.pump();
  }
}

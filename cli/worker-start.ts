/**
 * The pool's worker threads, and the first of them started before the command has even loaded
 * the rest of its code. A worker takes about 0.1 s to start (a V8 isolate, then the bundled core):
 * started first thing, it gets ready while the main thread loads its own modules and lists the
 * files, instead of after. Only this module, node:fs, node:path and node:worker_threads are loaded
 * to do so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Each worker's heap cap, MB: a workbook that needs more fails alone with OUT_OF_MEMORY. */
export const DEFAULT_MEMORY_MB = 2048;

/**
 * The worker as one file bundled by esbuild (`npm run build:worker`): a worker starts faster,
 * since Node no longer resolves and reads the files of the core and its dependencies one by one.
 * worker-entry.js runs the bundle from the code cache made at build time, which spares the worker
 * most of its compiling (code-cache.ts). The Word library is inside too (so that an installed
 * command needs no `docx` package), behind a lazy import: only the runs that ask for a Word bilan
 * execute it. Falls back to the plain compiled worker when the bundle has not been built.
 */
const WORKER_FILE = existsSync(join(__dirname, 'convert-worker.bundle.js'))
  ? join(__dirname, 'worker-entry.js')
  : join(__dirname, 'convert-worker.js');

export function startWorker(memoryMb: number): Worker {
  // A larger young generation (64 MB against V8's default of 16) means fewer scavenges: reading
  // and laying out a workbook allocates many short-lived cells and strings.
  return new Worker(WORKER_FILE, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64 },
  });
}

/** The worker started ahead, until the pool takes it; null once taken, or when it failed. */
let ahead: { worker: Worker; memoryMb: number; alive: boolean } | null = null;

/**
 * Starts one worker ahead, with the default limits, for a command that will read files. It does
 * not keep the process alive: a command that ends without reading any file (a usage error, no
 * workbook found) exits at once.
 */
export function startWorkerAhead(): void {
  if (ahead) return;
  const worker = startWorker(DEFAULT_MEMORY_MB);
  const started = { worker, memoryMb: DEFAULT_MEMORY_MB, alive: true };
  // Until the pool takes it, a failure to start only means the pool starts its own.
  worker.once('error', () => (started.alive = false));
  worker.once('exit', () => (started.alive = false));
  worker.unref();
  ahead = started;
}

/**
 * A worker with these limits: the one started ahead when it matches and is alive, else a new one.
 * The worker keeps the process alive from now on.
 */
export function takeWorker(memoryMb: number): Worker {
  const taken = ahead;
  ahead = null;
  if (taken && taken.alive && taken.memoryMb === memoryMb) {
    taken.worker.ref();
    return taken.worker;
  }
  if (taken) void taken.worker.terminate();
  return startWorker(memoryMb);
}

const COMMANDS = new Set(['convert', 'inspect', 'sync']);

/**
 * Whether the arguments look like a command that reads files: some word besides the command's name
 * and the options, and no --help. Wrong at worst on an option's value, which costs one worker.
 */
export function readsFiles(args: readonly string[]): boolean {
  return !args.includes('--help') && !args.includes('-h') && args.some((a) => !a.startsWith('-') && !COMMANDS.has(a));
}

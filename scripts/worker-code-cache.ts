/**
 * Makes the code caches of the bundled worker and command (cli/code-cache.ts), the last step of
 * `npm run build`: a worker started as the command starts its own converts, inspects and syncs the
 * samples in a temporary folder (the samples are not touched), then hands the bytecode of
 * everything it ran, written to dist/cli/convert-worker.bundle.cache; then the bundled command
 * converts and inspects them here, its output thrown away, and its bytecode goes to
 * dist/cli/main.bundle.cache. Without the samples (an installed copy), no cache is made and the
 * command compiles as it goes.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ConvertResult, ConvertTask } from '../cli/convert-task';
import type { InspectResult, InspectTask } from '../cli/inspect-task';
import type { WorkerRequest } from '../cli/pool';
import type { SyncResult, SyncTask } from '../cli/sync/sync-file';
import { codeCacheOf, runCachedBundle } from '../cli/code-cache';
import { CODE_CACHE_REQUEST, type CodeCacheAnswer, WORKER_BUNDLE, WORKER_CODE_CACHE } from '../cli/worker-entry';
import { DEFAULT_MEMORY_MB, startWorker } from '../cli/worker-start';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const MAIN_BUNDLE = join(__dirname, '..', 'cli', 'main.bundle.js');
const MAIN_CODE_CACHE = join(__dirname, '..', 'cli', 'main.bundle.cache');

/** The answer to one request. */
function ask<T>(worker: Worker, request: WorkerRequest | { kind: typeof CODE_CACHE_REQUEST }): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => reject(e instanceof Error ? e : new Error(String(e)));
    worker.once('error', fail);
    worker.once('message', (answer: T) => {
      worker.off('error', fail);
      resolve(answer);
    });
    worker.postMessage(request);
  });
}

/** The samples' workbooks, .xlsx and .ods. */
function sampleFiles(): string[] {
  const files: string[] = [];
  for (const dir of [SAMPLES, join(SAMPLES, 'ods')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (/\.(xlsx|ods)$/.test(name)) files.push(join(dir, name));
  }
  return files;
}

/** The command's cache: the bundled command run on the samples in this process, what it prints thrown away. */
async function commandCache(files: readonly string[], out: string): Promise<number> {
  const { script, exports } = runCachedBundle(MAIN_BUNDLE, MAIN_CODE_CACHE + '.absent');
  const command = exports as { main: (args: string[]) => Promise<number> };
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) stream.write = () => true;
  let codes: number[];
  try {
    codes = [
      // Apart: a sample and its .ods copy would have the same bilan names.
      await command.main([
        'convert',
        ...files.filter((f) => f.endsWith('.xlsx')),
        '--out',
        join(out, 'xlsx'),
        '--force',
      ]),
      await command.main(['convert', ...files.filter((f) => f.endsWith('.ods')), '--out', join(out, 'ods'), '--force']),
      await command.main(['inspect', ...files]),
      await command.main(['--help']),
    ];
  } finally {
    streams.forEach((stream, i) => (stream.write = writes[i]));
  }
  if (codes.some((code) => code !== 0))
    throw new Error(`la commande a échoué sur les exemples (codes ${codes.join(', ')})`);
  const cache = codeCacheOf(script, MAIN_BUNDLE);
  writeFileSync(MAIN_CODE_CACHE, cache);
  return cache.length;
}

async function main(): Promise<void> {
  rmSync(WORKER_CODE_CACHE, { force: true });
  rmSync(MAIN_CODE_CACHE, { force: true });
  const files = sampleFiles();
  if (files.length === 0 || !existsSync(WORKER_BUNDLE)) {
    process.stdout.write('cache de code du travailleur non construit : pas d’exemples ou pas de travailleur groupé\n');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'cls-bilan-code-cache-'));
  const worker = startWorker(DEFAULT_MEMORY_MB);
  const failures: string[] = [];
  try {
    for (const [i, input] of files.entries()) {
      const convert: ConvertTask = {
        input,
        outputBase: join(out, `${i}.bilan`),
        formats: ['xlsx', 'html', 'json'],
        force: true,
      };
      const converted = await ask<ConvertResult>(worker, { kind: 'convert', task: convert });
      const inspect: InspectTask = { input, shown: input };
      const inspected = await ask<InspectResult>(worker, { kind: 'inspect', task: inspect });
      // A sample that fails here is a bug the tests catch; the cache would only miss its code.
      if (!converted.ok || !inspected.ok) failures.push(input);
      if (input.endsWith('.xlsx')) {
        const sync: SyncTask = { input, out: join(out, `sync-${i}`), dryRun: false, noBackup: true, stamp: 'cache' };
        const synced = await ask<SyncResult>(worker, { kind: 'sync', task: sync });
        if (synced.status === 'failed') failures.push(`${input} (sync)`);
      }
    }
    const answer = await ask<CodeCacheAnswer>(worker, { kind: CODE_CACHE_REQUEST });
    writeFileSync(WORKER_CODE_CACHE, answer.codeCache);
    process.stdout.write(
      `cache de code du travailleur : ${Math.round(answer.codeCache.length / 1024)} Ko, ` +
        `après ${files.length} exemples convertis, inspectés et synchronisés\n`,
    );
    if (failures.length > 0) process.stdout.write(`  échecs pendant sa construction : ${failures.join(', ')}\n`);
    await worker.terminate();
    if (existsSync(MAIN_BUNDLE)) {
      const bytes = await commandCache(files, out);
      process.stdout.write(`cache de code de la commande : ${Math.round(bytes / 1024)} Ko\n`);
    }
  } finally {
    await worker.terminate();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`cache de code du travailleur : échec (${e instanceof Error ? e.message : String(e)})\n`);
  process.exitCode = 1;
});

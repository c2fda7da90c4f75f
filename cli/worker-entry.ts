/**
 * The entry point of every worker thread when the worker is bundled: runs convert-worker.bundle.js
 * from its code cache (code-cache.ts). The one request it answers itself, `code-cache`, comes only
 * from the build (scripts/worker-code-cache.ts), after the samples' conversions: the new cache's bytes.
 */
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { type CacheUse, codeCacheOf, runCachedBundle } from './code-cache';

export const WORKER_BUNDLE = join(__dirname, 'convert-worker.bundle.js');
export const WORKER_CODE_CACHE = join(__dirname, 'convert-worker.bundle.cache');

/** The build's request for the code cache, and its answer. */
export const CODE_CACHE_REQUEST = 'code-cache';
export interface CodeCacheAnswer {
  codeCache: Uint8Array;
  /** What became of the cache this worker started from. */
  startedWith: CacheUse;
}

if (parentPort) {
  const port = parentPort;
  const { script, cache } = runCachedBundle(WORKER_BUNDLE, WORKER_CODE_CACHE);
  port.on('message', (request: { kind?: string }) => {
    if (request.kind !== CODE_CACHE_REQUEST) return;
    const answer: CodeCacheAnswer = { codeCache: codeCacheOf(script, WORKER_BUNDLE), startedWith: cache };
    port.postMessage(answer);
  });
}

/**
 * The bundled worker and command run from V8's code cache. Started cold, a worker spends about a
 * tenth of a second compiling: the 1.6 MB bundle's top level when it loads, then each function the
 * first time it is called; the command's main thread, half as much. The caches, made at build time
 * once the worker has converted the samples and the command has run on them
 * (scripts/worker-code-cache.ts), hold the bytecode of every function those runs used, so that
 * almost nothing is compiled when the command starts.
 *
 * The cache file is the SHA-256 of the bundle it was made from, then V8's data. V8 itself refuses
 * data from another V8 version or other flags, but checks the source only by its length: the hash
 * keeps a cache from being applied to another build of the bundle. A cache that is missing, made
 * for another bundle or refused only costs the compilation it would have saved.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

const HASH_BYTES = 32;

/** What became of the cache: used, refused by V8, made for another bundle, or not there. */
export type CacheUse = 'accepted' | 'rejected' | 'stale' | 'absent';

export interface CachedBundle {
  script: Script;
  cache: CacheUse;
  /** What the bundle exports (`module.exports`). */
  exports: unknown;
}

function sourceHash(source: Buffer): Buffer {
  return createHash('sha256').update(source).digest();
}

/** V8's cache data in `cacheFile`, when the file was made from exactly this source. */
function cacheFor(source: Buffer, cacheFile: string): { data?: Buffer; use: CacheUse } {
  if (!existsSync(cacheFile)) return { use: 'absent' };
  const file = readFileSync(cacheFile);
  if (file.length <= HASH_BYTES || !file.subarray(0, HASH_BYTES).equals(sourceHash(source))) return { use: 'stale' };
  return { data: file.subarray(HASH_BYTES), use: 'accepted' };
}

/**
 * Runs a CommonJS bundle as `require` would (same wrapper, its own `require`, `__filename` and
 * `__dirname`), compiled from its code cache when there is a good one. Returns the script, from
 * which `codeCacheOf` makes a new cache.
 */
export function runCachedBundle(bundle: string, cacheFile: string): CachedBundle {
  const source = readFileSync(bundle);
  const cached = cacheFor(source, cacheFile);
  const script = new Script(wrap(source.toString('utf8')), {
    filename: bundle,
    ...(cached.data ? { cachedData: cached.data } : {}),
  });
  const cache: CacheUse = cached.data && script.cachedDataRejected ? 'rejected' : cached.use;
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { script, cache, exports: module.exports };
}

/** The cache file for `bundle`, from the script that ran it: the bytecode of every function compiled so far. */
export function codeCacheOf(script: Script, bundle: string): Buffer {
  return Buffer.concat([sourceHash(readFileSync(bundle)), script.createCachedData()]);
}

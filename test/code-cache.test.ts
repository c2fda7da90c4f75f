/**
 * The code caches (cli/code-cache.ts): the ones the build makes are used by a fresh Node, and
 * a cache that does not belong to the bundle (another build of the same length, another V8, none)
 * is left aside while the bundle still runs. Each case runs in its own `node`, as a worker would:
 * jest's own process compiles with other settings.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', 'dist', 'cli');
const BUNDLE = join(DIST, 'convert-worker.bundle.js');
const CACHE = join(DIST, 'convert-worker.bundle.cache');

/** What a fresh `node` makes of the cache when it runs the bundle, and whether the bundle ran. */
function cacheUse(bundle: string, cache: string): { use: string; code: number | null; stderr: string } {
  const program =
    `const r = require(${JSON.stringify(join(DIST, 'code-cache.js'))})` +
    `.runCachedBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}); process.stdout.write(r.cache);`;
  const run = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8' });
  return { use: run.stdout, code: run.status, stderr: run.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cls-code-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the build made the caches, and a fresh Node compiles the worker and the command from them', () => {
  expect(existsSync(CACHE)).toBe(true);
  expect(cacheUse(BUNDLE, CACHE)).toEqual({ use: 'accepted', code: 0, stderr: '' });
  const command = join(DIST, 'main.bundle.js');
  expect(cacheUse(command, join(DIST, 'main.bundle.cache'))).toEqual({ use: 'accepted', code: 0, stderr: '' });
});

test('the cache of another build of the bundle, even of the same length, is not used', () => {
  const bundle = join(dir, 'other.bundle.js');
  const source = readFileSync(BUNDLE, 'utf8');
  // One character of a comment changed: V8 alone, which compares lengths, would take the cache.
  const at = source.indexOf('// dist/');
  expect(at).toBeGreaterThan(0);
  writeFileSync(bundle, `${source.slice(0, at)}//_${source.slice(at + 3)}`);
  expect(readFileSync(bundle).length).toBe(readFileSync(BUNDLE).length);
  copyFileSync(CACHE, join(dir, 'other.cache'));
  expect(cacheUse(bundle, join(dir, 'other.cache'))).toEqual({ use: 'stale', code: 0, stderr: '' });
});

test('a cache V8 refuses (made by another version) only costs the compiling', () => {
  const cache = readFileSync(CACHE);
  // The bytes after the bundle's hash start with V8's magic number and version hash.
  for (let i = 32; i < 40; i++) cache[i] ^= 0xff;
  writeFileSync(join(dir, 'refused.cache'), cache);
  expect(cacheUse(BUNDLE, join(dir, 'refused.cache'))).toEqual({ use: 'rejected', code: 0, stderr: '' });
});

test('without a cache, the bundle runs as it is', () => {
  expect(cacheUse(BUNDLE, join(dir, 'missing.cache'))).toEqual({ use: 'absent', code: 0, stderr: '' });
});

/**
 * Builds the page that needs no installation: `dist-page/cls-bilan.html`, one file. The worker
 * (page/worker/worker.ts: the reader, the checks, the layouts and the writers) and the page
 * (page/index.tsx: React and Fluent UI) are bundled by esbuild; the worker's code is inlined as a
 * string the page starts from a Blob URL; the page's script is inlined in the html, allowed by its
 * SHA-256 in a Content-Security-Policy that forbids every connection. Prints the size, uncompressed
 * and gzipped, and fails past the budget.
 *
 *   npm run build:page
 *   tsx scripts/build-page.ts --if-stale     (only when a source is newer than the built page: the
 *                                             add-in's webpack build calls it so)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const ROOT = join(__dirname, '..');
const OUT_DIR = join(ROOT, 'dist-page');
export const PAGE_FILE = join(OUT_DIR, 'cls-bilan.html');
/** The budget: 3 MB uncompressed. */
const BUDGET_BYTES = 3 * 1024 * 1024;

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const COMMON: BuildOptions = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  // Current Firefox, Chrome and Edge.
  target: ['es2020', 'chrome100', 'firefox100', 'edge100'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  define: {
    __CLS_BILAN_VERSION__: JSON.stringify(version),
    'process.env.NODE_ENV': '"production"',
  },
};

/** No Node built-in in the page: any import of one stops the build. */
const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^node:|^(fs|path|os|crypto|stream|zlib|worker_threads|child_process)$/ }, (args) => {
      return { errors: [{ text: `Node built-in « ${args.path} » imported by ${args.importer}: not in the page` }] };
    });
  },
};

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    ...COMMON,
    entryPoints: [join(ROOT, entry)],
    define: { ...COMMON.define, ...define },
    jsx: 'automatic',
    plugins: [browserOnly],
    tsconfig: join(ROOT, 'page', 'tsconfig.json'),
  });
  const [output] = result.outputFiles ?? [];
  if (!output) throw new Error(`esbuild made nothing of ${entry}`);
  return output.text;
}

/** The script as the html parser must see it: nothing in it may end or escape the <script> element. */
function inlineSafe(code: string): string {
  // In the bundle these sequences sit in strings and patterns, where `<\/` and `<\!` mean the same.
  const safe = code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  if (/<\/script|<!--/i.test(safe)) throw new Error('the bundle cannot be inlined');
  // Still a valid script (a `<\!` in a pattern with the u flag would not be): compiled, not run.
  new Script(safe);
  return safe;
}

export async function buildPage(): Promise<{ path: string; bytes: number; gzipped: number }> {
  const worker = await bundle('page/worker/worker.ts');
  const page = await bundle('page/index.tsx', { __CLS_BILAN_WORKER__: JSON.stringify(worker) });
  const script = `\n${inlineSafe(page)}\n`;
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const template = readFileSync(join(ROOT, 'page', 'cls-bilan.html'), 'utf8');
  const [before, after] = template.split(/[ \t]*%SCRIPT%\s*/);
  if (after === undefined) throw new Error('page/cls-bilan.html has no %SCRIPT%');
  // The script element's text is exactly `script`: the hash in the policy is of these very characters.
  const html =
    before.replace(/\s*$/, '').replace('%CSP%', csp).replace('%VERSION%', version) + script + after.replace(/^\s*/, '');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(PAGE_FILE, html);
  const bytes = Buffer.byteLength(html);
  const gzipped = gzipSync(html, { level: 9 }).length;
  return { path: PAGE_FILE, bytes, gzipped };
}

/** What the page is made of: its sources, the code it bundles, this script and the dependencies' versions. */
const SOURCES = ['page', 'core', 'addin', 'scripts/build-page.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether dist-page/cls-bilan.html is missing or older than one of its sources. */
export function pageIsStale(): boolean {
  if (!existsSync(PAGE_FILE)) return true;
  const built = statSync(PAGE_FILE).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)} Mo`;
}

if (require.main === module) {
  if (process.argv.includes('--if-stale') && !pageIsStale()) {
    console.log(`${PAGE_FILE} : à jour`);
    process.exit(0);
  }
  buildPage()
    .then(({ path, bytes, gzipped }) => {
      console.log(`${path} : ${mb(bytes)} (${mb(gzipped)} compressé gzip), budget ${mb(BUDGET_BYTES)}`);
      if (bytes > BUDGET_BYTES) {
        console.error(`La page dépasse le budget de ${mb(BUDGET_BYTES)}.`);
        process.exitCode = 1;
      }
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}

/**
 * Benchmark of the page that needs no installation (`npm run bench:page`), in headless Chromium
 * (Debian's, driven by playwright-core). Prints:
 * - the page's size, uncompressed and gzipped (budget 3 MB uncompressed);
 * - open-to-ready: from navigation to « Choisir des fichiers… » shown, a fresh browser context
 *   each time (median of BENCH_OPEN_RUNS, default 7; target ≤ 1 s);
 * - the bench workbook of `npm run bench` (scripts/bench-convert.ts: 20,000 actions over 5 yearly
 *   sheets) in the page against the built command on the same file, the same steps, in the same
 *   run, each round taking the four in turn (median of BENCH_RUNS rounds, default 3):
 *   - reading (read, checks, counts: the card shown) against `cls-bilan inspect --json`;
 *   - the xlsx bilan (read again, analyse, lay out, write: the download received) against
 *     `cls-bilan convert --format xlsx`;
 *   target: page ÷ command ≤ 1.5 for each. The command's times are those of a fresh Node process
 *   (start-up included), the page's start at the pick of the file (the page is already open).
 * Not a test: figures depend on the machine. The last line is
 * `page_mb=… open_ms=… read_ratio=… bilan_ratio=…`.
 *
 *   npm run bench:page                    (builds the command, and the page when it is stale)
 *   BENCH_ACTIONS=5000 BENCH_RUNS=1 npm run bench:page
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { makeWorkbook, YEARS } from './bench-convert';
import { buildPage, PAGE_FILE, pageIsStale } from './build-page';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'cls-bilan.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 20000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const OPEN_RUNS = Math.max(1, Number(process.env.BENCH_OPEN_RUNS ?? 7));
const BUDGET_BYTES = 3 * 1024 * 1024;
/** The page's time limit per file for the large workbook (`?delai=`, seconds): never reached. */
const TIME_LIMIT_S = 3600;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)} Mo`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value}\n`);
}

/** A fresh Node process of the built command, timed from spawn to exit. */
function command(args: readonly string[]): number {
  const t = performance.now();
  execFileSync('node', [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 512 * 1024 * 1024 });
  return performance.now() - t;
}

async function openToReady(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(url);
    await page.getByRole('button', { name: 'Choisir des fichiers…' }).waitFor();
    return performance.now() - t;
  } finally {
    await context.close();
  }
}

/** The large workbook picked in a page already open: reading, then the xlsx bilan downloaded. */
async function pageRound(browser: Browser, file: string): Promise<{ read: number; bilan: number; bytes: number }> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(PAGE_FILE).href}?delai=${TIME_LIMIT_S}`);
    await page.getByRole('button', { name: 'Choisir des fichiers…' }).waitFor();
    const name = file.split('/').pop() ?? file;
    const card = page.locator(`[data-testid="file-card"][data-file="${name}"]`);
    let t = performance.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as {
          document: { querySelectorAll(s: string): ArrayLike<unknown> };
        };
        return (
          document.querySelectorAll('[data-testid="file-card"]').length === 1 &&
          document.querySelectorAll('[data-testid="reading"]').length === 0
        );
      },
      undefined,
      { timeout: TIME_LIMIT_S * 1000, polling: 50 },
    );
    const read = performance.now() - t;
    if ((await card.getByTestId('file-error').count()) > 0) {
      throw new Error(`la page n'a pas lu le classeur : ${await card.getByTestId('file-error').textContent()}`);
    }
    t = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIME_LIMIT_S * 1000 }),
      card.locator('[data-download="xlsx"]').click(),
    ]);
    const path = await download.path();
    const bilan = performance.now() - t;
    return { read, bilan, bytes: statSync(path).size };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  if (pageIsStale()) await buildPage();
  const html = readFileSync(PAGE_FILE);
  const gzipped = gzipSync(html, { level: 9 }).length;
  process.stdout.write(`Page ${PAGE_FILE}\n`);
  line('taille (budget 3 Mo)', `${mb(html.length)}, ${mb(gzipped)} compressée gzip`);

  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-bench-page-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const url = pathToFileURL(PAGE_FILE).href;
    await openToReady(browser, url); // the browser's own first start, not counted
    const opens: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) opens.push(await openToReady(browser, url));
    const open = median(opens);
    line(
      `ouverture jusqu'à la page prête (médiane de ${OPEN_RUNS}, objectif ≤ 1 s)`,
      `${Math.round(open)} ms (${opens.map((o) => Math.round(o)).join(', ')})`,
    );

    const large = join(dir, `grand-${ACTIONS}-actions.xlsx`);
    await makeWorkbook(large, Math.round(ACTIONS / YEARS.length), YEARS);
    line(`classeur de ${ACTIONS} actions sur ${YEARS.length} années`, mb(statSync(large).size));

    const times = {
      pageRead: [] as number[],
      inspect: [] as number[],
      pageBilan: [] as number[],
      convert: [] as number[],
    };
    for (let round = 1; round <= RUNS; round++) {
      const tag = RUNS > 1 ? ` [${round}/${RUNS}]` : '';
      const inPage = await pageRound(browser, large);
      times.pageRead.push(inPage.read);
      times.pageBilan.push(inPage.bilan);
      times.inspect.push(command(['inspect', '--json', large]));
      times.convert.push(
        command(['convert', large, '--out', join(dir, 'out'), '--format', 'xlsx', '--force', '--quiet', '--jobs', '1']),
      );
      line(`page : lecture${tag}`, seconds(inPage.read));
      line(`commande : inspect --json${tag}`, seconds(times.inspect[round - 1]));
      line(`page : bilan xlsx téléchargé (${mb(inPage.bytes)})${tag}`, seconds(inPage.bilan));
      line(`commande : convert --format xlsx${tag}`, seconds(times.convert[round - 1]));
    }
    const readRatio = median(times.pageRead) / median(times.inspect);
    const bilanRatio = median(times.pageBilan) / median(times.convert);
    process.stdout.write(
      `médianes : lecture ${seconds(median(times.pageRead))} dans la page, ${seconds(median(times.inspect))} par inspect ; ` +
        `bilan ${seconds(median(times.pageBilan))} dans la page, ${seconds(median(times.convert))} par convert\n`,
    );
    process.stdout.write(`objectifs : page ≤ 3 Mo, ouverture ≤ 1000 ms, page ÷ commande ≤ 1.5\n`);
    process.stdout.write(
      `page_mb=${(html.length / 1048576).toFixed(2)} gzip_mb=${(gzipped / 1048576).toFixed(2)} ` +
        `open_ms=${Math.round(open)} read_ratio=${readRatio.toFixed(2)} bilan_ratio=${bilanRatio.toFixed(2)}\n`,
    );
    if (html.length > BUDGET_BYTES) process.stdout.write('La page dépasse le budget de 3 Mo.\n');
  } finally {
    await browser.close();
    if (process.env.BENCH_KEEP) process.stdout.write(`dossier gardé : ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Échec du benchmark : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

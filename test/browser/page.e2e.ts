/**
 * Browser test of the page that needs no installation (`dist-page/cls-bilan.html`), opened as
 * file:// in headless Chromium (Debian's, driven by playwright-core), as a coordinator opens it by
 * double-click. Against the built command (`node bin/cls-bilan.js`) on the same files:
 * - each sample and its .ods twin dropped, and the layout corpus (scripts/layout-corpus.ts, the
 *   workbooks test/inspect-layout.test.ts reads) dropped all at once: the counts, « % réalisé », the
 *   « Lecture » and the checks shown equal `inspect --json`'s;
 * - the bilans downloaded (xlsx, html, docx, json) and the region's synthesis equal `convert`'s,
 *   byte for byte, or part by part where the writers put the time;
 * - a hostile workbook of the fuzz corpus fails alone with a French message, terminated at the
 *   time limit, while a click is answered within 200 ms and the other files are read;
 * - the column chooser on a sheet whose state column has a header the reader does not know gives
 *   `inspect --colonnes`'s counts, and the workbook brought in step carries the mapping;
 * - no request leaves the page (only the file itself, and the workers' in-memory blob: URLs), also
 *   when it is served over https from a folder laid out as the add-in's (webpack.config.js copies
 *   the page beside taskpane.html); no Content-Security-Policy violation;
 * - contrast of at least 4.5:1, a name on every control, the downloads reached by keyboard.
 * Screenshots go to the temp folder (cls-bilan-page-*.png); with UPDATE_SCREENSHOT=1, the README's
 * two also to docs/ (page-fichier-lu.png, page-colonnes.png: scripts/readme-screenshots.sh).
 *
 *   npm run test:page            (builds the page and the command when their sources are newer)
 *   PAGE_SKIP_BUILD=1 npm run test:page     (the page as it was last built)
 *   PAGE_PHASES=corpus,servie PAGE_SKIP_BUILD=1 npm run test:page   (some phases only: exemples,
 *                                             ods, hostiles, colonnes, corpus, servie)
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DEFAULT_PALETTE } from '../../core/base/status';
import type { FileReport } from '../../core/report/report';
import { buildPage, PAGE_FILE, pageIsStale } from '../../scripts/build-page';
import { coordinatorWorkbook, EXPECTED as COORDINATOR_COUNTS } from '../coordinator-workbook';
import { differingParts } from './page-compare';
import {
  clickDelay,
  comparable,
  dropFiles,
  expectedFile,
  openEveryCheck,
  shownFile,
  tabbedLabels,
  unnamedControls,
  waitColumnsApplied,
  waitSettled,
} from './page-dom';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cls-bilan.js');
const SAMPLES = join(ROOT, 'samples');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = {
  empty: join(tmpdir(), 'cls-bilan-page-vide.png'),
  read: join(tmpdir(), 'cls-bilan-page-fichier-lu.png'),
  columns: join(tmpdir(), 'cls-bilan-page-colonnes.png'),
  downloads: join(tmpdir(), 'cls-bilan-page-telechargements.png'),
  hostile: join(tmpdir(), 'cls-bilan-page-fichier-hostile.png'),
  top: join(tmpdir(), 'cls-bilan-page-haut.png'),
};
/** The README's pictures (UPDATE_SCREENSHOT=1): the page with the samples read, the column chooser. */
const README_SHOTS = process.env.UPDATE_SCREENSHOT
  ? { read: join(ROOT, 'docs', 'page-fichier-lu.png'), columns: join(ROOT, 'docs', 'page-colonnes.png') }
  : null;
/** The time limit the hostile phase opens the page with (`?delai=`), seconds. */
/**
 * The page's time limit per file for the hostile files (?delai=): well below the slow file's
 * reading time (page-hostile.ts), well above the good file's.
 */
const HOSTILE_TIMEOUT_S = 4;

let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, detail = ''): void {
  if (ok) {
    passed++;
    console.log(`  ✓ ${name}`);
  } else {
    failed++;
    console.log(`  ✗ ${name}${detail ? ` — ${detail.slice(0, 2000)}` : ''}`);
  }
}

function equal(name: string, actual: unknown, expected: unknown): void {
  const a = typeof actual === 'string' ? actual : JSON.stringify(actual);
  const e = typeof expected === 'string' ? expected : JSON.stringify(expected);
  check(name, a === e, `attendu ${e}\n      obtenu ${a}`);
}

// ---------------------------------------------------------------------------------------------
// The command, the page, the browser

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command, run beside the browser (the checks wait for it only when they need it). */
function cli(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { cwd, maxBuffer: 200 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function inspect(files: readonly string[], cwd: string, extra: readonly string[] = []): Promise<FileReport[]> {
  const run = await cli(['inspect', '--json', ...extra, ...files], cwd);
  return (JSON.parse(run.stdout) as { files: FileReport[] }).files;
}

/** The newest modification time of the TypeScript files under these folders. */
function newestSource(folders: readonly string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of folders) walk(join(ROOT, folder));
  return newest;
}

/**
 * The page and the command are built when missing or older than their sources: both must come from
 * the same code for their outputs to be compared.
 */
async function buildAll(): Promise<void> {
  const built = join(ROOT, 'dist', 'cli', 'convert-worker.bundle.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource(['core', 'cli'])) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  // Built again unless it is newer than all its sources (the add-in's webpack build, run before in
  // `npm test`, builds it too).
  if ((process.env.PAGE_SKIP_BUILD && existsSync(PAGE_FILE)) || !pageIsStale()) return;
  const { bytes, gzipped } = await buildPage();
  console.log(`Page construite : ${(bytes / 1048576).toFixed(2)} Mo (${(gzipped / 1048576).toFixed(2)} Mo gzip)`);
}

interface CorpusFiles {
  folder: string;
  files: string[];
  inspected: FileReport[];
}

/** The layout corpus, written by a child process (page-corpus.ts), then read by `inspect --json`. */
function writeCorpusFiles(folder: string): Promise<CorpusFiles> {
  const written = new Promise<string[]>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'page-corpus.ts'), folder],
      { cwd: ROOT, maxBuffer: 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as string[])),
    );
  });
  return written.then(async (files) => ({ folder, files, inspected: await inspect(files, folder) }));
}

/** A screenshot of an element, cut to `maxHeight` pixels from its top. */
async function shotTop(element: Locator, path: string, maxHeight: number): Promise<void> {
  const full = PNG.sync.read(await element.screenshot());
  const height = Math.min(full.height, maxHeight);
  const cut = new PNG({ width: full.width, height });
  PNG.bitblt(full, cut, 0, 0, full.width, height, 0, 0);
  writeFileSync(path, PNG.sync.write(cut));
}

interface HostileFiles {
  slow: string;
  bomb: string;
}

function writeHostileFiles(folder: string): Promise<HostileFiles> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'page-hostile.ts'), folder],
      { cwd: ROOT, maxBuffer: 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as HostileFiles)),
    );
  });
}

interface OpenPage {
  page: Page;
  /** Every URL the page (and its workers) asked for. */
  requests: string[];
  /** Console messages about the Content-Security-Policy, and uncaught errors. */
  problems: string[];
  /** Milliseconds from navigation to the page ready. */
  readyMs: number;
}

async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({
    ...options,
    acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
  });
  // tsx compiles this file keeping function names with a `__name` helper, which the functions
  // evaluated in the page then call: the browser gives it to the page (no script tag is added).
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`erreur de la page : ${e.message}`));
  const start = Date.now();
  await page.goto(url);
  await page.getByRole('button', { name: 'Choisir des fichiers…' }).waitFor();
  return { page, requests, problems, readyMs: Date.now() - start };
}

function sample(path: string): { name: string; bytes: Uint8Array } {
  return { name: path.split('/').pop() ?? path, bytes: new Uint8Array(readFileSync(path)) };
}

function card(page: Page, file: string) {
  return page.locator(`[data-testid="file-card"][data-file="${file}"]`);
}

/** Clicks a download button and returns the file the browser received. */
async function download(page: Page, button: ReturnType<Page['locator']>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** Requests other than the page itself and the workers' in-memory scripts. */
function outsideRequests(open: OpenPage, own: string): string[] {
  return open.requests.filter((u) => u !== own && !u.startsWith('blob:'));
}

function textBelowContrast(page: Page, min: number): Promise<string[]> {
  const scan = readFileSync(join(__dirname, 'contrast-scan.js'), 'utf8');
  return page.evaluate(`(${scan})(${min})`) as Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------
// The phases

const XLSX_SAMPLES = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.xlsx'))
  .sort();
const ODS_SAMPLES = readdirSync(join(SAMPLES, 'ods'))
  .filter((f) => f.endsWith('.ods'))
  .sort();

/** Counts, « % réalisé », « Lecture » and checks of every file shown, against `inspect --json`. */
async function compareWithInspect(
  page: Page,
  files: readonly string[],
  inspected: Promise<FileReport[]>,
  label: string,
): Promise<void> {
  const reports = await inspected;
  await openEveryCheck(page);
  for (const [i, file] of files.entries()) {
    const shown = await shownFile(page, file);
    const expected = expectedFile(reports[i], shown.sheets.length);
    equal(
      `${label} ${file} : nombres, % réalisé, lecture et contrôles = inspect --json`,
      comparable(shown),
      comparable(expected),
    );
  }
}

async function samplesPhase(browser: Browser, work: string): Promise<void> {
  console.log('Exemples .xlsx : lecture, téléchargements, synthèse');
  const url = pathToFileURL(PAGE_FILE).href;
  // The command on the same files, named as the page names them (the bare file names), beside the browser.
  const out = join(work, 'convert');
  const converting = cli(
    ['convert', ...XLSX_SAMPLES, '--out', out, '--format', 'xlsx,html,docx,json', '--force'],
    SAMPLES,
  );
  const inspected = inspect(XLSX_SAMPLES, SAMPLES);
  const open = await openPage(browser, url);
  const { page } = open;
  console.log(`  (page prête en ${open.readyMs} ms)`);
  await page.screenshot({ path: SHOTS.empty, fullPage: true });
  check(
    'la page dit « Vos fichiers ne quittent pas cet ordinateur »',
    (await page.getByTestId('privacy').textContent())?.includes('Vos fichiers ne quittent pas cet ordinateur') === true,
  );
  const csp = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  check(
    "Content-Security-Policy : default-src 'none', connect-src 'none', scripts par empreinte",
    /default-src 'none'/.test(csp) &&
      /connect-src 'none'/.test(csp) &&
      /script-src 'sha256-/.test(csp) &&
      !/unsafe-eval|script-src[^;]*unsafe-inline/.test(csp),
    csp,
  );
  // The html around the inlined script: no external src, href or url().
  const html = readFileSync(PAGE_FILE, 'utf8').replace(/<script>[\s\S]*<\/script>/, '<script></script>');
  const references = html.match(/\s(?:src|href)="(?!data:)[^"]*"|url\((?!data:)[^)]*\)/g) ?? [];
  check('la page ne référence rien au-dehors (src, href, url())', references.length === 0, references.join(' '));

  await dropFiles(
    page,
    XLSX_SAMPLES.map((f) => sample(join(SAMPLES, f))),
  );
  await waitSettled(page, XLSX_SAMPLES.length);
  await compareWithInspect(page, XLSX_SAMPLES, inspected, 'déposé :');
  // The top of the page with the samples read, as she sees it first.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: SHOTS.top });
  await card(page, 'petr-bilan-2022.xlsx').scrollIntoViewIfNeeded();
  await card(page, 'petr-bilan-2022.xlsx').screenshot({ path: SHOTS.read });
  if (README_SHOTS) copyFileSync(SHOTS.read, README_SHOTS.read);

  const lowContrast = await textBelowContrast(page, 4.5);
  check('tout texte de la page a un contraste d’au moins 4,5:1', lowContrast.length === 0, lowContrast.join(' | '));
  const unnamed = await unnamedControls(page);
  check('chaque contrôle a un nom (texte, étiquette ou aria-label)', unnamed.length === 0, unnamed.join(' | '));
  const tabbed = await tabbedLabels(page, 40);
  check(
    'au clavier : Tab atteint « Choisir des fichiers… » puis les téléchargements',
    tabbed.includes('Choisir des fichiers…') &&
      ['xlsx', 'docx', 'html', 'json', 'sync'].every((k) => tabbed.includes(k)),
    tabbed.join(' | '),
  );

  const run = await converting;
  check('convert des exemples', existsSync(join(out, 'synthese-contrats.xlsx')), run.stderr);
  for (const file of XLSX_SAMPLES) {
    const stem = file.replace(/\.xlsx$/, '');
    for (const format of ['xlsx', 'html', 'docx', 'json'] as const) {
      const got = await download(page, card(page, file).locator(`[data-download="${format}"]`));
      const want = readFileSync(join(out, `${stem}.bilan.${format}`));
      equal(`${file} : nom du ${format} téléchargé`, got.name, `${stem}.bilan.${format}`);
      if (format === 'xlsx' || format === 'docx') {
        const differ = differingParts(got.bytes, want);
        check(
          `${file} : bilan ${format} = convert (partie par partie, dates exceptées)`,
          differ.length === 0,
          differ.join(', '),
        );
      } else {
        check(`${file} : bilan ${format} = convert (octet pour octet)`, got.bytes.equals(want));
      }
    }
  }
  for (const format of ['xlsx', 'html'] as const) {
    const got = await download(page, page.locator(`[data-download="synthesis-${format}"]`));
    const want = readFileSync(join(out, `synthese-contrats.${format}`));
    if (format === 'xlsx') {
      const differ = differingParts(got.bytes, want);
      check('synthèse des contrats xlsx = convert', differ.length === 0, differ.join(', '));
    } else check('synthèse des contrats html = convert (octet pour octet)', got.bytes.equals(want));
  }
  // The downloads as she sees them: a file's buttons and what was downloaded.
  const last = card(page, XLSX_SAMPLES[XLSX_SAMPLES.length - 1]);
  await last.getByTestId('download-notice').scrollIntoViewIfNeeded();
  await page.evaluate('window.scrollBy(0, 200)');
  await page.screenshot({ path: SHOTS.downloads });
  equal('aucune requête hors de la page (file://)', outsideRequests(open, url), []);
  equal('aucune violation de la politique de sécurité, aucune erreur', open.problems, []);
  await page.context().close();
}

async function odsPhase(browser: Browser, work: string): Promise<void> {
  console.log('Exemples .ods');
  const url = pathToFileURL(PAGE_FILE).href;
  const open = await openPage(browser, url);
  const { page } = open;
  const ods = join(SAMPLES, 'ods');
  const inspected = inspect(ODS_SAMPLES, ods);
  await dropFiles(
    page,
    ODS_SAMPLES.map((f) => sample(join(ods, f))),
  );
  await waitSettled(page, ODS_SAMPLES.length);
  await compareWithInspect(page, ODS_SAMPLES, inspected, 'déposé :');
  check(
    'un .ods : la page explique ce qu’elle écrit au lieu de « Mettre mon classeur à jour »',
    (await page.getByTestId('ods-note').count()) === ODS_SAMPLES.length,
  );

  // Another colour for « En cours », as --palette: the badges take it, the bilan is convert --palette's.
  const palette = { ...DEFAULT_PALETTE, en_cours: '#3366FF' };
  const paletteFile = join(work, 'couleurs.json');
  writeFileSync(paletteFile, JSON.stringify(palette));
  const file = 'petr-bilan-2022.ods';
  const out = join(work, 'convert-palette');
  const converting = cli(['convert', file, '--out', out, '--format', 'xlsx', '--palette', paletteFile, '--force'], ods);
  await page.getByRole('button', { name: /Couleurs des états/ }).click();
  await page.getByLabel('Couleur de « En cours »').fill('#3366ff');
  await page.getByRole('button', { name: 'Appliquer à tous les fichiers' }).click();
  await page.waitForFunction((name: string) => {
    const { document } = globalThis as unknown as {
      document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
    };
    const badge = document.querySelector(`[data-testid="file-card"][data-file="${name}"] [data-status="en_cours"]`);
    return /#3366FF|51, 102, 255/i.test(badge?.getAttribute('style') ?? '');
  }, file);
  await waitSettled(page, ODS_SAMPLES.length);
  const got = await download(page, card(page, file).locator('[data-download="xlsx"]'));
  await converting;
  const differ = differingParts(got.bytes, readFileSync(join(out, 'petr-bilan-2022.bilan.xlsx')));
  check('couleurs changées dans la page : le bilan = convert --palette', differ.length === 0, differ.join(', '));
  equal('aucune requête hors de la page (.ods)', outsideRequests(open, url), []);
  equal('aucune violation de la politique de sécurité (.ods)', open.problems, []);
  await page.context().close();
}

async function hostilePhase(browser: Browser, work: string, written: Promise<HostileFiles>): Promise<void> {
  console.log(`Fichiers hostiles (délai ${HOSTILE_TIMEOUT_S} s)`);
  const { slow, bomb } = await written;
  const good = 'petr-bilan-2022.xlsx';
  // The command first: run beside the page, it would take the processor from the workers and the page.
  const bombReport = (await inspect([bomb], work))[0];
  const goodReport = (await inspect([good], SAMPLES))[0];
  const url = `${pathToFileURL(PAGE_FILE).href}?delai=${HOSTILE_TIMEOUT_S}`;
  const open = await openPage(browser, url);
  const { page } = open;
  // Picked rather than dropped: the test's drop builds the files in the page, whose garbage would
  // weigh on the page's own timing.
  await page.getByTestId('file-input').setInputFiles([join(work, slow), join(work, bomb), join(SAMPLES, good)]);
  await card(page, slow).getByTestId('reading').waitFor();
  // While the slow workbook is being read: a click opens the colours' panel at once.
  const delays: number[] = [];
  const header = page.getByRole('button', { name: /Couleurs des états/ });
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(250);
    delays.push(await clickDelay(header));
  }
  const stillReading = (await card(page, slow).getByTestId('reading').count()) === 1;

  check(
    'pendant la lecture du fichier hostile, un clic est suivi d’effet en moins de 200 ms',
    stillReading && Math.max(...delays) < 200,
    `${delays.map((d) => d.toFixed(0)).join(', ')} ms${stillReading ? '' : ' (lecture déjà finie)'}`,
  );
  await waitSettled(page, 3, (HOSTILE_TIMEOUT_S + 30) * 1000);
  const slowShown = await shownFile(page, slow);
  check(
    `« ${slow} » : arrêté au bout de ${HOSTILE_TIMEOUT_S} s, message en français`,
    slowShown.error?.code === 'TIMEOUT' &&
      new RegExp(`n’a pas pu être lu en ${HOSTILE_TIMEOUT_S}\\s?s`).test(slowShown.error.message),
    JSON.stringify(slowShown.error),
  );
  const bombShown = await shownFile(page, bomb);
  equal(`« ${bomb} » : l’erreur en français d’inspect`, comparable(bombShown), comparable(expectedFile(bombReport, 0)));
  const goodShown = await shownFile(page, good);
  equal(
    'le fichier déposé avec eux est lu',
    comparable(goodShown),
    comparable(expectedFile(goodReport, goodShown.sheets.length)),
  );
  await page.screenshot({ path: SHOTS.hostile, fullPage: true });
  equal('aucune requête hors de la page (fichiers hostiles)', outsideRequests(open, url), []);
  await page.context().close();
}

async function columnsPhase(browser: Browser, work: string): Promise<void> {
  console.log('Choix des colonnes');
  const name = 'suivi-cls.xlsx';
  const input = join(work, name);
  // Her own state column, « Où en est-on ? » (E), a header the reader does not know; « Statut de
  // départ » (D) is taken for the states.
  writeFileSync(input, await coordinatorWorkbook({ startColumn: true }));
  const doubtful = 'suivi-sans-etat.xlsx';
  writeFileSync(join(work, doubtful), await coordinatorWorkbook({ noStateColumn: true }));
  const untaught = inspect([name], work);
  const url = pathToFileURL(PAGE_FILE).href;
  const open = await openPage(browser, url);
  const { page } = open;
  await dropFiles(page, [sample(input), sample(join(work, doubtful))]);
  await waitSettled(page, 2);
  check(
    'lecture douteuse : « Bilan incomplet » et le choix des colonnes ouvert d’emblée',
    (await card(page, doubtful).getByTestId('columns-form').count()) === 1 &&
      (await card(page, doubtful).getByTestId('incomplete').count()) === 1,
  );
  const before = await shownFile(page, name);
  equal('sans choix : comme inspect', comparable(before), comparable(expectedFile((await untaught)[0], 1)));
  await card(page, name).getByTestId('columns-link').click();
  const form = card(page, name).getByTestId('columns-form');
  await form.waitFor();
  await form.locator('[data-role="status"]').click();
  await page.getByRole('option', { name: /^E — Où en est-on/ }).click();
  await waitColumnsApplied(page, name);
  const after = await shownFile(page, name);
  // The mapping the page read with (the state column chosen, the other roles as the reader had them), as --colonnes.
  const mapping = ((await card(page, name).getByTestId('columns-applied').getAttribute('data-columns')) ?? '').replace(
    /;/g,
    ',',
  );
  check('la page dit avec quelles colonnes elle a lu (état = E)', /(^|,)etat=E(,|$)/.test(mapping), mapping);
  const cliOut = join(work, 'sync-out', name);
  const syncing = cli(['sync', name, '--colonnes', mapping, '--out', join(work, 'sync-out')], work);
  const taught = (await inspect([name], work, ['--colonnes', mapping]))[0];
  equal('état = colonne E : les nombres d’inspect --colonnes', comparable(after), comparable(expectedFile(taught, 1)));
  const counts = after.sheets[0]?.badges ?? {};
  check(
    'état = colonne E : ses 25 actions comptées comme elle les a écrites',
    Object.entries(COORDINATOR_COUNTS).every(([k, v]) => counts[k] === v),
    JSON.stringify(counts),
  );
  await form.scrollIntoViewIfNeeded();
  await card(page, name).screenshot({ path: SHOTS.columns });
  if (README_SHOTS) await shotTop(card(page, name), README_SHOTS.columns, 720);
  const lowContrast = await textBelowContrast(page, 4.5);
  check('choix des colonnes : contraste d’au moins 4,5:1', lowContrast.length === 0, lowContrast.join(' | '));

  const synced = await download(page, card(page, name).locator('[data-download="sync"]'));
  const syncedPath = join(work, 'suivi-cls-a-jour.xlsx');
  writeFileSync(syncedPath, synced.bytes);
  const reread = (await inspect(['suivi-cls-a-jour.xlsx'], work))[0];
  const sheet = reread.sheets[0];
  check(
    'le classeur mis à jour garde les colonnes : inspect le lit bien sans option',
    sheet?.layout.taught === true &&
      Object.entries(COORDINATOR_COUNTS).every(([k, v]) => sheet.counts[k as keyof typeof sheet.counts] === v),
    JSON.stringify(sheet?.counts),
  );
  const sync = await syncing;
  check('cls-bilan sync --out sur le même classeur', sync.code === 0 || existsSync(cliOut), sync.stderr);
  if (existsSync(cliOut)) {
    const differ = differingParts(synced.bytes, readFileSync(cliOut));
    check('le classeur mis à jour = celui de cls-bilan sync --out', differ.length === 0, differ.join(', '));
  }
  equal('aucune requête hors de la page (colonnes)', outsideRequests(open, url), []);
  equal('aucune violation de la politique de sécurité (colonnes)', open.problems, []);
  await page.context().close();
}

/**
 * The layout corpus dropped all at once: each file as `inspect --json` reads it, in one call (run as
 * soon as the corpus is written, while the browser works on the earlier phases).
 */
async function corpusPhase(browser: Browser, work: string, corpus: Promise<CorpusFiles>): Promise<void> {
  console.log('Corpus des mises en page');
  const { folder, files, inspected } = await corpus;
  const url = pathToFileURL(PAGE_FILE).href;
  const open = await openPage(browser, url);
  const { page } = open;
  await dropFiles(
    page,
    files.map((f) => sample(join(folder, f))),
  );
  await waitSettled(page, files.length);
  await compareWithInspect(page, files, Promise.resolve(inspected), 'corpus :');
  equal('aucune requête hors de la page (corpus)', outsideRequests(open, url), []);
  equal('aucune violation de la politique de sécurité (corpus)', open.problems, []);
  await page.context().close();
}

/** webpack.config.js, as `npm run build:addin` evaluates it. */
type AddinConfig = (
  env: Record<string, never>,
  options: { mode: string },
) => Promise<{ output: { path: string }; plugins: object[] }>;

/** Whether the add-in's production build copies the built page, as it is, to the root of its folder. */
async function addinPublishesPage(): Promise<boolean> {
  const make = ((await import(join(ROOT, 'webpack.config.js'))) as { default: AddinConfig }).default;
  const config = await make({}, { mode: 'production' });
  const patterns = config.plugins.flatMap((plugin) => {
    const listed = (plugin as { patterns?: unknown }).patterns;
    return Array.isArray(listed) ? (listed as { from?: string; to?: string; transform?: unknown }[]) : [];
  });
  return (
    config.output.path === join(ROOT, 'dist-addin') &&
    config.plugins.some((plugin) => plugin.constructor.name === 'BuildPagePlugin') &&
    patterns.some((p) => p.from === 'dist-page/cls-bilan.html' && p.to === '[name][ext]' && p.transform === undefined)
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

/** A certificate for 127.0.0.1, made for this run (null when openssl is missing: the page is then served over http). */
function testCertificate(work: string): { key: Buffer; cert: Buffer } | null {
  const key = join(work, 'cle.pem');
  const cert = join(work, 'certificat.pem');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  return r.status === 0 ? { key: readFileSync(key), cert: readFileSync(cert) } : null;
}

/**
 * The page served from a folder laid out as the add-in's, the way webpack's dev server serves
 * dist-addin/ (webpack.config.js: the folder's files as they are, `Access-Control-Allow-Origin: *`),
 * over https: still no request but the page itself.
 */
async function servedPhase(browser: Browser, work: string): Promise<void> {
  const page = readFileSync(PAGE_FILE);
  check('le build du complément (webpack.config.js) publie la page à côté du volet', await addinPublishesPage());
  // The add-in's folder when its build holds this very page (npm test builds the add-in first),
  // otherwise a folder with the page alone.
  const built = join(ROOT, 'dist-addin', 'cls-bilan.html');
  let root = join(ROOT, 'dist-addin');
  if (!existsSync(built) || !readFileSync(built).equals(page)) {
    root = join(work, 'complement');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'cls-bilan.html'), page);
  }
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = normalize(join(root, decodeURIComponent((req.url ?? '/').split('?')[0])));
    if (!path.startsWith(root + sep) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(readFileSync(path));
  };
  const certificate = testCertificate(work);
  const server = certificate ? createHttpsServer(certificate, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scheme = certificate ? 'https' : 'http';
  const where = root === join(ROOT, 'dist-addin') ? 'dist-addin/' : 'la page seule';
  console.log(`Page servie en ${scheme} (${where}), comme par le serveur du complément`);
  const url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/cls-bilan.html`;
  try {
    const open = await openPage(browser, url, { ignoreHTTPSErrors: true });
    // A folder picked: its workbooks, in its subfolders too; other files and Excel's lock files left out.
    const folder = join(work, 'dossier');
    mkdirSync(join(folder, '2023'), { recursive: true });
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(folder, 'petr-bilan-2022.xlsx'));
    copyFileSync(join(SAMPLES, 'ods', 'petr-bilan-2023-couleur-seule.ods'), join(folder, '2023', 'suivi.ods'));
    writeFileSync(join(folder, 'notes.txt'), 'pas un classeur');
    writeFileSync(join(folder, '~$petr-bilan-2022.xlsx'), 'verrou');
    await open.page.getByTestId('folder-input').setInputFiles(folder);
    await waitSettled(open.page, 2);
    const paths = await open.page.getByTestId('file-title').allTextContents();
    equal('un dossier choisi : ses classeurs, sous-dossiers compris', paths.sort(), [
      'dossier/2023/suivi.ods',
      'dossier/petr-bilan-2022.xlsx',
    ]);
    await download(open.page, card(open.page, 'petr-bilan-2022.xlsx').locator('[data-download="docx"]'));
    equal(`servie en ${scheme} : aucune requête que la page elle-même`, outsideRequests(open, url), []);
    equal(`servie en ${scheme} : aucune violation de la politique de sécurité`, open.problems, []);
    await open.page.context().close();
  } finally {
    server.close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await buildAll();
  const work = mkdtempSync(join(tmpdir(), 'cls-bilan-page-'));
  mkdirSync(work, { recursive: true });
  copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(work, 'petr-bilan-2022.xlsx'));
  // PAGE_PHASES=corpus,servie runs some phases only (while working on them).
  const only = process.env.PAGE_PHASES?.split(',').map((p) => p.trim());
  const wanted = (name: string) => !only || only.includes(name);
  // The fuzz corpus is long to build, the layout corpus a few seconds (and read by inspect): made
  // by child processes while the browser works.
  const hostile = wanted('hostiles') ? writeHostileFiles(work) : Promise.resolve({ slow: '', bomb: '' });
  const corpus = wanted('corpus')
    ? writeCorpusFiles(join(work, 'corpus'))
    : Promise.resolve({ folder: '', files: [], inspected: [] });
  // Not awaited before their phases: a failure is reported there.
  hostile.catch(() => undefined);
  corpus.catch(() => undefined);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const phases: Record<string, () => Promise<void>> = {
    exemples: () => samplesPhase(browser, work),
    ods: () => odsPhase(browser, work),
    hostiles: () => hostilePhase(browser, work, hostile),
    colonnes: () => columnsPhase(browser, work),
    corpus: () => corpusPhase(browser, work, corpus),
    servie: () => servedPhase(browser, work),
  };
  try {
    for (const [name, phase] of Object.entries(phases)) {
      if (!wanted(name)) continue;
      const start = Date.now();
      await phase();
      console.log(`  (${Math.round((Date.now() - start) / 1000)} s)`);
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nCaptures : ${Object.values(SHOTS).join(', ')}`);
  console.log(`${passed} vérifications réussies, ${failed} en échec (${Math.round((Date.now() - started) / 1000)} s).`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

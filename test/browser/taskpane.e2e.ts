/**
 * Browser test of the task pane: the production bundle served on 127.0.0.1, headless Chromium
 * (Debian's, driven by playwright-core), the CDN office.js answered by the fake Excel host
 * (fake-office.js) holding a sample workbook read with core's exceljs reader. It clicks through the
 * pane like a coordinator, checks what the fake sheet holds after each button, and takes a
 * screenshot of the pane (in the temp folder; with UPDATE_SCREENSHOT=1, the README's
 * docs/taskpane.png, so that a test run leaves the working tree as it found it).
 *
 *   npm run test:e2e            (builds the pane first)
 *   E2E_SKIP_BUILD=1 npm run test:e2e
 *   UPDATE_SCREENSHOT=1 npm run test:e2e
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { parse as acornParse } from 'acorn';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expandRanges } from '../../core/base/a1-areas';
import { analyzeWorkbook } from '../../core/report/analysis';
import { colourGroups } from '../../core/edit/colouring';
import { type Grid, toA1 } from '../../core/base/grid';
import { sheetNames } from '../../core/read/same-year';
import { readWorkbookTables, sheetPalette } from '../../core/read/table-reader';
import { readWorkbook } from '../../scripts/exceljs-reader';
import { bilanDocument } from '../../core/layout/bilan-workbook';
import { readTrackingFile } from '../../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../../core/base/status';
import { parseTaughtColumns, TAUGHT_COLUMNS_NAME } from '../../core/read/taught-columns';
import { renderHtml } from '../../core/write/html';
import type { FakeExcelControls, FakeStats } from './fake-office';

/** The fake host's controls added for issue 27 (fake-office.js). */
interface Controls extends FakeExcelControls {
  userPick(sheet: string, address: string, value: string): void;
  setOtherWorkbookInFront(value: boolean): void;
  eventsEnabled(): boolean;
}
import { workbookJson } from './workbook-json';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist-addin');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(ROOT, 'docs', 'taskpane.png')
  : join(tmpdir(), 'cls-bilan-taskpane.png');
/** The pane with « Indiquer les colonnes du tableau » open, on a doubtful reading. */
const COLUMNS_SCREENSHOT = join(tmpdir(), 'cls-bilan-taskpane-colonnes.png');

let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, detail = ''): void {
  if (ok) {
    passed++;
    console.log(`  ✓ ${name}`);
  } else {
    failed++;
    console.log(`  ✗ ${name}${detail ? ` — ${detail}` : ''}`);
  }
}

function equal(name: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(name, a === e, `attendu ${e}, obtenu ${a}`);
}

// ---------------------------------------------------------------------------------------------
// Build, serve, launch

function build(): void {
  if (process.env.E2E_SKIP_BUILD && existsSync(join(DIST, 'taskpane.html'))) return;
  const r = spawnSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('webpack build failed');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(DIST, decodeURIComponent((req.url ?? '/').split('?')[0])));
    if (!path.startsWith(DIST + sep) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function sampleGrids(file: string): Promise<Grid[]> {
  return readWorkbook(new Uint8Array(readFileSync(join(ROOT, 'samples', file))), file);
}

async function openPane(browser: Browser, base: string, grids: Grid[], active: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 860 }, deviceScaleFactor: 1 });
  const fake = readFileSync(join(__dirname, 'fake-office.js'), 'utf8');
  const data = JSON.stringify(workbookJson(grids, active));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      await route.fulfill({ contentType: 'text/javascript', body: `window.__FAKE_WORKBOOK__ = ${data};\n${fake}` });
    } else if (url.startsWith(base)) {
      await route.continue();
    } else {
      await route.abort();
    }
  });
  page.on('pageerror', (e) => console.log(`  (erreur de la page : ${e.message})`));
  await page.goto(`${base}/taskpane.html`);
  await page.getByRole('button', { name: 'Analyser', exact: true }).waitFor();
  return page;
}

// ---------------------------------------------------------------------------------------------
// Page helpers

type Fake = Controls;

function fake<T>(page: Page, fn: (f: Fake, arg: string) => T, arg = ''): Promise<T> {
  return page.evaluate(
    ([body, a]) => {
      const f = (globalThis as unknown as { FakeExcel: Fake }).FakeExcel;
      return new Function('f', 'a', `return (${body})(f, a);`)(f, a) as T;
    },
    [fn.toString(), arg] as const,
  );
}

const stats = (page: Page): Promise<FakeStats> => fake(page, (f) => f.stats());
const resetStats = (page: Page): Promise<void> => fake(page, (f) => f.resetStats());

/** Waits until the pane has nothing running (no spinner). */
async function idle(page: Page): Promise<void> {
  await page
    .getByTestId('busy')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

/**
 * True when no live re-analysis follows: the pane idle, no round trip for longer than the live
 * analysis's wait (800 ms), and the pane's events back on.
 */
async function staysQuiet(page: Page): Promise<boolean> {
  await idle(page);
  const before = (await stats(page)).syncs;
  await page.waitForTimeout(1300);
  await idle(page);
  return (await stats(page)).syncs === before && (await fake(page, (f) => f.eventsEnabled()));
}

async function click(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

async function noticeTitle(page: Page, title: string): Promise<boolean> {
  try {
    await page.getByTestId('notice').filter({ hasText: title }).waitFor({ timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function badgeCounts(page: Page): Promise<Record<string, number>> {
  const badges = page.getByTestId('status-badges').locator('[data-status]');
  await badges.first().waitFor({ timeout: 10_000 });
  const out: Record<string, number> = {};
  for (const b of await badges.all()) {
    out[(await b.getAttribute('data-status')) ?? '?'] = Number(await b.getAttribute('data-count'));
  }
  return out;
}

/**
 * Texts of the pane whose contrast with the background behind them is under `min` (WCAG 2 ratio,
 * computed in the page from the rendered colours by contrast-scan.js): « texte (ratio) » for each.
 */
function textBelowContrast(page: Page, min: number): Promise<string[]> {
  const scan = readFileSync(join(__dirname, 'contrast-scan.js'), 'utf8');
  return page.evaluate(`(${scan})(${min})`) as Promise<string[]>;
}

/**
 * French typography faults in the text the pane shows (core/base/typography.ts): an ordinary space
 * before « : ; ! ? % » » or after « « », and a straight apostrophe between letters. The user's own
 * text quoted between « » is left out: it is theirs, written as they wrote it.
 */
async function typographyFaults(page: Page): Promise<string[]> {
  const text = (await page.evaluate('document.body.innerText')) as string;
  const ours = text.replace(
    /«[^«»]*»/g,
    (quoted: string) => `«\u00a0${'x'.repeat(Math.max(0, quoted.length - 4))}\u00a0»`,
  );
  const faults: string[] = [];
  for (const m of ours.matchAll(/.{0,25}(?: [:;!?%»]|« |\p{L}'\p{L}).{0,10}/gu)) faults.push(m[0]);
  return faults;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function singleYear(browser: Browser, base: string): Promise<void> {
  console.log('Classeur « petr-bilan-2022.xlsx » (une feuille, légende avec les nombres)');
  const grids = await sampleGrids('petr-bilan-2022.xlsx');
  const sheetName = grids[0].name;
  const expected = analyzeWorkbook(readWorkbookTables(grids, 'petr-bilan-2022.xlsx')).sheets[0];
  const page = await openPane(browser, base, grids, 0);

  // Analyser: counts, % réalisé, diagnostics; reads only, in at most 3 round trips.
  await resetStats(page);
  await click(page, 'Analyser');
  const counts = await badgeCounts(page);
  equal('Analyser : nombres par état du bilan 2022 (9 / 11 / 28 / 12 / 10 / 1)', counts, {
    realise_clos: 9,
    realise_perenne: 11,
    en_cours: 28,
    reflexion: 12,
    non_commence: 10,
    abandonne: 1,
  });
  const done = await page.getByTestId('done-percent').innerText();
  equal('Analyser : « % réalisé »', done.trim(), `${expected.bilan.donePercent}\u00a0% réalisé`);
  const codes = await page
    .getByTestId('diagnostics')
    .locator('[data-code]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
  const shownCodes = await page.getByTestId('diagnostics').innerText();
  check(
    'Analyser : contrôles groupés par gravité (erreurs, avertissements, informations)',
    /Erreurs \(1\)/.test(shownCodes) && /Avertissements/.test(shownCodes) && /Informations/.test(shownCodes),
    shownCodes.slice(0, 200),
  );
  check(
    'Analyser : le numéro 3.1.3 en double est signalé',
    shownCodes.includes('Numéro de fiche en double') && codes.includes('CODE_DUPLICATE'),
  );
  let s = await stats(page);
  check(
    `Analyser : ${s.syncs} allers-retours (≤ 3), aucune écriture`,
    s.syncs <= 3 && s.formatOps === 0 && s.valueWrites === 0,
  );

  const lowContrast = await textBelowContrast(page, 4.5);
  check(
    'Analyser : tout texte du volet a un contraste d’au moins 4,5:1',
    lowContrast.length === 0,
    lowContrast.join(' | '),
  );
  const help = await page.getByRole('link', { name: /^Aide/ }).getAttribute('href');
  equal('lien d’aide vers aide.html', help, 'aide.html');

  rmSync(SCREENSHOT, { force: true });
  await page.screenshot({ path: SCREENSHOT });
  check(`capture du volet enregistrée (${SCREENSHOT})`, existsSync(SCREENSHOT) && statSync(SCREENSHOT).size > 10_000);

  // Clicking a diagnostic's cell selects it in the sheet.
  const firstLink = page.getByTestId('diagnostic-cell').first();
  const cell = (await firstLink.innerText()).trim();
  await firstLink.click();
  await page.waitForTimeout(300);
  const selection = await fake(page, (f) => f.selection());
  equal('un clic sur un contrôle sélectionne sa cellule', selection, { sheet: sheetName, address: cell });

  // Colorer les états: each status cell gets its palette colour, in ≤ 3 round trips.
  const before = await fake(page, (f, n) => f.fills(n), sheetName);
  const palette = sheetPalette(undefined, expected.sheet.legend);
  const expectedFills: Record<string, string> = {};
  for (const g of colourGroups(expected.sheet, palette)) {
    for (const c of expandRanges(g.chunks.flatMap((chunk) => chunk.split(',')))) expectedFills[c] = g.colour;
  }
  await resetStats(page);
  await click(page, 'Colorer les états');
  check('Colorer : message de réussite', await noticeTitle(page, 'États colorés'));
  s = await stats(page);
  const after = await fake(page, (f, n) => f.fills(n), sheetName);
  const wrong = Object.entries(expectedFills).filter(([c, colour]) => after[c] !== colour);
  check(
    `Colorer : ${Object.keys(expectedFills).length} cellules d'état à la couleur de la palette`,
    wrong.length === 0 && Object.keys(expectedFills).length === expected.sheet.actions.length,
    wrong.slice(0, 3).join(' '),
  );
  const others = Object.keys({ ...before, ...after }).filter((c) => !(c in expectedFills) && before[c] !== after[c]);
  check('Colorer : aucune autre cellule ne change de couleur', others.length === 0, others.slice(0, 5).join(', '));
  check(
    `Colorer : ${s.syncs} allers-retours (≤ 3), ${s.formatOps} opérations de format (une par état et par bloc)`,
    s.syncs <= 3 && s.formatOps <= 7,
  );
  await page.waitForTimeout(1200);
  const quiet = await stats(page);
  check("l'analyse automatique ignore les écritures du complément", quiet.syncs === s.syncs);

  // Restaurer les couleurs d'origine: exactly the fills there were before.
  await click(page, 'Restaurer les couleurs d’origine');
  check('Restaurer : message de réussite', await noticeTitle(page, 'Couleurs d’origine restaurées'));
  const restored = await fake(page, (f, n) => f.fills(n), sheetName);
  equal("Restaurer : les couleurs d'origine reviennent exactement", restored, before);

  // Live re-analysis: a user's edit is seen without clicking Analyser, even right after the
  // add-in's own write (the fake host gives triggerSource, as ExcelApi 1.14 does).
  await page.waitForTimeout(200);
  const statusCell = expected.sheet.actions.find((a) => a.status === 'en_cours')?.source.cells.status ?? 'F13';
  await fake(
    page,
    (f, arg) => f.userEdit(arg.split('|')[0], arg.split('|')[1], 'Abandonné'),
    `${sheetName}|${statusCell}`,
  );
  await page
    .locator('[data-status="abandonne"][data-count="2"]')
    .waitFor({ timeout: 5000 })
    .catch(() => undefined);
  const live = await badgeCounts(page);
  check('analyse automatique après une saisie (En cours → Abandonné)', live.abandonne === 2 && live.en_cours === 27);

  // Corriger les libellés: the list first, then only those cells change.
  await click(page, 'Corriger les libellés');
  const list = page.getByTestId('fix-list');
  await list.waitFor({ timeout: 10_000 });
  const rows = await list.locator('tbody tr').count();
  const firstRow = (await list.locator('tbody tr').first().innerText()).split('\t').map((t) => t.trim());
  check('Corriger : la liste des modifications est montrée avant', rows > 0, `${rows} lignes`);
  const valuesBefore = await fake(page, (f, n) => f.fills(n), sheetName);
  void valuesBefore;
  await page.getByRole('button', { name: /^Appliquer les \d+ corrections$/ }).click();
  check('Corriger : message de réussite', await noticeTitle(page, 'Libellés corrigés'));
  const fixed = await fake(
    page,
    (f, arg) => f.cell(arg.split('|')[0], arg.split('|')[1]).value,
    `${sheetName}|${firstRow[0]}`,
  );
  equal(`Corriger : ${firstRow[0]} « ${firstRow[1]} » devient « ${firstRow[2]} »`, fixed, firstRow[2]);

  // Liste déroulante: bounded to the table's rows, French alert.
  await click(page, 'Liste déroulante');
  check('Liste déroulante : message de réussite', await noticeTitle(page, 'Liste déroulante ajoutée'));
  const sheet = await fake(page, (f, n) => f.sheet(n), sheetName);
  const v = sheet.validations[0] as {
    address: string;
    rule: { list: { source: string } };
    errorAlert: { message: string };
  };
  const lastRow = Math.max(...expected.sheet.actions.map((a) => a.source.row));
  equal('Liste déroulante : sur la colonne des états, lignes du tableau seulement', v?.address, `F12:F${lastRow}`);
  check(
    'Liste déroulante : états de référence et alerte en français',
    v?.rule.list.source.startsWith('Réalisé (clos),Réalisé (pérenne),En cours') &&
      v.errorAlert.message.startsWith("Choisissez l'état dans la liste"),
  );

  // A state picked from the dropdown on Excel on the web raises no onChanged (office-js #3888,
  // #4066): the pane looks again once the user leaves the cell.
  const another = expected.sheet.actions.filter((a) => a.status === 'en_cours')[1]?.source.cells.status ?? 'F14';
  await fake(page, (f, arg) => f.select(arg.split('|')[0], arg.split('|')[1]), `${sheetName}|${another}`);
  await fake(
    page,
    (f, arg) => f.userPick(arg.split('|')[0], arg.split('|')[1], 'Abandonné'),
    `${sheetName}|${another}`,
  );
  await fake(page, (f, n) => f.select(n, 'B2'), sheetName);
  await page
    .locator('[data-status="abandonne"][data-count="3"]')
    .waitFor({ timeout: 5000 })
    .catch(() => undefined);
  check(
    'choix dans la liste déroulante (Excel sur le web) : le volet se met à jour',
    (await badgeCounts(page)).abandonne === 3,
  );

  // Another workbook in front: the live re-analysis Excel refuses stays quiet, and is done once the
  // workbook is back (Workbook.onActivated).
  await idle(page);
  await fake(page, (f) => f.setOtherWorkbookInFront(true));
  await fake(
    page,
    (f, arg) => f.userEdit(arg.split('|')[0], arg.split('|')[1], 'Abandonné'),
    `${sheetName}|${expected.sheet.actions.filter((a) => a.status === 'en_cours')[2]?.source.cells.status ?? 'F15'}`,
  );
  await page.waitForTimeout(1300);
  await idle(page);
  const refused = await page
    .getByTestId('notice')
    .innerText()
    .catch(() => '');
  check('autre classeur au premier plan : aucun message d’erreur', !/Opération impossible/.test(refused), refused);
  await fake(page, (f) => f.setOtherWorkbookInFront(false));
  await page
    .locator('[data-status="abandonne"][data-count="4"]')
    .waitFor({ timeout: 5000 })
    .catch(() => undefined);
  check('retour sur le classeur : l’analyse se fait', (await badgeCounts(page)).abandonne === 4);

  // Légende: written at the selected cell, with the counts.
  // Several areas selected (Ctrl+click): written at the active cell, not refused.
  await fake(page, (f, n) => f.select(n, 'I2,K20:L21'), sheetName);
  await click(page, 'Légende');
  await page.getByRole('button', { name: 'Écrire la légende ici' }).click();
  check('Légende : message', await noticeTitle(page, 'Légende écrite'));
  const title = await fake(page, (f, n) => f.cell(n, 'I2').value, sheetName);
  const enCours = await fake(
    page,
    (f, n) => [f.cell(n, 'I5').value, f.cell(n, 'J5').value, f.cell(n, 'J5').fill],
    sheetName,
  );
  equal('Légende : titre', title, 'Avancement des actions :');
  equal('Légende : nombre, phrase et couleur de « En cours »', enCours, [
    25,
    'Action en cours déploiement, projet en émergence',
    '#FFC000',
  ]);

  // Errors: a protected sheet gets a French message and nothing is written.
  await fake(page, (f, n) => f.setProtected(n, true), sheetName);
  const fillsBefore = await fake(page, (f, n) => f.fills(n), sheetName);
  await click(page, 'Colorer les états');
  const protectedMessage = await noticeTitle(page, 'Opération impossible');
  const text = await page.getByTestId('notice').innerText();
  const fillsAfter = await fake(page, (f, n) => f.fills(n), sheetName);
  check(
    'feuille protégée : message en français, rien n’est écrit',
    protectedMessage && text.includes('est protégée') && JSON.stringify(fillsAfter) === JSON.stringify(fillsBefore),
    text.slice(0, 120),
  );
  await page.close();
}

async function severalYears(browser: Browser, base: string): Promise<void> {
  console.log('Classeur « petr-coeur-de-lorraine-2020-2023.xlsx » (une feuille par année)');
  const years = await sampleGrids('petr-coeur-de-lorraine-2020-2023.xlsx');
  const notes: Grid = {
    name: 'Notes',
    cells: [[{ text: 'Compte rendu du COPIL du 12 mars', value: 'Compte rendu du COPIL du 12 mars' }]],
    merges: [],
    hiddenRows: [],
    hiddenCols: [],
  };
  const grids = [...years, notes];
  const page = await openPane(browser, base, grids, years.length - 1);
  await click(page, 'Analyser');
  const counts = await badgeCounts(page);
  equal('Analyser 2023 : nombres par état', counts, {
    realise_clos: 6,
    realise_perenne: 23,
    en_cours: 21,
    reflexion: 7,
    non_commence: 14,
    abandonne: 5,
  });
  await click(page, 'Bilan 2023');
  check('Bilan 2023 : message', await noticeTitle(page, 'Feuille «\u00a0Bilan 2023\u00a0» créée'));
  const names = await fake(page, (f) => f.sheetNames());
  check('Bilan 2023 : nouvelle feuille', names.includes('Bilan 2023'), names.join(', '));
  const sheet = await fake(page, (f) => f.sheet('Bilan 2023'));
  const chart = sheet.charts[0];
  check(
    'Bilan 2023 : graphique natif en barres empilées des états par année',
    chart?.type === 'BarStacked' && chart.title === "État d'avancement des actions par année",
    JSON.stringify(chart),
  );
  equal('Bilan 2023 : séries aux couleurs de la légende de 2023', chart?.seriesColours.slice(0, 2), [
    '#00A651',
    '#B5E61D',
  ]);
  const first = await fake(page, (f) => f.cell('Bilan 2023', 'A1').value);
  equal('Bilan 2023 : titre de la feuille', first, 'Bilan 2023 par action');
  equal('Bilan 2023 : feuille active', await fake(page, (f) => f.activeSheet()), 'Bilan 2023');

  // A sheet without a table: a French message, the write buttons stay off.
  await fake(page, (f) => f.activate('Notes'));
  await click(page, 'Analyser');
  check('feuille sans tableau : message en français', await noticeTitle(page, 'Pas de tableau de suivi'));
  check(
    'feuille sans tableau : « Colorer les états » désactivé',
    await page.getByRole('button', { name: 'Colorer les états' }).isDisabled(),
  );
  await page.close();
}

/** A sheet with two columns of states under no header (D: the start, E: the year's): a doubtful reading. */
function twoStateColumnsGrid(): Grid {
  const text = (t: string) => ({ text: t, value: t });
  const start = ['Non commencé', 'En cours', 'Non commencé', 'En cours', 'Non commencé'];
  const year = ['Réalisé', 'En cours', 'Réalisé', 'Abandonné', 'En cours', 'Réalisé', 'Réalisé', 'Non commencé'];
  const rows = Array.from({ length: 10 }, (_, i) =>
    [`${i + 1}`, `Action ${i + 1} : prévenir les chutes`, ['CCAS', 'Mairie'][i % 2], start[i % 5], year[i % 8]].map(
      text,
    ),
  );
  return {
    name: 'Suivi 2024',
    cells: [[text('Suivi des actions du CLS — année 2024')], [], ['N°', 'Action', 'Porteur'].map(text), ...rows],
    merges: [],
    hiddenRows: [],
    hiddenCols: [],
  };
}

/**
 * « Indiquer les colonnes du tableau »: open with « Bilan incomplet » on a doubtful reading; the
 * state column chosen in its list and saved, the pane shows the counts of that column and the sheet
 * holds the name CLS_COLONNES; on a sample read without doubt, the same block behind a link.
 */
async function teachColumns(browser: Browser, base: string): Promise<void> {
  console.log('Colonnes indiquées dans le volet (lecture douteuse)');
  const grid = twoStateColumnsGrid();
  const taught = parseTaughtColumns('etat=E');
  if (!taught.ok) throw new Error(taught.message);
  const expected = analyzeWorkbook(
    readWorkbookTables([grid], 'suivi.xlsx', { columns: { sheet: null, taught: taught.taught } }),
  ).sheets[0];
  const page = await openPane(browser, base, [grid], 0);
  await click(page, 'Analyser');
  const block = page.getByTestId('columns-form');
  await block.waitFor({ timeout: 10_000 });
  const warning = await page.getByTestId('columns-incomplete').innerText();
  check(
    'lecture douteuse : le bloc est ouvert avec «\u00a0Bilan incomplet\u00a0»',
    warning.startsWith('Bilan incomplet'),
    warning,
  );
  const status = block.getByRole('combobox').first();
  equal(
    'État : la colonne prise par la lecture est présélectionnée',
    (await status.innerText()).trim(),
    'D — sans en-tête (\u00ab\u00a0Non commencé\u00a0\u00bb…)',
  );
  const lowContrast = await textBelowContrast(page, 4.5);
  check('bloc des colonnes : contraste d’au moins 4,5:1', lowContrast.length === 0, lowContrast.join(' | '));
  const faults = await typographyFaults(page);
  check('bloc des colonnes : typographie française', faults.length === 0, faults.join(' | '));
  rmSync(COLUMNS_SCREENSHOT, { force: true });
  await page.screenshot({ path: COLUMNS_SCREENSHOT, fullPage: true });
  check(`capture du bloc des colonnes enregistrée (${COLUMNS_SCREENSHOT})`, existsSync(COLUMNS_SCREENSHOT));

  await status.click();
  await page.getByRole('option', { name: /^E — / }).click();
  await resetStats(page);
  await click(page, 'Enregistrer et relire');
  check('Enregistrer : message', await noticeTitle(page, 'Colonnes enregistrées'));
  const names = await fake(page, (f, n) => f.names(n), grid.name);
  equal('Enregistrer : le nom CLS_COLONNES de la feuille', names, [
    { name: TAUGHT_COLUMNS_NAME, formula: '="numero=A;intitule=B;porteur=C;etat=E"' },
  ]);
  const counts = await badgeCounts(page);
  const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
  const wanted = nonZero(expected.bilan.counts);
  equal('Enregistrer : le volet montre les nombres de la colonne E', nonZero(counts), wanted);
  check(
    'Enregistrer : le bloc ne s’ouvre plus seul (lecture sûre)',
    (await page.getByTestId('columns-form').count()) === 0,
  );
  const s = await stats(page);
  check(`Enregistrer : ${s.syncs} allers-retours (≤ 5)`, s.syncs <= 5);
  await page.close();

  // A sample read without doubt: the block behind « Les colonnes ne sont pas les bonnes ? ».
  const sample = await openPane(browser, base, await sampleGrids('petr-bilan-2022.xlsx'), 0);
  await click(sample, 'Analyser');
  await sample.getByTestId('columns-link').click();
  const form = sample.getByTestId('columns-form');
  await form.waitFor({ timeout: 10_000 });
  const preselected = (await form.getByRole('combobox').first().innerText()).trim();
  check('lecture sûre : le lien ouvre le bloc, État présélectionné (F)', preselected.startsWith('F — '), preselected);
  check(
    'lecture sûre : pas de «\u00a0Bilan incomplet\u00a0»',
    (await sample.getByTestId('columns-incomplete').count()) === 0,
  );
  await sample.close();
}

/** Waits for a notice whose title matches; returns its title, or the error notice's text. */
async function outcome(page: Page, title: RegExp): Promise<string> {
  const notice = page.getByTestId('notice');
  try {
    await notice.filter({ hasText: title }).waitFor({ timeout: 10_000 });
    return 'ok';
  } catch {
    return (await notice.innerText().catch(() => 'aucun message')).replace(/\s+/g, ' ').slice(0, 200);
  }
}

async function clickMatching(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).first().click();
}

/**
 * Every button of the pane on one sample, as a coordinator would go through them: each must end
 * with its success message, the page must raise no error, and « Bilan » clicked twice must refresh
 * its sheet, not add a second one.
 */
async function everyButton(browser: Browser, base: string, file: string): Promise<void> {
  console.log(`Classeur « ${file} » : chaque bouton`);
  const grids = await sampleGrids(file);
  const reading = analyzeWorkbook(readWorkbookTables(grids, file));
  const active = grids.findIndex((g) => reading.sheets.some((r) => sheetNames(r.sheet).includes(g.name)));
  const sheetName = grids[active].name;
  const page = await openPane(browser, base, grids, active);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const typography = new Set<string>();
  const step = async (label: string, title: RegExp, act: () => Promise<void>) => {
    await act();
    const result = await outcome(page, title);
    check(`${file} — ${label}`, result === 'ok', result);
    check(`${file} — ${label} : pas d’analyse automatique après ses propres écritures`, await staysQuiet(page));
    for (const fault of await typographyFaults(page)) typography.add(`${label} : ${fault}`);
  };
  await click(page, 'Analyser');
  check(`${file} — Analyser`, (await badgeCounts(page).catch(() => ({}))) !== null);
  await step('Colorer les états', /États colorés/, () => click(page, 'Colorer les états'));
  await step('Restaurer les couleurs d’origine', /Couleurs d’origine restaurées/, () =>
    click(page, 'Restaurer les couleurs d’origine'),
  );
  await click(page, 'Corriger les libellés');
  await page.getByRole('dialog').waitFor({ timeout: 10_000 });
  const apply = page.getByRole('button', { name: /^Appliquer les \d+ corrections$/ });
  if ((await apply.count()) > 0) {
    await step('Corriger les libellés', /Libellés corrigés/, () => apply.click());
  } else {
    await page.getByRole('button', { name: 'Annuler' }).click();
    check(`${file} — Corriger les libellés (rien à corriger)`, true);
  }
  await step('Liste déroulante', /Liste déroulante ajoutée/, () => click(page, 'Liste déroulante'));
  // Légende: first « Mettre à jour les nombres » when the legend's counts are stale, then a new
  // legend two columns right of the sheet's last column.
  await click(page, 'Légende');
  const update = page.getByRole('button', { name: 'Mettre à jour les nombres' });
  if ((await update.count()) > 0) {
    await step('Légende : mettre à jour les nombres', /Légende à jour/, () => update.click());
    await click(page, 'Légende');
  }
  const free = Math.max(...grids[active].cells.map((row) => row?.length ?? 0)) + 2;
  await fake(page, (f, arg) => f.select(arg.split('|')[0], arg.split('|')[1]), `${sheetName}|${toA1(0, free)}`);
  await step('Légende : écrire ici', /Légende écrite/, () =>
    page.getByRole('button', { name: 'Écrire la légende ici' }).click(),
  );
  await step('Bilan', /Feuille «\sBilan .*\s» créée/, () => clickMatching(page, /^Bilan \d{4}$/));
  const sheets = await fake(page, (f) => f.sheetNames());
  await step('Bilan, deuxième clic', /Feuille «\sBilan .*\s» mise à jour/, () => clickMatching(page, /^Bilan \d{4}$/));
  equal(`${file} — Bilan, deuxième clic : aucune feuille ajoutée`, await fake(page, (f) => f.sheetNames()), sheets);
  check(`${file} — le volet suit la feuille du bilan`, (await page.getByTestId('generated-sheet').count()) === 1);
  check(`${file} — aucune erreur de la page`, errors.length === 0, errors.join(' | '));
  check(
    `${file} — typographie française du volet (espaces insécables, apostrophe)`,
    typography.size === 0,
    [...typography].slice(0, 8).join(' | '),
  );
  await page.close();
}

/** In a webview without what the pane needs, a French message instead of a blank pane. */
async function oldWebview(browser: Browser, base: string): Promise<void> {
  console.log('Ancien moteur d’affichage (sans WeakRef)');
  const page = await browser.newPage({ viewport: { width: 380, height: 600 } });
  await page.addInitScript('delete window.WeakRef;');
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      const fakeHost = readFileSync(join(__dirname, 'fake-office.js'), 'utf8');
      await route.fulfill({
        contentType: 'text/javascript',
        body: `window.__FAKE_WORKBOOK__ = {sheets: []};\n${fakeHost}`,
      });
    } else if (url.startsWith(base)) await route.continue();
    else await route.abort();
  });
  await page.goto(`${base}/taskpane.html`);
  await page.waitForTimeout(1500);
  const alert = await page
    .getByRole('alert')
    .innerText()
    .catch(() => '');
  check(
    'message en français à la place du volet',
    /ne peut pas s’afficher ici[\s\S]*Mettez Office à jour/.test(alert),
    alert,
  );
  check('le volet ne démarre pas', (await page.getByRole('button', { name: 'Analyser' }).count()) === 0);
  await page.close();
}

/** The production bundle parses as ES2017 (older webviews cannot parse later syntax). */
function bundleIsEs2017(): void {
  console.log('Bundle de production');
  const bundle = readFileSync(join(DIST, 'taskpane.js'), 'utf8');
  try {
    acornParse(bundle, { ecmaVersion: 2017, sourceType: 'script' });
    check('taskpane.js se lit en ES2017', true);
  } catch (e) {
    const pos = (e as { pos?: number }).pos ?? 0;
    check('taskpane.js se lit en ES2017', false, `${(e as Error).message} : ${bundle.slice(pos - 60, pos + 20)}`);
  }
}

/** Pages of a PDF: its page objects (« /Type /Page », not « /Pages »). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/**
 * The html bilan printed from Chromium (A4 landscape, as the page asks): the 2022 bilan in 6
 * pages or fewer without the annex, the annex after it when the box is ticked.
 */
async function printedBilans(browser: Browser): Promise<void> {
  console.log('Bilans html imprimés (Chromium, A4 paysage)');
  for (const [file, most] of [
    // 6 since its pages keep room for their numbers and keep headings with what follows (issue 25 §2).
    ['petr-bilan-2022.xlsx', 6],
    ['metz-fiches-actions-2018.xlsx', 5],
  ] as const) {
    const analysis = analyzeWorkbook(await readTrackingFile(join(ROOT, 'samples', file)));
    const { layout, title } = bilanDocument(analysis, {
      palette: DEFAULT_PALETTE,
      fileStem: file.replace(/\.xlsx$/, ''),
    });
    const html = renderHtml(layout, { title });
    const page = await browser.newPage();
    await page.setContent(html);
    // The annex is printed only when its box is ticked (issue 25: the committee's print by default).
    const bilanOnly = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    await page.check('#avec-annexe');
    const withAnnex = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    check(`${file} : le bilan s’imprime en ${bilanOnly} pages (≤ ${most})`, bilanOnly > 0 && bilanOnly <= most);
    check(
      `${file} : l’annexe s’imprime après, si la case est cochée (${withAnnex} pages en tout)`,
      withAnnex > bilanOnly,
    );
    await page.close();
  }
}

async function main(): Promise<void> {
  build();
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  const server = await serve();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    bundleIsEs2017();
    await singleYear(browser, base);
    await severalYears(browser, base);
    await teachColumns(browser, base);
    for (const file of readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.xlsx'))) {
      await everyButton(browser, base, file);
    }
    await oldWebview(browser, base);
    await printedBilans(browser);
  } catch (e) {
    failed++;
    console.log(`  ✗ erreur : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();

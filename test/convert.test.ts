/**
 * `cls-bilan convert` end to end, through the built command (worker threads need compiled code):
 * the written bilans re-read with exceljs, the HTML page, a batch of good and bad files, --force,
 * the JSON report. `npm test` builds before jest.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { fileNameOf } from '../cli/convert';
import { storedFingerprint, TOOL_VERSION } from '../cli/fingerprint';
import { typeset } from '../core/base/typography';
import { ROOT, runCli } from './run-cli';

const SAMPLES = join(ROOT, 'samples');

const run = runCli;

/** The sheets of the 2020–2023 PETR bilan, whether from the four-year workbook or --contrat. */
const FOUR_YEAR_SHEETS = [
  'Bilan 2020',
  'Bilan 2021',
  'Bilan 2022',
  'Bilan 2023',
  'Synthèse',
  'Suivi pluriannuel',
  'Contrôles',
  'Sources et rapprochements',
];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'cls-bilan-test-'));
}

function hash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function argbOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill;
  return fill && fill.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

describe('convert the multi-year sample', () => {
  const out = tmp();
  let wb: ExcelJS.Workbook;
  let result: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    result = await run([
      'convert',
      join(SAMPLES, 'petr-coeur-de-lorraine-2020-2023.xlsx'),
      '--out',
      out,
      '--format',
      'xlsx,html,json',
      '--json',
    ]);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.xlsx'));
  });

  test('exit 0 and the three outputs, through the bundled worker, without a Node warning', () => {
    expect(result.code).toBe(0);
    // e.g. DEP0005, which Node prints for a bundled dependency's `new Buffer()`
    expect(result.stderr).not.toMatch(/Warning|DEP\d/);
    expect(existsSync(join(ROOT, 'dist', 'cli', 'convert-worker.bundle.js'))).toBe(true);
    expect(readdirSync(out).sort()).toEqual([
      'petr-coeur-de-lorraine-2020-2023.bilan.html',
      'petr-coeur-de-lorraine-2020-2023.bilan.json',
      'petr-coeur-de-lorraine-2020-2023.bilan.xlsx',
    ]);
  });

  test('the bilan workbook has a sheet per year, then Synthèse, Suivi pluriannuel, Contrôles', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(FOUR_YEAR_SHEETS);
  });

  test('Bilan 2022: the legend counts of the report with their swatches, the table, merges, fills, conclusion', () => {
    const ws = wb.getWorksheet('Bilan 2022') as ExcelJS.Worksheet;
    const legend: [number, string, string | undefined][] = [];
    ws.eachRow((row) => {
      const count = row.getCell(1).value;
      const sentence = row.getCell(2).value;
      if (typeof count === 'number' && typeof sentence === 'string')
        legend.push([count, sentence, argbOf(row.getCell(2))]);
    });
    expect(legend).toEqual([
      [9, 'Action réalisée et close, ne nécessite pas de suivi dans le temps', 'FF00B050'],
      [
        11,
        'Réalisé, avec déroulement pérenne et récurrent (qui appelle un) suivi régulier du fonctionnement',
        'FF92D050',
      ],
      [28, 'Action en cours déploiement, projet en émergence', 'FFFFC000'],
      [12, 'Réflexion engagée', 'FF9DC3E6'],
      [10, 'Non commencé', 'FFFF9999'],
      [1, 'Abandonné', 'FF808080'],
    ]);
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === 'AXES') headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(0);
    expect(ws.getRow(headerRow).values).toEqual([
      undefined,
      'AXES',
      'OBJECTIFS',
      'ACTIONS',
      'n° ou piste',
      'PORTEUR',
      'ETAT AVANCEMENT ACTION',
      'REMARQUES',
    ]);
    const first = ws.getRow(headerRow + 1);
    expect(first.getCell(1).value).toBe('1.1');
    expect(first.getCell(3).value).toBe('Acquérir un bus itinérant');
    expect(first.getCell(6).value).toBe('Réalisé (clos)');
    expect(argbOf(first.getCell(6))).toBe('FF00B050');
    // 1.1 groups four actions: its code and title cells are merged over them.
    expect(ws.getCell(headerRow + 2, 1).isMerged).toBe(true);
    expect(ws.getCell(headerRow + 4, 2).master.address).toBe(ws.getCell(headerRow + 1, 2).address);
    const pistes: string[] = [];
    ws.eachRow((row, n) => {
      if (n > headerRow && row.getCell(4).value === 'Piste') pistes.push(String(row.getCell(3).value));
    });
    expect(pistes).toContain('Actions MDS pour les mères isolées');
    let statusRows = 0;
    ws.eachRow((row, n) => {
      if (n > headerRow && row.getCell(6).value) statusRows++;
    });
    expect(statusRows).toBe(71);
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts).toContain(typeset('À ce jour, 28 % des actions sont réalisées, soit 20 actions et 1 % abandonnées.'));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe(`${headerRow}:${headerRow}`);
  });

  test('Bilan 2023 says the report’s own conclusion', () => {
    const ws = wb.getWorksheet('Bilan 2023') as ExcelJS.Worksheet;
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts).toContain(typeset('À ce jour, 38 % des actions sont réalisées, soit 29 actions et 7 % abandonnées.'));
  });

  test('Synthèse: statuses × years with counts and percentages', () => {
    const ws = wb.getWorksheet('Synthèse') as ExcelJS.Worksheet;
    const rows = new Map<string, unknown[]>();
    ws.eachRow((row) => {
      const v = row.values as unknown[];
      if (typeof v[1] === 'string' && !rows.has(v[1])) rows.set(v[1], v.slice(2, 10));
    });
    // The counts of the four years side by side (the chart's data), then their shares.
    expect(rows.get('État')).toEqual(['2020', '2021', '2022', '2023', '% 2020', '% 2021', '% 2022', '% 2023']);
    // Shares are numbers (0.41 shown « 41 % »), each its own value rounded to the nearest point, as
    // INSEE rounds them (« En cours » 28 of 71 = 39.4 %: 39 %, where the largest remainder said 40 %).
    expect(rows.get('En cours')).toEqual([29, 28, 28, 21, 0.41, 0.39, 0.39, 0.28]);
    expect(rows.get('Abandonné')).toEqual([0, 1, 1, 5, 0, 0.01, 0.01, 0.07]);
    expect(rows.get('Total')).toEqual([71, 71, 71, 76, 1, 1, 1, 1]);
  });

  test('Suivi pluriannuel: one row per action, a coloured column per year, the regressions flagged', () => {
    const ws = wb.getWorksheet('Suivi pluriannuel') as ExcelJS.Worksheet;
    let found: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(3).value === 'Sensibiliser détenus tabac + sevrage') found = row;
    });
    expect(found).toBeDefined();
    if (!found) return;
    expect([4, 5, 6, 7].map((c) => found?.getCell(c).value)).toEqual([
      'En cours',
      'En cours',
      'En cours',
      'Non commencé',
    ]);
    expect(argbOf(found.getCell(7))).toBe('FFFF9999');
    expect(String(found.getCell(8).value)).toContain('recul 2022 → 2023');
  });

  test('Contrôles: every diagnostic, errors first', () => {
    const ws = wb.getWorksheet('Contrôles') as ExcelJS.Worksheet;
    const severities: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 4) severities.push(String(row.getCell(1).value));
    });
    const json = JSON.parse(readFileSync(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.json'), 'utf8'));
    expect(severities).toHaveLength(json.diagnostics.length);
    // The duplicate 3.1.3 of 2021, 2022 and 2023, said once a year; then the warnings.
    expect(severities.slice(0, 4)).toEqual(['Erreur', 'Erreur', 'Erreur', 'Avertissement']);
    expect(severities[severities.length - 1]).toBe('Information');
  });

  test('the HTML page is self-contained, with the chart and the tables', () => {
    const html = readFileSync(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain(typeset('aria-label="État d\'avancement des actions par année"'));
    expect((html.match(/<rect [^>]*><title>2022 — En cours\u00a0: 28<\/title>/g) ?? []).length).toBe(1);
    expect(html).toMatch(/<thead><tr><th class="b k\d+"[^>]*>AXES<\/th>/);
    // Status cells are coloured through one class per look, declared once in the page's <style>.
    const statusClass = /<td class="b (k\d+)">En cours<\/td>/.exec(html)?.[1];
    expect(statusClass).toBeDefined();
    expect(html).toContain(`.${statusClass}{background:#FFC000;`);
    expect(html).not.toContain('style=""');
    expect(html).toContain('Bilan 2023 par action');
    expect(html).toContain('Suivi pluriannuel');
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test('the --json report has its documented shape', () => {
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['files', 'summary']);
    expect(report.summary).toEqual({ files: 1, ok: 1, failed: 0, upToDate: 0, incomplete: 0, actions: 289 });
    const [file] = report.files;
    expect(Object.keys(file).sort()).toEqual(['error', 'input', 'ok', 'outputs', 'sheets']);
    expect(file.outputs).toHaveLength(3);
    expect(
      file.sheets.map((s: { name: string; year: number; actionCount: number }) => [s.name, s.year, s.actionCount]),
    ).toEqual([
      ['2020', 2020, 71],
      ['2021', 2021, 71],
      ['2022', 2022, 71],
      ['2023', 2023, 76],
    ]);
    expect(file.sheets[2].counts).toEqual({
      realise_clos: 9,
      realise_perenne: 11,
      realise: 0,
      en_cours: 28,
      reflexion: 12,
      non_commence: 10,
      abandonne: 1,
      sans_etat: 0,
    });
    expect(Object.keys(file.sheets[3].diagnostics[0]).sort()).toEqual([
      'cell',
      'code',
      'fix',
      'message',
      'severity',
      'sheet',
    ]);
  });
});

describe('a batch of good and bad files', () => {
  const input = tmp();
  const out = tmp();
  copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(input, 'bon-2022.xlsx'));
  copyFileSync(join(SAMPLES, 'metz-fiches-actions-2018.xlsx'), join(input, 'bon-metz.xlsx'));
  writeFileSync(join(input, 'vide.xlsx'), '');
  writeFileSync(join(input, 'tronque.xlsx'), readFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx')).subarray(0, 4000));
  writeFileSync(join(input, 'export.xlsx'), 'Actions;Porteur;Avancement\nBus;CD;Réalisé\n');
  writeFileSync(join(input, '~$verrou.xlsx'), 'lock');
  const before = new Map(readdirSync(input).map((f) => [f, hash(join(input, f))]));

  test('exit 1, the good outputs written, each bad file reported with its code, inputs unchanged', async () => {
    // A workbook without a tracking table.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').getCell('A1').value = 'Compte rendu de réunion';
    await wb.xlsx.writeFile(join(input, 'sans-tableau.xlsx'));
    before.set('sans-tableau.xlsx', hash(join(input, 'sans-tableau.xlsx')));

    const r = await run(['convert', input, '--out', out, '--json', '--jobs', '2']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const byName = new Map(report.files.map((f: { input: string }) => [f.input.split('/').pop(), f]));
    expect(byName.has('~$verrou.xlsx')).toBe(false);
    expect(report.summary).toMatchObject({ files: 6, ok: 2, failed: 4, actions: 126 });
    const code = (name: string) => (byName.get(name) as { error: { code: string } | null }).error?.code;
    expect(code('vide.xlsx')).toBe('EMPTY_FILE');
    expect(code('tronque.xlsx')).toBe('TRUNCATED_ZIP');
    expect(code('export.xlsx')).toBe('TEXT_FILE');
    expect(code('sans-tableau.xlsx')).toBe('NO_TABLE');
    expect(code('bon-2022.xlsx')).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([
      'bon-2022.bilan.html',
      'bon-2022.bilan.xlsx',
      'bon-metz.bilan.html',
      'bon-metz.bilan.xlsx',
      // Several contracts: the region's synthesis, with the files not read.
      'synthese-contrats.html',
      'synthese-contrats.xlsx',
    ]);
    for (const [f, h] of before) expect(hash(join(input, f))).toBe(h);
    expect(readdirSync(out).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

describe('existing outputs and the output folder', () => {
  test('kept without --force (exit 1, bytes unchanged), replaced with --force', async () => {
    const out = tmp();
    const file = join(SAMPLES, 'petr-bilan-2022.xlsx');
    expect((await run([file, '--out', out, '--quiet'])).code).toBe(0);
    const target = join(out, 'petr-bilan-2022.bilan.xlsx');
    writeFileSync(target, 'ancien bilan');
    writeFileSync(join(out, 'petr-bilan-2022.bilan.html'), 'ancienne page');
    const again = await run([file, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('existent déjà');
    expect(again.stderr).toContain('les remplacer');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(target, 'utf8')).toBe('ancien bilan');
    const forced = await run([file, '--out', out, '--force', '--quiet']);
    expect(forced.code).toBe(0);
    expect(statSync(target).size).toBeGreaterThan(10000);
  });

  test('an output that would overwrite an input is refused', async () => {
    const dir = tmp();
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(dir, 'suivi.xlsx'));
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(dir, 'suivi.bilan.xlsx'));
    const h = hash(join(dir, 'suivi.bilan.xlsx'));
    const r = await run([
      join(dir, 'suivi.xlsx'),
      join(dir, 'suivi.bilan.xlsx'),
      '--out',
      dir,
      '--format',
      'xlsx',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files.find((f: { input: string }) => f.input.endsWith('/suivi.xlsx')).error.code).toBe(
      'OUTPUT_IS_INPUT',
    );
    expect(hash(join(dir, 'suivi.bilan.xlsx'))).toBe(h);
  });

  test('--year keeps one Bilan sheet; --palette colours the statuses', async () => {
    const out = tmp();
    const palette = join(out, 'palette.json');
    writeFileSync(palette, JSON.stringify({ en_cours: '#3366FF' }));
    const r = await run([
      join(SAMPLES, 'petr-coeur-de-lorraine-2020-2023.xlsx'),
      '--out',
      out,
      '--year',
      '2022',
      '--palette',
      palette,
      '--format',
      'xlsx',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Bilan 2022',
      'Synthèse',
      'Suivi pluriannuel',
      'Contrôles',
      'Sources et rapprochements',
    ]);
    const ws = wb.getWorksheet('Bilan 2022') as ExcelJS.Worksheet;
    const fills = new Set<string | undefined>();
    ws.eachRow((row) => {
      if (row.getCell(6).value === 'En cours') fills.add(argbOf(row.getCell(6)));
    });
    expect([...fills]).toEqual(['FF3366FF']);
  });
});

describe('--contrat: one contract kept in one file per year', () => {
  const files = [
    'petr-bilan-2020-sous-tableaux.xlsx',
    'petr-bilan-2021-couleurs-theme.xlsx',
    'petr-bilan-2022.xlsx',
    'petr-bilan-2023-couleur-seule.xlsx',
  ].map((f) => join(SAMPLES, f));

  test('the four yearly files make one bilan with the follow-up across the four years', async () => {
    const out = tmp();
    const before = files.map(hash);
    const r = await run(['convert', ...files, '--contrat', 'PETR Cœur de Lorraine', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['PETR Cœur de Lorraine.bilan.html', 'PETR Cœur de Lorraine.bilan.xlsx']);
    expect(files.map(hash)).toEqual(before);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ files: 1, ok: 1, failed: 0, upToDate: 0, incomplete: 0, actions: 289 });
    expect(report.files[0].input).toBe('PETR Cœur de Lorraine');
    expect(report.files[0].files).toEqual(files);
    expect(report.files[0].sheets.map((s: { year: number; actionCount: number }) => [s.year, s.actionCount])).toEqual([
      [2020, 71],
      [2021, 71],
      [2022, 71],
      [2023, 76],
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'PETR Cœur de Lorraine.bilan.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(FOUR_YEAR_SHEETS);
    // The action followed from file to file, as in the four-year workbook.
    let found: ExcelJS.Row | undefined;
    (book.getWorksheet('Suivi pluriannuel') as ExcelJS.Worksheet).eachRow((row) => {
      if (row.getCell(3).value === 'Sensibiliser détenus tabac + sevrage') found = row;
    });
    expect([4, 5, 6, 7].map((c) => found?.getCell(c).value)).toEqual([
      'En cours',
      'En cours',
      'En cours',
      'Non commencé',
    ]);
  });

  test('the contract name becomes a file name Windows accepts', () => {
    expect(fileNameOf('PETR Cœur de Lorraine')).toBe('PETR Cœur de Lorraine');
    expect(fileNameOf('CLS 2019/2023 : Metz?')).toBe('CLS 2019-2023 - Metz');
    expect(fileNameOf(' ..\\ ')).toBe('contrat');
  });

  test('two files for the same year: exit 1, nothing written, both files named', async () => {
    const out = tmp();
    const copy = join(tmp(), 'copie-2022.xlsx');
    copyFileSync(files[2], copy);
    const r = await run(['convert', files[2], copy, '--contrat', 'PETR', '--out', out]);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    expect(r.stderr).toContain('ÉCHEC (YEAR_TWICE)');
    expect(r.stderr).toContain(typeset('« petr-bilan-2022.xlsx » (feuille « Feuil1 ») et « copie-2022.xlsx »'));
  });
});

describe('usage', () => {
  test.each([
    [['convert'], 'Indiquez au moins un fichier'],
    [['convert', 'x.xlsx', '--frobnicate'], 'Option inconnue : « --frobnicate ».'],
    [['convert', 'x.xlsx', '--ouut', 'dossier'], 'Option inconnue : « --ouut ». Vouliez-vous dire « --out » ?'],
    [['inspect', 'x.xlsx', '--jsn'], 'Vouliez-vous dire « --json » ?'],
    [['convert', 'x.xlsx', '--format', 'pdf'], 'Format inconnu'],
    [['convert', 'x.xlsx', '--jobs', 'beaucoup'], '--jobs attend un nombre entier'],
    [['convert', 'x.xlsx', '--palette', '/nulle/part.json'], 'Palette illisible'],
    [[], 'Indiquez un fichier'],
    [['convert', 'x.xlsx', '--contrat', ' '], '--contrat attend le nom du contrat'],
  ])('%j → exit 2 with a French message', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('--help in French with examples', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(typeset('Exemples :'));
    expect(r.stdout).toContain('cls-bilan convert dossier-region/');
  });

  test('a missing input is a failed file, not a crash', async () => {
    const out = tmp();
    const r = await run(['absent.xlsx', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Fichier introuvable');
    expect(existsSync(join(out, 'absent.bilan.xlsx'))).toBe(false);
  });
});

/** A minimal but valid workbook of `rows` tracking rows: large enough to take seconds to convert. */
function hugeWorkbook(rows: number): Uint8Array {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const body = [`<row r="1">${cell('A1', 'ACTIONS')}${cell('B1', 'PORTEUR')}${cell('C1', 'Statut')}</row>`];
  for (let r = 2; r <= rows; r++)
    body.push(
      `<row r="${r}">${cell(`A${r}`, `Action ${r}`)}${cell(`B${r}`, 'PETR')}${cell(`C${r}`, 'En cours')}</row>`,
    );
  const ns = 'http://schemas.openxmlformats.org';
  return zipSync({
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${body.join('')}</sheetData></worksheet>`,
    ),
  });
}

describe('limits per file', () => {
  test('a workbook that takes longer than --timeout fails alone with TIMEOUT; the batch goes on', async () => {
    const input = tmp();
    const out = tmp();
    writeFileSync(join(input, 'enorme.xlsx'), hugeWorkbook(150000));
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(input, 'normal.xlsx'));
    // 5 s: the huge workbook needs over a minute, the normal one a second, even on a busy machine.
    const r = await run(['convert', input, '--out', out, '--timeout', '5', '--jobs', '1', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const huge = report.files.find((f: { input: string }) => f.input.endsWith('enorme.xlsx'));
    expect(huge.error.code).toBe('TIMEOUT');
    expect(huge.error.message).toContain(typeset("« enorme.xlsx » n'a pas pu être converti en 5 s"));
    expect(report.summary).toMatchObject({ ok: 1, failed: 1 });
    expect(readdirSync(out).sort()).toEqual([
      'normal.bilan.html',
      'normal.bilan.xlsx',
      'synthese-contrats.html',
      'synthese-contrats.xlsx',
    ]);
  });
});

describe('percentages a steering committee can add up', () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'cls-pct-'));
    const r = await run(['convert', join(SAMPLES, 'petr-coeur-de-lorraine-2020-2023.xlsx'), '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.xlsx'));
  });

  test('Synthèse: each year’s shares are numbers with a percent format, each the nearest whole percent; the total says 100 %, a note says they are rounded', () => {
    const ws = book.getWorksheet('Synthèse') as ExcelJS.Worksheet;
    let header = 0;
    ws.eachRow((row, n) => {
      if (!header && row.getCell(1).value === 'État') header = n;
    });
    expect(header).toBeGreaterThan(0);
    const rows: ExcelJS.Row[] = [];
    for (let n = header + 1; ws.getRow(n).getCell(1).value !== 'Total'; n++) rows.push(ws.getRow(n));
    const total = ws.getRow(header + rows.length + 1);
    for (let year = 0; year < 4; year++) {
      const col = 6 + year;
      const shares = rows.map((r) => r.getCell(col).value);
      expect(shares.every((v) => typeof v === 'number')).toBe(true);
      expect(rows[0].getCell(col).numFmt).toBe('0"\u00a0"%');
      expect(total.getCell(col).value).toBe(1);
      // Each share is the count's share of the year rounded to the nearest point (halves up), as a
      // committee member who recalculates one finds it; they may add up to 99 or 101 %.
      const counts = rows.map((r) => Number(r.getCell(2 + year).value));
      const n = counts.reduce((a, b) => a + b, 0);
      counts.forEach((c, i) => expect(Math.round((shares[i] as number) * 100)).toBe(Math.floor((100 * c) / n + 0.5)));
    }
    // Under the table, the note French public statistics write.
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts).toContain(typeset('Les pourcentages étant arrondis, leur somme peut différer de 100 %.'));
  });
});

describe('incremental convert: our bilans carry the fingerprint of their source', () => {
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  test('the version written in the bilans is the package’s', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });

  test('a second run rewrites nothing (« à jour », exit 0); after one source changes, only its bilans are redone', async () => {
    const input = tmp();
    const out = tmp();
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(input, 'a.xlsx'));
    copyFileSync(join(SAMPLES, 'metz-fiches-actions-2018.xlsx'), join(input, 'b.xlsx'));
    const formats = ['--format', 'xlsx,html,json'];
    expect((await run([input, '--out', out, ...formats, '--quiet'])).code).toBe(0);
    const outputs = readdirSync(out).sort();
    // Three bilans each, and the synthesis of the two contracts.
    expect(outputs).toHaveLength(8);
    const before = new Map(
      outputs.map((f) => [f, { hash: digest(join(out, f)), mtime: statSync(join(out, f)).mtimeMs }]),
    );
    // Each bilan says what it was made from.
    const json = JSON.parse(readFileSync(join(out, 'a.bilan.json'), 'utf8')) as {
      fingerprint: string;
      version: string;
    };
    expect(json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedFingerprint(join(out, 'a.bilan.xlsx'), 'xlsx')).toBe(json.fingerprint);
    expect(await storedFingerprint(join(out, 'a.bilan.html'), 'html')).toBe(json.fingerprint);

    const again = await run([input, '--out', out, ...formats]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(typeset('2 déjà à jour'));
    for (const f of outputs) {
      expect(digest(join(out, f))).toBe(before.get(f)?.hash);
      expect(statSync(join(out, f)).mtimeMs).toBe(before.get(f)?.mtime);
    }

    // a.xlsx becomes another year's workbook: its bilans are ours, so they are replaced without --force.
    copyFileSync(join(SAMPLES, 'petr-bilan-2023-couleur-seule.xlsx'), join(input, 'a.xlsx'));
    const third = await run([input, '--out', out, ...formats]);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(typeset('1 converti, 1 déjà à jour'));
    for (const f of outputs) {
      const changed = digest(join(out, f)) !== before.get(f)?.hash;
      expect([f, changed]).toEqual([f, f.startsWith('a.') || f.startsWith('synthese-contrats.')]);
    }
    expect(readFileSync(join(out, 'a.bilan.html'), 'utf8')).toContain('Bilan 2023 par action');
  });

  test('another palette is another bilan; a foreign file at an output path is kept', async () => {
    const input = tmp();
    const out = tmp();
    copyFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(input, 'a.xlsx'));
    expect((await run([input, '--out', out, '--format', 'html', '--quiet'])).code).toBe(0);
    const first = digest(join(out, 'a.bilan.html'));
    const palette = join(input, 'couleurs.json');
    writeFileSync(palette, JSON.stringify({ en_cours: '#FFD966' }));
    expect(
      (await run([join(input, 'a.xlsx'), '--out', out, '--format', 'html', '--palette', palette, '--quiet'])).code,
    ).toBe(0);
    expect(digest(join(out, 'a.bilan.html'))).not.toBe(first);
    writeFileSync(join(out, 'a.bilan.html'), '<html>mon propre fichier</html>');
    const foreign = await run([join(input, 'a.xlsx'), '--out', out, '--format', 'html']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(typeset("n'est pas un bilan écrit par cls-bilan"));
    expect(readFileSync(join(out, 'a.bilan.html'), 'utf8')).toBe('<html>mon propre fichier</html>');
  });
});

/**
 * A coordinator's own workbook, as a new user brings it (issue « Reader: the coordinator's own
 * sheet »): her own column names, « Fiche » above the codes, states written loosely, cells only
 * coloured with LibreOffice's standard colours, two extra columns (a percentage and « oui »/« non »),
 * a totals line, a contacts sheet. Then the same workbook without a state column (never silently
 * wrong), and the columns taught once with --colonnes and kept in the workbook by sync.
 */
import ExcelJS from 'exceljs';
import { coordinatorWorkbook, EXPECTED } from './coordinator-workbook';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { analyzeWorkbook, allDiagnostics } from '../core/report/analysis';
import { isReadingError } from '../core/check/diagnostics';
import { runCli } from './run-cli';

describe('her own sheet, read from what its cells hold', () => {
  test('her counts: state column by its cells, titles not codes, colours by family, extra columns ignored', async () => {
    const reading = await readTrackingWorkbook(await coordinatorWorkbook(), 'suivi-cls.xlsx');
    const analysis = analyzeWorkbook(reading);
    expect(analysis.sheets).toHaveLength(1);
    const [sheet] = analysis.sheets;
    expect(sheet.sheet.year).toBe(2024);
    expect(sheet.bilan.counts).toMatchObject(EXPECTED);
    expect(sheet.sheet.header.columns).toMatchObject({ code: 'A', title: 'B', status: 'D' });
    expect(sheet.sheet.actions[0]).toMatchObject({ code: '1.1', title: expect.stringContaining('sport santé') });
    const codes = allDiagnostics(analysis).map((d) => d.code);
    expect(codes.filter((c) => c === 'STATUS_AMBIGUOUS')).toHaveLength(0);
    expect(codes).toContain('STATUS_KIND_NEVER_SAID');
    expect(codes).toContain('STATUS_BY_COLOUR_FAMILY');
    expect(allDiagnostics(analysis).filter(isReadingError)).toEqual([]);
  });

  test('without a state column: an error that says what was read and how to fix it; inspect and convert exit 1; the bilan says « Bilan incomplet »', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-coordinator-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook({ noStateColumn: true }));
    const inspect = await runCli(['inspect', input]);
    expect(inspect.code).toBe(1);
    expect(inspect.stdout).toContain('Bilan incomplet');
    // Her « % avancement » is taken for the states: percentages with no key to read them.
    expect(inspect.stdout).toContain('READING_STATES_UNKNOWN');
    expect(inspect.stdout).toContain('ajoutez une clé');
    expect(inspect.stdout).toMatch(/Lecture\s*:/);
    const out = join(dir, 'bilans');
    const convert = await runCli(['convert', input, '--out', out, '--format', 'xlsx,html,json']);
    expect(convert.code).toBe(1);
    expect(convert.stderr).toContain('BILAN INCOMPLET');
    expect(convert.stderr).not.toMatch(/\bconverti\s*$/m);
    // Run again on the same workbook: never « à jour » while its reading is not to be trusted.
    const again = await runCli(['convert', input, '--out', out, '--format', 'xlsx,html,json']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('BILAN INCOMPLET');
    const html = readFileSync(join(out, 'suivi-cls.bilan.html'), 'utf8');
    expect(html).toContain('Bilan incomplet');
    const json = JSON.parse(readFileSync(join(out, 'suivi-cls.bilan.json'), 'utf8'));
    expect(json.sheets[0].incomplete).toMatch(/^Bilan incomplet/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'suivi-cls.bilan.xlsx'));
    const texts: string[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.some((t) => t.startsWith('Bilan incomplet'))).toBe(true);
  });

  test('taught once: --colonnes reads another column; sync keeps it in the workbook; inspect and convert use it without the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-taught-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook({ startColumn: true }));
    // Her header words name « Statut de départ » (D) as the states: all « Non commencé ».
    const before = JSON.parse((await runCli(['inspect', '--json', input])).stdout).files[0].sheets[0];
    expect(before.counts.non_commence).toBe(25);
    const taught = JSON.parse((await runCli(['inspect', '--json', input, '--colonnes', 'etat=E'])).stdout).files[0]
      .sheets[0];
    expect(taught.counts).toMatchObject(EXPECTED);
    expect(taught.layout.taught).toBe(true);

    const bad = await runCli(['inspect', input, '--colonnes', 'etta=E']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--colonnes');

    const sync = await runCli(['sync', input, '--colonnes', 'etat=E', '--no-backup', '--seulement', 'liste']);
    expect(sync.code).toBe(0);
    expect(sync.stdout + sync.stderr).toMatch(/colonnes «\s?etat=E\s?» enregistrées dans le classeur/);
    const after = JSON.parse((await runCli(['inspect', '--json', input])).stdout).files[0].sheets[0];
    expect(after.counts).toMatchObject(EXPECTED);
    expect(after.layout.taught).toBe(true);
    const out = join(dir, 'bilans');
    expect((await runCli(['convert', input, '--out', out, '--format', 'json'])).code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'suivi-cls.bilan.json'), 'utf8'));
    expect(json.sheets[0].counts).toMatchObject(EXPECTED);
  });

  test('a stored mapping that no longer fits the sheet is an error, never a silent fallback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-misfit-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook());
    expect((await runCli(['sync', input, '--colonnes', 'etat=K', '--no-backup', '--seulement', 'liste'])).code).toBe(0);
    const inspect = await runCli(['inspect', input]);
    expect(inspect.code).toBe(1);
    expect(inspect.stdout).toContain('READING_TAUGHT_MISFIT');
    expect(inspect.stdout).toContain('ne correspondent plus au tableau');
  });
});

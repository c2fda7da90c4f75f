/**
 * The office.js adapter against the fake Excel host (test/browser/fake-office.js) loaded with the
 * samples: the add-in must read every sample as core's exceljs reader does (same actions, counts
 * and diagnostics), stay within Excel on the web's response limit by reading in bands when a sheet
 * is too large, and restore exactly the fills it saved.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  addStatusDropdown,
  analyseActiveSheet,
  colourStatuses,
  createBilanSheet,
  restoreFills,
  type Runner,
  updateLegendCounts,
  watchWorkbook,
  writeLegendAtSelection,
} from '../addin/excel/operations';
import { type LiveEvent, OWN_WRITE_GRACE_MS, OwnWrites } from '../addin/excel/own-writes';
import { analyzeWorkbook, type SheetAnalysis } from '../core/report/analysis';
import { yearSheetLayout } from '../core/layout/year-sheet';
import { GENERATED_SHEET_NAME } from '../core/base/generated-sheet';
import { toA1 } from '../core/base/grid';
import { DEFAULT_PALETTE } from '../core/base/status';
import { readWorkbookTables } from '../core/read/table-reader';
import { readWorkbook } from '../scripts/exceljs-reader';
import { type FakeSheetJson, install } from './browser/fake-office';
import { syntheticSheet, workbookJson } from './browser/workbook-json';

const SAMPLES = join(__dirname, '..', 'samples');
const host = globalThis as unknown as { Excel: { run: Runner } };
const run: Runner = (batch) => host.Excel.run(batch);

describe('the add-in reads the samples as the exceljs reader does', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));
  test.each(files)('%s', async (file) => {
    const grids = await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
    const reference = analyzeWorkbook(readWorkbookTables(grids, file));
    for (const [i, grid] of grids.entries()) {
      const expected = reference.sheets.find((s) => s.sheet.name === grid.name);
      install(globalThis, workbookJson(grids, i));
      const state = await analyseActiveSheet(run);
      expect(state.analysis === null).toBe(expected === undefined);
      if (!expected || !state.analysis) continue;
      expect(state.analysis.bilan.counts).toEqual(expected.bilan.counts);
      expect(state.analysis.sheet.actions.map((a) => [a.source.row, a.code, a.status])).toEqual(
        expected.sheet.actions.map((a) => [a.source.row, a.code, a.status]),
      );
      // Year-to-year checks need every sheet; Analyser looks at the active one. The workbook's
      // « no title names the contract » is said once, with the latest year: each sheet alone says it.
      const acrossSheets = ['STATUS_REGRESSION', 'STALE_IN_PROGRESS', 'CONTRACT_UNNAMED'];
      const sheetOnly = expected.diagnostics.filter((d) => !acrossSheets.includes(d.code));
      expect(
        state.analysis.diagnostics.filter((d) => d.code !== 'CONTRACT_UNNAMED').map((d) => `${d.code}@${d.cell}`),
      ).toEqual(sheetOnly.map((d) => `${d.code}@${d.cell}`));
    }
  });
});

describe('large sheets', () => {
  test('over the response limit, values and fills are read in bands, with the same result', async () => {
    const sheet = syntheticSheet('2022', 3000);
    const fake = install(globalThis, { sheets: [sheet] });
    const whole = await analyseActiveSheet(run);
    expect(fake.stats().syncs).toBe(2);
    fake.setResponseLimit(150_000);
    fake.resetStats();
    const banded = await analyseActiveSheet(run);
    const stats = fake.stats();
    // Refused batches are cut in two until each response fits.
    expect(stats.failedSyncs).toBeGreaterThan(0);
    expect(stats.syncs - stats.failedSyncs).toBeGreaterThan(2);
    expect(stats.maxResponseBytes).toBeLessThanOrEqual(150_000);
    expect(banded.summary).toEqual(whole.summary);
  });

  test('colouring then restoring gives back exactly the original fills', async () => {
    const fake = install(globalThis, { sheets: [syntheticSheet('2022', 500)] });
    const before = fake.fills('2022');
    const coloured = await colourStatuses(run);
    expect(coloured.cells).toBe(500);
    expect(fake.fills('2022')).not.toEqual(before);
    await colourStatuses(run);
    await restoreFills(run);
    expect(fake.fills('2022')).toEqual(before);
    expect(fake.settings()).toEqual({});
  });
});

describe('« Bilan AAAA » against a host that parses values and draws edge borders as Excel does', () => {
  test('remarks starting with « + » and codes such as « 1.1 » stay text; every table row has its lines', async () => {
    const file = 'petr-coeur-de-lorraine-2020-2023.xlsx';
    const grids = await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
    const fake = install(globalThis, workbookJson(grids, 0));
    const result = await createBilanSheet(run);
    const name = result.sheetName;
    expect(name).toBe('Bilan 2020');
    const layout = yearSheetLayout(
      analyzeWorkbook(readWorkbookTables(grids, file)).sheets.find((s) => s.sheet.year === 2020) as SheetAnalysis,
      DEFAULT_PALETTE,
      { name },
    );
    let plus = 0;
    let bordered = 0;
    layout.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || cell.value === null || cell.value === '') return;
        const written = fake.cell(name, toA1(r, c));
        // What the layout says is what the sheet holds: no formula, no number made from text.
        expect([toA1(r, c), written.value]).toEqual([toA1(r, c), cell.value]);
        if (typeof cell.value === 'string' && cell.value.startsWith('+')) plus++;
        if (cell.border && r < layout.rows.length - 1 && layout.rows[r + 1]?.[c]?.border) {
          bordered++;
          const f = written.format;
          expect([toA1(r, c), f['border.EdgeBottom'] ?? f['border.InsideHorizontal']]).toEqual([
            toA1(r, c),
            'Continuous',
          ]);
        }
      }),
    );
    // The 2020 bilan has remarks written « + … » (from « (+) avancées »).
    expect(plus).toBeGreaterThan(20);
    expect(bordered).toBeGreaterThan(50);
    // The chart: the years are its categories (text), each state one series, in its colour.
    const [chart] = fake.sheet(name).charts;
    expect(chart.categories).toEqual(['2020', '2021', '2022', '2023']);
    expect(chart.seriesNames).not.toContain('Année');
    expect(chart.seriesNames).toHaveLength(chart.seriesColours.length);
  });
});

test('« Bilan » in a workbook whose structure is protected: a French message, no sheet added', async () => {
  const file = 'petr-bilan-2022.xlsx';
  const grids = await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
  const fake = install(globalThis, workbookJson(grids, 0));
  fake.setStructureProtected(true);
  const before = fake.sheetNames();
  await expect(createBilanSheet(run)).rejects.toThrow(/La structure du classeur est protégée/);
  expect(fake.sheetNames()).toEqual(before);
});

test('more than 512 merged areas in one block of rows: read in smaller blocks, not refused', async () => {
  const cells: [number, number, string | null, string | null][] = [
    [0, 0, 'ACTIONS', null],
    [0, 1, 'PORTEUR', null],
    [0, 2, 'ETAT AVANCEMENT ACTION', null],
  ];
  const merges: { top: number; left: number; bottom: number; right: number }[] = [];
  for (let r = 1; r <= 100; r++) {
    cells.push([r, 0, `Action ${r}`, null], [r, 1, 'PETR', null], [r, 2, 'En cours', null]);
    // Six merged pairs per row beside the table: 600 areas in the first block of 100 rows.
    for (let k = 0; k < 6; k++) {
      cells.push([r, 4 + 2 * k, `note ${k}`, null]);
      merges.push({ top: r, left: 4 + 2 * k, bottom: r, right: 5 + 2 * k });
    }
  }
  install(globalThis, { sheets: [{ name: '2022', cells, merges }] });
  const state = await analyseActiveSheet(run);
  expect(state.grid.merges).toHaveLength(600);
  expect(state.analysis?.bilan.total).toBe(100);
});

describe('« Bilan AAAA » keeps one generated sheet per year, in step', () => {
  const file = 'petr-coeur-de-lorraine-2020-2023.xlsx';
  async function fourYears() {
    const grids = await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
    return install(globalThis, workbookJson(grids, 0));
  }

  test('the sheet is marked; a second click refreshes it in place (same sheet, same position, no « (2) »)', async () => {
    const fake = await fourYears();
    const first = await createBilanSheet(run);
    expect(first).toMatchObject({ sheetName: 'Bilan 2020', refreshed: false });
    expect(fake.names('Bilan 2020')).toEqual([{ name: GENERATED_SHEET_NAME, formula: '=2020' }]);
    const sheets = fake.sheetNames();
    const position = fake.sheetPosition('Bilan 2020');
    const contents = fake.values('Bilan 2020');
    const chart = fake.sheet('Bilan 2020').charts;
    // Something left over from an older bilan, far from the new table: cleared by the refresh.
    fake.userEdit('Bilan 2020', 'Z300', 'ancienne ligne');
    // The pane follows the new sheet: it is the bilan, not a tracking table.
    expect(fake.activeSheet()).toBe('Bilan 2020');
    const onBilan = await analyseActiveSheet(run);
    expect(onBilan.analysis).toBeNull();
    expect(onBilan.noTable).toMatch(/est le bilan 2020 créé par le complément/);
    // Clicked again on the bilan itself: the same year, refreshed in place.
    const second = await createBilanSheet(run);
    expect(second).toMatchObject({ sheetName: 'Bilan 2020', refreshed: true });
    expect(fake.sheetNames()).toEqual(sheets);
    expect(fake.sheetPosition('Bilan 2020')).toBe(position);
    // The generated sheet was not read as a second 2020 table: the same contents and chart.
    expect(fake.values('Bilan 2020')).toEqual(contents);
    expect(fake.sheet('Bilan 2020').charts).toEqual(chart);
    expect(fake.names('Bilan 2020')).toHaveLength(1);
  });

  test('a renamed bilan is still the one refreshed; a user sheet called « Bilan 2020 » is never overwritten', async () => {
    const fake = await fourYears();
    await createBilanSheet(run);
    fake.rename('Bilan 2020', 'Comité 2020');
    fake.activate('2020');
    expect(await createBilanSheet(run)).toMatchObject({ sheetName: 'Comité 2020', refreshed: true });

    const other = await fourYears();
    other.reset({
      sheets: [
        ...workbookJson(await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file), 0).sheets,
        { name: 'bilan 2020', cells: [[0, 0, 'Mes notes', null]] },
      ],
    });
    expect(await createBilanSheet(run)).toMatchObject({ sheetName: 'Bilan 2020 (2)', refreshed: false });
    expect(other.values('bilan 2020')).toEqual({ A1: 'Mes notes' });
  });

  test('refreshing needs no structure change: it works in a workbook whose structure is protected', async () => {
    const fake = await fourYears();
    await createBilanSheet(run);
    fake.setStructureProtected(true);
    await expect(createBilanSheet(run)).resolves.toMatchObject({ refreshed: true });
  });
});

describe('reading as Excel answers', () => {
  const header: [number, number, string, null][] = [
    [0, 0, 'ACTIONS', null],
    [0, 1, 'PORTEUR', null],
    [0, 2, 'ETAT AVANCEMENT ACTION', null],
    [0, 3, 'Mis à jour le', null],
  ];
  function table(rows: number): FakeSheetJson['cells'] {
    const cells: FakeSheetJson['cells'] = [...header];
    for (let r = 1; r <= rows; r++)
      cells.push([r, 0, `Action ${r}`, null], [r, 1, 'PETR', null], [r, 2, 'En cours', null]);
    return cells;
  }

  test('a sheet formatted down to row 1,048,576 is read by its values, not refused (RangeExceedsLimit)', async () => {
    const formatted = [{ top: 0, left: 0, bottom: 1_048_575, right: 9 }];
    const fake = install(globalThis, { sheets: [{ name: '2022', cells: table(40), formatted }] });
    const state = await analyseActiveSheet(run);
    expect(state.analysis?.bilan.total).toBe(40);
    expect(fake.stats().failedSyncs).toBe(0);
  });

  test('values far from the table: a French message that says where and what to do', async () => {
    install(globalThis, { sheets: [{ name: '2022', cells: [...table(10), [1_048_575, 16_383, 'x', null]] }] });
    await expect(analyseActiveSheet(run)).rejects.toThrow(
      /La feuille « 2022 » a des valeurs sur A1:XFD1048576[\s\S]*Ctrl\+Fin[\s\S]*supprimez les lignes ou colonnes en trop/,
    );
  });

  test('dates come back as serial numbers and percentages as fractions: read as the file reader reads them', async () => {
    const cells = table(2);
    cells.push([1, 3, 44926, null, 'dd/mm/yyyy'], [2, 3, 0.375, null, '0.0%']);
    install(globalThis, { sheets: [{ name: '2022', cells }] });
    const state = await analyseActiveSheet(run);
    expect(state.grid.cells[1][3]).toEqual({ text: '31/12/2022', value: '2022-12-31' });
    expect(state.grid.cells[2][3]).toEqual({ text: '37,5 %', value: 0.375 });
  });

  test('the response is counted in UTF-8 bytes: accented text fills the 5 MB sooner', async () => {
    const cells: FakeSheetJson['cells'] = [...header];
    for (let r = 1; r <= 300; r++) cells.push([r, 0, 'é'.repeat(200), null], [r, 2, 'Réalisé', null]);
    const fake = install(globalThis, { sheets: [{ name: '2022', cells }] });
    fake.setResponseLimit(100_000);
    // 300 × 200 « é » is 60,000 characters but 120,000 bytes: over the limit, read in bands.
    const state = await analyseActiveSheet(run);
    expect(fake.stats().failedSyncs).toBeGreaterThan(0);
    expect(state.analysis?.bilan.total).toBe(300);
  });
});

describe('live re-analysis: the pane’s own writes are told from the user’s changes', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  async function watched(apiMinor: number) {
    const fake = install(globalThis, { sheets: [syntheticSheet('2022', 50)] });
    fake.setApiVersion(apiMinor);
    const seen: LiveEvent[] = [];
    const stop = await watchWorkbook(
      (e) => seen.push(e),
      run,
      (v) => Number(v.split('.')[1]) <= apiMinor,
    );
    return { fake, seen, stop };
  }

  test('colour changes by the user are seen (onFormatChanged); the pane’s own colouring is not', async () => {
    const { fake, seen, stop } = await watched(17);
    await colourStatuses(run);
    await tick();
    expect(seen).toEqual([]);
    // The user repaints a status cell the pane has just coloured: a change of state, seen.
    fake.userFill('2022', 'F12', '#FF9999');
    await tick();
    expect(seen).toEqual([expect.objectContaining({ kind: 'formatChanged', address: 'F12' })]);
    await stop();
    expect(fake.handlerCount()).toBe(0);
  });

  test('with triggerSource (ExcelApi 1.14), a user’s edit right after the pane’s write is seen, a coauthor’s too', async () => {
    const { fake, seen, stop } = await watched(17);
    await colourStatuses(run);
    fake.userEdit('2022', 'F13', 'Abandonné');
    fake.userEdit('2022', 'F14', 'En cours', 'Remote');
    await tick();
    expect(seen).toEqual([
      expect.objectContaining({ kind: 'changed', source: 'Local', triggerSource: 'Unknown' }),
      expect.objectContaining({ kind: 'changed', source: 'Remote' }),
    ]);
    await stop();
  });

  test('without triggerSource (ExcelApi 1.13), value changes just after the pane’s write are taken as its own', () => {
    let now = 0;
    const own = new OwnWrites(() => now);
    own.begin();
    expect(own.isOwn({ kind: 'changed', source: 'Local' })).toBe(true);
    own.end();
    now = OWN_WRITE_GRACE_MS - 1;
    expect(own.isOwn({ kind: 'changed', source: 'Local' })).toBe(true);
    now = OWN_WRITE_GRACE_MS + 1;
    expect(own.isOwn({ kind: 'changed', source: 'Local' })).toBe(false);
    expect(own.isOwn({ kind: 'changed', source: 'Remote' })).toBe(false);
  });

  test('a format event is the pane’s own once: the areas it wrote are used up', () => {
    const own = new OwnWrites(() => 0);
    own.end([{ sheetId: 's', addresses: ['F11:F20,H3'] }]);
    expect(own.isOwn({ kind: 'formatChanged', worksheetId: 's', address: 'F11:F20' })).toBe(true);
    expect(own.isOwn({ kind: 'formatChanged', worksheetId: 's', address: 'F12' })).toBe(false);
    expect(own.isOwn({ kind: 'formatChanged', worksheetId: 't', address: 'H3' })).toBe(false);
    expect(own.isOwn({ kind: 'formatChanged', worksheetId: 's', address: 'H3' })).toBe(true);
  });
});

describe('« Mettre à jour les nombres » reads the sheet again before writing', () => {
  async function withStaleLegend() {
    const file = 'petr-bilan-2022.xlsx';
    const grids = await readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
    const fake = install(globalThis, workbookJson(grids, 0));
    const sheet = grids[0].name;
    // The legend says 9 actions « réalisé clos » (C4); the table has 9: make it wrong.
    fake.userEdit(sheet, 'C4', 5);
    const state = await analyseActiveSheet(run);
    expect(state.legendUpdates).toEqual([{ cell: 'C4', value: '9' }]);
    return { fake, sheet, previewed: state.legendUpdates };
  }

  test('unchanged sheet: the previewed count is written', async () => {
    const { fake, sheet, previewed } = await withStaleLegend();
    await expect(updateLegendCounts(previewed, run)).resolves.toBe(1);
    expect(fake.cell(sheet, 'C4').value).toBe(9);
  });

  test('a coauthor changed the table since the preview: nothing is written, a French message', async () => {
    const { fake, sheet, previewed } = await withStaleLegend();
    // A coauthor closes an action: the count to write is no longer the previewed one.
    const status = Object.entries(fake.values(sheet)).find(([, v]) => v === 'En cours')?.[0] ?? 'F13';
    fake.userEdit(sheet, status, 'Réalisé (clos)', 'Remote');
    await expect(updateLegendCounts(previewed, run)).rejects.toThrow(/La feuille a changé depuis l’analyse/);
    expect(fake.cell(sheet, 'C4').value).toBe(5);
  });
});

test('« Liste déroulante » clears only the table’s cells of a larger rule the user had', async () => {
  const sheet = syntheticSheet('2022', 20);
  sheet.validations = [{ address: 'F1:F200', rule: { wholeNumber: { formula1: 0, operator: 'GreaterThan' } } }];
  const fake = install(globalThis, { sheets: [sheet] });
  const [range] = await addStatusDropdown(run);
  expect(range).toBe('F11:F30');
  expect(
    fake
      .sheet('2022')
      .validations.map((v) => [v.address, Object.keys(v.rule as object)[0]])
      .sort(),
  ).toEqual([
    ['F11:F30', 'list'],
    ['F1:F10', 'wholeNumber'],
    ['F31:F200', 'wholeNumber'],
  ]);
});

test('« Légende » at the sheet’s last column: a French message, not an address Excel refuses', async () => {
  const fake = install(globalThis, { sheets: [syntheticSheet('2022', 10)] });
  fake.select('2022', 'XFD1');
  await expect(writeLegendAtSelection(run)).rejects.toThrow(/la feuille s’arrête avant/);
  expect(fake.values('2022').XFD1).toBeUndefined();
});

/**
 * The add-in against what real Excel does and the fake host did not (issue 27), each behaviour of
 * the fake host with Microsoft's documentation or the office-js issue beside it in fake-office.js:
 * settings kept per add-in Id, a restore that cannot misplace colours, the pane's own writes kept
 * quiet, the settings' size, the bilan refreshed atomically and found when hidden, large fill writes
 * on the web, another workbook in front, dropdown picks on the web, the 1904 date system, theme tints.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import {
  addStatusDropdown,
  analyseActiveSheet,
  applyLabelChanges,
  colourStatuses,
  createBilanSheet,
  restoreFills,
  type Runner,
  savePalette,
  updateLegendCounts,
  watchWorkbook,
  writeLegendAtSelection,
} from '../addin/excel/operations';
import { frenchMessage, isOtherWorkbookInFront } from '../addin/excel/errors';
import { StateCellWatch } from '../addin/excel/live-events';
import type { LiveEvent } from '../addin/excel/own-writes';
import { analyzeWorkbook } from '../core/report/analysis';
import { readWorkbookTables } from '../core/read/table-reader';
import { sheetNames } from '../core/read/same-year';
import { ADDIN_IDS, FILL_BACKUP_SETTING, PALETTE_SETTING, SETTINGS_BUDGET_BYTES } from '../core/base/setting-names';
import { DEFAULT_PALETTE, STATUSES } from '../core/base/status';
import { toA1 } from '../core/base/grid';
import {
  findAddinSettings,
  settingValue,
  webExtensionAddinId,
  webExtensionProperties,
} from '../core/read/xlsx/addin-settings';
import { applyTint } from '../core/base/tint';
import { newWebExtensionXml } from '../core/write/sync/addin-settings-part';
import { syncWorkbook } from '../core/write/sync/sync-workbook';
import { readWorkbook } from '../scripts/exceljs-reader';
import { type FakeExcelControls, type FakeSheetJson, type FakeWorkbookJson, install } from './browser/fake-office';
import { syntheticSheet, workbookJson } from './browser/workbook-json';

const SAMPLES = join(__dirname, '..', 'samples');
const host = globalThis as unknown as { Excel: { run: Runner } };
const run: Runner = (batch) => host.Excel.run(batch);
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** The manifests' Ids, as the build writes them (CommonJS tool shared with webpack.config.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MANIFEST = require('../tools/production-manifest') as { DEV_ID: string; PRODUCTION_ID: string };

/** The fake host's controls added for this issue (fake-office.js). */
interface Controls extends FakeExcelControls {
  settingsOf(id: string): Record<string, unknown>;
  setAddinId(id: string): void;
  userPick(sheet: string, address: string, value: string): void;
  setPlatform(platform: string): void;
  setFillWriteLimit(cells: number): void;
  setOtherWorkbookInFront(value: boolean): void;
  setTintIncluded(value: boolean): void;
  eventsEnabled(): boolean;
  setVisibility(sheet: string, visibility: string): void;
  insertRows(sheet: string, row: number, count: number): void;
}

interface Json extends FakeWorkbookJson {
  addinSettings?: Record<string, Record<string, unknown>>;
  date1904?: boolean;
}

function fakeHost(json: Json): Controls {
  return install(globalThis, json) as Controls;
}

async function sampleGrids(file: string) {
  return readWorkbook(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
}

/**
 * The settings of an .xlsx as Office gives them to each add-in: the properties of each web
 * extension part, keyed by the Id of the add-in the part refers to (its <we:reference>).
 */
function settingsByAddin(bytes: Uint8Array): Record<string, Record<string, unknown>> {
  const parts = unzipSync(bytes);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, data] of Object.entries(parts)) {
    if (!/^xl\/webextensions\/webextension[^/]*\.xml$/.test(name)) continue;
    const xml = strFromU8(data);
    const values: Record<string, unknown> = {};
    for (const [key, stored] of webExtensionProperties(xml)) values[key] = settingValue(stored);
    out[webExtensionAddinId(xml)] = values;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. Settings belong to one add-in Id

describe('1. settings are kept per add-in Id', () => {
  test('the production manifest and core know the same two Ids', () => {
    expect(MANIFEST.DEV_ID).toBe(ADDIN_IDS.development);
    expect(MANIFEST.PRODUCTION_ID).toBe(ADDIN_IDS.production);
  });

  test('a workbook coloured by cls-bilan sync: the production add-in finds the backup and restores it', async () => {
    const file = 'metz-fiches-actions-2018.xlsx';
    const original = new Uint8Array(readFileSync(join(SAMPLES, file)));
    const other = { ...DEFAULT_PALETTE, en_cours: '#123456', realise_clos: '#654321', non_commence: '#ABCDEF' };
    const { bytes } = await syncWorkbook(original, file, { palette: other, only: ['couleurs'] });
    const want = fakeHost(workbookJson(await readWorkbook(original, file), 0)).fills(
      (await readWorkbook(original, file))[0].name,
    );
    const synced = await readWorkbook(bytes, file);
    const fake = fakeHost({ ...workbookJson(synced, 0), addinSettings: settingsByAddin(bytes) });
    fake.setAddinId(MANIFEST.PRODUCTION_ID);
    const restored = await restoreFills(run);
    expect(restored.cells).toBeGreaterThan(40);
    expect(fake.fills(synced[0].name)).toEqual(want);
  });

  test('the Node tool reads the production add-in’s settings first, and a part of each Id it knows', () => {
    const parts: Record<string, string> = {
      'xl/webextensions/webextension1.xml': newWebExtensionXml(
        { [PALETTE_SETTING]: '{"en_cours":"#111111"}' },
        MANIFEST.DEV_ID,
      ),
      'xl/webextensions/webextension2.xml': newWebExtensionXml(
        { [PALETTE_SETTING]: '{"en_cours":"#222222"}' },
        MANIFEST.PRODUCTION_ID,
      ),
    };
    const found = findAddinSettings(Object.keys(parts), (n) => parts[n] ?? null);
    expect(found.part).toBe('xl/webextensions/webextension2.xml');
    expect(found.parts).toHaveLength(2);
    expect(found.values.get(PALETTE_SETTING)).toBe('{"en_cours":"#222222"}');
  });

  test('the fake host gives each add-in its own settings', async () => {
    const fake = fakeHost({
      sheets: [syntheticSheet('2022', 10)],
      addinSettings: { [MANIFEST.DEV_ID]: { [PALETTE_SETTING]: '{"en_cours":"#111111"}' } },
    });
    expect((await analyseActiveSheet(run)).palette.en_cours).toBe('#111111');
    fake.setAddinId(MANIFEST.PRODUCTION_ID);
    expect((await analyseActiveSheet(run)).palette.en_cours).toBe(DEFAULT_PALETTE.en_cours);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. « Restaurer » after rows moved

describe('2. « Restaurer » only gives back the fills of cells that still show our colour', () => {
  test('a row inserted in the table after the colouring: no action gets another one’s original fill', async () => {
    const sheet = syntheticSheet('2022', 40);
    const fake = fakeHost({ sheets: [sheet] });
    const before = fake.fills('2022');
    const titleOf = (fills: Record<string, string>, values: Record<string, string | number | boolean>) => {
      const out = new Map<string, string | null>();
      for (const [cell, value] of Object.entries(values)) {
        const m = /^C(\d+)$/.exec(cell);
        if (m && typeof value === 'string' && value.startsWith('Action')) out.set(value, fills[`F${m[1]}`] ?? null);
      }
      return out;
    };
    const original = titleOf(before, fake.values('2022'));
    await colourStatuses(run);
    const coloured = titleOf(fake.fills('2022'), fake.values('2022'));
    fake.insertRows('2022', 25, 1);
    const result = await restoreFills(run);
    const after = titleOf(fake.fills('2022'), fake.values('2022'));
    for (const [title, fill] of after) {
      // Either its own original fill back, or still the colour the pane gave it: never another's.
      expect([title, [original.get(title) ?? null, coloured.get(title) ?? null]]).toEqual([
        title,
        expect.arrayContaining([fill]),
      ]);
    }
    expect(result.changed.length).toBeGreaterThan(0);
    expect(result.changed).toContain('F25');
    // The actions above the inserted row did not move: their fills are exactly back.
    for (let r = 11; r < 25; r++) expect([r, fake.fills('2022')[`F${r}`]]).toEqual([r, before[`F${r}`]]);
    // The backup of the sheet is forgotten, as `cls-bilan sync --restaurer` does.
    expect(fake.settings()).toEqual({});
  });

  test('a cell recoloured by hand keeps the colour the user gave it', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 20)] });
    await colourStatuses(run);
    fake.userFill('2022', 'F13', '#123456');
    const result = await restoreFills(run);
    expect(result.changed).toEqual(['F13']);
    expect(fake.fills('2022').F13).toBe('#123456');
  });
});

// ---------------------------------------------------------------------------------------------
// 3. The pane's own writes do not restart the live analysis

describe('3. no button starts a live re-analysis by its own writes', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));
  test.each(files)('%s', async (file) => {
    const grids = await sampleGrids(file);
    const reading = analyzeWorkbook(readWorkbookTables(grids, file));
    const active = grids.findIndex((g) => reading.sheets.some((r) => sheetNames(r.sheet).includes(g.name)));
    const fake = fakeHost(workbookJson(grids, active));
    const seen: { after: string; event: LiveEvent }[] = [];
    let step = '';
    const stop = await watchWorkbook(
      (event) => seen.push({ after: step, event }),
      run,
      () => true,
      true,
    );
    const press = async (name: string, work: () => Promise<unknown>) => {
      step = name;
      await work();
      await tick(10);
      expect(fake.eventsEnabled()).toBe(true);
    };
    const state = await analyseActiveSheet(run);
    await press('Colorer', () => colourStatuses(run));
    await press('Restaurer', () => restoreFills(run));
    await press('Corriger', () => applyLabelChanges(state.labelChanges, run));
    await press('Liste déroulante', () => addStatusDropdown(run));
    const fresh = await analyseActiveSheet(run);
    if (fresh.legendUpdates.length > 0) await press('Nombres', () => updateLegendCounts(fresh.legendUpdates, run));
    const free = Math.max(...grids[active].cells.map((row) => row?.length ?? 0)) + 2;
    fake.select(grids[active].name, toA1(0, free));
    await tick(10);
    seen.length = 0;
    await press('Légende', () => writeLegendAtSelection(run));
    await press('Palette', () => savePalette({ en_cours: '#FFAA00' }, run));
    await press('Bilan', () => createBilanSheet(run));
    await press('Bilan (2)', () => createBilanSheet(run));
    expect(seen).toEqual([]);
    await stop();
  });
});

// ---------------------------------------------------------------------------------------------
// 7. The settings' size

describe('7. settings: one per sheet, pruned on restore, their size checked', () => {
  test('each coloured sheet has its own setting; restoring one forgets it only', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2021', 20, 2021), syntheticSheet('2022', 20)], active: 0 });
    await colourStatuses(run);
    fake.activate('2022');
    await colourStatuses(run);
    const names = Object.keys(fake.settings());
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith(`${FILL_BACKUP_SETTING}.`))).toBe(true);
    await restoreFills(run);
    expect(Object.keys(fake.settings())).toHaveLength(1);
    fake.activate('2021');
    await restoreFills(run);
    expect(fake.settings()).toEqual({});
  });

  test('a backup saved by an earlier version (one setting) is restored, and stored one per sheet', async () => {
    const original = fakeHost({ sheets: [syntheticSheet('2022', 20)] }).fills('2022');
    const sheetId = '{00000001-FAKE}';
    // As an earlier version saved it: every sheet in one setting.
    const fills: Record<string, string[]> = {};
    for (let r = 11; r <= 30; r++) (fills[original[`F${r}`] ?? 'none'] ??= []).push(`F${r}`);
    const legacy = JSON.stringify({ version: 1, sheets: { [sheetId]: { sheetName: '2022', fills } } });
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 20)], settings: { [FILL_BACKUP_SETTING]: legacy } });
    await colourStatuses(run);
    expect(Object.keys(fake.settings())).toEqual([`${FILL_BACKUP_SETTING}.${sheetId}`]);
    await restoreFills(run);
    expect(fake.fills('2022')).toEqual(original);
    expect(fake.settings()).toEqual({});
  });

  test('settings that would pass the size Office takes: a French message, nothing coloured, nothing refused by Excel', async () => {
    const big = JSON.stringify({
      version: 1,
      sheetName: 'Ancienne',
      fills: { none: Array.from({ length: 90_000 }, (_, i) => `F${i + 1}`) },
    });
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 300)], settings: { [`${FILL_BACKUP_SETTING}.{X}`]: big } });
    const before = fake.fills('2022');
    const e = await colourStatuses(run).catch((error: unknown) => error);
    expect(frenchMessage(e)).toMatch(/ne tient plus dans le classeur .*Ko.*rien n’a été coloré/);
    expect(fake.fills('2022')).toEqual(before);
    expect(fake.stats().failedSyncs).toBe(0);
    expect(SETTINGS_BUDGET_BYTES).toBeLessThan(1_000_000);
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Refreshing a bilan is atomic; 10. a hidden bilan is found

describe('9–10. « Bilan AAAA »: refreshed atomically, found when hidden', () => {
  const file = 'petr-coeur-de-lorraine-2020-2023.xlsx';

  test('Excel refuses part of the refresh: the old bilan is left whole, no sheet added', async () => {
    const fake = fakeHost(workbookJson(await sampleGrids(file), 0));
    await createBilanSheet(run);
    const contents = fake.values('Bilan 2020');
    const names = fake.sheetNames();
    // Excel on the web refuses a fill write past its size (office-js #2564): here, half-way through the bilan.
    fake.setFillWriteLimit(50);
    fake.activate('2020');
    await expect(createBilanSheet(run)).rejects.toMatchObject({ code: 'GeneralException' });
    expect(fake.values('Bilan 2020')).toEqual(contents);
    expect(fake.sheetNames()).toEqual(names);
    expect(fake.eventsEnabled()).toBe(true);
  });

  test('the refreshed bilan takes the old one’s place, name and mark', async () => {
    const fake = fakeHost(workbookJson(await sampleGrids(file), 0));
    await createBilanSheet(run);
    fake.rename('Bilan 2020', 'Comité 2020');
    const position = fake.sheetPosition('Comité 2020');
    const names = fake.sheetNames();
    fake.activate('2020');
    await expect(createBilanSheet(run)).resolves.toMatchObject({ sheetName: 'Comité 2020', refreshed: true });
    expect(fake.sheetNames()).toEqual(names);
    expect(fake.sheetPosition('Comité 2020')).toBe(position);
    expect(fake.names('Comité 2020')).toEqual([{ name: 'CLS_BILAN_GENERE', formula: '=2020' }]);
    expect(fake.sheet('Comité 2020').charts[0]?.source).toMatch(/^'Comité 2020'!/);
  });

  test('a hidden bilan of the year is refreshed, not doubled by a « Bilan 2020 (2) »', async () => {
    const fake = fakeHost(workbookJson(await sampleGrids(file), 0));
    await createBilanSheet(run);
    fake.setVisibility('Bilan 2020', 'Hidden');
    fake.activate('2020');
    const names = fake.sheetNames();
    await expect(createBilanSheet(run)).resolves.toMatchObject({ sheetName: 'Bilan 2020', refreshed: true });
    expect(fake.sheetNames()).toEqual(names);
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Large fill writes on the web

test('8. a fill write Excel on the web refuses with a general « internal error » is cut in two', async () => {
  const fake = fakeHost({ sheets: [syntheticSheet('2022', 6000)] });
  const before = fake.fills('2022');
  fake.setFillWriteLimit(2500);
  const coloured = await colourStatuses(run);
  expect(coloured.cells).toBe(6000);
  expect(fake.fills('2022').F11).toBe(DEFAULT_PALETTE.realise_clos.toUpperCase());
  expect(fake.stats().failedSyncs).toBeGreaterThan(0);
  await restoreFills(run);
  expect(fake.fills('2022')).toEqual(before);
});

// ---------------------------------------------------------------------------------------------
// 6. Another workbook in front

describe('6. another workbook in front', () => {
  test('reading refuses with InvalidSelection: told apart, and a French message that says to come back', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 10)] });
    fake.setOtherWorkbookInFront(true);
    const e = await analyseActiveSheet(run).catch((error: unknown) => error);
    expect(isOtherWorkbookInFront(e)).toBe(true);
    expect(frenchMessage(e)).toMatch(/un autre classeur est peut-être au premier plan/);
    expect(frenchMessage({ code: 'InactiveWorkbook' })).toMatch(/n’est pas au premier plan/);
  });

  test('the workbook back in front is a live event (Workbook.onActivated): the analysis is done again then', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 10)] });
    const seen: LiveEvent[] = [];
    const stop = await watchWorkbook(
      (e) => seen.push(e),
      run,
      () => true,
      false,
    );
    fake.setOtherWorkbookInFront(true);
    fake.setOtherWorkbookInFront(false);
    await tick();
    expect(seen).toEqual([{ kind: 'workbookActivated' }]);
    await expect(analyseActiveSheet(run)).resolves.toMatchObject({ sheetName: '2022' });
    await stop();
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Dropdown picks on the web

describe('5. a state picked from the dropdown on Excel on the web', () => {
  test('raises no onChanged there; leaving the cell is seen, and asks for a new analysis', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 20)] });
    const state = await analyseActiveSheet(run);
    await addStatusDropdown(run);
    const watch = new StateCellWatch();
    watch.watch(state.sheetId, state.dropdownRanges);
    const seen: LiveEvent[] = [];
    const stop = await watchWorkbook(
      (e) => seen.push(e),
      run,
      () => true,
      true,
    );
    fake.select('2022', 'F13');
    await tick();
    fake.userPick('2022', 'F13', 'Abandonné');
    await tick();
    expect(seen.filter((e) => e.kind === 'changed')).toEqual([]);
    fake.select('2022', 'B2');
    await tick();
    const selections = seen.filter((e) => e.kind === 'selectionChanged');
    expect(selections).toHaveLength(2);
    const asks = selections.map((e) => e.kind === 'selectionChanged' && watch.leaves(e.worksheetId, e.address));
    expect(asks).toEqual([false, true]);
    await stop();
  });

  test('on Windows the pick is an edit like any other (onChanged)', async () => {
    const fake = fakeHost({ sheets: [syntheticSheet('2022', 20)] });
    fake.setPlatform('PC');
    await addStatusDropdown(run);
    const seen: LiveEvent[] = [];
    const stop = await watchWorkbook(
      (e) => seen.push(e),
      run,
      () => true,
      false,
    );
    fake.userPick('2022', 'F13', 'Abandonné');
    await tick();
    expect(seen.map((e) => e.kind)).toEqual(['changed']);
    await stop();
    fake.setPlatform('OfficeOnline');
  });
});

// ---------------------------------------------------------------------------------------------
// 11. Dates in the 1904 system

test('11. a workbook in the 1904 date system: dates read as the file reader reads them', async () => {
  const header: FakeSheetJson['cells'] = [
    [0, 0, 'ACTIONS', null],
    [0, 1, 'PORTEUR', null],
    [0, 2, 'ETAT AVANCEMENT ACTION', null],
    [0, 3, 'Mis à jour le', null],
    [1, 0, 'Action 1', null],
    [1, 1, 'PETR', null],
    [1, 2, 'En cours', null],
    // 31/12/2022: serial 44926 in the 1900 system, 43464 in the 1904 one.
    [1, 3, 44926 - 1462, null, 'dd/mm/yyyy'],
  ];
  fakeHost({ sheets: [{ name: '2022', cells: header }], date1904: true });
  const state = await analyseActiveSheet(run);
  expect(state.grid.cells[1][3]).toEqual({ text: '31/12/2022', value: '2022-12-31' });
  // The same date in a 1900 workbook.
  const in1900 = header.map((c): FakeSheetJson['cells'][number] =>
    c[0] === 1 && c[1] === 3 ? [1, 3, 44926, null, 'dd/mm/yyyy'] : c,
  );
  fakeHost({ sheets: [{ name: '2022', cells: in1900 }] });
  expect((await analyseActiveSheet(run)).grid.cells[1][3]).toEqual({ text: '31/12/2022', value: '2022-12-31' });
});

// ---------------------------------------------------------------------------------------------
// 12. Theme tints

test('12. a tinted theme fill reads the same whether Excel gives its colour with the tint or without', async () => {
  // « Réalisé (pérenne) » in the theme's green made 60 % lighter, « Réalisé (clos) » in that green:
  // without the tint, both would read as one state.
  const green = STATUSES.realise_clos.colour.toUpperCase();
  const light = applyTint(green, 0.6);
  const sheet = syntheticSheet('2022', 40);
  const perenne = STATUSES.realise_perenne.colour.toUpperCase();
  sheet.cells = sheet.cells.map((c) =>
    c[3]?.toUpperCase() === perenne
      ? ([c[0], c[1], c[2], { color: light, base: green, tint: 0.6 }] as unknown as FakeSheetJson['cells'][number])
      : c,
  );
  const counts = async (included: boolean) => {
    const fake = fakeHost({ sheets: [sheet] });
    fake.setTintIncluded(included);
    return (await analyseActiveSheet(run)).analysis?.bilan.counts;
  };
  const withTint = await counts(true);
  expect(withTint?.realise_perenne).toBe(4);
  expect(await counts(false)).toEqual(withTint);
});

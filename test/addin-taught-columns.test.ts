/**
 * The columns taught once (core/read/taught-columns.ts), read by the pane: `cls-bilan sync --colonnes`
 * keeps them in the workbook as the sheet-scoped name CLS_COLONNES; the pane, opened on the synced
 * workbook (the fake Excel host holding it as Excel would), reads the sheet the same way as
 * `cls-bilan inspect`, in the same two round trips as before.
 *
 * Needs the built command (`npm run build`), as the other tests of the command do.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseActiveSheet, type Runner } from '../addin/excel/operations';
import { TAUGHT_COLUMNS_NAME } from '../core/read/taught-columns';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { install } from './browser/fake-office';
import { workbookJson } from './browser/workbook-json';
import { coordinatorWorkbook, EXPECTED } from './coordinator-workbook';
import { runCli } from './run-cli';

const host = globalThis as unknown as { Excel: { run: Runner } };
const run: Runner = (batch) => host.Excel.run(batch);

describe('the pane reads the columns taught with --colonnes and kept by sync', () => {
  test('« Où en est-on ? » taught as the states: the pane counts what inspect counts, in two round trips', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-addin-taught-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook({ startColumn: true }));
    const sync = await runCli(['sync', input, '--colonnes', 'etat=E', '--no-backup', '--seulement', 'liste']);
    expect(sync.code).toBe(0);
    const inspect = JSON.parse((await runCli(['inspect', '--json', input])).stdout).files[0].sheets[0];
    expect(inspect.counts).toMatchObject(EXPECTED);

    const grids = await readWorkbook(new Uint8Array(readFileSync(input)), 'suivi-cls.xlsx');
    const fake = install(globalThis, workbookJson(grids, 0));
    // As Excel gives the name once the workbook is open: its formula, a text constant.
    expect(fake.names('Suivi')).toEqual([{ name: TAUGHT_COLUMNS_NAME, formula: '="etat=E"' }]);
    fake.resetStats();
    const state = await analyseActiveSheet(run);
    expect(fake.stats().syncs).toBe(2);
    expect(state.grid.taught).toBe('="etat=E"');
    expect(state.analysis?.sheet.header.columns.status).toBe('E');
    expect(state.analysis?.bilan.counts).toEqual(inspect.counts);

    // The name's case does not matter (Excel compares names without case); without it, the
    // header words name « Statut de départ » (D): all « Non commencé ».
    install(globalThis, {
      sheets: [{ ...workbookJson(grids, 0).sheets[0], names: [{ name: 'cls_colonnes', formula: '="etat=E"' }] }],
    });
    expect((await analyseActiveSheet(run)).analysis?.bilan.counts).toEqual(inspect.counts);
    install(globalThis, { sheets: [{ ...workbookJson(grids, 0).sheets[0], names: [] }] });
    expect((await analyseActiveSheet(run)).analysis?.bilan.counts.non_commence).toBe(25);
  });
});

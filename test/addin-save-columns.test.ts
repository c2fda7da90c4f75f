/**
 * The pane's « Indiquer les colonnes du tableau » (issue « When a reading is doubtful, the add-in's
 * pane offers the same choice »): on a sheet with two unheaded columns of states the reading is
 * doubtful (READING_STATUS_GUESSED); the form lists the sheet's columns, preselected with what the
 * reader took; saving stores the sheet-scoped name CLS_COLONNES as `cls-bilan sync --colonnes`
 * does, and the sheet read again counts what `cls-bilan inspect --colonnes` counts. The fake host
 * refuses what Excel refuses (a name that exists, an invalid name or formula).
 *
 * Needs the built command (`npm run build`), as the other tests of the command do.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { analyseActiveSheet, type Runner, saveTaughtColumns } from '../addin/excel/operations';
import { columnForm, taughtFromChoice } from '../core/edit/column-choice';
import { isReadingError } from '../core/check/diagnostics';
import {
  parseTaughtColumns,
  parseTaughtName,
  TAUGHT_COLUMNS_NAME,
  type TaughtColumns,
  taughtColumnsFormula,
} from '../core/read/taught-columns';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { type FakeExcelControls, install } from './browser/fake-office';
import { workbookJson } from './browser/workbook-json';
import { runCli } from './run-cli';

const host = globalThis as unknown as { Excel: { run: Runner } };
const run: Runner = (batch) => host.Excel.run(batch);
const SHEET = 'Suivi 2024';

/** Two columns of states under no header: the start (D) and the year's (E). */
async function twoStateColumns(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.addRow(['Suivi des actions du CLS — année 2024']);
  ws.addRow([]);
  ws.addRow(['N°', 'Action', 'Porteur', '', '']);
  const start = ['Non commencé', 'En cours', 'Non commencé', 'En cours', 'Non commencé'];
  const year = ['Réalisé', 'En cours', 'Réalisé', 'Abandonné', 'En cours', 'Réalisé', 'Réalisé', 'Non commencé'];
  for (let i = 0; i < 10; i++) {
    ws.addRow([
      `${i + 1}`,
      `Action ${i + 1} : prévenir les chutes`,
      ['CCAS', 'Mairie'][i % 2],
      start[i % 5],
      year[i % 8],
    ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function taught(text: string): TaughtColumns {
  const parsed = parseTaughtColumns(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.taught;
}

async function inspectCounts(file: string, ...args: string[]): Promise<Record<string, number>> {
  const r = await runCli(['inspect', '--json', ...args, file]);
  return JSON.parse(r.stdout).files[0].sheets[0].counts;
}

describe('the pane saves the columns the user chose (CLS_COLONNES)', () => {
  let file: string;
  let json: ReturnType<typeof workbookJson>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-addin-save-columns-'));
    file = join(dir, 'suivi.xlsx');
    writeFileSync(file, await twoStateColumns());
    json = workbookJson(await readWorkbook(new Uint8Array(readFileSync(file)), 'suivi.xlsx'), 0);
  });

  const open = (): FakeExcelControls => install(globalThis, JSON.parse(JSON.stringify(json)));

  test('doubtful reading: the form lists the columns and what the reader took', async () => {
    open();
    const state = await analyseActiveSheet(run);
    expect(state.analysis?.diagnostics.filter(isReadingError).map((d) => d.code)).toEqual(['READING_STATUS_GUESSED']);
    const form = columnForm(state.grid, state.analysis);
    expect(form.headerRow).toBe(3);
    expect(form.options.map((o) => o.label)).toEqual([
      'A — N°',
      'B — Action',
      'C — Porteur',
      'D — sans en-tête («\u00a0Non commencé\u00a0»…)',
      'E — sans en-tête («\u00a0Réalisé\u00a0»…)',
    ]);
    expect(form.selected).toEqual({ status: 3, title: 1, code: 0, porteur: 2 });
    // The choice as taught columns, the reader's other columns kept; the state column is required
    // and a column serves one role.
    const chosen = taughtFromChoice({ columns: { ...form.selected, status: 4 }, year: '' }, form.previous);
    expect(chosen.ok && taughtColumnsFormula(chosen.taught)).toBe('="numero=A;intitule=B;porteur=C;etat=E"');
    expect(taughtFromChoice({ columns: { title: 1 }, year: '' }).ok).toBe(false);
    const twice = taughtFromChoice({ columns: { status: 1, title: 1 }, year: '' });
    expect(!twice.ok && twice.message).toMatch(
      /^La colonne B est choisie pour «\u00a0État\u00a0» et pour «\u00a0Intitulé\u00a0»/,
    );
    expect(taughtFromChoice({ columns: { status: 4 }, year: '24' }).ok).toBe(false);
    expect(taughtFromChoice({ columns: { status: 4 }, year: '2024' })).toEqual({
      ok: true,
      taught: { columns: { status: 4 }, year: 2024, headerRow: null },
    });
  });

  test('« Enregistrer et relire » with etat=E: the name, then the counts of inspect --colonnes etat=E', async () => {
    const expected = await inspectCounts(file, '--colonnes', 'etat=E');
    expect(await inspectCounts(file)).not.toEqual(expected);
    const fake = open();
    fake.resetStats();
    const r = await saveTaughtColumns(taught('etat=E'), run);
    // Reading (2 round trips), the write (1), the reading again (2).
    expect(fake.stats().syncs).toBe(5);
    expect(r.replaced).toBe(false);
    expect(r.formula).toBe('="etat=E"');
    expect(fake.names(SHEET)).toEqual([{ name: TAUGHT_COLUMNS_NAME, formula: '="etat=E"' }]);
    expect(r.state.grid.taught).toBe('="etat=E"');
    expect(r.state.analysis?.sheet.header.columns.status).toBe('E');
    expect(r.state.analysis?.diagnostics.some(isReadingError)).toBe(false);
    expect(r.state.analysis?.bilan.counts).toEqual(expected);
    // A new analysis reads the name from the sheet: the same counts.
    expect((await analyseActiveSheet(run)).analysis?.bilan.counts).toEqual(expected);
    // Read back, the name gives the columns saved.
    const back = parseTaughtName(fake.names(SHEET)[0].formula);
    expect(back.ok && back.taught).toEqual(taught('etat=E'));
  });

  test('saving again replaces the name (one name), in as many round trips', async () => {
    const fake = open();
    await saveTaughtColumns(taught('etat=D,annee=2023'), run);
    fake.resetStats();
    const r = await saveTaughtColumns(taught('etat=E'), run);
    expect(fake.stats().syncs).toBe(5);
    expect(r.replaced).toBe(true);
    expect(fake.names(SHEET)).toEqual([{ name: TAUGHT_COLUMNS_NAME, formula: '="etat=E"' }]);
    // A name written in another case is the same name for Excel: replaced too.
    const other = open();
    other.addName(SHEET, 'cls_colonnes', '="etat=D"');
    expect((await saveTaughtColumns(taught('etat=E'), run)).replaced).toBe(true);
    expect(other.names(SHEET)).toEqual([{ name: TAUGHT_COLUMNS_NAME, formula: '="etat=E"' }]);
  });

  test('a protected sheet: a French message, nothing written', async () => {
    const fake = open();
    fake.setProtected(SHEET, true);
    await expect(saveTaughtColumns(taught('etat=E'), run)).rejects.toThrow(/protégée/);
    expect(fake.names(SHEET)).toEqual([]);
  });

  test('the fake host refuses what Excel refuses', async () => {
    open();
    const addTwice = run(async (context) => {
      const names = context.workbook.worksheets.getItem(SHEET).names;
      names.add('CLS_COLONNES', '="etat=E"');
      names.add('cls_colonnes', '="etat=D"');
      await context.sync();
    });
    await expect(addTwice).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    for (const [name, formula] of [
      ['A1', '="x"'],
      ['deux mots', '="x"'],
      ['OK_NAME', 'etat=E'],
      ['OK_NAME', `="${'x'.repeat(256)}"`],
      ['OK_NAME', '="ouvert'],
    ]) {
      const add = run(async (context) => {
        context.workbook.worksheets.getItem(SHEET).names.add(name, formula);
        await context.sync();
      });
      await expect(add).rejects.toMatchObject({ code: 'InvalidArgument' });
    }
    const deleteMissing = run(async (context) => {
      const missing = context.workbook.worksheets.getItem(SHEET).names.getItemOrNullObject('ABSENT');
      missing.load('name');
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      missing.delete();
      await context.sync();
    });
    await expect(deleteMissing).rejects.toMatchObject({ code: 'ItemNotFound' });
    const getMissing = run(async (context) => {
      context.workbook.worksheets.getItem(SHEET).names.getItem('ABSENT').load('formula');
      await context.sync();
    });
    await expect(getMissing).rejects.toMatchObject({ code: 'ItemNotFound' });
  });
});

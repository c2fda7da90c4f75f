/**
 * The pane applies conditional formats as the file readers do (core/read/conditional-fill.ts): every
 * sample and every corpus workbook that has conditional formats, read through the fake Excel host
 * (which holds them as the Excel JavaScript API describes them: test/browser/workbook-json.ts) and
 * through the file reader, gives the same counts, in the same two round trips.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { analyseActiveSheet, type Runner } from '../addin/excel/operations';
import { conditionalFill, conditionalRanges } from '../addin/excel/grid-from-excel';
import { analyzeWorkbook, latestReadingOf } from '../core/report/analysis';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { buildLayoutCorpus } from '../scripts/layout-corpus';
import { type FakeWorkbookJson, install } from './browser/fake-office';
import { fakeWorkbookFromXlsx } from './browser/workbook-json';

const SAMPLES = join(__dirname, '..', 'samples');
const host = globalThis as unknown as { Excel: { run: Runner } };
const run: Runner = (batch) => host.Excel.run(batch);

function hasConditionalFormats(bytes: Uint8Array): boolean {
  const parts = unzipSync(bytes, { filter: (f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
  return Object.values(parts).some((p) => strFromU8(p).includes('<conditionalFormatting'));
}

/**
 * The corpus workbook whose states only conditional formats tell apart, with more kinds of rules:
 * « commence par », « se termine par » over whole columns, a cell rule over two areas, and rules
 * neither reader applies (a formula, « ne contient pas »).
 */
function richerRules(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const path = 'xl/worksheets/sheet1.xml';
  const xml = strFromU8(parts[path]);
  const rules =
    '<conditionalFormatting sqref="D5:D20 D21:D200"><cfRule type="cellIs" dxfId="0" priority="2" operator="equal"><formula>"Terminé"</formula></cfRule></conditionalFormatting>' +
    '<conditionalFormatting sqref="D1:D1048576"><cfRule type="beginsWith" dxfId="1" priority="3" operator="beginsWith" text="Réal"><formula>LEFT(D1,LEN("Réal"))="Réal"</formula></cfRule>' +
    '<cfRule type="endsWith" dxfId="2" priority="4" operator="endsWith" text="cours"><formula>RIGHT(D1,LEN("cours"))="cours"</formula></cfRule></conditionalFormatting>' +
    '<conditionalFormatting sqref="D5:D200"><cfRule type="expression" dxfId="2" priority="1"><formula>$D5="Abandonné"</formula></cfRule>' +
    '<cfRule type="notContainsText" dxfId="0" priority="5" operator="notContains" text="x"><formula>ISERROR(SEARCH("x",D5))</formula></cfRule></conditionalFormatting>';
  const replaced = xml.replace(/<conditionalFormatting\b[\s\S]*<\/conditionalFormatting>/, rules);
  expect(replaced).not.toBe(xml);
  return zipSync({ ...parts, [path]: strToU8(replaced) });
}

/** Counts per sheet as the pane gives them (Analyser on each sheet in turn), and its round trips. */
async function paneCounts(json: FakeWorkbookJson): Promise<{ counts: Record<string, unknown>; syncs: number[] }> {
  const counts: Record<string, unknown> = {};
  const syncs: number[] = [];
  for (let i = 0; i < json.sheets.length; i++) {
    const fake = install(globalThis, { ...json, active: i });
    const state = await analyseActiveSheet(run);
    syncs.push(fake.stats().syncs);
    if (state.analysis) counts[json.sheets[i].name] = state.analysis.bilan.counts;
  }
  return { counts, syncs };
}

async function fileCounts(bytes: Uint8Array, file: string): Promise<Record<string, unknown>> {
  const analysis = analyzeWorkbook(await readTrackingWorkbook(bytes, file));
  const counts: Record<string, unknown> = {};
  for (const name of new Set(analysis.sheets.map((s) => s.sheet.name))) {
    const reading = latestReadingOf(analysis.sheets, name);
    if (reading) counts[name] = reading.bilan.counts;
  }
  return counts;
}

describe('conditional formats: the pane counts what the file reader counts', () => {
  let cases: { file: string; bytes: Uint8Array }[] = [];

  beforeAll(async () => {
    const samples = readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.xlsx'))
      .map((file) => ({ file, bytes: new Uint8Array(readFileSync(join(SAMPLES, file))) }));
    const corpus = (await buildLayoutCorpus()).filter((c) => /\.xlsx$/.test(c.file));
    const conditional = corpus.find((c) => c.file === 'couleurs-mise-en-forme-conditionnelle.xlsx');
    if (!conditional) throw new Error('the corpus has no conditional-format case');
    cases = [
      ...samples,
      ...corpus,
      { file: 'couleurs-mise-en-forme-conditionnelle-regles.xlsx', bytes: richerRules(conditional.bytes) },
    ].filter((c) => hasConditionalFormats(c.bytes));
  });

  test('every workbook with conditional formats, sheet by sheet', async () => {
    expect(cases.map((c) => c.file)).toEqual(
      expect.arrayContaining([
        'couleurs-mise-en-forme-conditionnelle.xlsx',
        'couleurs-mise-en-forme-conditionnelle-regles.xlsx',
      ]),
    );
    for (const { file, bytes } of cases) {
      const json = await fakeWorkbookFromXlsx(bytes, file);
      expect(json.sheets.some((s) => (s.conditionalFormats ?? []).length > 0)).toBe(true);
      const expected = await fileCounts(bytes, file);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      const pane = await paneCounts(json);
      expect({ file, counts: pane.counts }).toEqual({ file, counts: expected });
      // Read in the round trips of a sheet without conditional formats.
      expect(pane.syncs.every((n) => n <= 2)).toBe(true);
      // The conditional formats make the difference: without them, the pane counts otherwise.
      const without = await paneCounts({
        ...json,
        sheets: json.sheets.map((s) => ({ ...s, conditionalFormats: [] })),
      });
      expect({ file, counts: without.counts }).not.toEqual({ file, counts: expected });
    }
  });

  test('a conditional format Excel fails to describe leaves the sheet read with its own fills', async () => {
    const conditional = cases.find((c) => c.file === 'couleurs-mise-en-forme-conditionnelle.xlsx');
    if (!conditional) throw new Error('missing case');
    const json = await fakeWorkbookFromXlsx(conditional.bytes, conditional.file);
    const withoutRules = await paneCounts({
      ...json,
      sheets: json.sheets.map((s) => ({ ...s, conditionalFormats: [] })),
    });
    // A rule whose rule and format Excel fails to give (office-js #6827, #6835): Analyser still
    // reads the sheet, with its cells' own fills.
    const broken = await paneCounts({
      ...json,
      sheets: json.sheets.map((s) => ({
        ...s,
        conditionalFormats: (s.conditionalFormats ?? []).map((f, i) => (i === 1 ? { ...f, unreadable: true } : f)),
      })),
    });
    expect(broken.counts).toEqual(withoutRules.counts);
  });
});

describe('conditional formats as office.js describes them → core', () => {
  test('the rules the file readers apply, and only those', () => {
    const base = { priority: 0, fill: '#00B050', address: "'Bilan 2022'!D5:D40, 'Bilan 2022'!F5:F40" };
    expect(
      conditionalFill({ ...base, type: 'CellValue', rule: { operator: 'EqualTo', formula1: '="Réalisé"' } }),
    ).toEqual({
      ranges: [
        { top: 4, left: 3, bottom: 39, right: 3 },
        { top: 4, left: 5, bottom: 39, right: 5 },
      ],
      rules: [{ test: 'equals', text: 'Réalisé', fill: '#00B050', priority: 0 }],
    });
    expect(
      conditionalFill({ ...base, type: 'ContainsText', rule: { operator: 'BeginsWith', text: 'Réal' } })?.rules[0],
    ).toMatchObject({ test: 'beginsWith', text: 'Réal' });
    expect(conditionalFill({ ...base, type: 'ContainsText', rule: { operator: 'NotContains', text: 'x' } })).toBeNull();
    expect(
      conditionalFill({ ...base, type: 'CellValue', rule: { operator: 'NotEqualTo', formula1: '="x"' } }),
    ).toBeNull();
    expect(
      conditionalFill({ ...base, type: 'CellValue', rule: { operator: 'EqualTo', formula1: '=$B$2' } }),
    ).toBeNull();
    expect(
      conditionalFill({ ...base, type: 'Custom', rule: { operator: 'EqualTo', formula1: '=$D5="x"' } }),
    ).toBeNull();
    expect(
      conditionalFill({ ...base, fill: null, type: 'ContainsText', rule: { operator: 'Contains', text: 'x' } }),
    ).toBeNull();
  });

  test('whole columns and rows, as Excel writes them in addresses', () => {
    expect(conditionalRanges("'Suivi, 2024'!D:E, 'Suivi, 2024'!3:4")).toEqual([
      { top: 0, left: 3, bottom: 1_048_575, right: 4 },
      { top: 2, left: 0, bottom: 3, right: 16_383 },
    ]);
  });
});

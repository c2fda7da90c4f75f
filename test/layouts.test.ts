/**
 * The layouts coordinators really keep (scripts/layout-corpus.ts), each written from the seed's
 * rows with what the reader must find computed by the corpus itself, never by the reader.
 */
import { analyzeWorkbook } from '../core/report/analysis';
import { readTrackingWorkbook, type TrackingWorkbook } from '../core/read/read-tracking';
import { buildLayoutCorpus, type CorpusCase } from '../scripts/layout-corpus';

let corpus: CorpusCase[] = [];
const readings = new Map<string, TrackingWorkbook | Error>();

beforeAll(async () => {
  corpus = await buildLayoutCorpus();
  for (const c of corpus) {
    readings.set(c.file, await readTrackingWorkbook(c.bytes, c.file).catch((e: Error) => e));
  }
});

function reading(c: CorpusCase): TrackingWorkbook {
  const r = readings.get(c.file);
  if (r === undefined) throw new Error(`not read: ${c.file}`);
  if (r instanceof Error) throw r;
  return r;
}

const FILES = [
  'en-tetes-pilote-statut-au.xlsx',
  'avancement-pourcentage.xlsx',
  'etat-a-gauche-lignes-axes.xlsx',
  'minuscules-sans-accents.xlsx',
  'plusieurs-annees-colonnes.xlsx',
  'plusieurs-annees-paires.xlsx',
  'plusieurs-annees-en-tete-groupe.xlsx',
  'en-tete-sur-deux-lignes.xlsx',
  'tableau-excel-ligne-total.xlsx',
  'lignes-et-feuilles-hors-actions.xlsx',
  'une-feuille-par-axe.xlsx',
  'une-colonne-par-etat.xlsx',
  'emoji-et-numeros-fiche.xlsx',
  'numerotations-collees.xlsx',
  ...Array.from({ length: 8 }, (_, i) => `en-tetes-variante-${i + 1}.xlsx`),
  'pourcentages-avec-cle.xlsx',
  'pourcentages-sans-cle.xlsx',
  'symboles-avec-cle.xlsx',
  'couleurs-mise-en-forme-conditionnelle.xlsx',
  'une-fiche-par-feuille.xlsx',
  'en-tetes-pilote-statut-au.xlsm',
  'en-tetes-pilote-statut-au.xltx',
];

function byFile(file: string): CorpusCase {
  const found = corpus.find((c) => c.file === file);
  if (!found) throw new Error(`no case ${file}`);
  return found;
}

describe.each(FILES)('%s', (file) => {
  test('one reading per expected year, with the counts of the rows written', () => {
    const c = byFile(file);
    const r = reading(c);
    const analysis = analyzeWorkbook(r);
    expect(analysis.sheets.map((s) => s.sheet.year)).toEqual(c.readings.map((e) => e.year));
    c.readings.forEach((expected, i) => {
      const got = analysis.sheets[i];
      expect({ year: got.sheet.year, counts: got.bilan.counts }).toEqual({
        year: expected.year,
        counts: expected.counts,
      });
      if (expected.yearSource) expect(got.sheet.yearSource).toBe(expected.yearSource);
      if (expected.yearCell) expect(got.sheet.yearCell).toBe(expected.yearCell);
    });
  });

  test('raises none of the findings the layout must not cause', () => {
    const c = byFile(file);
    const analysis = analyzeWorkbook(reading(c));
    const codes = [...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)].map(
      (d) => d.code,
    );
    expect(codes.filter((code) => (c.absent ?? ['HEADER_NOT_FOUND']).includes(code))).toEqual([]);
    expect(codes).not.toContain('HEADER_NOT_FOUND');
  });
});

test('the corpus covers every numbered case of the issue (1 to 12)', () => {
  const covered = new Set(corpus.flatMap((c) => c.covers.split(/,\s*/)));
  for (let n = 1; n <= 12; n++) expect(covered.has(String(n))).toBe(true);
  expect(corpus.map((c) => c.file).sort()).toEqual([...FILES].sort());
});

test('sheets that are not tracking tables are read as none, and raise nothing', () => {
  const c = byFile('lignes-et-feuilles-hors-actions.xlsx');
  const r = reading(c);
  expect(r.withoutTable.map((s) => s.name).sort()).toEqual([...(c.notTables ?? [])].sort());
  expect(analyzeWorkbook(r).workbookDiagnostics).toEqual([]);
});

test('group lines give each action its axe and objective, the state column standing left of the title', () => {
  const c = byFile('etat-a-gauche-lignes-axes.xlsx');
  const actions = reading(c).sheets[0].actions;
  expect(c.groups?.length).toBeGreaterThan(40);
  for (const g of c.groups ?? []) {
    const found = actions.filter((a) => a.title === g.title);
    expect(found.map((a) => [a.title, a.axe?.code ?? null, a.objectif?.code ?? null])).toEqual([
      [g.title, g.axe, g.objectif],
    ]);
  }
});

test.each(['emoji-et-numeros-fiche.xlsx', 'numerotations-collees.xlsx', 'une-fiche-par-feuille.xlsx'])(
  '%s: every numbering is read',
  (file) => {
    const c = byFile(file);
    const actions = reading(c).sheets[0].actions;
    expect(c.codes?.length).toBeGreaterThan(2);
    for (const e of c.codes ?? []) {
      const found = actions.filter((a) => a.title === e.title);
      expect(found.map((a) => [a.title, a.code, a.kind])).toEqual([[e.title, e.code, e.kind]]);
    }
  },
);

test('wide « Avancement au 31/12/AAAA » + « Observations AAAA »: each year reads its own remarks', () => {
  const c = byFile('plusieurs-annees-paires.xlsx');
  const sheets = reading(c).sheets;
  expect(c.remarks?.length).toBeGreaterThan(1);
  for (const e of c.remarks ?? []) {
    const sheet = sheets.find((s) => s.year === e.year);
    const action = sheet?.actions.find((a) => a.title === e.title);
    expect([e.year, e.title, action?.notes.remarques]).toEqual([e.year, e.title, e.remark]);
  }
});

test('a wide sheet is followed across its years like separate yearly sheets', () => {
  const c = byFile('plusieurs-annees-colonnes.xlsx');
  const analysis = analyzeWorkbook(reading(c));
  expect(analysis.history?.years).toEqual([2021, 2022, 2023]);
  expect(analysis.history?.statusByYear.map((y) => y.counts)).toEqual(c.readings.map((e) => e.counts));
});

test('percentages without a key: no state is made up, and each row says how to add the key', () => {
  const c = byFile('pourcentages-sans-cle.xlsx');
  const analysis = analyzeWorkbook(reading(c));
  const unknown = analysis.sheets[0].diagnostics.filter((d) => d.code === 'STATUS_UNKNOWN');
  expect(unknown).toHaveLength(c.keyMissing ?? -1);
  expect(unknown.every((d) => d.message.includes('«\u00a00\u00a0% = Non commencé\u00a0»') && d.fix === null)).toBe(
    true,
  );
});

test('one fiche per sheet: a summary sheet beside the forms is not a fiche', () => {
  const c = byFile('une-fiche-par-feuille.xlsx');
  const r = reading(c);
  expect(r.withoutTable.map((s) => s.name)).toEqual(['Sommaire']);
  expect(r.sheets).toHaveLength(1);
  expect(r.sheets[0].parts?.length).toBe(12);
});

/**
 * The lines of a region's synthesis, on readings made here (core, no command): --annee gives each
 * contract's reading of that year and « pas de bilan AAAA » for a contract without one, kept out of
 * the totals; a file in which no year was found is listed with why; an unread sheet of one file of
 * a contract makes the contract's line « Bilan incomplet »; two contracts that their workbooks do
 * not name are told apart. The expected numbers come from the states the test writes.
 */
import { gridFromRows, type Grid } from '../core/base/grid';
import { readWorkbookTables } from '../core/read/table-reader';
import type { TrackingWorkbook } from '../core/read/read-tracking';
import { DEFAULT_PALETTE, type StatusId } from '../core/base/status';
import { analyzeWorkbook } from '../core/report/analysis';
import { contractTitle } from '../core/read/contract-title';
import { type ContractSummary, contractLines, contractSummary, regionSynthesis } from '../core/report/region-synthesis';
import { regionAnnexLayout, regionSynthesisLayout } from '../core/layout/region-sheet';
import { typeset } from '../core/base/typography';
import { ACTIONS, S22, S23 } from './region-fixtures';

/** A tracking sheet: an optional title block, a header (with its year, or without), one row per action. */
function sheet(name: string, title: string | null, year: number | null, states: readonly string[], prefix = ''): Grid {
  return gridFromRows(name, [
    ...(title ? [[title], []] : []),
    ['N°', 'ACTIONS', 'PORTEUR', `ETAT AVANCEMENT ACTION${year === null ? '' : ` ${year}`}`, 'REMARQUES'],
    ...ACTIONS.map(([code, action], i) => [code, `${prefix}${action}`, 'PETR', states[i], null]),
  ]);
}

/** A sheet whose actions have states but neither header row nor numbers: nothing can read its table. */
function unreadable(name: string): Grid {
  return gridFromRows(name, [
    ['Acquérir un second bus', 'CD', 'Réalisé'],
    ['Projet mobilité', 'PETR', 'En cours'],
  ]);
}

function reading(file: string, grids: readonly Grid[]): TrackingWorkbook {
  return { file, ...readWorkbookTables(grids, file), palette: DEFAULT_PALETTE, paletteSource: 'défaut' };
}

/** A file's line as a worker makes it: from the analysis its bilan is made from. */
function line(file: string, grids: readonly Grid[]): ContractSummary {
  const r = reading(file, grids);
  const analysis = analyzeWorkbook(r, { palette: r.palette });
  const stem = file.replace(/^.*\//, '').replace(/\.xlsx$/, '');
  return { ...contractSummary(analysis, contractTitle(r.sheets, undefined, stem), file, null), file, files: [file] };
}

/** What each state written means, as the legend says it. */
const MEANS: Readonly<Record<string, StatusId>> = {
  'En cours': 'en_cours',
  'Non commencé': 'non_commence',
  'Réflexion engagée': 'reflexion',
  Abandonné: 'abandonne',
  'Réalisé (clos)': 'realise_clos',
  'Réalisé (pérenne)': 'realise_perenne',
};

/** The counts the states written give. */
function countsOf(states: readonly string[]): Partial<Record<StatusId, number>> {
  const out: Partial<Record<StatusId, number>> = {};
  for (const s of states) out[MEANS[s]] = (out[MEANS[s]] ?? 0) + 1;
  return out;
}

function expectCounts(l: ContractSummary, states: readonly string[]): void {
  for (const [id, n] of Object.entries(countsOf(states))) expect([id, l.counts[id as StatusId]]).toEqual([id, n]);
  expect(l.actions).toBe(states.length);
}

/** All the texts of a layout's rows. */
function texts(rows: readonly (readonly ({ value: unknown } | null)[])[]): string[] {
  return rows.flatMap((r) => r.map((c) => String(c?.value ?? '')));
}

const A = 'Contrat local de santé du Pays A 2022-2026';
const B = 'Contrat local de santé du Pays B 2021-2025';

describe('--annee: each contract’s reading of that year', () => {
  const lines = () => [
    line('a-2022.xlsx', [sheet('Suivi 2022', A, 2022, S22)]),
    line('a-2023.xlsx', [sheet('Suivi 2023', A, 2023, S23)]),
    line('b-2022.xlsx', [sheet('Suivi 2022', B, 2022, S23, 'B — ')]),
  ];

  test('2022: both contracts, each with its 2022 states; without --annee each its latest year', () => {
    const region = regionSynthesis(contractLines(lines(), { year: 2022 }), [], 2022);
    expect(region.year).toBe(2022);
    const [a, b] = region.contracts;
    expect([a.lastYear, a.missingYear, b.lastYear]).toEqual([2022, undefined, 2022]);
    expectCounts(a, S22);
    expectCounts(b, S23);
    // Pays A's 2022 line links to the bilan of the file that gives 2022.
    expect(a.file).toBe('a-2022.xlsx');
    const latest = regionSynthesis(contractLines(lines()), []);
    expect(latest.contracts.map((c) => c.lastYear)).toEqual([2023, 2022]);
    expectCounts(latest.contracts[0], S23);
  });

  test('2023: Pays B has no bilan 2023: listed, « pas de bilan 2023 », out of the totals', () => {
    const region = regionSynthesis(contractLines(lines(), { year: 2023 }), [], 2023);
    const [a, b] = region.contracts;
    expect(a.lastYear).toBe(2023);
    expectCounts(a, S23);
    expect(b.missingYear).toBe(2023);
    expect(region.totals.contracts).toBe(1);
    expect(region.totals.actions).toBe(S23.length);
    expect(region.totals.counts.en_cours).toBe(countsOf(S23).en_cours);
    const table = texts(regionSynthesisLayout(region, DEFAULT_PALETTE).rows);
    expect(table).toContain('pas de bilan 2023');
    expect(table).toContain('Synthèse des contrats locaux de santé 2023');
    expect(table.some((t) => t.startsWith(typeset('Pas de bilan 2023 pour « Contrat local de santé du Pays B')))).toBe(
      true,
    );
  });

  test('a file in which no year was found: listed with why, never the year’s line, and nothing fails', () => {
    const all = [...lines(), line('a-sans-annee.xlsx', [sheet('Feuil1', A, null, S22)])];
    const region = regionSynthesis(contractLines(all, { year: 2023 }), [], 2023);
    const a = region.contracts[0];
    expect(a.undated).toEqual(['a-sans-annee.xlsx']);
    expect(a.lastYear).toBe(2023);
    expectCounts(a, S23);
    const annex = texts(regionAnnexLayout(region).rows);
    expect(annex).toContain('Fichiers sans année');
    expect(annex).toContain('a-sans-annee.xlsx');
    expect(annex.some((t) => t.startsWith(typeset('ses actions ne sont rattachées à aucune année')))).toBe(true);
    // Without --annee, the line is still its latest known year, not the file without one.
    const latest = regionSynthesis(contractLines(all), []);
    expect(latest.contracts[0].lastYear).toBe(2023);
    expectCounts(latest.contracts[0], S23);
  });
});

describe('a contract of several files: an unread sheet makes its line « Bilan incomplet »', () => {
  test('the sheet of 2023 that could not be read, in one of the two files, marks the 2023 line', () => {
    const withUnread = line('a-2023.xlsx', [sheet('Suivi 2023', A, 2023, S23), unreadable('Suivi 2023 bis')]);
    expect(withUnread.incomplete).toBeDefined();
    const [a] = contractLines([line('a-2022.xlsx', [sheet('Suivi 2022', A, 2022, S22)]), withUnread]);
    expect(a.files).toEqual(['a-2022.xlsx', 'a-2023.xlsx']);
    expect(a.lastYear).toBe(2023);
    expect(a.incomplete).toMatch(/actions qui n’ont pas été lues/);
    expect(a.errors).toBeGreaterThanOrEqual(1);
    const region = regionSynthesis([a], []);
    const table = texts(regionSynthesisLayout(region, DEFAULT_PALETTE).rows);
    expect(table.some((t) => t.endsWith('\nBilan incomplet'))).toBe(true);
    expect(table.some((t) => t.startsWith(typeset('Bilan incomplet pour « Contrat local de santé du Pays A')))).toBe(
      true,
    );
    // --annee 2022: that year was read with certainty.
    const [in2022] = contractLines([line('a-2022.xlsx', [sheet('Suivi 2022', A, 2022, S22)]), withUnread], {
      year: 2022,
    });
    expect(in2022.incomplete).toBeUndefined();
  });

  test('a complete contract’s line says nothing of the kind', () => {
    const [a] = contractLines([
      line('a-2022.xlsx', [sheet('Suivi 2022', A, 2022, S22)]),
      line('a-2023.xlsx', [sheet('Suivi 2023', A, 2023, S23)]),
    ]);
    expect(a.incomplete).toBeUndefined();
  });
});

describe('contracts that their workbooks do not name', () => {
  test('two of them are told apart by their file, a named one keeps its name', () => {
    const lines = contractLines([
      line('region/vallee-2023.xlsx', [sheet('Suivi 2023', null, 2023, S23)]),
      line('region/plateau-2023.xlsx', [sheet('Suivi 2023', null, 2023, S23, 'Plateau : ')]),
      line('region/a-2023.xlsx', [sheet('Suivi 2023', A, 2023, S23, 'A : ')]),
    ]);
    const names = regionSynthesis(lines, []).contracts.map((c) => c.name);
    expect(names).toEqual([
      'Contrat local de santé (plateau-2023)',
      'Contrat local de santé (vallee-2023)',
      'Contrat local de santé du Pays A 2022–2026',
    ]);
  });

  test('an unnamed contract of several files is named after the file that spans the most years', () => {
    const [x] = contractLines([
      line('x-2022.xlsx', [sheet('Suivi 2022', null, 2022, S22)]),
      line('x-2022-2023.xlsx', [sheet('Suivi 2023', null, 2023, S23)]),
    ]);
    expect(x.files).toHaveLength(2);
    expect(x.name).toMatch(/^Contrat local de santé \(x-2022(-2023)?\)$/);
  });
});

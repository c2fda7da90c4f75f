import { gridFromRows } from '../core/base/grid';
import { readTrackingSheet, readWorkbookTables } from '../core/read/table-reader';
import { analyzeWorkbook } from '../core/report/analysis';
import { join } from 'node:path';
import { yearSheetLayout } from '../core/layout/year-sheet';
import { bilanWorkbookLayout } from '../core/layout/bilan-workbook';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../core/base/status';
import { emptyCounts } from '../core/base/status-counts';
import {
  conclusionSentence,
  donePercentOf,
  percent,
  remainingSentence,
  statusShares,
  yearBilan,
} from '../core/report/bilan';
import { typeset } from '../core/base/typography';
import { PETR } from './petr-report';

describe('rounding', () => {
  test('whole percentages, half up, from exact counts', () => {
    expect(percent(29, 76)).toBe(38);
    expect(percent(5, 76)).toBe(7);
    expect(percent(1, 8)).toBe(13); // 12.5 → 13
    expect(percent(3, 8)).toBe(38); // 37.5 → 38
    expect(percent(0, 0)).toBe(0);
  });

  test('the report’s 2023 sentence from its counts (29 réalisées, 5 abandonnées, 76 actions)', () => {
    const counts = {
      ...emptyCounts(),
      realise_clos: 6,
      realise_perenne: 23,
      en_cours: 21,
      reflexion: 7,
      non_commence: 14,
      abandonne: 5,
    };
    expect(conclusionSentence(counts)).toBe(
      'À ce jour, 38\u00a0% des actions sont réalisées, soit 29 actions et 7\u00a0% abandonnées.',
    );
    expect(conclusionSentence(emptyCounts())).toBe('Aucune action dans le tableau.');
  });
});

describe('yearBilan', () => {
  const sheet = readTrackingSheet(
    gridFromRows('2022', [
      ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION'],
      ['1.1', 'renforcer la mobilité', 'Bus', '1.1.1', 'CD', 'Réalisé (clos)'],
      [null, null, 'Projet mobilité', 'Piste', 'PETR, MDS Verdun', 'En cours'],
      ['2.1', 'Habitat', 'Rénovation', '2.1.1', 'PETR', 'Réalisé (pérenne)'],
      [null, null, 'Habitat collectif', 'Piste', null, 'Abandonné'],
      [null, null, 'Sans état', 'Action', 'CD', null],
    ]),
  );
  if (!sheet) throw new Error('no table');
  const b = yearBilan(sheet);

  test('counts, done, abandoned, without status', () => {
    expect(b.total).toBe(5);
    expect(b.done).toBe(2);
    expect(b.donePercent).toBe(40);
    expect(b.abandoned).toBe(1);
    expect(b.abandonedPercent).toBe(20);
    expect(b.withoutStatus).toBe(1);
  });

  test('per axe, per objective, per kind', () => {
    expect(b.byAxe.map((g) => [g.code, g.total, g.done])).toEqual([
      ['1', 2, 1],
      ['2', 3, 1],
    ]);
    expect(b.byObjectif.map((g) => [g.label, g.donePercent])).toEqual([
      ['1.1 renforcer la mobilité', 50],
      ['2.1 Habitat', 33],
    ]);
    expect([b.byKind.fiche.total, b.byKind.piste.total, b.byKind.action.total]).toEqual([2, 2, 1]);
  });

  test('per porteur: an action with two porteurs counts for each, « Sans porteur » last', () => {
    expect(b.byPorteur.map((g) => [g.label, g.total])).toEqual([
      ['CD', 2],
      ['PETR', 2],
      ['MDS Verdun', 1],
      ['Sans porteur', 1],
    ]);
  });
});

test('a remark longer than an Excel cell holds (rows joined) is cut in the bilan, with a marker', () => {
  const grid = gridFromRows('2022', [
    ['ACTIONS', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'],
    ['Acquérir un bus', 'CD', 'En cours', 'a'.repeat(30_000)],
    [null, null, null, 'b'.repeat(10_000)],
  ]);
  const analysis = analyzeWorkbook(readWorkbookTables([grid], 'long.xlsx'));
  expect(analysis.sheets[0].sheet.actions[0].notes.remarques?.length).toBe(40_001);
  const layout = bilanWorkbookLayout(analysis, {
    palette: DEFAULT_PALETTE,
    contract: { name: 'Bilan', period: null, source: 'option' },
  });
  const texts = layout.sheets.flatMap((s) => s.rows.flat()).map((c) => (typeof c?.value === 'string' ? c.value : ''));
  const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  expect(longest.length).toBe(32_767);
  expect(longest.endsWith(' […]')).toBe(true);
});

describe('the bilan table groups actions as the workbook does', () => {
  test('Metz: the axe written on every row, no objectives: one group per axe, headed as axes', async () => {
    const analysis = analyzeWorkbook(
      await readTrackingFile(join(__dirname, '..', 'samples', 'metz-fiches-actions-2018.xlsx')),
    );
    const sheet = analysis.sheets[0];
    const layout = yearSheetLayout(sheet, DEFAULT_PALETTE);
    const headerRow = layout.rows.findIndex((r) => r[2]?.value === 'ACTIONS');
    expect(layout.rows[headerRow].slice(0, 2).map((c) => c?.value)).toEqual(['AXES', "INTITULÉ DE L'AXE"]);
    // Expected independently of the layout: the axes of the actions, in order, each run one group.
    const axes: string[] = [];
    for (const a of sheet.sheet.actions) if (axes[axes.length - 1] !== a.axe?.title) axes.push(a.axe?.title ?? '');
    expect(axes).toHaveLength(6);
    const groupTitles = layout.rows
      .slice(headerRow + 1)
      .map((r) => r[1]?.value)
      .filter((v) => typeof v === 'string' && v !== '');
    expect(groupTitles).toEqual(axes);
    // Merged areas over column A: one per axe of more than one action, none spanning all 55 rows.
    const spans = layout.merges.filter((m) => m.left === 0 && m.top > headerRow).map((m) => m.bottom - m.top + 1);
    expect(Math.max(...spans)).toBeLessThan(sheet.sheet.actions.length);
    expect(spans.reduce((n, k) => n + k, 0)).toBeLessThanOrEqual(sheet.sheet.actions.length);
  });
});

describe('shares: each its own value rounded to the nearest whole percent (INSEE)', () => {
  test('2022 (PETR): « En cours » 28 of 71 is 39 %, not the 40 % the largest remainder gave', () => {
    const shares = statusShares(PETR[2022].counts);
    // 9, 11, 28, 12, 10, 1 of 71: 12.7, 15.5, 39.4, 16.9, 14.1, 1.4.
    expect([
      shares.realise_clos,
      shares.realise_perenne,
      shares.en_cours,
      shares.reflexion,
      shares.non_commence,
      shares.abandonne,
    ]).toEqual([13, 15, 39, 17, 14, 1]);
    // They add up to 99: the table's total line says 100 %, and a note says why.
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBe(99);
  });

  test('any counts: each share is its exact value rounded half up; the « % réalisé » is the done actions together, rounded once', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 40;
    for (let k = 0; k < 300; k++) {
      const counts = emptyCounts();
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = next() % 3 === 0 ? 0 : next();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const shares = statusShares(counts);
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
        if (total === 0) expect(shares[key]).toBe(0);
        // Nearest whole percent, halves up: within half a point, and never a half below.
        else expect(shares[key]).toBe(Math.floor((100 * counts[key]) / total + 0.5));
      }
      const done = counts.realise_clos + counts.realise_perenne + counts.realise;
      expect(donePercentOf(counts)).toBe(total === 0 ? 0 : Math.floor((100 * done) / total + 0.5));
    }
  });

  test('the conclusion says the done share of the done actions together (2022: 28 %, 20 of 71)', () => {
    const counts = PETR[2022].counts;
    expect(donePercentOf(counts)).toBe(28);
    expect(conclusionSentence(counts)).toContain(typeset('28 % des actions sont réalisées'));
  });
});

describe('what remains to be done says the actions without a state', () => {
  test('« dont N sans état renseigné »', () => {
    expect(remainingSentence(50)).toBe('Il reste à mener 50 actions.');
    expect(remainingSentence(55, 4)).toBe('Il reste à mener 55 actions, dont 4 sans état renseigné.');
    expect(remainingSentence(3, 3)).toBe('Il reste à mener 3 actions, sans état renseigné.');
    expect(remainingSentence(0, 0)).toBe('Toutes les actions sont réalisées ou abandonnées.');
  });
});

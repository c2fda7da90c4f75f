import { gridFromRows } from '../core/base/grid';
import { analyzeWorkbook } from '../core/report/analysis';
import { buildHistory, checkHistory, matchYears, titleSimilarity } from '../core/report/history';
import { readTrackingSheet } from '../core/read/table-reader';
import type { TrackingSheet } from '../core/base/model';
import { typeset } from '../core/base/typography';
import { incompleteNotice } from '../core/check/diagnostics';

const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];

function sheet(name: string, rows: (string | null)[][]): TrackingSheet {
  const s = readTrackingSheet(gridFromRows(name, [HEADER, ...rows]));
  if (!s) throw new Error('no table');
  return s;
}

describe('title similarity', () => {
  test('a title with words added stays similar (seed: Projet de territoire)', () => {
    expect(
      titleSimilarity('Projet de territoire', 'Projet de territoire (pilier 3 du projet de territoire)'),
    ).toBeGreaterThanOrEqual(0.6);
    expect(titleSimilarity('Octobre rose', 'Subventionner Octobre rose')).toBeGreaterThanOrEqual(0.6);
    expect(titleSimilarity('Aides aux aidants', 'Urgences de nuit')).toBe(0);
    expect(titleSimilarity('', 'x')).toBe(0);
  });
});

describe('matching across years', () => {
  const y2020 = sheet('2020', [
    ['1.2', 'Améliorer l’accès aux services', 'Projet de territoire', null, 'PETR', 'En cours', null],
    [
      null,
      null,
      'Mise en place service bénévole pour public 60 ans dématérialisation',
      'Piste',
      null,
      'En cours',
      null,
    ],
    [
      '3.1',
      'Renforcer connaissances habitants',
      'Sensibiliser détenus tabac + sevrage',
      '3.1.3',
      'CH Verdun',
      'En cours',
      'a',
    ],
    [
      '3.3',
      'Espaces d’échanges',
      'Journée des associations à caractère sociale',
      '3.1.3',
      'Plateforme sociale',
      'Réalisé',
      null,
    ],
    ['6.2', 'Visibilité', null, null, null, 'Non commencé', null],
    ['6.3', 'Partage', 'Chantier juridique', 'Piste', null, 'Non commencé', null],
  ]);
  const y2021 = sheet('2021', [
    [
      '1.2',
      'Améliorer l’accès aux services',
      'Projet de territoire (pilier 3 du projet de territoire)',
      '1.2.1',
      'PETR',
      'En cours',
      null,
    ],
    [
      null,
      null,
      'Mise en place service bénévole pour public 60 ans dématérialisation',
      '1.2.2',
      null,
      'En cours',
      null,
    ],
    [
      '3.1',
      'Renforcer connaissances habitants',
      'Sensibiliser détenus tabac + sevrage',
      '3.1.3',
      'CH Verdun',
      'Non commencé',
      'a',
    ],
    [
      '3.3',
      'Espaces d’échanges',
      'Journée des associations à caractère sociale',
      '3.1.3',
      'Plateforme sociale',
      'Réalisé',
      null,
    ],
    ['6.2', 'Visibilité', null, null, null, 'Non commencé', null],
    ['7.1', 'Consultations', 'Nouvelle action', 'Piste', null, 'Réflexion engagée', null],
  ]);

  test('each match says why: code, code used twice + title, similar title, no title', () => {
    const m = matchYears(y2020.actions, y2021.actions);
    const why = (title: string) => {
      const a = y2021.actions.find((x) => x.title.startsWith(title));
      return a ? m.get(a)?.reason : undefined;
    };
    expect(why('Projet de territoire')).toMatchObject({ kind: 'title' });
    expect(why('Projet de territoire')?.explanation).toContain('objectif 1.2');
    expect(why('Mise en place service bénévole')).toMatchObject({ kind: 'title', score: 1 });
    expect(why('Sensibiliser détenus')).toMatchObject({ kind: 'code_title' });
    expect(why('Journée des associations')).toMatchObject({ kind: 'code_title' });
    expect(m.get(y2021.actions[4])?.reason.kind).toBe('no_title');
    expect(why('Nouvelle action')).toBeUndefined();
  });

  test('history: tracks, appeared/disappeared, status by year, transitions', () => {
    const h = buildHistory([y2021, y2020]);
    expect(h.years).toEqual([2020, 2021]);
    expect(h.statusByYear.map((y) => y.total)).toEqual([6, 6]);
    const nouvelle = h.tracks.find((t) => t.title === 'Nouvelle action');
    expect(nouvelle?.appeared).toBe(2021);
    expect(nouvelle?.entries[0]).toBeNull();
    const chantier = h.tracks.find((t) => t.title === 'Chantier juridique');
    expect(chantier?.disappeared).toBe(2020);
    const benevole = h.tracks.find((t) => t.title.startsWith('Mise en place service bénévole'));
    expect(benevole?.code).toBe('1.2.2');
    expect(benevole?.entries.map((e) => e?.code ?? null)).toEqual([null, '1.2.2']);
    const pair = h.pairs[0];
    expect(pair).toMatchObject({ fromYear: 2020, toYear: 2021, matched: 5, appeared: 1, disappeared: 1 });
    expect(pair.transitions).toContainEqual({ from: 'en_cours', to: 'non_commence', count: 1 });
    expect(pair.transitions).toContainEqual({ from: 'en_cours', to: 'en_cours', count: 2 });
  });

  test('a status that goes back is a STATUS_REGRESSION on the later sheet; abandon and revival are not', () => {
    const y2022 = sheet('2022', [['6.1', 'Installation', 'Urgences de nuit', 'Piste', 'EHPAD', 'Abandonné', null]]);
    const y2023 = sheet('2023', [['6.1', 'Installation', 'Urgences de nuit', 'Piste', 'EHPAD', 'Réalisé', null]]);
    const d = checkHistory(buildHistory([y2020, y2021, y2022, y2023]));
    const regressions = d.filter((x) => x.code === 'STATUS_REGRESSION');
    expect(regressions).toHaveLength(1);
    expect(regressions[0].sheet).toBe('2021');
    expect(regressions[0].cell).toBe('F4');
    expect(regressions[0].message).toContain('Sensibiliser détenus tabac + sevrage');
    expect(regressions[0].message).toContain(typeset('« En cours » (2020)'));
  });

  test('En cours three years running with the same remark is STALE_IN_PROGRESS', () => {
    const row = (status: string, remark: string) => [
      [
        '5.1',
        'Interconnaissance',
        'Se faire rencontrer les acteurs de la parentalité',
        '5.1.3',
        'PETR CDL',
        status,
        remark,
      ],
    ];
    const same = 'COTECH parentalité organisés en 2019 – 2020 - 2021';
    const stale = checkHistory(
      buildHistory([
        sheet('2021', row('En cours', same)),
        sheet('2022', row('En cours', same)),
        sheet('2023', row('En cours', same)),
      ]),
    );
    expect(stale.map((x) => [x.code, x.sheet])).toEqual([['STALE_IN_PROGRESS', '2023']]);
    const moving = checkHistory(
      buildHistory([
        sheet('2021', row('En cours', same)),
        sheet('2022', row('En cours', 'Nouveau COTECH')),
        sheet('2023', row('En cours', same)),
      ]),
    );
    expect(moving).toEqual([]);
  });
});

describe('two sheets for the same year in one workbook', () => {
  const row = (status: string) => [['1.1', 'Mobilité', 'Acquérir un bus itinérant', '1.1.1', 'CD', status, null]];

  test('an exact copy such as « 2022 (2) » is YEAR_SHEET_DUPLICATE on the sheet the follow-up leaves out', () => {
    const reading = {
      sheets: [sheet('2021', row('En cours')), sheet('2022', row('Réalisé')), sheet('2022 (2)', row('Réalisé'))],
      withoutTable: [],
    };
    expect(reading.sheets.map((s) => s.year)).toEqual([2021, 2022, 2022]);
    const analysis = analyzeWorkbook(reading);
    const found = analysis.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'YEAR_SHEET_DUPLICATE');
    expect(found.map((d) => [d.sheet, d.severity, d.cell])).toEqual([['2022', 'warning', null]]);
    expect(found[0].message).toContain(typeset("« 2022 » et « 2022 (2) » donnent toutes deux l'année 2022"));
    expect(found[0].message).toContain(typeset('ne retient que « 2022 (2) »'));
    expect(analysis.history?.sheets).toEqual(['2021', '2022 (2)']);
    expect(analysis.sheets.some((s) => incompleteNotice(s.diagnostics) !== null)).toBe(false);
  });

  test('two sheets of one year in different states: an error on both, each bilan marked incomplete', () => {
    const analysis = analyzeWorkbook({
      sheets: [sheet('2021', row('En cours')), sheet('2022', row('Réalisé')), sheet('2022 (2)', row('En cours'))],
      withoutTable: [],
    });
    const found = analysis.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code.startsWith('YEAR_SHEET'));
    expect(found.map((d) => [d.code, d.sheet, d.severity])).toEqual([
      ['YEAR_SHEETS_DIFFER', '2022', 'error'],
      ['YEAR_SHEETS_DIFFER', '2022 (2)', 'error'],
    ]);
    expect(found[0].message).toContain(typeset('avec des actions ou des états différents'));
    expect(analysis.sheets.map((s) => incompleteNotice(s.diagnostics) !== null)).toEqual([false, true, true]);
  });

  test('with that year only, the message does not speak of a follow-up across years', () => {
    const analysis = analyzeWorkbook({
      sheets: [sheet('2022', row('Réalisé')), sheet('2022 (2)', row('Réalisé'))],
      withoutTable: [],
    });
    const [found] = analysis.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'YEAR_SHEET_DUPLICATE');
    expect(found.message).toContain('le bilan les présente toutes les deux. Si l');
    expect(found.message).not.toContain('suivi');
  });

  test('one sheet per year: nothing flagged', () => {
    const analysis = analyzeWorkbook({
      sheets: [sheet('2021', row('En cours')), sheet('2022', row('Réalisé'))],
      withoutTable: [],
    });
    expect(analysis.sheets.flatMap((s) => s.diagnostics).some((d) => d.code === 'YEAR_SHEET_DUPLICATE')).toBe(false);
  });
});

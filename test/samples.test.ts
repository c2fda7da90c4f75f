/**
 * The bundled samples, built from the seed reports, read end to end: numbers of actions and counts
 * per status as the seed tables give them, and the seed's own defects found by the catalogue.
 */
import { join } from 'node:path';
import { analyzeWorkbook, allDiagnostics, type SheetAnalysis, type WorkbookAnalysis } from '../core/report/analysis';
import { yearSheetLayout } from '../core/layout/year-sheet';
import { DEFAULT_PALETTE } from '../core/base/status';
import { buildHistory, checkHistory } from '../core/report/history';
import { combineReadings } from '../core/read/contract';
import { ClsError } from '../core/base/errors';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { counts, PETR } from './petr-report';
import { typeset } from '../core/base/typography';

const SAMPLES = join(__dirname, '..', 'samples');

async function analyze(file: string): Promise<WorkbookAnalysis> {
  return analyzeWorkbook(await readTrackingFile(join(SAMPLES, file)));
}

describe('every sample reads with the seed numbers', () => {
  test('one sheet per year, each in its own layout', async () => {
    const a = await analyze('petr-coeur-de-lorraine-2020-2023.xlsx');
    expect(a.sheets.map((s) => [s.sheet.name, s.sheet.year])).toEqual([
      ['2020', 2020],
      ['2021', 2021],
      ['2022', 2022],
      ['2023', 2023],
    ]);
    for (const s of a.sheets) {
      const year = s.sheet.year as number;
      expect(s.bilan.total).toBe(PETR[year].total);
      expect(s.bilan.counts).toEqual(PETR[year].counts);
    }
  });

  test('2020 sub-tables: 27 header rows, titles of axes and objectives, codes glued to titles', async () => {
    const a = await analyze('petr-bilan-2020-sous-tableaux.xlsx');
    const [s] = a.sheets;
    expect(s.sheet.year).toBe(2020);
    expect(s.sheet.header.rows).toHaveLength(27);
    expect(s.bilan.counts).toEqual(PETR[2020].counts);
    const bus = s.sheet.actions.find((x) => x.title === 'Acquérir un bus itinérant');
    expect(bus).toMatchObject({ code: '1.1.1', kind: 'fiche', status: 'realise_clos', porteur: 'CD' });
    expect(bus?.objectif).toEqual({ code: '1.1', title: 'renforcer la mobilité' });
    expect(bus?.axe?.code).toBe('1');
    const mobilite = s.sheet.actions.find((x) => x.title === 'Projet mobilité');
    expect(mobilite).toMatchObject({ kind: 'piste', code: null, status: 'en_cours' });
    expect(s.sheet.actions.filter((x) => x.kind === 'fiche')).toHaveLength(23);
    expect(s.sheet.kindLegend.map((k) => k.kind)).toEqual(['fiche', 'piste']);
    expect(s.bilan.byAxe.map((g) => g.code)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    // The 2020 table has none of the later defects: no false alarm on it; only the information that
    // no title cell names the contract (its bilans call it « Contrat local de santé »).
    expect(s.diagnostics.map((d) => d.code)).toEqual(['CONTRACT_UNNAMED']);
  });

  test('2021 with Excel theme and indexed colours: réalisé clos / pérenne told apart through the theme', async () => {
    const a = await analyze('petr-bilan-2021-couleurs-theme.xlsx');
    const [s] = a.sheets;
    expect(s.sheet.year).toBe(2021);
    expect(s.bilan.counts).toEqual(PETR[2021].counts);
    expect(s.sheet.legend.map((l) => [l.status, l.colour])).toEqual([
      ['realise_clos', '#548235'],
      ['realise_perenne', '#A9D08E'],
      ['en_cours', '#FFC000'],
      ['reflexion', '#9BC2E6'],
      ['non_commence', '#FF99CC'],
    ]);
    const nonCommence = s.sheet.actions.find((x) => x.status === 'non_commence');
    expect(nonCommence?.statusFill).toBe('#FF99CC');
  });

  test('2022: the legend counts 9 / 11 / 28 / 12 / 10 / 1 and the table agrees', async () => {
    const a = await analyze('petr-bilan-2022.xlsx');
    const [s] = a.sheets;
    expect(s.sheet.year).toBe(2022);
    expect(s.sheet.legend.map((l) => l.declaredCount)).toEqual([9, 11, 28, 12, 10, 1]);
    expect(s.bilan.counts).toEqual(PETR[2022].counts);
    expect(s.diagnostics.filter((d) => d.code === 'LEGEND_COUNT_MISMATCH')).toEqual([]);
    expect(s.bilan.conclusion).toBe(
      typeset('À ce jour, 28 % des actions sont réalisées, soit 20 actions et 1 % abandonnées.'),
    );
  });

  test('2023 by colour alone: the file legend is the key, and the report conclusion comes out', async () => {
    const a = await analyze('petr-bilan-2023-couleur-seule.xlsx');
    const [s] = a.sheets;
    expect(s.sheet.actions.every((x) => x.statusText === '')).toBe(true);
    expect(s.sheet.actions.filter((x) => x.statusSource === 'colour')).toHaveLength(76);
    expect(s.bilan.counts).toEqual(PETR[2023].counts);
    // « A ce jour, 38 % des actions sont réalisées, soit 29 actions et 7% abandonnées. » (seed 002)
    expect(s.bilan.conclusion).toBe(
      typeset('À ce jour, 38 % des actions sont réalisées, soit 29 actions et 7 % abandonnées.'),
    );
  });

  test('Metz: 55 fiches « FA n », 4 not named in the report and without a state', async () => {
    const a = await analyze('metz-fiches-actions-2018.xlsx');
    const [s] = a.sheets;
    expect(s.sheet.year).toBe(2018);
    expect(s.bilan.total).toBe(55);
    expect(s.bilan.counts).toEqual({ ...counts([0, 0, 28, 11, 12, 0]), sans_etat: 4 });
    expect(s.sheet.actions.map((x) => x.code)).toEqual(Array.from({ length: 55 }, (_, i) => `FA ${i + 1}`));
    expect(s.sheet.actions[3].codeWritten).toBe('Fiche-action 4');
    expect(s.diagnostics.filter((d) => d.code === 'STATUS_MISSING').map((d) => d.cell)).toEqual([
      'E11',
      'E49',
      'E53',
      'E55',
    ]);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s.bilan.byAxe.map((g) => [g.code, g.total])).toEqual([
      ['1', 18],
      ['2', 7],
      ['3', 5],
      ['4', 4],
      ['5', 9],
      ['6', 12],
    ]);
  });
});

describe('the defects of the real data are found (DOMAIN.md)', () => {
  let multi: WorkbookAnalysis;
  beforeAll(async () => {
    multi = await analyze('petr-coeur-de-lorraine-2020-2023.xlsx');
  });
  const codes = (year: number, code: string) =>
    multi.sheets.find((s) => s.sheet.year === year)?.diagnostics.filter((d) => d.code === code) ?? [];

  test('3.1.3 used twice, and under the wrong objective (3.3)', () => {
    for (const year of [2021, 2022, 2023]) {
      const dup = codes(year, 'CODE_DUPLICATE');
      expect(dup).toHaveLength(1);
      expect(dup[0].message).toContain('Sensibiliser détenus tabac + sevrage');
      expect(dup[0].message).toContain('Journée des associations à caractère sociale');
      const wrong = codes(year, 'CODE_OBJECTIVE_MISMATCH');
      expect(wrong.map((d) => d.message.includes('objectif 3.3'))).toEqual([true]);
    }
  });

  test('rows with a status and no title (2.2 polluants souterrains, 6.2) are counted and warned', () => {
    const missing = codes(2022, 'TITLE_MISSING');
    expect(missing).toHaveLength(2);
    const s2022 = multi.sheets.find((s) => s.sheet.year === 2022);
    const untitled = s2022?.sheet.actions.filter((a) => a.title === '');
    expect(untitled?.map((a) => a.objectif?.code)).toEqual(['2.2', '6.2']);
  });

  test('numbered fiches without porteur: 1.2.2 and 6.4.1', () => {
    expect(codes(2022, 'PORTEUR_MISSING').map((d) => d.message.match(/fiche-action (\S+)/)?.[1])).toEqual([
      '1.2.2',
      '6.4.1',
    ]);
  });

  test('2023 legend: 8 réflexions declared, 7 in the table, with the fix', () => {
    const [d] = codes(2023, 'LEGEND_COUNT_MISMATCH');
    expect(d.message).toContain('8');
    expect(d.fix).toEqual([{ cell: d.cell, value: '7' }]);
    expect(codes(2023, 'LEGEND_COUNT_MISMATCH')).toHaveLength(1);
  });

  test('spellings: « en cours », « Abandonnée », « Non Commencé », « Engagé », « Non réalisé » get their canonical label', () => {
    const fixes = ([2021, 2022, 2023] as const).flatMap((y) =>
      codes(y, 'STATUS_NONCANONICAL').map((d) => d.fix?.[0].value),
    );
    expect(new Set(fixes)).toEqual(new Set(['En cours', 'Abandonné', 'Non commencé', 'Réflexion engagée']));
  });

  test('abandoned without a word: « Urgences de nuit » (2021, 2022)', () => {
    expect(codes(2021, 'ABANDON_WITHOUT_REASON').map((d) => d.message)).toEqual([
      expect.stringContaining('Urgences de nuit'),
    ]);
  });

  test('« Sensibiliser détenus tabac + sevrage » goes back from En cours (2022) to Non commencé (2023)', () => {
    const back = codes(2023, 'STATUS_REGRESSION').find((d) => d.message.includes('Sensibiliser détenus'));
    expect(back?.message).toContain(typeset('« En cours » (2022)'));
    expect(back?.message).toContain(typeset('« Non commencé » (2023)'));
  });

  test('the shifted 2023 rows are read where their cells are', () => {
    const s2023 = multi.sheets.find((s) => s.sheet.year === 2023);
    const shifted = s2023?.sheet.actions.filter((a) => a.shiftedFrom) ?? [];
    expect(shifted.length).toBeGreaterThanOrEqual(8);
    const citique = shifted.find((a) => a.title.startsWith('Se former à citique'));
    expect(citique).toMatchObject({ code: '2.3.1', porteur: 'CIPIE Nancy', status: 'realise_perenne' });
  });

  test('no error but the real ones: every error of the workbook is a duplicate 3.1.3', () => {
    const errors = allDiagnostics(multi).filter((d) => d.severity === 'error');
    expect(errors.every((d) => d.code === 'CODE_DUPLICATE' && d.message.includes('3.1.3'))).toBe(true);
  });
});

describe('following actions across the four years', () => {
  let multi: WorkbookAnalysis;
  beforeAll(async () => {
    multi = await analyze('petr-coeur-de-lorraine-2020-2023.xlsx');
  });

  test('« Mise en place service bénévole pour public 60 ans dématérialisation » keeps its line from no code to 1.2.2', () => {
    const track = multi.history?.tracks.find((t) => t.title.startsWith('Mise en place service bénévole'));
    expect(track?.entries.map((e) => e?.code ?? null)).toEqual([null, '1.2.2', '1.2.2', '1.2.2']);
    expect(track?.links[0]?.kind).toBe('title');
    expect(track?.links[1]).toMatchObject({ kind: 'code', explanation: 'même numéro 1.2.2' });
    expect(track?.entries.map((e) => e?.status)).toEqual(['en_cours', 'en_cours', 'en_cours', 'realise_perenne']);
  });

  test('« Projet de territoire » → « Projet de territoire (pilier 3 du projet de territoire) »', () => {
    const track = multi.history?.tracks.find((t) => t.title.startsWith('Projet de territoire'));
    expect(track?.entries.map((e) => e?.title)).toEqual([
      'Projet de territoire',
      'Projet de territoire (pilier 3 du projet de territoire)',
      'Projet de territoire (pilier 3 du projet de territoire)',
      'Projet de territoire (pilier 3 du projet de territoire)',
    ]);
    expect(track?.links[0]?.kind).toBe('title');
  });

  test('the 2.2 « polluants souterrains » row keeps its line after losing its title (2020 → 2021)', () => {
    const track = multi.history?.tracks.find((t) => t.objectif?.code === '2.2');
    expect(track?.entries.map((e) => e?.title ?? null)).toEqual([
      'Diminuer les risques liés aux polluants souterrains',
      '',
      '',
      '',
    ]);
    expect(track?.links[0]).toMatchObject({ kind: 'no_title' });
    expect(track?.links[0]?.explanation).toContain(typeset("seule action restante de l'objectif 2.2"));
  });

  test('« Urgences de nuit »: Réflexion engagée → Abandonné → Abandonné → Réalisé, no regression claimed', () => {
    const track = multi.history?.tracks.find((t) => t.title === 'Urgences de nuit');
    expect(track?.entries.map((e) => e?.status)).toEqual(['reflexion', 'abandonne', 'abandonne', 'realise_perenne']);
    const all = allDiagnostics(multi);
    expect(all.some((d) => d.code === 'STATUS_REGRESSION' && d.message.includes('Urgences de nuit'))).toBe(false);
  });

  test('status by year is the seed’s « état récapitulatif », and new 2023 actions appeared', () => {
    expect(multi.history?.statusByYear.map((y) => [y.year, y.total])).toEqual([
      [2020, 71],
      [2021, 71],
      [2022, 71],
      [2023, 76],
    ]);
    const appeared = multi.history?.tracks
      .filter((t) => t.appeared === 2023)
      .map((t) => t.title)
      .sort();
    expect(appeared).toEqual(
      [
        "Action sport santé sur l'AA",
        'COM RPE',
        "Conférence consomm'acteur",
        'PSFP',
        'Soutien implantation équipe mobile 1.2.3 Enfant',
      ].sort(),
    );
  });

  test('transitions 2022 → 2023 add up to the actions followed', () => {
    const pair = multi.history?.pairs.find((p) => p.toYear === 2023);
    expect(pair?.matched).toBe(71);
    expect(pair?.transitions.reduce((n, t) => n + t.count, 0)).toBe(71);
    // « Sensibiliser détenus tabac + sevrage » and « Formation des bénévoles… » (Non réalisé in 2023).
    expect(pair?.transitions).toContainEqual({ from: 'en_cours', to: 'non_commence', count: 2 });
  });
});

describe('following actions across several files (one file per year)', () => {
  test('the 2021 (theme colours) and 2022 files make one history', async () => {
    const files = ['petr-bilan-2021-couleurs-theme.xlsx', 'petr-bilan-2022.xlsx'];
    const sheets = (await Promise.all(files.map((f) => readTrackingFile(join(SAMPLES, f))))).flatMap((r) => r.sheets);
    const history = buildHistory(sheets);
    expect(history.years).toEqual([2021, 2022]);
    expect(history.sheets).toEqual(['Tableau de suivi', 'Feuil1']);
    expect(history.pairs[0]).toMatchObject({ matched: 71, appeared: 0, disappeared: 0 });
    const triple = history.tracks.find((t) => t.title === 'Développer triple P');
    expect(triple?.entries.map((e) => e?.status)).toEqual(['realise_clos', 'realise_clos']);
    const back = checkHistory(history).filter((d) => d.code === 'STATUS_REGRESSION');
    expect(back.every((d) => d.sheet === 'Feuil1')).toBe(true);
  });
});

describe('one contract kept in one file per year (--contrat)', () => {
  const perYear = [
    'petr-bilan-2023-couleur-seule.xlsx',
    'petr-bilan-2022.xlsx',
    'petr-bilan-2021-couleurs-theme.xlsx',
    'petr-bilan-2020-sous-tableaux.xlsx',
  ];

  test('the four yearly files follow the actions as the four-year workbook does', async () => {
    const readings = await Promise.all(perYear.map((f) => readTrackingFile(join(SAMPLES, f))));
    const contract = analyzeWorkbook(combineReadings(readings, 'PETR Cœur de Lorraine'));
    const single = await analyze('petr-coeur-de-lorraine-2020-2023.xlsx');
    // Given newest first, read in year order, each sheet named with its file.
    expect(contract.sheets.map((s) => s.sheet.name)).toEqual([
      'Bilan par action (petr-bilan-2020-sous-tableaux.xlsx)',
      'Tableau de suivi (petr-bilan-2021-couleurs-theme.xlsx)',
      'Feuil1 (petr-bilan-2022.xlsx)',
      'Bilan 2023 (petr-bilan-2023-couleur-seule.xlsx)',
    ]);
    expect(contract.history?.years).toEqual([2020, 2021, 2022, 2023]);
    expect(contract.history?.statusByYear).toEqual(single.history?.statusByYear);
    expect(contract.history?.tracks).toHaveLength(single.history?.tracks.length ?? -1);
    expect(contract.history?.tracks).toHaveLength(76);
    expect(contract.history?.pairs.map((p) => [p.matched, p.appeared, p.disappeared])).toEqual(
      single.history?.pairs.map((p) => [p.matched, p.appeared, p.disappeared]),
    );
    // Year-to-year checks sit on the later year's sheet, named with its file.
    const regressions = contract.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'STATUS_REGRESSION');
    const singleRegressions = single.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'STATUS_REGRESSION');
    // Same rows (the four-year workbook keeps the 2023 row pushed one column right: G34, not F34).
    const rowOf = (cell: string | null) => cell?.replace(/^[A-Z]+/, '');
    expect(regressions.map((d) => rowOf(d.cell))).toEqual(singleRegressions.map((d) => rowOf(d.cell)));
    expect(regressions).toHaveLength(9);
    expect(regressions.some((d) => d.sheet === 'Bilan 2023 (petr-bilan-2023-couleur-seule.xlsx)')).toBe(true);
  });

  test('two files for the same year: YEAR_TWICE names both, even under the same file name', async () => {
    const y2022 = await readTrackingFile(join(SAMPLES, 'petr-bilan-2022.xlsx'));
    let error: unknown;
    try {
      combineReadings([y2022, y2022], 'PETR');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClsError);
    expect((error as ClsError).code).toBe('YEAR_TWICE');
    expect((error as ClsError).message).toContain(
      typeset("L'année 2022 figure dans deux fichiers du contrat « PETR »"),
    );
    expect((error as ClsError).message).toContain(typeset('« petr-bilan-2022.xlsx » (feuille « Feuil1 »)'));
  });
});

describe('« Il reste à mener N actions », as the PETR report says after its conclusion', () => {
  // The report (seed 002): « Il reste à mener 51 actions » in 2021, « … 50 actions » in 2022.
  test.each([
    [2021, 'Il reste à mener 51 actions.'],
    [2022, 'Il reste à mener 50 actions.'],
  ])('%i', async (year, sentence) => {
    const multi = await analyze('petr-coeur-de-lorraine-2020-2023.xlsx');
    const s = multi.sheets.find((x) => x.sheet.year === year);
    expect(s?.bilan.remainingSentence).toBe(sentence);
    const layout = yearSheetLayout(s as SheetAnalysis, DEFAULT_PALETTE);
    const texts = layout.rows.map((r) => r[0]?.value);
    expect(texts.indexOf(sentence)).toBe(texts.indexOf(s?.bilan.conclusion ?? '') + 1);
  });
});

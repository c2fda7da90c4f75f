/**
 * The catalogue: every code on a sheet that triggers it and on one that does not, with its
 * severity, cell, French message and fix. Year-to-year codes are in history.test.ts and samples.test.ts.
 */
import { gridFromRows, type Grid } from '../core/base/grid';
import { readTrackingSheet, readWorkbookTables } from '../core/read/table-reader';
import {
  CATALOGUE,
  checkSheet,
  checkSheetsWithoutTable,
  type DiagnosticCode,
  incompleteNotice,
} from '../core/check/diagnostics';
import { analyzeWorkbook } from '../core/report/analysis';
import { typeset } from '../core/base/typography';

const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];

/** A clean sheet: every check passes on it (its title names the contract). */
const CLEAN: (string | null)[][] = [
  ['CLS du Pays de test — Bilan 2022 par action'],
  HEADER,
  ['1.1', 'renforcer la mobilité', 'Acquérir un bus itinérant', '1.1.1', 'CD', 'Réalisé (clos)', 'Mis en service'],
  [null, null, 'Transport à la demande', '1.1.3', 'CC Fresnes', 'Réalisé (pérenne)', null],
  [null, null, 'Projet mobilité', 'Piste', 'PETR', 'En cours', null],
  ['6.1', 'Installation', 'Urgences de nuit', 'Piste', 'EHPAD', 'Abandonné', 'Projet repris par le CH'],
];

function grid(rows: (string | null)[][], fills: Record<string, string> = {}): Grid {
  const g = gridFromRows('Feuil1', rows);
  for (const [a1, fill] of Object.entries(fills)) {
    const r = Number(a1.slice(1)) - 1;
    const c = a1.charCodeAt(0) - 65;
    g.cells[r] = g.cells[r] ?? [];
    g.cells[r][c] = { ...(g.cells[r][c] ?? { text: '', value: null }), fill };
  }
  return g;
}

function codesOf(g: Grid): DiagnosticCode[] {
  const sheet = readTrackingSheet(g);
  if (!sheet) throw new Error('no table');
  return checkSheet(sheet).map((d) => d.code);
}

function withRow(row: (string | null)[]): (string | null)[][] {
  return [...CLEAN, row];
}

describe('the clean sheet raises nothing', () => {
  test('no diagnostic', () => {
    expect(codesOf(grid(CLEAN))).toEqual([]);
  });
});

describe.each<[DiagnosticCode, (string | null)[][], Record<string, string>?]>([
  ['STATUS_MISSING', withRow([null, null, 'Sans état', '6.1.5', 'PETR', null, null])],
  ['STATUS_UNKNOWN', withRow([null, null, 'Typo', '6.1.5', 'PETR', 'En cour', null])],
  ['STATUS_NONCANONICAL', withRow([null, null, 'Minuscules', '6.1.5', 'PETR', 'en cours', null])],
  ['STATUS_AMBIGUOUS', withRow([null, null, 'Réalisé sans couleur', '6.1.5', 'PETR', 'Réalisé', null])],
  [
    'STATUS_COLOUR_MISMATCH',
    withRow([null, null, 'Couleur contraire', '6.1.5', 'PETR', 'En cours', null]),
    { F7: '#FF9999' },
  ],
  ['CODE_DUPLICATE', withRow([null, null, 'Autre action', '1.1.1', 'PETR', 'En cours', null])],
  ['CODE_OBJECTIVE_MISMATCH', withRow([null, null, 'Mal rangée', '3.1.3', 'PETR', 'En cours', null])],
  ['CODE_MALFORMED', withRow([null, null, '6.1.5_Collé au titre', null, 'PETR', 'En cours', null])],
  ['TITLE_MISSING', withRow([null, null, null, 'Piste', null, 'Non commencé', null])],
  ['PORTEUR_MISSING', withRow([null, null, 'Sans porteur', '6.1.5', null, 'En cours', null])],
  ['ACTION_DUPLICATE', withRow([null, null, 'Projet mobilité', '6.1.6', 'PETR', 'En cours', null])],
  ['ABANDON_WITHOUT_REASON', withRow([null, null, 'Abandon muet', '6.1.5', 'PETR', 'Abandonnée', null])],
])('%s', (code, rows, fills) => {
  test('is raised once, with its catalogue severity, a cell and a French message', () => {
    const sheet = readTrackingSheet(grid(rows, fills));
    if (!sheet) throw new Error('no table');
    const found = checkSheet(sheet).filter((d) => d.code === code);
    expect(found.length).toBeGreaterThanOrEqual(1);
    const d = found[found.length - 1];
    expect(d.severity).toBe(CATALOGUE[code].severity);
    expect(d.cell).toMatch(/^[A-G]7$/);
    expect(d.message).toMatch(/[a-zé]/);
    expect(d.message).not.toMatch(/undefined|null|NaN/);
  });
});

describe('fixes', () => {
  test('STATUS_NONCANONICAL: the canonical label', () => {
    const sheet = readTrackingSheet(grid(withRow([null, null, 'X', '6.1.5', 'PETR', 'Abandonnée', 'raison'])));
    const d = sheet && checkSheet(sheet).find((x) => x.code === 'STATUS_NONCANONICAL');
    expect(d?.fix).toEqual([{ cell: 'F7', value: 'Abandonné' }]);
  });

  test('STATUS_UNKNOWN: the closest status', () => {
    const sheet = readTrackingSheet(grid(withRow([null, null, 'X', '6.1.5', 'PETR', 'Abandone', 'raison'])));
    const d = sheet && checkSheet(sheet).find((x) => x.code === 'STATUS_UNKNOWN');
    expect(d?.fix).toEqual([{ cell: 'F7', value: 'Abandonné' }]);
    expect(d?.message).toContain(typeset('« Abandonné »'));
  });

  test('CODE_MALFORMED: the code to its column, the title alone', () => {
    const sheet = readTrackingSheet(
      grid(withRow([null, null, '6.1.5_Collé au titre', null, 'PETR', 'En cours', null])),
    );
    const d = sheet && checkSheet(sheet).find((x) => x.code === 'CODE_MALFORMED');
    expect(d?.fix).toEqual([
      { cell: 'C7', value: 'Collé au titre' },
      { cell: 'D7', value: '6.1.5' },
    ]);
  });

  test('a glued code in a layout without a code column is the convention, not a defect', () => {
    const rows = [
      ['CLS du Pays de test'],
      ['Actions', 'Porteur', 'Avancement'],
      ['1.1.1_Acquérir un bus itinérant', 'CD', 'Réalisé (clos)'],
    ];
    expect(codesOf(grid(rows))).toEqual([]);
  });

  test('a coloured « Réalisé » is not ambiguous, nor a colour mismatch', () => {
    expect(codesOf(grid(withRow([null, null, 'X', '6.1.5', 'PETR', 'Réalisé', null]), { F7: '#92D050' }))).toEqual([]);
  });
});

describe('CONTRACT_UNNAMED: no title cell names the contract', () => {
  const untitled = CLEAN.slice(1);

  test('an information on the workbook (no sheet, no cell) that says how to name it', () => {
    const sheet = readTrackingSheet(grid(untitled));
    if (!sheet) throw new Error('no table');
    const found = checkSheet(sheet).filter((d) => d.code === 'CONTRACT_UNNAMED');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'info', sheet: '', cell: null, fix: null });
    expect(found[0].message).toContain(typeset("les bilans l'appellent « Contrat local de santé »"));
    expect(found[0].message).toContain('une cellule au-dessus du tableau');
    expect(CATALOGUE.CONTRACT_UNNAMED.title).toBe('Nom du contrat absent du classeur');
  });

  test('said once for a workbook of several years, not on each', () => {
    const year = (y: number) =>
      gridFromRows(
        String(y),
        untitled.map((r) => r.map((c) => (c === 'Réalisé (clos)' ? 'En cours' : c))),
      );
    const analysis = analyzeWorkbook(readWorkbookTables([year(2021), year(2022), year(2023)], 'suivi.xlsx'));
    const all = analysis.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'CONTRACT_UNNAMED');
    expect(all).toHaveLength(1);
  });

  test('none when a title cell names it', () => {
    expect(codesOf(grid(CLEAN))).not.toContain('CONTRACT_UNNAMED');
  });

  test('none when one sheet of the workbook names it, whichever (the bilans take that name)', () => {
    for (const titled of [0, 1, 2]) {
      const sheets = [2021, 2022, 2023].map((y, i) =>
        gridFromRows(String(y), i === titled ? CLEAN : untitled.map((r) => r.map((c) => c))),
      );
      const analysis = analyzeWorkbook(readWorkbookTables(sheets, 'suivi.xlsx'));
      const codes = analysis.sheets.flatMap((s) => s.diagnostics).map((d) => d.code);
      expect(codes).not.toContain('CONTRACT_UNNAMED');
    }
  });

  test('the message names no option of a particular host (the page and the add-in show it too)', () => {
    const sheet = readTrackingSheet(grid(untitled));
    if (!sheet) throw new Error('no table');
    const found = checkSheet(sheet).filter((d) => d.code === 'CONTRACT_UNNAMED');
    expect(found[0].message).not.toMatch(/--|cls-bilan/);
  });
});

describe('HEADER_NOT_FOUND', () => {
  test('a sheet with statuses but no header is an error; a notes sheet is not', () => {
    const tracking = gridFromRows('Suivi', [CLEAN[1], ...CLEAN.slice(2)]);
    const orphan = gridFromRows('2021', [
      ['Acquérir un bus', 'CD', 'Réalisé'],
      ['Projet mobilité', 'PETR', 'En cours'],
    ]);
    const notes = gridFromRows('Notes', [['Compte rendu du COPIL'], ['Présents : ARS, PETR']]);
    const reading = readWorkbookTables([tracking, orphan, notes], 'suivi.xlsx');
    const diags = checkSheetsWithoutTable(reading.withoutTable);
    expect(diags.map((d) => [d.code, d.severity, d.sheet])).toEqual([['HEADER_NOT_FOUND', 'error', '2021']]);
    expect(diags[0].message).toContain(typeset('2 cellule(s)'));
    // Actions seen but not counted: the bilan of the year is marked incomplete, and the error said once.
    const analysis = analyzeWorkbook(reading);
    expect(analysis.workbookDiagnostics).toHaveLength(0);
    expect(analysis.sheets[0].diagnostics.filter((d) => d.code === 'HEADER_NOT_FOUND')).toHaveLength(1);
    expect(incompleteNotice(analysis.sheets[0].diagnostics)).toContain('actions qui n’ont pas été lues');
  });
});

describe('READING_TAUGHT_MISFIT on a sheet where nothing was read', () => {
  test('an unreadable stored mapping on a sheet without table is an error, not a silent skip', () => {
    const tracking = gridFromRows('Suivi', [CLEAN[1], ...CLEAN.slice(2)]);
    const mine: Grid = { ...gridFromRows('Mon suivi', [['Acquérir un bus', 'CD', 'fait']]), taught: 'etta=Q' };
    const reading = readWorkbookTables([tracking, mine], 'suivi.xlsx');
    const diags = checkSheetsWithoutTable(reading.withoutTable);
    expect(diags.map((d) => [d.code, d.severity, d.sheet])).toEqual([['READING_TAUGHT_MISFIT', 'error', 'Mon suivi']]);
    expect(diags[0].message).toContain('--colonnes');
  });

  test('alone in the workbook, it is the reason given instead of « aucun tableau »', () => {
    const mine: Grid = { ...gridFromRows('Mon suivi', [['Acquérir un bus', 'CD', 'fait']]), taught: 'etta=Q' };
    expect(() => readWorkbookTables([mine], 'suivi.xlsx')).toThrow(/colonnes enregistrées dans le classeur/);
  });
});

describe('CODE_DUPLICATE is said once per number', () => {
  test('a pair: one diagnostic naming both rows', () => {
    const sheet = readTrackingSheet(grid(withRow([null, null, 'Autre action', '1.1.1', 'PETR', 'En cours', null])));
    if (!sheet) throw new Error('no table');
    const found = checkSheet(sheet).filter((d) => d.code === 'CODE_DUPLICATE');
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(
      /^Le numéro 1\.1\.1 est utilisé par 2 actions\u00a0: ligne \d+ «\u00a0.+\u00a0» et ligne 7 «\u00a0Autre action\u00a0»\./,
    );
  });

  test('5,000 rows sharing a number: one bounded message', () => {
    const rows = [...CLEAN];
    for (let i = 0; i < 5000; i++) rows.push([null, null, `Action ${i}`, '9.9.9', 'PETR', 'En cours', null]);
    const sheet = readTrackingSheet(grid(rows));
    if (!sheet) throw new Error('no table');
    const found = checkSheet(sheet).filter((d) => d.code === 'CODE_DUPLICATE');
    expect(found).toHaveLength(1);
    // Four digits stay whole, as French style guides allow (and as years are written).
    expect(found[0].message).toMatch(/par 5000 actions\u00a0: .* et 4996 autres lignes\./);
    expect(found[0].message.length).toBeLessThan(400);
  });
});

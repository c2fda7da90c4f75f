/**
 * The region's synthesis counts contracts, not files: a folder with yearly files of two contracts,
 * a resent copy, a conflicting version of one year and an old .xls gives exactly its two contracts,
 * the copy counted once, the conflict said and left out, the .xls listed. The grouping itself
 * (core/report/contract-groups.ts) is checked on readings: by name, by shared actions, copies
 * across formats, conflicts.
 */
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { gridFromRows } from '../core/base/grid';
import { readWorkbookTables } from '../core/read/table-reader';
import type { TrackingWorkbook } from '../core/read/read-tracking';
import { DEFAULT_PALETTE } from '../core/base/status';
import { groupContracts } from '../core/report/contract-groups';
import type { ContractSummary } from '../core/report/region-synthesis';
import { runCli } from './run-cli';
import { ACTIONS, S22, S23 } from './region-fixtures';

/** A tracking workbook's rows: an optional title block, a header, one row per action with its state. */
function rows(title: string | null, year: number, states: readonly string[], prefix = ''): (string | null)[][] {
  return [
    ...(title ? [[title], []] : []),
    ['N°', 'ACTIONS', 'PORTEUR', `ETAT AVANCEMENT ACTION ${year}`, 'REMARQUES'],
    ...ACTIONS.map(([code, action], i) => [code, `${prefix}${action}`, 'PETR', states[i], null]),
  ];
}

function reading(file: string, title: string | null, year: number, states: readonly string[], prefix = '') {
  const grid = gridFromRows(`Suivi ${year}`, rows(title, year, states, prefix));
  return {
    file,
    ...readWorkbookTables([grid], file),
    palette: DEFAULT_PALETTE,
    paletteSource: 'défaut',
  } satisfies TrackingWorkbook;
}

describe('groupContracts', () => {
  test('yearly files of one contract by its name; another contract apart; a copy in another format counted once', () => {
    const groups = groupContracts([
      reading('a-2022.xlsx', 'Contrat local de santé du Pays A 2022-2026', 2022, S22),
      reading('b-2022.xlsx', 'Contrat local de santé du Pays B 2021-2025', 2022, S22, 'B — '),
      reading('a-2023.xlsx', 'Contrat local de santé du Pays A 2022-2026', 2023, S23),
      reading('a-2023.ods', 'Contrat local de santé du Pays A 2022-2026', 2023, S23),
    ]);
    expect(groups.map((g) => [g.name, g.files, g.copies, g.conflicts])).toEqual([
      [
        'Contrat local de santé du Pays A',
        ['a-2022.xlsx', 'a-2023.xlsx'],
        [{ file: 'a-2023.ods', of: 'a-2023.xlsx' }],
        [],
      ],
      ['Contrat local de santé du Pays B', ['b-2022.xlsx'], [], []],
    ]);
    expect(groups[0].reading.sheets.map((s) => s.year)).toEqual([2022, 2023]);
  });

  test('without a title block: by the actions they share; two names never join, however alike', () => {
    const unnamed = groupContracts([
      reading('x-2022.xlsx', null, 2022, S22),
      reading('x-2023.xlsx', null, 2023, S23),
      reading('y-2023.xlsx', null, 2023, S23, 'Autre contrat : '),
    ]);
    expect(unnamed.map((g) => g.files)).toEqual([['x-2022.xlsx', 'x-2023.xlsx'], ['y-2023.xlsx']]);
    const named = groupContracts([
      reading('c-2022.xlsx', 'CLS de la vallée', 2022, S22),
      reading('d-2022.xlsx', 'CLS du plateau', 2022, S22),
    ]);
    expect(named).toHaveLength(2);
  });

  test('two versions of one year: a conflict naming both, the year read from neither', () => {
    const changed = [...S23];
    changed[1] = 'Réalisé (clos)';
    const [group] = groupContracts([
      reading('a-2022.xlsx', 'CLS du Pays A', 2022, S22),
      reading('a-2023.xlsx', 'CLS du Pays A', 2023, S23),
      reading('a-2023-v2.xlsx', 'CLS du Pays A', 2023, changed),
    ]);
    expect(group.conflicts).toEqual([{ year: 2023, files: ['a-2023.xlsx', 'a-2023-v2.xlsx'] }]);
    expect(group.reading.sheets.map((s) => s.year)).toEqual([2022]);
  });
});

/** A workbook as a coordinator sends it: a title block, then the tracking table. */
async function workbook(title: string, year: number, states: readonly string[], prefix = ''): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`Suivi ${year}`);
  for (const row of rows(title, year, states, prefix)) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('convert of a region’s folder', () => {
  const input = mkdtempSync(join(tmpdir(), 'cls-region-'));
  const out = mkdtempSync(join(tmpdir(), 'cls-region-out-'));

  beforeAll(async () => {
    const a = 'Contrat local de santé du Pays A 2022-2026';
    const b = 'Contrat local de santé du Pays B 2021-2025';
    writeFileSync(join(input, 'pays-a-2022.xlsx'), await workbook(a, 2022, S22));
    writeFileSync(join(input, 'pays-a-2023.xlsx'), await workbook(a, 2023, S23));
    copyFileSync(join(input, 'pays-a-2023.xlsx'), join(input, 'pays-a-2023-renvoi.xlsx'));
    writeFileSync(join(input, 'pays-b-2022.xlsx'), await workbook(b, 2022, S22, 'B — '));
    writeFileSync(join(input, 'pays-b-2023.xlsx'), await workbook(b, 2023, S23, 'B — '));
    const changed = [...S23];
    changed[0] = 'Non commencé';
    writeFileSync(join(input, 'pays-b-2023-corrige.xlsx'), await workbook(b, 2023, changed, 'B — '));
    // An Excel 97-2003 file: the compound file signature, then nothing a reader could use.
    writeFileSync(
      join(input, 'ancien.xls'),
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]),
    );
  });

  test('two contracts; the copy counted once; the conflict said, not counted; the .xls listed', async () => {
    const r = await runCli(['convert', input, '--out', out, '--format', 'json', '--json']);
    const { synthesis } = JSON.parse(r.stdout) as {
      synthesis: { contracts: ContractSummary[]; failures: { file: string; code: string }[] };
    };
    expect(synthesis.contracts.map((c) => c.name)).toEqual([
      'Contrat local de santé du Pays A 2022–2026',
      'Contrat local de santé du Pays B 2021–2025',
    ]);
    const [a, b] = synthesis.contracts;
    expect(a.files.map((f) => f.split('/').pop())).toEqual(['pays-a-2022.xlsx', 'pays-a-2023-renvoi.xlsx']);
    expect(a.copies.map((c) => c.file.split('/').pop())).toEqual(['pays-a-2023.xlsx']);
    expect([a.lastYear, a.actions, a.counts.realise_clos, a.counts.en_cours]).toEqual([2023, 5, 1, 2]);
    expect(a.change).not.toBeNull();
    expect(b.conflicts.map((k) => [k.year, k.files.map((f) => f.split('/').pop())])).toEqual([
      [2023, ['pays-b-2023-corrige.xlsx', 'pays-b-2023.xlsx']],
    ]);
    // Its 2023 is left out: the line is its 2022, never a sum of the two versions.
    expect([b.lastYear, b.actions]).toEqual([2022, 5]);
    expect(synthesis.failures.map((f) => [f.file.split('/').pop(), f.code])).toEqual([['ancien.xls', 'LEGACY_XLS']]);
    expect(r.stderr).toMatch(/6 fichiers → 2 contrats/);
    expect(r.code).toBe(1);
  }, 120_000);
});

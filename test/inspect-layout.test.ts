/**
 * `cls-bilan inspect` says how each sheet was understood (header rows, columns, year and where it
 * came from), in text and in JSON; folders pick up .xlsm and .xltx workbooks. Through the built
 * command: `npm test` builds before jest.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayoutCorpus, type CorpusCase } from '../scripts/layout-corpus';
import { hostileWorkbooks } from '../scripts/fuzz-corpus';
import { typeset } from '../core/base/typography';
import { runCli } from './run-cli';

const run = runCli;

let folder = '';
let cases: CorpusCase[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cls-bilan-corpus-'));
  cases = await buildLayoutCorpus();
  for (const c of cases) writeFileSync(join(folder, c.file), c.bytes);
});

test('--json: the layout of each reading, with the year and the cell it came from', async () => {
  const { code, stdout } = await run(['inspect', '--json', join(folder, 'plusieurs-annees-en-tete-groupe.xlsx')]);
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as {
    files: { sheets: { name: string; year: number; layout: Record<string, unknown> }[] }[];
  };
  expect(report.files[0].sheets.map((s) => [s.name, s.year, s.layout])).toEqual([
    [
      'CLS',
      2021,
      {
        headerRows: [4],
        groupRow: 3,
        columns: { title: 'A', porteur: 'B', status: 'C', remarques: 'D' },
        year: 2021,
        yearSource: 'header',
        yearFrom: 'C3',
      },
    ],
    [
      'CLS',
      2022,
      {
        headerRows: [4],
        groupRow: 3,
        columns: { title: 'A', porteur: 'B', status: 'E', remarques: 'F' },
        year: 2022,
        yearSource: 'header',
        yearFrom: 'E3',
      },
    ],
    [
      'CLS',
      2023,
      {
        headerRows: [4],
        groupRow: 3,
        columns: { title: 'A', porteur: 'B', status: 'G', remarques: 'H' },
        year: 2023,
        yearSource: 'header',
        yearFrom: 'G3',
      },
    ],
  ]);
});

test('text: one « Lecture » line per reading, in French', async () => {
  const { code, stdout } = await run(['inspect', join(folder, 'en-tetes-pilote-statut-au.xlsx')]);
  expect(code).toBe(0);
  expect(stdout).toContain(
    'Lecture\u00a0: en-tête ligne 4\u202f; colonnes\u00a0: axe A, objectif B, numéro C, intitulé D, porteur E, état F, remarques G\u202f; ' +
      'année 2022 lue dans l’en-tête, cellule F4',
  );
});

test('a folder: .xlsx, .xlsm and .xltx are all read; the one reading not to be trusted makes the run exit 1', async () => {
  const { code, stdout } = await run(['inspect', '--json', folder]);
  const report = JSON.parse(stdout) as {
    files: { file: string; ok: boolean; sheets: { incomplete: string | null }[] }[];
  };
  expect(report.files.map((f) => f.file.split('/').pop()).sort()).toEqual(cases.map((c) => c.file).sort());
  expect(report.files.every((f) => f.ok)).toBe(true);
  // Percentages with no key to read them: every state is unknown, the bilan would say 0 % réalisé.
  const incomplete = report.files.filter((f) => f.sheets.some((s) => s.incomplete !== null));
  expect(incomplete.map((f) => f.file.split('/').pop())).toEqual(['pourcentages-sans-cle.xlsx']);
  expect(code).toBe(1);
});

test('a FIFO and a link to a device named .xlsx are refused without hanging; the good file is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-traps-'));
  execFileSync('mkfifo', [join(dir, 'tube.xlsx')]);
  symlinkSync('/dev/zero', join(dir, 'zero.xlsx'));
  writeFileSync(join(dir, 'bon.xlsx'), cases[0].bytes);
  for (const command of [
    ['inspect', '--json', dir],
    ['convert', '--json', dir, '--out', join(dir, 'out')],
  ]) {
    const { code, stdout } = await run(command);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      files: { file?: string; input?: string; ok: boolean; error: { code: string; message: string } | null }[];
    };
    const byName = new Map(report.files.map((f) => [(f.file ?? f.input ?? '').split('/').pop(), f]));
    expect(byName.get('bon.xlsx')?.ok).toBe(true);
    for (const trap of ['tube.xlsx', 'zero.xlsx']) {
      expect(byName.get(trap)?.error?.code).toBe('FILE_UNREADABLE');
      expect(byName.get(trap)?.error?.message).toContain(typeset("n'est pas un fichier ordinaire"));
    }
  }
}, 60_000);

test('inspect reads each file apart, with a time limit: a slow file fails alone, in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-slow-'));
  const slow = hostileWorkbooks().find((c) => c.name.startsWith('etats'));
  if (!slow) throw new Error('no slow workbook in the corpus');
  writeFileSync(join(dir, 'a-lent.xlsx'), slow.bytes);
  writeFileSync(join(dir, 'b-bon.xlsx'), cases[0].bytes);
  // 4 s: the slow file needs about ten times as long; the good one well under a second, even on a busy machine.
  const { code, stdout } = await run(['inspect', '--json', '--timeout', '4', dir]);
  expect(code).toBe(1);
  const report = JSON.parse(stdout) as { files: { file: string; ok: boolean; error: { code: string } | null }[] };
  expect(report.files.map((f) => [f.file.split('/').pop(), f.ok, f.error?.code ?? null])).toEqual([
    ['a-lent.xlsx', false, 'TIMEOUT'],
    ['b-bon.xlsx', true, null],
  ]);
}, 60_000);

test('inspect says the « % réalisé » of each sheet; --tout lists every check', async () => {
  const sample = join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx');
  const short = await run(['inspect', sample]);
  expect(short.code).toBe(0);
  expect(short.stdout).toContain(typeset('28 % réalisé (20 actions sur 71)'));
  // 8 findings shown of 11 (CONTRACT_UNNAMED among them: the sample names no contract).
  expect(short.stdout).toMatch(/… et 3 autres \(option --tout pour tous les voir/);
  const all = await run(['inspect', '--tout', sample]);
  const json = JSON.parse((await run(['inspect', '--json', sample])).stdout) as {
    files: { sheets: { diagnostics: unknown[]; donePercent: number }[] }[];
  };
  const listed = all.stdout.split('\n').filter((l) => /^\s+\[(Erreur|Avertissement|Information)\]/.test(l));
  expect(listed).toHaveLength(json.files[0].sheets[0].diagnostics.length);
  expect(json.files[0].sheets[0].donePercent).toBe(28);
  expect(all.stdout).not.toContain('--tout pour tous');
}, 60_000);

/**
 * `convert` of a region's folder with the synthesis' options: --annee (each contract's year, « pas
 * de bilan AAAA » for a contract without one, kept out of the totals, in the xlsx, the html and the
 * summary), --regroupement (the user's grouping over the automatic one, said), an unread sheet in
 * one file of a contract (its line « Bilan incomplet »), unnamed contracts told apart, a file in
 * which no year was found (listed, the run goes on), the options checked in French; and
 * --porteurs-exacts. Workbooks made here; the expected numbers come from the states written.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ContractSummary } from '../core/report/region-synthesis';
import { typeset } from '../core/base/typography';
import { runCli } from './run-cli';
import { ACTIONS, S22, S23 } from './region-fixtures';

/** S23's counts, as the legend names them. */
const S23_COUNTS = { realise_clos: 1, realise_perenne: 1, en_cours: 2, abandonne: 1, non_commence: 0 };

interface SheetSpec {
  name: string;
  title: string | null;
  year: number | null;
  states: readonly string[];
  prefix?: string;
  porteurs?: readonly string[];
}

/** A workbook as a coordinator sends it; `unread` adds a sheet of states that no header introduces. */
async function workbook(sheets: readonly SheetSpec[], unread?: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name);
    if (s.title) sheet.addRows([[s.title], []]);
    sheet.addRow([
      'N°',
      'ACTIONS',
      'PORTEUR',
      `ETAT AVANCEMENT ACTION${s.year === null ? '' : ` ${s.year}`}`,
      'REMARQUES',
    ]);
    ACTIONS.forEach(([code, action], i) =>
      sheet.addRow([code, `${s.prefix ?? ''}${action}`, s.porteurs?.[i] ?? 'PETR', s.states[i], null]),
    );
  }
  if (unread) {
    book.addWorksheet(unread).addRows([
      ['Acquérir un second bus', 'CD', 'Réalisé'],
      ['Projet mobilité', 'PETR', 'En cours'],
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const A = 'Contrat local de santé du Pays A 2022-2026';
const B = 'Contrat local de santé du Pays B 2021-2025';

interface Report {
  synthesis: {
    year?: number;
    contracts: ContractSummary[];
    totals: { contracts: number; actions: number; counts: Record<string, number> };
    outputs: string[];
  };
}

/** The synthesis sheet's rows as texts. */
async function synthesisRows(out: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, 'synthese-contrats.xlsx'));
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

const base = (path: string) => path.split('/').pop();

describe('convert of a region’s folder with --annee and --regroupement', () => {
  const input = mkdtempSync(join(tmpdir(), 'cls-region-options-'));
  const out = mkdtempSync(join(tmpdir(), 'cls-region-options-out-'));
  const grouping = join(tmpdir(), `regroupement-${process.pid}.csv`);

  beforeAll(async () => {
    mkdirSync(join(input, 'nord'));
    mkdirSync(join(input, 'sud'));
    writeFileSync(
      join(input, 'nord', 'pays-a-2022.xlsx'),
      await workbook([{ name: 'Suivi 2022', title: A, year: 2022, states: S22 }]),
    );
    // Pays A's 2023 file has a second sheet of 2023 whose actions could not be read.
    writeFileSync(
      join(input, 'nord', 'pays-a-2023.xlsx'),
      await workbook([{ name: 'Suivi 2023', title: A, year: 2023, states: S23 }], 'Suivi 2023 bis'),
    );
    writeFileSync(
      join(input, 'sud', 'pays-b-2022.xlsx'),
      await workbook([{ name: 'Suivi 2022', title: B, year: 2022, states: S22, prefix: 'B — ' }]),
    );
    // Two contracts their workbooks do not name, with nothing in common.
    writeFileSync(
      join(input, 'plateau-2022.xlsx'),
      await workbook([{ name: 'Suivi 2022', title: null, year: 2022, states: S22, prefix: 'Plateau : ' }]),
    );
    writeFileSync(
      join(input, 'vallee-2023.xlsx'),
      await workbook([{ name: 'Suivi 2023', title: null, year: 2023, states: S23, prefix: 'Vallée : ' }]),
    );
    // A workbook in which no year is written anywhere.
    writeFileSync(
      join(input, 'sans-date.xlsx'),
      await workbook([{ name: 'Feuil1', title: null, year: null, states: S22, prefix: 'Autre : ' }]),
    );
    // As LibreOffice saves it: a header line, « ; », a byte order mark; the plateau and the valley are one contract.
    writeFileSync(
      grouping,
      '\uFEFFFichier;Contrat\r\nplateau-2022.xlsx;CLS des Deux Rives\r\nvallee-2023;CLS des Deux Rives\r\n',
    );
  });

  test('without options: each contract its latest year, shown; unnamed contracts told apart by their file', async () => {
    const r = await runCli(['convert', input, '--out', out, '--format', 'html', '--json']);
    const { synthesis } = JSON.parse(r.stdout) as Report;
    const byName = Object.fromEntries(synthesis.contracts.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual([
      'Contrat local de santé (plateau-2022)',
      'Contrat local de santé (sans-date)',
      'Contrat local de santé (vallee-2023)',
      'Contrat local de santé du Pays A 2022–2026',
      'Contrat local de santé du Pays B 2021–2025',
    ]);
    expect(byName['Contrat local de santé du Pays A 2022–2026'].lastYear).toBe(2023);
    expect(byName['Contrat local de santé du Pays B 2021–2025'].lastYear).toBe(2022);
    // The year of each line is in the table.
    const rows = await synthesisRows(out);
    const header = rows.findIndex((row) => row[0] === 'Contrat');
    const yearCol = rows[header].indexOf('Dernière année');
    const lineOf = (name: string) => rows.find((row) => row[0].startsWith(name)) ?? [];
    expect(lineOf('Contrat local de santé du Pays B')[yearCol]).toBe('2022');
    expect(lineOf('Contrat local de santé (vallee-2023)')[yearCol]).toBe('2023');
    // The file without a year: its bilan is incomplete (exit 1), but the synthesis is written and says why.
    expect(synthesis.outputs).toHaveLength(2);
    expect(byName['Contrat local de santé (sans-date)'].undated?.map(base)).toEqual(['sans-date.xlsx']);
    expect(r.stderr).toMatch(/Année introuvable dans «\s.*sans-date\.xlsx\s»/);
    expect(r.code).toBe(1);
  }, 180_000);

  test('--annee 2023 --regroupement: the year’s lines, « pas de bilan 2023 », the user’s grouping said, Pays A incomplete', async () => {
    const r = await runCli([
      'convert',
      input,
      '--out',
      out,
      '--format',
      'html',
      '--annee',
      '2023',
      '--regroupement',
      grouping,
      '--json',
    ]);
    const { synthesis } = JSON.parse(r.stdout) as Report;
    expect(synthesis.year).toBe(2023);
    const byName = Object.fromEntries(synthesis.contracts.map((c) => [c.name, c]));
    const a = byName['Contrat local de santé du Pays A 2022–2026'];
    const b = byName['Contrat local de santé du Pays B 2021–2025'];
    const rives = byName['CLS des Deux Rives'];
    const undated = byName['Contrat local de santé (sans-date)'];
    expect([a.lastYear, a.actions, a.counts.en_cours, a.counts.realise_clos]).toEqual([
      2023,
      5,
      S23_COUNTS.en_cours,
      S23_COUNTS.realise_clos,
    ]);
    // The sheet of 2023 that could not be read: the line says its bilan is incomplete.
    expect(a.incomplete).toMatch(/actions qui n’ont pas été lues/);
    expect(b.missingYear).toBe(2023);
    expect(undated.missingYear).toBe(2023);
    // The plateau and the valley, one contract by the user's word; its 2023 is the valley's.
    expect(rives.files.map(base).sort()).toEqual(['plateau-2022.xlsx', 'vallee-2023.xlsx']);
    expect(rives.grouping).toBe(base(grouping));
    expect([rives.lastYear, rives.actions]).toEqual([2023, 5]);
    // Totals: Pays A and the Deux Rives only.
    expect(synthesis.totals.contracts).toBe(2);
    expect(synthesis.totals.actions).toBe(10);
    expect(synthesis.totals.counts.en_cours).toBe(2 * S23_COUNTS.en_cours);
    expect(r.stderr).toContain(typeset(`regroupés selon ${base(grouping)}`));
    expect(r.stderr).toMatch(/Synthèse des contrats 2023 \(4 contrats dont 2 sans bilan 2023/);
    expect(r.stderr).toContain(typeset('Pas de bilan 2023 pour « Contrat local de santé'));
    expect(r.stderr).toContain(typeset('Bilan incomplet pour « Contrat local de santé du Pays A 2022–2026 » (2023)'));
    // The xlsx and the html say it too.
    const rows = await synthesisRows(out);
    expect(rows[0][0]).toBe('Synthèse des contrats locaux de santé 2023');
    const lineOfB = rows.find((row) => row[0] === 'Contrat local de santé du Pays B 2021–2025') ?? [];
    expect(lineOfB).toContain('pas de bilan 2023');
    expect(rows.some((row) => row[0] === 'Contrat local de santé du Pays A 2022–2026\nBilan incomplet')).toBe(true);
    const html = readFileSync(join(out, 'synthese-contrats.html'), 'utf8');
    expect(html).toContain('pas de bilan 2023');
    expect(html).toContain('CLS des Deux Rives');
    expect(html).toContain('Fichiers sans année');
  }, 180_000);

  test('options checked in French: the year, the grouping file and its lines; nothing converted', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cls-region-options-none-'));
    const year = await runCli(['convert', input, '--out', empty, '--annee', '23']);
    expect(year.code).toBe(2);
    expect(year.stderr).toContain(
      typeset('--annee attend une année à 4 chiffres, par exemple --annee 2023 (reçu : « 23 »)'),
    );
    const bad = join(tmpdir(), `regroupement-faux-${process.pid}.txt`);
    writeFileSync(bad, 'plateau-2022.xlsx;CLS des Deux Rives\nriviere-2023.xlsx;CLS des Deux Rives\n');
    const unknown = await runCli(['convert', input, '--out', empty, '--regroupement', bad]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      typeset(
        `Regroupement « ${base(bad)} », ligne 2 : « riviere-2023.xlsx » n’est pas un des fichiers à convertir : corrigez son nom comme il est écrit dans le dossier, ou retirez la ligne.`,
      ),
    );
    writeFileSync(bad, 'plateau-2022.xlsx\n');
    const malformed = await runCli(['convert', input, '--out', empty, '--regroupement', bad]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(typeset(`Regroupement « ${base(bad)} », ligne 1 : attendu le fichier`));
    const missing = await runCli(['convert', input, '--out', empty, '--regroupement', join(input, 'absent.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Regroupement introuvable/);
    const both = await runCli(['convert', input, '--out', empty, '--year', '2022', '--annee', '2023']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(typeset('--year 2022 et --annee 2023 se contredisent'));
    const lumped = await runCli(['convert', input, '--out', empty, '--contrat', 'CLS', '--regroupement', grouping]);
    expect(lumped.code).toBe(2);
    expect(lumped.stderr).toContain(typeset('il ne se combine pas avec --regroupement'));
    expect(readdirSync(empty)).toEqual([]);
  }, 180_000);
});

describe('--porteurs-exacts', () => {
  const input = mkdtempSync(join(tmpdir(), 'cls-porteurs-'));
  const out = mkdtempSync(join(tmpdir(), 'cls-porteurs-out-'));
  const porteurs = ['MDS de Saint Mihiel', 'MDS St Mihiel', 'PETR', 'PETR', 'CCAS'];

  beforeAll(async () => {
    writeFileSync(
      join(input, 'petr-2023.xlsx'),
      await workbook([{ name: 'Suivi 2023', title: A, year: 2023, states: S23, porteurs }]),
    );
  });

  test('each spelling counted apart, the bilan rewritten when the option changes, then « à jour »', async () => {
    const file = join(out, 'petr-2023.bilan.html');
    const grouped = await runCli(['convert', input, '--out', out, '--format', 'html']);
    expect(grouped.code).toBe(0);
    const before = readFileSync(file, 'utf8');
    // Two spellings of one MDS: counted together by default, and said.
    expect(before).toContain('Écritures comptées comme une même structure');
    const exact = await runCli(['convert', input, '--out', out, '--format', 'html', '--porteurs-exacts', '--json']);
    expect(exact.code).toBe(0);
    expect(JSON.parse(exact.stdout).files[0].upToDate).toBeUndefined();
    const after = readFileSync(file, 'utf8');
    expect(after).not.toContain('Écritures comptées comme une même structure');
    expect(after).toContain('MDS St Mihiel');
    const mtime = statSync(file).mtimeMs;
    const again = await runCli(['convert', input, '--out', out, '--format', 'html', '--porteurs-exacts', '--json']);
    expect(JSON.parse(again.stdout).files[0].upToDate).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }, 180_000);

  test('the help says it', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('--porteurs-exacts');
    expect(r.stdout).toContain('--annee AAAA');
    expect(r.stdout).toContain('--regroupement FICHIER');
  }, 60_000);
});

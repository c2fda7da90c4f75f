/**
 * A coordinator's own workbook, as a new user brings it (issue « Reader: the coordinator's own
 * sheet »): her own column names, « Fiche » above the codes, states written loosely, cells only
 * coloured with LibreOffice's standard colours, two extra columns (a percentage and « oui »/« non »),
 * a totals line, a contacts sheet. Then the same workbook without a state column (never silently
 * wrong), and the columns taught once with --colonnes and kept in the workbook by sync.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrackingWorkbook } from '../core/read-tracking';
import { analyzeWorkbook, allDiagnostics } from '../core/analysis';
import { isReadingError } from '../core/diagnostics';
import { runCli } from './run-cli';

type Row = { state: string; fill?: string; start?: string };

/** Her 25 actions: 9 réalisées, 8 en cours, 4 non commencées, 2 abandonnées, 2 without a state. */
const ROWS: Row[] = [
  ...['fait', 'Fait', 'terminé', 'réalisé', 'OK', 'achevé', 'fait '].map((state) => ({ state })),
  { state: '', fill: '#00A933' }, // LibreOffice « Green »
  { state: '', fill: '#77BC65' }, // LibreOffice « Light Green 2 »
  ...['en cours', 'En cours', 'démarré', 'en cours de réalisation', 'En Cours', 'en cours'].map((state) => ({
    state,
  })),
  { state: '', fill: '#FF8000' }, // LibreOffice « Orange »
  { state: '', fill: '#FFBF00' }, // LibreOffice « Gold »
  ...['pas commencé', 'non démarré', 'à lancer', 'Pas commencé'].map((state) => ({ state })),
  { state: 'annulé' },
  { state: 'abandonné' },
  { state: '' },
  { state: '' },
];
const EXPECTED = { realise: 9, en_cours: 8, non_commence: 4, abandonne: 2, sans_etat: 2 };

async function coordinatorWorkbook(
  options: { noStateColumn?: boolean; startColumn?: boolean } = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.addRow(['Suivi des actions du CLS de la vallée — année 2024']);
  ws.addRow([]);
  const header = ['Fiche', "Intitulé de l'action", 'Qui porte ?'];
  if (options.startColumn) header.push('Statut de départ');
  if (!options.noStateColumn) header.push('Où en est-on ?');
  header.push('Commentaires', '% avancement', 'Terminé ?');
  ws.addRow(header);
  ROWS.forEach((row, i) => {
    const values: (string | number | null)[] = [
      `${Math.floor(i / 5) + 1}.${(i % 5) + 1}`,
      `Action ${i + 1} : ${['Développer le sport santé', 'Former les aidants', 'Ouvrir une maison de santé', 'Prévenir les addictions', 'Lutter contre l’isolement'][i % 5]} sur le territoire`,
      ['CCAS', 'Mairie', 'Communauté de communes', 'Centre social'][i % 4],
    ];
    if (options.startColumn) values.push('Non commencé');
    if (!options.noStateColumn) values.push(row.state || null);
    values.push(i % 3 === 0 ? 'Réunion avec les partenaires' : null, `${(i * 7) % 100} %`, i % 2 ? 'oui' : 'non');
    const added = ws.addRow(values);
    if (row.fill && !options.noStateColumn) {
      added.getCell(options.startColumn ? 5 : 4).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: `FF${row.fill.slice(1)}` },
      };
    }
  });
  ws.addRow(['Total', '', '', '25']);
  const contacts = wb.addWorksheet('Contacts');
  contacts.addRow(['Nom', 'Structure', 'Téléphone', 'Mail']);
  contacts.addRow(['Mme Martin', 'CCAS', '03 00 00 00 00', 'martin@example.org']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('her own sheet, read from what its cells hold', () => {
  test('her counts: state column by its cells, titles not codes, colours by family, extra columns ignored', async () => {
    const reading = await readTrackingWorkbook(await coordinatorWorkbook(), 'suivi-cls.xlsx');
    const analysis = analyzeWorkbook(reading);
    expect(analysis.sheets).toHaveLength(1);
    const [sheet] = analysis.sheets;
    expect(sheet.sheet.year).toBe(2024);
    expect(sheet.bilan.counts).toMatchObject(EXPECTED);
    expect(sheet.sheet.header.columns).toMatchObject({ code: 'A', title: 'B', status: 'D' });
    expect(sheet.sheet.actions[0]).toMatchObject({ code: '1.1', title: expect.stringContaining('sport santé') });
    const codes = allDiagnostics(analysis).map((d) => d.code);
    expect(codes.filter((c) => c === 'STATUS_AMBIGUOUS')).toHaveLength(0);
    expect(codes).toContain('STATUS_KIND_NEVER_SAID');
    expect(codes).toContain('STATUS_BY_COLOUR_FAMILY');
    expect(allDiagnostics(analysis).filter(isReadingError)).toEqual([]);
  });

  test('without a state column: an error that says what was read and how to fix it; inspect and convert exit 1; the bilan says « Bilan incomplet »', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-coordinator-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook({ noStateColumn: true }));
    const inspect = await runCli(['inspect', input]);
    expect(inspect.code).toBe(1);
    expect(inspect.stdout).toContain('Bilan incomplet');
    // Her « % avancement » is taken for the states: percentages with no key to read them.
    expect(inspect.stdout).toContain('READING_STATES_UNKNOWN');
    expect(inspect.stdout).toContain('ajoutez une clé');
    expect(inspect.stdout).toMatch(/Lecture\s*:/);
    const out = join(dir, 'bilans');
    const convert = await runCli(['convert', input, '--out', out, '--format', 'xlsx,html,json']);
    expect(convert.code).toBe(1);
    expect(convert.stderr).toContain('BILAN INCOMPLET');
    expect(convert.stderr).not.toMatch(/\bconverti\s*$/m);
    const html = readFileSync(join(out, 'suivi-cls.bilan.html'), 'utf8');
    expect(html).toContain('Bilan incomplet');
    const json = JSON.parse(readFileSync(join(out, 'suivi-cls.bilan.json'), 'utf8'));
    expect(json.sheets[0].incomplete).toMatch(/^Bilan incomplet/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'suivi-cls.bilan.xlsx'));
    const texts: string[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.some((t) => t.startsWith('Bilan incomplet'))).toBe(true);
  });

  test('taught once: --colonnes reads another column; sync keeps it in the workbook; inspect and convert use it without the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-taught-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook({ startColumn: true }));
    // Her header words name « Statut de départ » (D) as the states: all « Non commencé ».
    const before = JSON.parse((await runCli(['inspect', '--json', input])).stdout).files[0].sheets[0];
    expect(before.counts.non_commence).toBe(25);
    const taught = JSON.parse((await runCli(['inspect', '--json', input, '--colonnes', 'etat=E'])).stdout).files[0]
      .sheets[0];
    expect(taught.counts).toMatchObject(EXPECTED);
    expect(taught.layout.taught).toBe(true);

    const bad = await runCli(['inspect', input, '--colonnes', 'etta=E']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--colonnes');

    const sync = await runCli(['sync', input, '--colonnes', 'etat=E', '--no-backup', '--seulement', 'liste']);
    expect(sync.code).toBe(0);
    expect(sync.stdout + sync.stderr).toMatch(/colonnes «\s?etat=E\s?» enregistrées dans le classeur/);
    const after = JSON.parse((await runCli(['inspect', '--json', input])).stdout).files[0].sheets[0];
    expect(after.counts).toMatchObject(EXPECTED);
    expect(after.layout.taught).toBe(true);
    const out = join(dir, 'bilans');
    expect((await runCli(['convert', input, '--out', out, '--format', 'json'])).code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'suivi-cls.bilan.json'), 'utf8'));
    expect(json.sheets[0].counts).toMatchObject(EXPECTED);
  });

  test('a stored mapping that no longer fits the sheet is an error, never a silent fallback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-misfit-'));
    const input = join(dir, 'suivi-cls.xlsx');
    writeFileSync(input, await coordinatorWorkbook());
    expect((await runCli(['sync', input, '--colonnes', 'etat=K', '--no-backup', '--seulement', 'liste'])).code).toBe(0);
    const inspect = await runCli(['inspect', input]);
    expect(inspect.code).toBe(1);
    expect(inspect.stdout).toContain('READING_TAUGHT_MISFIT');
    expect(inspect.stdout).toContain('ne correspondent plus au tableau');
  });
});

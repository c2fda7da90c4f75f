/**
 * The palette the add-in saves in the workbook (setting `clsSuiviPalette`) is the palette of every
 * host: `convert` and `inspect` read and colour with it, as `sync` does; `--palette` wins for one
 * run. A workbook whose states are partly written by colour alone shows it: read without the
 * saved palette, those actions have no state.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { combineReadings } from '../core/read/contract';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { DEFAULT_PALETTE } from '../core/base/status';
import { withAddinPalette } from './sync-corpus';
import { runCli } from './run-cli';

const run = runCli;

/**
 * A colour no default state has, and no colour family either (purple: core/read/colour-family.ts): the
 * coordinator's own « en cours » in Excel.
 */
const OWN_EN_COURS = '#7030A0';
const SAVED = { en_cours: OWN_EN_COURS };

/** Rows of the PETR 2022 table: [code, action, state written, fill]; an empty state is colour alone. */
const ROWS: [string, string, string, string | null][] = [
  ['1.1.1', 'Acquérir un bus itinérant', 'Réalisé', null],
  ['1.1.2', 'Navette vers la maison de santé', 'En cours', null],
  ['1.2.1', 'Maison de santé pluriprofessionnelle', '', OWN_EN_COURS],
  ['1.2.2', 'Atelier nutrition', 'Abandonnée', null],
  ['2.1.1', 'Prévention des chutes', '', OWN_EN_COURS],
  ['2.1.2', 'Forum santé des jeunes', 'Non commencée', null],
];
/** Counted from ROWS, not by the reader: with the saved palette the two coloured cells are « en cours ». */
const COLOUR_ONLY = ROWS.filter((r) => r.at(2) === '').length;
const WRITTEN_EN_COURS = ROWS.filter((r) => r.at(2) === 'En cours').length;

async function trackingWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.addRow(['Bilan 2022 par action']);
  ws.addRow([]);
  ws.addRow(['N°', 'ACTIONS', 'ETAT AVANCEMENT ACTION']);
  for (const [code, action, state, fill] of ROWS) {
    const row = ws.addRow([code, action, state]);
    if (fill) {
      row.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill.slice(1)}` } };
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('the palette saved in the workbook by the add-in', () => {
  let plain: Uint8Array;
  let saved: Uint8Array;
  beforeAll(async () => {
    plain = await trackingWorkbook();
    saved = withAddinPalette(plain, SAVED);
  });

  test('the reader takes it: colour-only states in the saved colour are read, and the reading says so', async () => {
    const without = await readTrackingWorkbook(plain, 'suivi.xlsx');
    expect(without.paletteSource).toBe('défaut');
    expect(without.sheets[0].actions).toHaveLength(ROWS.length);
    expect(without.sheets[0].actions.filter((a) => a.status === null)).toHaveLength(COLOUR_ONLY);

    const withSaved = await readTrackingWorkbook(saved, 'suivi.xlsx');
    expect(withSaved.paletteSource).toBe('classeur');
    expect(withSaved.palette).toEqual({ ...DEFAULT_PALETTE, ...SAVED });
    const enCours = withSaved.sheets[0].actions.filter((a) => a.status === 'en_cours');
    expect(enCours).toHaveLength(WRITTEN_EN_COURS + COLOUR_ONLY);
    expect(enCours.filter((a) => a.statusSource === 'colour')).toHaveLength(COLOUR_ONLY);
  });

  test('a palette given for the run wins over the saved one', async () => {
    const forced = await readTrackingWorkbook(saved, 'suivi.xlsx', { palette: DEFAULT_PALETTE });
    expect(forced.paletteSource).toBe('option');
    expect(forced.palette).toEqual(DEFAULT_PALETTE);
    expect(forced.sheets[0].actions.filter((a) => a.status === null)).toHaveLength(COLOUR_ONLY);
  });

  test('a contract kept in several files takes the palette of the file that carries one', async () => {
    const first = await readTrackingWorkbook(plain, 'suivi-2021.xlsx');
    const second = await readTrackingWorkbook(saved, 'suivi-2022.xlsx');
    // Both files say 2022: give the first another year so that they combine.
    first.sheets = first.sheets.map((s) => ({ ...s, year: 2021 }));
    const contract = combineReadings([first, second], 'CLS');
    expect(contract.paletteSource).toBe('classeur');
    expect(contract.palette.en_cours).toBe(OWN_EN_COURS);
    expect(combineReadings([first], 'CLS').paletteSource).toBe('défaut');
  });

  test('a saved value that is not a palette is ignored: the default colours are used', async () => {
    const files = unzipSync(saved);
    const part = 'xl/webextensions/webextension1.xml';
    const xml = strFromU8(files[part]).replace(/(name="clsSuiviPalette" value=")[^"]*"/, '$1&quot;[1,2]&quot;"');
    expect(xml).toContain('&quot;[1,2]&quot;');
    files[part] = strToU8(xml);
    const reading = await readTrackingWorkbook(zipSync(files), 'suivi.xlsx');
    expect(reading.paletteSource).toBe('défaut');
    expect(reading.palette).toEqual(DEFAULT_PALETTE);
  });
});

describe('convert and inspect use it (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-palette-'));
  const input = join(dir, 'suivi.xlsx');
  const out = join(dir, 'bilans');
  const paletteFile = join(dir, 'couleurs.json');
  beforeAll(async () => {
    writeFileSync(input, withAddinPalette(await trackingWorkbook(), SAVED));
    writeFileSync(paletteFile, JSON.stringify({ en_cours: '#FFC000' }));
  });

  test('convert: the bilan counts and colours with the saved palette, and its JSON says where it comes from', async () => {
    const r = await run(['convert', input, '--out', out, '--format', 'xlsx,html,json', '--json']);
    expect(r.code).toBe(0);
    const bilan = JSON.parse(readFileSync(join(out, 'suivi.bilan.json'), 'utf8'));
    expect(bilan.palette.source).toBe('classeur');
    expect(bilan.palette.colours.en_cours).toBe(OWN_EN_COURS);
    expect(bilan.sheets[0].counts.en_cours).toBe(WRITTEN_EN_COURS + COLOUR_ONLY);
    expect(bilan.sheets[0].counts.sans_etat).toBe(0);
    // The status cells and the legend swatch of « en cours » are in the saved colour.
    const html = readFileSync(join(out, 'suivi.bilan.html'), 'utf8');
    expect(html.toUpperCase()).toContain(OWN_EN_COURS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'suivi.bilan.xlsx'));
    const fills = new Set<string>();
    wb.getWorksheet('Bilan 2022')?.eachRow((row) =>
      row.eachCell((cell) => {
        const fill = cell.fill;
        if (fill?.type === 'pattern' && fill.fgColor?.argb) fills.add(fill.fgColor.argb);
      }),
    );
    expect(fills).toContain(`FF${OWN_EN_COURS.slice(1)}`);
  });

  test('convert is still incremental: same workbook → à jour; --palette → rewritten; a new saved palette → rewritten', async () => {
    const written = statSync(join(out, 'suivi.bilan.json')).mtimeMs;
    const same = await run(['convert', input, '--out', out, '--format', 'xlsx,html,json', '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).files[0].upToDate).toBe(true);
    expect(statSync(join(out, 'suivi.bilan.json')).mtimeMs).toBe(written);

    // Without the saved palette, her colour says no state: the bilan is written, marked incomplete.
    const forced = await run(['convert', input, '--out', out, '--format', 'json', '--palette', paletteFile, '--json']);
    expect(forced.code).toBe(1);
    expect(JSON.parse(forced.stdout).files[0].upToDate).toBeUndefined();
    const bilan = JSON.parse(readFileSync(join(out, 'suivi.bilan.json'), 'utf8'));
    expect(bilan.palette.source).toBe('option');
    expect(bilan.sheets[0].counts.sans_etat).toBe(COLOUR_ONLY);
    expect(bilan.sheets[0].incomplete).toContain('couleur');

    // The coordinator picks another colour in Excel: the workbook changed, its bilan is redone.
    writeFileSync(input, withAddinPalette(await trackingWorkbook(), { en_cours: '#654321' }));
    const again = await run(['convert', input, '--out', out, '--format', 'json', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).files[0].upToDate).toBeUndefined();
    const redone = JSON.parse(readFileSync(join(out, 'suivi.bilan.json'), 'utf8'));
    expect(redone.palette.colours.en_cours).toBe('#654321');
    // #7030A0 cells are no state of that palette any more.
    expect(redone.sheets[0].counts.sans_etat).toBe(COLOUR_ONLY);
  });

  test('inspect: says in French where the colours come from, and gives them in --json', async () => {
    writeFileSync(input, withAddinPalette(await trackingWorkbook(), SAVED));
    const text = await run(['inspect', input]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Couleurs\u00a0: palette enregistrée dans le classeur par le complément');
    const json = await run(['inspect', input, '--json']);
    const report = JSON.parse(json.stdout).files[0];
    expect(report.palette).toEqual({ source: 'classeur', colours: { ...DEFAULT_PALETTE, ...SAVED } });
    expect(report.sheets[0].counts.en_cours).toBe(WRITTEN_EN_COURS + COLOUR_ONLY);

    const forced = await run(['inspect', input, '--palette', paletteFile, '--json']);
    const forcedReport = JSON.parse(forced.stdout).files[0];
    expect(forcedReport.palette.source).toBe('option');
    expect(forcedReport.sheets[0].counts.sans_etat).toBe(COLOUR_ONLY);
    const plainText = await run(['inspect', input, '--palette', paletteFile]);
    expect(plainText.stdout).toContain('Couleurs\u00a0: palette donnée par --palette');
  });
});

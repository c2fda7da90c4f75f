/**
 * `sync` keeps what the user made (issue 24 §3): a label a formula quotes (`NB.SI(…;"fait")`), a
 * word that says more than the state (« reporté »), a sheet's own consistent colour code; and
 * `--restaurer` puts back the original fills only where our colour is still shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describeSync } from '../cli/sync';
import { definedNameFormulas, sheetFormulas } from '../core/write/sync/formulas';
import { patchCells } from '../core/write/sync/sheet-patch';
import { StylesPatch } from '../core/write/sync/styles-patch';
import { syncWorkbook } from '../core/write/sync/sync-workbook';
import { FILL_BACKUP_SETTING } from '../core/base/setting-names';
import { checkedRestore, ownColourCode, parseFillBackup } from '../core/edit/colouring';
import { formulaStringLiterals, literalMatches, quotesOldWord } from '../core/base/formula-literals';
import { cellAt, fromA1, type Grid } from '../core/base/grid';
import { keptLabelChanges, type LabelChange } from '../core/edit/label-fixes';
import { DEFAULT_PALETTE, saysMoreThanState } from '../core/base/status';
import { findAddinSettings } from '../core/read/xlsx/addin-settings';
import { readWorkbook } from '../core/read/xlsx/stream-reader';

const FILE = 'suivi.xlsx';

interface Line {
  state: string;
  fill?: string;
}

/**
 * A tracking sheet « Suivi » (states in column D, rows 3 on), and when asked a « Synthèse » sheet
 * whose formulas count states by their words, and defined names.
 */
async function workbook(
  lines: readonly Line[],
  extra: { formulas?: string[]; names?: Record<string, string> } = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.addRow(['Bilan 2023 par action']);
  ws.addRow(['N°', 'ACTIONS', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES']);
  lines.forEach((line, i) => {
    const row = ws.addRow([
      `1.${Math.floor(i / 4) + 1}.${(i % 4) + 1}`,
      `Action ${i + 1} ${['sport santé', 'aidants', 'maison de santé', 'addictions'][i % 4]}`,
      ['CCAS', 'Mairie', 'Centre social'][i % 3],
      line.state,
      i % 2 ? 'Réunion faite' : 'À suivre',
    ]);
    if (line.fill) {
      row.getCell(4).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${line.fill.slice(1)}` } };
    }
  });
  if (extra.formulas) {
    const synth = wb.addWorksheet('Synthèse');
    synth.addRow(['Indicateur', 'Valeur']);
    for (const formula of extra.formulas) synth.addRow(['Total', { formula, result: 0 }]);
  }
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  if (!extra.names) return bytes;
  // Names holding a formula, written as Excel writes them (ExcelJS keeps only ranges).
  const files = unzipSync(bytes);
  const names = Object.entries(extra.names)
    .map(([name, formula]) => `<definedName name="${name}">${formula.replace(/"/g, '&quot;')}</definedName>`)
    .join('');
  const xml = strFromU8(files['xl/workbook.xml']).replace(
    /<definedNames\/>|(<\/sheets>)/,
    (_, sheets: string | undefined) => `${sheets ?? ''}<definedNames>${names}</definedNames>`,
  );
  return zipSync({ ...files, 'xl/workbook.xml': strToU8(xml) });
}

const states = (grid: Grid, rows: number): string[] =>
  Array.from({ length: rows }, (_, i) => cellAt(grid, i + 2, 3)?.text ?? '');
const fillAt = (grid: Grid, cell: string): string | null => {
  const p = fromA1(cell);
  return p ? (cellAt(grid, p.row, p.col)?.fill ?? null) : null;
};

describe('string literals of formulas, compared as Excel compares them', () => {
  test('literals are found; quotes in sheet names and structured references are not literals', () => {
    expect(formulaStringLiterals('COUNTIF(Suivi!D:D,"fait")+NB.SI(A:A;"en ""cours""")')).toEqual([
      'fait',
      'en "cours"',
    ]);
    expect(formulaStringLiterals(`SUM('Suivi "2023"'!A1:A3)&"x"`)).toEqual(['x']);
    expect(formulaStringLiterals(`COUNTIF(Table1[[#This Row],['[a"b]],"fait")`)).toEqual(['fait']);
    expect(formulaStringLiterals('A1+B1')).toEqual([]);
  });

  test('case-insensitive, accent-sensitive, wildcards and operators, as a criterion', () => {
    expect(literalMatches('fait', 'Fait')).toBe(true);
    expect(literalMatches('FAIT', 'fait ')).toBe(true);
    expect(literalMatches('réalisé', 'Realise')).toBe(false);
    expect(literalMatches('fait*', 'faite')).toBe(true);
    expect(literalMatches('*ait', 'fait')).toBe(true);
    expect(literalMatches('f?it', 'fait')).toBe(true);
    expect(literalMatches('fait~*', 'fait*')).toBe(true);
    expect(literalMatches('fait~*', 'faite')).toBe(false);
    expect(literalMatches('<>fait', 'fait')).toBe(true);
    expect(literalMatches('=En cours', 'en cours')).toBe(true);
    // Rewriting « fait » breaks "fait" and "<>fait"; "*" answers both words, "Réalisé" the new one.
    expect(quotesOldWord('fait', 'fait', 'Réalisé')).toBe(true);
    expect(quotesOldWord('<>fait', 'fait', 'Réalisé')).toBe(true);
    expect(quotesOldWord('*', 'fait', 'Réalisé')).toBe(false);
    expect(quotesOldWord('Réalisé', 'fait', 'Réalisé')).toBe(false);
    expect(quotesOldWord('r*', 'réalisé', 'Réalisé')).toBe(false);
  });

  test('the decision is core’s: a quoted word kept with its formulas, a nuanced word kept unless asked', () => {
    const change = (cell: string, before: string, after: string): LabelChange => ({
      cell,
      before,
      after,
      code: 'STATUS_NONCANONICAL',
    });
    const changes = [
      change('D3', 'fait', 'Réalisé'),
      change('D4', 'FAIT', 'Réalisé'),
      change('D5', 'en cours', 'En cours'),
      change('D6', 'reporté', 'Non commencé'),
      change('D7', 'Reportée (2024)', 'Non commencé'),
    ];
    const formulas = [
      { place: 'Synthèse!B2', formula: 'COUNTIF(Suivi!D:D,"fait")' },
      { place: 'Synthèse!B3', formula: 'COUNTIF(Suivi!D:D,"*")' },
    ];
    const split = keptLabelChanges(changes, { formulas });
    expect(split.changes.map((c) => c.cell)).toEqual(['D5']);
    expect(split.kept.map((k) => [k.cell, k.reason])).toEqual([
      ['D3', 'formula'],
      ['D4', 'formula'],
      ['D6', 'nuance'],
      ['D7', 'nuance'],
    ]);
    expect(split.kept[0].quotes).toEqual([{ place: 'Synthèse!B2', literal: 'fait' }]);
    const asked = keptLabelChanges(changes, { formulas, rewriteNuances: true });
    expect(asked.changes.map((c) => c.cell)).toEqual(['D5', 'D6', 'D7']);
    expect(asked.kept.map((k) => k.cell)).toEqual(['D3', 'D4']);
    expect(saysMoreThanState('en attente')).toBe(true);
    expect(saysMoreThanState('Non réalisé')).toBe(true);
    expect(saysMoreThanState('pas commencé')).toBe(false);
  });

  test('formulas are collected from cells (shared too), conditional formats, validations and names', () => {
    const xml =
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
      `<row r="2"><c r="B2"><f t="shared" ref="B2:B3" si="0">COUNTIF(D:D,&quot;fait&quot;)</f><v>3</v></c></row>` +
      `<row r="3"><c r="B3"><f t="shared" si="0"/><v>3</v></c><c><f>IF(A1="x",1,0)</f></c></row></sheetData>` +
      `<conditionalFormatting sqref="D3:D40"><cfRule type="expression" priority="1"><formula>$D3="reporté"</formula></cfRule></conditionalFormatting>` +
      `<dataValidations count="1"><dataValidation type="list" sqref="E3:E9"><formula1>"oui,non"</formula1></dataValidation></dataValidations>` +
      `</worksheet>`;
    expect(sheetFormulas(xml, 'Mon suivi')).toEqual([
      { place: "'Mon suivi'!B2", formula: 'COUNTIF(D:D,"fait")' },
      { place: "'Mon suivi'", formula: 'IF(A1="x",1,0)' },
      { place: "'Mon suivi' (mise en forme conditionnelle de D3:D40)", formula: '$D3="reporté"' },
      { place: "'Mon suivi' (validation des données de E3:E9)", formula: '"oui,non"' },
    ]);
    const workbookXml =
      `<workbook><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets><definedNames>` +
      `<definedName name="Faits">COUNTIF(Suivi!$D:$D,"fait*")</definedName>` +
      `<definedName name="CLS_COLONNES" localSheetId="0">"etat=D"</definedName>` +
      `<definedName name="Zone" localSheetId="0">Suivi!$A$1:$E$9</definedName></definedNames></workbook>`;
    expect(definedNameFormulas(workbookXml, [], ['CLS_COLONNES'])).toEqual([
      { place: 'nom « Faits »', formula: 'COUNTIF(Suivi!$D:$D,"fait*")' },
    ]);
  });
});

describe('sync keeps the labels formulas quote and the words that say more', () => {
  const LINES: Line[] = [
    { state: 'fait' },
    { state: 'Fait' },
    { state: 'en cours' },
    { state: 'reporté' },
    { state: 'Non commencé' },
    { state: 'Abandonné' },
    { state: 'En cours' },
    { state: 'fait' },
  ];

  test('COUNTIF(…;"fait") keeps « fait » and the report names the formula', async () => {
    const input = await workbook(LINES, { formulas: ['COUNTIF(Suivi!D3:D10,"fait")'] });
    const { bytes, report } = await syncWorkbook(input, FILE);
    const suivi = report.sheets.find((s) => s.sheet === 'Suivi');
    expect(suivi?.labels.map((c) => [c.cell, c.after])).toEqual([['D5', 'En cours']]);
    expect(suivi?.kept.map((k) => [k.cell, k.before, k.reason])).toEqual([
      ['D3', 'fait', 'formula'],
      ['D4', 'Fait', 'formula'],
      ['D6', 'reporté', 'nuance'],
      ['D10', 'fait', 'formula'],
    ]);
    expect(suivi?.kept[0].quotes).toEqual([{ place: 'Synthèse!B2', literal: 'fait' }]);
    const grid = (await readWorkbook(bytes, FILE)).find((g) => g.name === 'Suivi') as Grid;
    expect(states(grid, 8)).toEqual([
      'fait',
      'Fait',
      'En cours',
      'reporté',
      'Non commencé',
      'Abandonné',
      'En cours',
      'fait',
    ]);
    const lines = describeSync({ input: FILE, status: 'planned', report }, true);
    expect(lines.join('\n')).toContain(
      'Suivi!D3, D10\u00a0: «\u00a0fait\u00a0» serait gardé, pas remplacé par «\u00a0Réalisé\u00a0»\u00a0: la formule Synthèse!B2 («\u00a0fait\u00a0») cite ce mot',
    );
    expect(lines.join('\n')).toContain(
      'Suivi!D6\u00a0: «\u00a0reporté\u00a0» serait gardé\u00a0: ce mot dit plus que «\u00a0Non commencé\u00a0»',
    );
  });

  test('a defined name with a wildcard keeps the words it matches; without formulas « fait » is rewritten', async () => {
    const named = await workbook(LINES, { names: { Faits: 'COUNTIF(Suivi!$D$3:$D$10,"fai*")' } });
    const { report } = await syncWorkbook(named, FILE, { only: ['libelles'] });
    const kept = report.sheets[0].kept.filter((k) => k.reason === 'formula');
    expect(kept.map((k) => k.cell)).toEqual(['D3', 'D4', 'D10']);
    expect(kept[0].quotes).toEqual([{ place: 'nom « Faits »', literal: 'fai*' }]);
    const plain = await syncWorkbook(await workbook(LINES), FILE, { only: ['libelles'] });
    expect(plain.report.sheets[0].labels.map((c) => c.before)).toEqual(['fait', 'Fait', 'en cours', 'reporté', 'fait']);
  });

  test('« reporté » stays; --seulement libelles rewrites it', async () => {
    const input = await workbook(LINES);
    const byDefault = await syncWorkbook(input, FILE);
    expect(byDefault.report.sheets[0].kept.map((k) => [k.cell, k.before, k.reason])).toEqual([
      ['D6', 'reporté', 'nuance'],
    ]);
    const suivi = (await readWorkbook(byDefault.bytes, FILE)).find((g) => g.name === 'Suivi') as Grid;
    expect(states(suivi, 8)[3]).toBe('reporté');
    const asked = await syncWorkbook(input, FILE, { only: ['libelles'] });
    expect(asked.report.sheets[0].kept).toEqual([]);
    expect(asked.report.sheets[0].labels.find((c) => c.cell === 'D6')?.after).toBe('Non commencé');
    const rewritten = (await readWorkbook(asked.bytes, FILE))[0];
    expect(states(rewritten, 8)[3]).toBe('Non commencé');
  });
});

describe('sync keeps a sheet’s own colour code', () => {
  const RED = '#FF0000';
  const GREEN = '#00FF00';
  const BLUE = '#3366FF';
  const OWN: Line[] = [
    { state: 'Réalisé', fill: GREEN },
    { state: 'Non commencé', fill: RED },
    { state: 'Réalisé', fill: GREEN },
    { state: 'En cours', fill: BLUE },
    { state: 'Non commencé', fill: RED },
    { state: 'En cours', fill: BLUE },
  ];

  test('one colour per state, each state one colour: kept; --seulement couleurs applies the palette', async () => {
    const input = await workbook(OWN);
    const { bytes, report } = await syncWorkbook(input, FILE);
    expect(report.sheets[0].coloured).toBe(0);
    expect(report.sheets[0].ownColours?.colours.map((c) => [c.status, c.fill])).toEqual([
      ['realise', GREEN],
      ['en_cours', BLUE],
      ['non_commence', RED],
    ]);
    expect(report.backupSaved).toBe(0);
    const grid = (await readWorkbook(bytes, FILE)).find((g) => g.name === 'Suivi') as Grid;
    expect(['D3', 'D4', 'D6'].map((c) => fillAt(grid, c))).toEqual([GREEN, RED, BLUE]);
    const lines = describeSync({ input: FILE, status: 'synced', report }, false).join('\n');
    expect(lines).toContain('feuille «\u00a0Suivi\u00a0»\u00a0: ses couleurs propres gardées');
    expect(lines).toContain(
      'Suivi\u00a0: ses couleurs sont gardées, chaque état y a déjà sa couleur (Réalisé #00FF00, En cours #3366FF, Non commencé #FF0000)',
    );
    expect(lines).toContain(
      '6 cellules d’état auraient changé de couleur\u00a0: --seulement couleurs pour appliquer la palette',
    );

    const asked = await syncWorkbook(input, FILE, { only: ['couleurs'] });
    expect(asked.report.sheets[0].ownColours).toBeNull();
    expect(asked.report.sheets[0].coloured).toBe(6);
    const recoloured = (await readWorkbook(asked.bytes, FILE))[0];
    expect(fillAt(recoloured, 'D4')).toBe(DEFAULT_PALETTE.non_commence);
  });

  test('not a code of her own: two states one colour, a state in two colours, our palette, or cells we coloured', () => {
    const cells = (fills: (string | null)[]) =>
      fills.map((fill, i) => ({
        cell: `D${i + 3}`,
        fill,
        status: i % 2 ? ('en_cours' as const) : ('realise' as const),
      }));
    const ours = [DEFAULT_PALETTE];
    expect(ownColourCode(cells([GREEN, RED, GREEN, RED]), ours)).not.toBeNull();
    expect(ownColourCode(cells([GREEN, GREEN, GREEN, GREEN]), ours)).toBeNull();
    expect(ownColourCode(cells([GREEN, RED, BLUE, RED]), ours)).toBeNull();
    expect(ownColourCode(cells([GREEN, null, GREEN, null]), ours)).toBeNull();
    expect(ownColourCode(cells([DEFAULT_PALETTE.realise, DEFAULT_PALETTE.en_cours]), ours)).toBeNull();
    expect(ownColourCode(cells([GREEN, RED, GREEN, RED]), ours, new Set(['D4']))).toBeNull();
  });

  test('a sheet coloured half-way is coloured as before', async () => {
    const half: Line[] = OWN.map((l, i) => (i < 3 ? l : { state: l.state }));
    const { report } = await syncWorkbook(await workbook(half), FILE);
    expect(report.sheets[0].ownColours).toBeNull();
    expect(report.sheets[0].coloured).toBe(6);
  });
});

describe('sync --restaurer', () => {
  const LINES: Line[] = [
    { state: 'Réalisé' },
    { state: 'En cours', fill: '#DDEBF7' },
    { state: 'Non commencé' },
    { state: 'Abandonné' },
    { state: 'En cours' },
  ];
  const HAND = '#7030A0';

  /** The workbook with one cell coloured by hand (as after a sort or a manual fill). */
  function recolour(bytes: Uint8Array, cell: string, colour: string): Uint8Array {
    const files = unzipSync(bytes);
    const styles = new StylesPatch(strFromU8(files['xl/styles.xml']), FILE);
    const sheet = 'xl/worksheets/sheet1.xml';
    const patched = patchCells(strFromU8(files[sheet]), new Set([cell]), (_, state) => ({
      style: styles.withFill(state.style, colour),
    }));
    return zipSync({ ...files, [sheet]: strToU8(patched.xml), 'xl/styles.xml': strToU8(styles.toXml()) });
  }

  test('original fills come back where our colour remains; a cell changed since is left and named', async () => {
    const original = await workbook(LINES);
    const synced = await syncWorkbook(original, FILE, { only: ['couleurs'] });
    expect(synced.report.backupSaved).toBe(5);
    const edited = recolour(synced.bytes, 'D5', HAND);

    const dry = await syncWorkbook(edited, FILE, { restore: true });
    expect(dry.report.restored).toEqual([{ sheet: 'Suivi', restored: 4, changed: ['D5'] }]);
    expect(dry.report.sheets).toEqual([]);
    expect(dry.report.bilan).toBeNull();
    const grid = (await readWorkbook(dry.bytes, FILE))[0];
    expect(['D3', 'D4', 'D5', 'D6', 'D7'].map((c) => fillAt(grid, c))).toEqual([null, '#DDEBF7', HAND, null, null]);
    // The sheet's entry is forgotten, as the add-in does; texts and other parts untouched.
    const parts = unzipSync(dry.bytes);
    const settings = findAddinSettings(Object.keys(parts), (n) => strFromU8(parts[n]));
    expect(parseFillBackup(settings.values.get(FILL_BACKUP_SETTING) ?? null).sheets).toEqual({});
    expect(states(grid, 5)).toEqual(LINES.map((l) => l.state));
    expect(dry.report.changedParts).not.toContain('xl/workbook.xml');

    const lines = describeSync({ input: FILE, status: 'synced', report: dry.report }, false).join('\n');
    expect(lines).toContain('feuille «\u00a0Suivi\u00a0»\u00a0: couleurs d’origine de 4 cellules restaurées');
    expect(lines).toContain('Suivi!D5\u00a0: cette cellule a changé depuis la coloration');

    // Nothing saved: nothing to restore, nothing written.
    const again = await syncWorkbook(dry.bytes, FILE, { restore: true });
    expect(again.report.restored).toEqual([]);
    expect(again.report.changedParts).toEqual([]);
    expect(describeSync({ input: FILE, status: 'current', report: again.report }, false)).toEqual([
      'aucune couleur d’origine n’est enregistrée dans le classeur\u00a0: rien à restaurer',
    ]);
  });

  test('core’s check: only cells showing a colour of our palettes', () => {
    const backup = parseFillBackup({ version: 1, sheets: { S: { sheetName: 'Suivi', fills: { none: ['D3:D5'] } } } });
    const shown: Record<string, string | null> = { D3: DEFAULT_PALETTE.en_cours, D4: HAND, D5: null };
    const plan = checkedRestore(backup, 'S', (c) => shown[c] ?? null, [DEFAULT_PALETTE]);
    expect(plan).toEqual({ cells: [{ cell: 'D3', fill: null }], changed: ['D4', 'D5'] });
  });
});

describe('the CLI', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cls-sync-keeps-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const BIN = join(__dirname, '..', 'bin', 'cls-bilan.js');

  test('--dry-run says what is kept and why; --restaurer refuses --seulement', async () => {
    const input = join(dir, FILE);
    writeFileSync(
      input,
      await workbook([{ state: 'fait' }, { state: 'reporté' }, { state: 'en cours' }, { state: 'Abandonné' }], {
        formulas: ['COUNTIF(Suivi!D3:D6,"fait")'],
      }),
    );
    const cli = spawnSync(process.execPath, [BIN, 'sync', input, '--dry-run'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stderr).toContain('Suivi!D5\u00a0: «\u00a0en cours\u00a0» → «\u00a0En cours\u00a0»');
    expect(cli.stderr).toContain('Suivi!D3\u00a0: «\u00a0fait\u00a0» serait gardé');
    expect(cli.stderr).toContain('la formule Synthèse!B2');
    expect(cli.stderr).toContain('Suivi!D4\u00a0: «\u00a0reporté\u00a0» serait gardé');
    const bad = spawnSync(process.execPath, [BIN, 'sync', input, '--restaurer', '--seulement', 'couleurs'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--restaurer remet seulement les couleurs d’origine');
    expect(existsSync(join(dir, 'suivi (avant synchro'))).toBe(false);
  });
});

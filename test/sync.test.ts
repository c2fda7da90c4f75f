/**
 * `sync`: the surgical patch keeps every part it has no reason to touch byte-identical (on a corpus
 * with charts, images, a pivot table, a styled table, notes, protection, defined names, custom
 * properties and the add-in's settings part), reads back to the same model, refreshes rather than
 * adds on a second run, saves the original fills where the add-in restores them from, and writes
 * only through a checked temporary file, with a backup.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { restoreFills, type Runner } from '../addin/excel/operations';
import { syncFile } from '../cli/sync/sync-file';
import { analyseBytes, modelSummary, syncWorkbook } from '../core/write/sync/sync-workbook';
import { patchCells } from '../core/write/sync/sheet-patch';
import { parseArea, subtract, withStatusDropdown } from '../core/write/sync/status-validation';
import { StylesPatch } from '../core/write/sync/styles-patch';
import { FILL_BACKUP_SETTING } from '../core/base/setting-names';
import { backupKeyOf, parseFillBackup } from '../core/edit/colouring';
import { DEFAULT_PALETTE, STATUS_IDS } from '../core/base/status';
import { findAddinSettings } from '../core/read/xlsx/addin-settings';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { install } from './browser/fake-office';
import { workbookJson } from './browser/workbook-json';
import { GRAFTED_PARTS, richWorkbook } from './sync-corpus';
import { convertToPdf } from './libreoffice';

const SAMPLES = join(__dirname, '..', 'samples');
const SAMPLE_FILES = readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));
const sample = (f: string) => new Uint8Array(readFileSync(join(SAMPLES, f)));
const parts = (bytes: Uint8Array) => unzipSync(bytes);
/** A palette unlike every sample's colours: every status cell is recoloured. */
const OTHER_PALETTE = Object.fromEntries(
  STATUS_IDS.map((id, i) => [id, `#${(0x203040 + i * 0x111111).toString(16).toUpperCase()}`]),
);

describe('the surgical patch on a corpus of rich workbooks', () => {
  test.each(SAMPLE_FILES)('%s: untouched parts byte-identical, same model, second sync adds nothing', async (file) => {
    const input = richWorkbook(sample(file));
    const { bytes, report } = await syncWorkbook(input, file, { palette: OTHER_PALETTE });
    const before = parts(input);
    const after = parts(bytes);
    // Every part of the input is still there, and identical unless the sync says it changed it.
    for (const name of Object.keys(before)) {
      expect(after[name]).toBeDefined();
      if (!report.changedParts.includes(name))
        expect(Buffer.from(after[name]).equals(Buffer.from(before[name]))).toBe(true);
    }
    // None of the grafted parts had a reason to change but the add-in's settings part.
    const changedGrafts = GRAFTED_PARTS.filter((p) => report.changedParts.includes(p));
    expect(changedGrafts).toEqual(report.backupSaved > 0 ? ['xl/webextensions/webextension1.xml'] : []);
    // The other property of the settings part is kept.
    expect(strFromU8(after['xl/webextensions/webextension1.xml'])).toContain(
      'name="AutreReglage" value="&quot;à garder&quot;"',
    );
    // Read back: the same sheets, years, actions and states; the generated sheet is skipped.
    const again = await analyseBytes(bytes, file, OTHER_PALETTE);
    expect(modelSummary(again.analysis)).toEqual(report.model);
    const grids = await readWorkbook(bytes, file);
    const generated = grids.filter((g) => g.generated);
    expect(generated.map((g) => g.name)).toEqual([report.bilan?.name]);
    expect(generated[0].generated?.year).toBe(report.bilan?.year);
    // It prints as convert's bilan: its header row on every page, the contract and page in the footer.
    const workbook = strFromU8(after['xl/workbook.xml']);
    const position = [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"/g)]
      .map((m) => m[1].replace(/&apos;/g, "'").replace(/&amp;/g, '&'))
      .indexOf(report.bilan?.name ?? '');
    const quoted = `'${report.bilan?.name ?? ''}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(workbook).toMatch(
      new RegExp(`<definedName name="_xlnm\\.Print_Titles" localSheetId="${position}">${quoted}!\\$\\d+:\\$\\d+<`),
    );
    const sheetPart = report.changedParts.find(
      (p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p) && strFromU8(after[p]).includes('<headerFooter>'),
    );
    expect(sheetPart && strFromU8(after[sheetPart])).toMatch(/<oddFooter>&amp;L.+&amp;R.*&amp;P.*&amp;N<\/oddFooter>/);
    // Every status cell now has its palette colour.
    for (const s of again.analysis.sheets) {
      for (const a of s.sheet.actions) {
        if (a.status && a.source.cells.status && s.sheet.legend.length === 0) {
          expect(a.statusFill?.toUpperCase()).toBe(OTHER_PALETTE[a.status]);
        }
      }
    }
    // A second sync refreshes in place: same sheets, same backup, nothing written.
    const second = await syncWorkbook(bytes, file, { palette: OTHER_PALETTE });
    expect(second.report.changedParts).toEqual([]);
    expect(second.report.backupSaved).toBe(0);
    expect((await readWorkbook(second.bytes, file)).length).toBe(grids.length);
  });

  test('LibreOffice opens a synced rich workbook (soffice --convert-to pdf)', async () => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status !== 0)
      throw new Error('LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui');
    const dir = mkdtempSync(join(tmpdir(), 'cls-sync-lo-'));
    try {
      const file = 'petr-coeur-de-lorraine-2020-2023.xlsx';
      const { bytes } = await syncWorkbook(richWorkbook(sample(file)), file);
      writeFileSync(join(dir, 'suivi.xlsx'), bytes);
      convertToPdf(dir, [join(dir, 'suivi.xlsx')], 120_000);
      expect(readFileSync(join(dir, 'suivi.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('palette and original fills, shared with the add-in', () => {
  test('the palette the add-in saved in the workbook colours the cells; --palette wins for one run', async () => {
    const file = 'metz-fiches-actions-2018.xlsx';
    const saved = { en_cours: '#123456' };
    const input = richWorkbook(sample(file), saved);
    const { bytes, report } = await syncWorkbook(input, file, { only: ['couleurs'] });
    expect(report.paletteSource).toBe('classeur');
    const again = await analyseBytes(bytes, file, { ...DEFAULT_PALETTE, ...saved });
    const enCours = again.analysis.sheets[0].sheet.actions.filter((a) => a.status === 'en_cours');
    expect(enCours.length).toBeGreaterThan(5);
    for (const a of enCours) expect(a.statusFill?.toUpperCase()).toBe('#123456');
    const forced = await syncWorkbook(input, file, { only: ['couleurs'], palette: OTHER_PALETTE });
    expect(forced.report.paletteSource).toBe('option');
  });

  test('« Restaurer les couleurs d’origine », run by the add-in on the fake host, undoes a Node sync exactly', async () => {
    // Metz has no legend (the palette colours it); the 2021 sheet's legend colours one cell.
    for (const [file, changed] of [
      ['metz-fiches-actions-2018.xlsx', 40],
      ['petr-bilan-2021-couleurs-theme.xlsx', 1],
    ] as const) {
      const original = sample(file);
      const { bytes, report } = await syncWorkbook(original, file, { palette: OTHER_PALETTE, only: ['couleurs'] });
      expect(report.sheets[0].coloured).toBeGreaterThanOrEqual(changed);
      const originalGrids = await readWorkbook(original, file);
      const syncedGrids = await readWorkbook(bytes, file);
      const settings = findAddinSettings(Object.keys(parts(bytes)), (n) => strFromU8(parts(bytes)[n]));
      const stored = settings.values.get(FILL_BACKUP_SETTING);
      expect(typeof stored).toBe('string');
      // The fake host holds the synced workbook and its settings, as Excel opens the file.
      const reference = install(globalThis, workbookJson(originalGrids, 0));
      const want = reference.fills(originalGrids[0].name);
      const fake = install(globalThis, {
        ...workbookJson(syncedGrids, 0),
        settings: { [FILL_BACKUP_SETTING]: stored },
      });
      expect(fake.fills(syncedGrids[0].name)).not.toEqual(want);
      const host = globalThis as unknown as { Excel: { run: Runner } };
      const restored = await restoreFills((batch) => host.Excel.run(batch));
      expect(restored.cells).toBe(report.backupSaved);
      expect(fake.fills(syncedGrids[0].name)).toEqual(want);
    }
  });

  test('a sync after an add-in colouring keeps the add-in’s first backup', async () => {
    const file = 'metz-fiches-actions-2018.xlsx';
    const first = await syncWorkbook(sample(file), file, { palette: OTHER_PALETTE, only: ['couleurs'] });
    const backup1 = findAddinSettings(Object.keys(parts(first.bytes)), (n) =>
      strFromU8(parts(first.bytes)[n]),
    ).values.get(FILL_BACKUP_SETTING);
    const second = await syncWorkbook(first.bytes, file, { palette: DEFAULT_PALETTE, only: ['couleurs'] });
    expect(second.report.sheets[0].coloured).toBeGreaterThan(40);
    expect(second.report.backupSaved).toBe(0);
    const backup2 = findAddinSettings(Object.keys(parts(second.bytes)), (n) =>
      strFromU8(parts(second.bytes)[n]),
    ).values.get(FILL_BACKUP_SETTING);
    expect(backup2).toEqual(backup1);
  });

  test('another add-in’s settings part is left alone; ours is added beside it', async () => {
    const file = 'metz-fiches-actions-2018.xlsx';
    const input = richWorkbook(sample(file), {}, 'wa200000000');
    const { bytes, report } = await syncWorkbook(input, file, { palette: OTHER_PALETTE, only: ['couleurs'] });
    expect(report.backupSaved).toBeGreaterThan(40);
    const after = parts(bytes);
    expect(
      Buffer.from(after['xl/webextensions/webextension1.xml']).equals(
        Buffer.from(parts(input)['xl/webextensions/webextension1.xml']),
      ),
    ).toBe(true);
    expect(strFromU8(after['xl/webextensions/webextension2.xml'])).toContain(
      'id="c5cce923-6e75-4ac0-8662-a328e287b514"',
    );
    expect(strFromU8(after['xl/webextensions/taskpanes.xml']).match(/<wetp:taskpane\b/g)?.length).toBe(2);
    expect(strFromU8(after['[Content_Types].xml'])).toContain('/xl/webextensions/webextension2.xml');
  });

  test('a backup is found by sheet name when the worksheet id changed', () => {
    const backup = parseFillBackup({
      version: 1,
      sheets: { '{A}': { sheetName: 'Feuil1', fills: { none: ['F12'] } } },
    });
    expect(backupKeyOf(backup, '{A}', 'Autre')).toBe('{A}');
    expect(backupKeyOf(backup, '{B}', 'Feuil1')).toBe('{A}');
    expect(backupKeyOf(backup, '{B}', 'Feuil2')).toBe('{B}');
  });
});

describe('the sheet patch', () => {
  const sheet = (data: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData><pageMargins left="1"/></worksheet>`;

  test('cells and rows without r are placed as Excel places them; formulas are kept', () => {
    const xml = sheet(
      `<row><c t="s"><v>0</v></c><c s="2"><v>1</v></c></row>` +
        `<row r="5"><c r="C5" t="inlineStr"><is><t>en cours</t></is></c><c><f t="shared" ref="D5:D6" si="0">A1</f><v>3</v></c></row>` +
        `<row><c r="D6"><f t="shared" si="0"/><v>4</v></c></row>`,
    );
    const seen: string[] = [];
    const result = patchCells(xml, new Set(['B1', 'C5', 'D5', 'D6', 'Z9']), (cell, state) => {
      seen.push(`${cell}:${state.style}:${state.hasFormula}`);
      if (cell === 'B1') return { style: 7 };
      return { value: cell === 'C5' ? 'En cours' : 1 };
    });
    expect(seen).toEqual(['B1:2:false', 'C5:0:false', 'D5:0:true', 'D6:0:true']);
    expect(result.applied).toEqual(['B1', 'C5']);
    expect(result.skipped.map((s) => s.cell)).toEqual(['D5', 'D6', 'Z9']);
    expect(result.xml).toContain('<row><c t="s"><v>0</v></c><c s="7"><v>1</v></c></row>');
    expect(result.xml).toContain('<c r="C5" t="inlineStr"><is><t xml:space="preserve">En cours</t></is></c>');
    expect(result.xml).toContain('<f t="shared" ref="D5:D6" si="0">A1</f>');
  });

  test('appended styles copy the cell format with only the fill changed, and are reused', () => {
    const styles = new StylesPatch(
      `<styleSheet><fonts count="1"><font><sz val="10"/><name val="Arial"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
        `<borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>`,
      'x.xlsx',
    );
    expect(styles.withFill(1, '#FFC000')).toBe(2);
    expect(styles.withFill(1, '#FFC000')).toBe(2);
    const xml = styles.toXml();
    expect(xml).toContain('<fills count="3">');
    expect(xml).toContain('<cellXfs count="3">');
    expect(xml).toContain(
      '<xf numFmtId="3" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"><alignment wrapText="1"/></xf>',
    );
    expect(new StylesPatch(xml, 'x.xlsx').withFill(1, '#FFC000')).toBe(2);
  });

  test('the dropdown replaces the validation of its cells and keeps the rest of others', () => {
    expect(subtract(parseArea('F1:F100')!, parseArea('F12:F82')!).map((r) => `${r.top}-${r.bottom}`)).toEqual([
      '0-10',
      '82-99',
    ]);
    const xml =
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><dataValidations count="2">` +
      `<dataValidation type="list" sqref="F1:F100"><formula1>"a,b"</formula1></dataValidation>` +
      `<dataValidation type="whole" sqref="F20:F30"><formula1>1</formula1></dataValidation></dataValidations><pageMargins left="1"/></worksheet>`;
    const out = withStatusDropdown(xml, ['F12:F82']);
    expect(out).toContain('<dataValidations count="2">');
    expect(out).toContain('sqref="F1:F11 F83:F100"');
    expect(out).not.toContain('type="whole"');
    expect(out).toMatch(
      /<dataValidation type="list"[^>]*sqref="F12:F82"><formula1>&quot;Réalisé \(clos\),[^<]*,Abandonné&quot;<\/formula1>/,
    );
    expect(out.indexOf('<dataValidations')).toBeLessThan(out.indexOf('<pageMargins'));
    expect(withStatusDropdown(out, ['F12:F82'])).toBe(out);
  });
});

describe('sync on files: lock, protection, .ods, backup, --out, --dry-run', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cls-sync-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const task = (input: string, extra: Partial<Parameters<typeof syncFile>[0]> = {}) =>
    syncFile({ input, dryRun: false, noBackup: false, stamp: '2026-11-24 09h30', ...extra });

  test('in place: the original kept as « (avant synchro …) », no temporary file left, a second run does nothing', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, sample('petr-bilan-2022.xlsx'));
    const result = await task(input);
    expect(result.status).toBe('synced');
    expect(result.backup).toBe(join(dir, 'suivi (avant synchro 2026-11-24 09h30).xlsx'));
    expect(readFileSync(result.backup as string).equals(Buffer.from(sample('petr-bilan-2022.xlsx')))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['suivi (avant synchro 2026-11-24 09h30).xlsx', 'suivi.xlsx']);
    expect((await task(input)).status).toBe('current');
    expect(readdirSync(dir).length).toBe(2);
  });

  test('--dry-run and --out leave the workbook as it was; --no-backup keeps no copy', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, sample('metz-fiches-actions-2018.xlsx'));
    const dry = await task(input, { dryRun: true });
    expect(dry.status).toBe('planned');
    expect(dry.report?.sheets[0].labels.length).toBe(2);
    expect(readdirSync(dir)).toEqual(['suivi.xlsx']);
    const out = join(dir, 'copies');
    const copy = await task(input, { out });
    expect(copy.written).toBe(join(out, 'suivi.xlsx'));
    expect(readFileSync(input).equals(Buffer.from(sample('metz-fiches-actions-2018.xlsx')))).toBe(true);
    const bare = await task(input, { noBackup: true });
    expect(bare.backup).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['copies', 'suivi.xlsx']);
  });

  test('refused with a French message: open in Excel, protected sheet, protected structure, .ods', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, sample('petr-bilan-2022.xlsx'));
    writeFileSync(join(dir, '~$suivi.xlsx'), 'lock');
    const open = await task(input);
    expect(open.error?.code).toBe('WORKBOOK_OPEN');
    expect(open.error?.message).toContain('Fermez-le');
    rmSync(join(dir, '~$suivi.xlsx'));

    const files = parts(sample('petr-bilan-2022.xlsx'));
    const protect = (name: string, from: string, to: string) => {
      const copy = { ...files, [name]: new TextEncoder().encode(strFromU8(files[name]).replace(from, to)) };
      return copy;
    };
    const { zipSync } = await import('fflate');
    writeFileSync(
      input,
      zipSync(protect('xl/worksheets/sheet1.xml', '<pageMargins', '<sheetProtection sheet="1"/><pageMargins')),
    );
    const locked = await task(input);
    expect(locked.error?.code).toBe('PROTECTED');
    expect(locked.error?.message).toContain('Ôtez la protection');
    writeFileSync(
      input,
      zipSync(protect('xl/workbook.xml', '<sheets>', '<workbookProtection lockStructure="1"/><sheets>')),
    );
    expect((await task(input)).error?.code).toBe('PROTECTED');
    expect((await task(input, { only: ['couleurs', 'liste'] })).status).toBe('synced');
    expect(existsSync(input)).toBe(true);

    const ods = join(dir, 'suivi.ods');
    writeFileSync(ods, 'x');
    const refused = await task(ods);
    expect(refused.error?.code).toBe('SYNC_REFUSED');
    expect(refused.error?.message).toContain('Enregistrer sous');
    // Nothing but the inputs and the backup made by the one successful run.
    expect(readdirSync(dir).filter((f) => f.startsWith('.')).length).toBe(0);
  });

  test('the CLI: sync --dry-run prints the changes in French and writes nothing', () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, sample('petr-bilan-2022.xlsx'));
    const cli = spawnSync(
      process.execPath,
      [join(__dirname, '..', 'bin', 'cls-bilan.js'), 'sync', input, '--dry-run'],
      {
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(0);
    expect(cli.stderr).toContain('simulation, rien n’est écrit');
    expect(cli.stderr).toContain('Feuil1!F25\u00a0: «\u00a0en cours\u00a0» → «\u00a0En cours\u00a0»');
    expect(cli.stderr).toContain('feuille «\u00a0Bilan 2022\u00a0» à créer');
    expect(readdirSync(dir)).toEqual(['suivi.xlsx']);
    const bad = spawnSync(
      process.execPath,
      [join(__dirname, '..', 'bin', 'cls-bilan.js'), 'sync', input, '--seulement', 'couleur'],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--seulement attend une liste parmi couleurs,libelles,liste,legende,bilan');
  });
});

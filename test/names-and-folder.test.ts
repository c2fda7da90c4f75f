/**
 * Issue 24 §8: a file name with a control character is written into the xlsx as Excel writes it
 * (`_x001B_`, an ECMA-376 ST_Xstring) by sync's « Bilan AAAA » sheet and convert's bilan, and reads
 * back; a command run from a working folder that no longer exists, or whose path is longer than the
 * system allows, says so in French instead of a stack trace or « Fichier introuvable ».
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { syncWorkbook } from '../core/write/sync/sync-workbook';
import { renderXlsx } from '../cli/write-xlsx';
import { xstring as escapeXstring } from '../core/write/xlsx/xml';
import { workingFolderProblem } from '../cli/working-folder';
import type { SheetLayout } from '../core/layout/sheet-layout';
import { decodeXstring, encodeXstring, xstringText } from '../core/read/xlsx/ooxml-text';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { BIN, ROOT } from './run-cli';

const ESC = '\u001b';

/** Throws on XML that is not well-formed (a raw ESC among them). */
function parseXml(xml: string): void {
  const parser = new SaxesParser();
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
}

/** The text of every inline string of a worksheet part, decoded as Excel reads it (escapes, not controls removed). */
function inlineTexts(xml: string): string[] {
  return [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) =>
    decodeXstring(
      m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    ),
  );
}

/** A small tracking workbook without a contract title: the bilan calls it « Contrat local de santé ». */
async function trackingWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi 2023');
  ws.addRow(['ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES']);
  ['Réalisé', 'En cours', 'Non commencé', 'Abandonné'].forEach((s, i) =>
    ws.addRow([`Action ${i}`, `1.1.${i + 1}`, 'CPTS', s, 'vu']),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('ST_Xstring: text written as Excel writes it', () => {
  const texts = [
    `suivi${ESC}X`,
    'tab\tand line\nfeed kept',
    'carriage\r\nreturn',
    'literal _x0041_ and _x005F_ and _X0041_ and _x12G4_',
    '\u0000\u0001\u0008\u000b\u000c\u000e\u001f\ufffe\uffff',
    'lone \ud83d and \ude00 halves, whole 😀',
    'markup & < > " \'',
  ];

  test.each(texts.map((t) => [JSON.stringify(t), t] as const))('%s round-trips and is well-formed XML', (_n, t) => {
    expect(decodeXstring(encodeXstring(t))).toBe(t);
    const escaped = escapeXstring(t);
    expect(() => parseXml(`<t>${escaped}</t>`)).not.toThrow();
  });

  test('ESC is written _x001B_, CR _x000D_, a literal escape protected by _x005F_', () => {
    expect(encodeXstring(`a${ESC}b`)).toBe('a_x001B_b');
    expect(encodeXstring('a\r\nb')).toBe('a_x000D_\nb');
    expect(encodeXstring('_x0041_')).toBe('_x005F_x0041_');
    expect(encodeXstring('sans rien de spécial_')).toBe('sans rien de spécial_');
  });
});

describe('a file name with ESC', () => {
  const name = `suivi${ESC}X.xlsx`;

  test('sync writes the « Bilan 2023 » sheet without the file name (no contract’s name): well-formed, read back, refreshed on a second sync', async () => {
    const { bytes, report } = await syncWorkbook(await trackingWorkbook(), name, {});
    expect(report.bilan?.name).toBe('Bilan 2023');
    const parts = unzipSync(bytes);
    for (const part of Object.values(parts)) expect(strFromU8(part)).not.toContain(ESC);
    const sheet = Object.entries(parts)
      .map(([, data]) => strFromU8(data))
      .find((xml) => xml.includes('Bilan 2023 par action'));
    expect(sheet).toBeDefined();
    const xml = sheet ?? '';
    // A file's name is no contract's name (issue 25, §2.4): the workbook names none, the sheet says
    // « Contrat local de santé », and the file's name, control character included, is not written.
    expect(xml).not.toContain('suivi_x001B_X');
    expect(() => parseXml(xml)).not.toThrow();
    expect(inlineTexts(xml)).toContain('Contrat local de santé — 4 actions');
    const grids = await readWorkbook(bytes, name);
    const generated = grids.find((g) => g.generated);
    expect(generated?.name).toBe('Bilan 2023');
    expect(generated?.cells[1]?.[0]?.text).toBe('Contrat local de santé — 4 actions');
    const again = await syncWorkbook(bytes, name, {});
    expect(again.report.bilan).toMatchObject({ name: 'Bilan 2023', refreshed: true });
  });

  test('convert’s xlsx keeps it as _x001B_ (in its cells and its footer) and a literal _x0041_ as written', async () => {
    const layout: SheetLayout = {
      name: 'Bilan 2023',
      widths: [20],
      rows: [[{ value: `CLS suivi${ESC}X` }], [{ value: 'code _x0041_' }]],
      merges: [],
      freezeRows: 0,
      printTitleRow: null,
      headerRow: null,
      tableHeaders: [],
      groups: [],
    };
    const bytes = await renderXlsx({ sheets: [layout] }, { title: `Bilan 2023 — CLS suivi${ESC}X` });
    // Text cells are shared strings: their text is in the shared strings part.
    const parts = unzipSync(bytes);
    const xml = strFromU8(parts['xl/sharedStrings.xml']);
    for (const part of Object.values(parts)) expect(strFromU8(part)).not.toContain(ESC);
    expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toContain('CLS suivi_x001B_X&amp;RPage');
    expect(xml).toContain('CLS suivi_x001B_X');
    expect(xml).toContain('code _x005F_x0041_');
    expect(() => parseXml(xml)).not.toThrow();
    const [grid] = await readWorkbook(bytes, 'bilan.xlsx');
    expect(grid.cells[0]?.[0]?.text).toBe(xstringText('CLS suivi_x001B_X'));
    expect(grid.cells[1]?.[0]?.text).toBe('code _x0041_');
  });
});

describe('the working folder', () => {
  test('workingFolderProblem: none when it is there; the cause in French otherwise', () => {
    expect(workingFolderProblem()).toBeNull();
    const failing = (code: string) => () => {
      throw Object.assign(new Error(`${code}: uv_cwd`), { code });
    };
    expect(workingFolderProblem(failing('ENOENT'))).toMatch(/^Le dossier courant n'existe plus .*placez-vous/i);
    expect(workingFolderProblem(failing('ERANGE'))).toMatch(/plus long que ce que le système accepte/);
    expect(workingFolderProblem(failing('ENAMETOOLONG'))).toMatch(/plus long/);
    expect(workingFolderProblem(failing('EACCES'))).toMatch(/pas accessible/);
  });

  /** Runs the built command from a folder a shell script prepares (`bash -c`), relative input `suivi.xlsx`. */
  function fromFolder(prepare: string, args: readonly string[]): { code: number | null; out: string } {
    const run = spawnSync('bash', ['-c', `${prepare} && exec node "$0" "$@"`, BIN, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: run.status, out: run.stdout + run.stderr };
  }

  test.each([
    ['inspect', ['inspect', 'suivi.xlsx']],
    ['convert', ['convert', 'suivi.xlsx']],
    ['sync', ['sync', 'suivi.xlsx', '--dry-run']],
  ])('%s from a deleted folder: a French message, exit 2, no stack trace', (_c, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-gone-'));
    const { code, out } = fromFolder(`cd "${dir}" && rmdir "${dir}"`, args);
    expect(code).toBe(2);
    expect(out).toContain('Le dossier courant n’existe plus');
    expect(out).toMatch(/placez-vous dans un dossier existant/i);
    expect(out).not.toMatch(/uv_cwd|Erreur inattendue|Fichier introuvable|\bat \S+ \(/);
  });

  test('a working folder deeper than PATH_MAX: the path is too long, not « Fichier introuvable »', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-deep-'));
    try {
      // 22 folders of 200 characters: 4,400 characters, past Linux's 4,096.
      const part = 'd'.repeat(200);
      const { code, out } = fromFolder(`cd "${dir}" && for i in $(seq 22); do mkdir ${part} && cd ${part}; done`, [
        'inspect',
        'suivi.xlsx',
      ]);
      expect(code).toBe(2);
      expect(out).toContain('Le chemin du dossier courant est plus long que ce que le système accepte');
      expect(out).not.toMatch(/uv_cwd|Erreur inattendue|Fichier introuvable/);
    } finally {
      // Node's rm cannot reach past PATH_MAX; rm -rf walks down folder by folder.
      spawnSync('rm', ['-rf', dir]);
    }
  });
});

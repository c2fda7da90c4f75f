import * as ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ClsError, type ClsErrorCode } from '../core/errors';
import { checkWorkbookBytes, DEFAULT_MAX_UNCOMPRESSED_BYTES, formatBytes } from '../core/xlsx/safety';
import { readWorkbook } from '../core/xlsx/read-workbook';

async function smallXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.getCell('A1').value = 'Action';
  ws.getCell('B1').value = 'État';
  ws.getCell('A2').value = 'Créer un annuaire des acteurs';
  ws.getCell('B2').value = 'En cours';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function utf16(word: string): number[] {
  return [...word].flatMap((ch) => [ch.charCodeAt(0), 0]);
}

/** An OLE compound file header followed by a directory naming the given streams. */
function fakeOle(...streams: string[]): Uint8Array {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const header = [...magic, ...new Array<number>(504).fill(0)];
  const directory = streams.flatMap((name) => [...utf16(name), ...new Array<number>(128 - name.length * 2).fill(0)]);
  return new Uint8Array([...header, ...utf16('Root Entry'), ...new Array<number>(108).fill(0), ...directory]);
}

/** Rewrites the declared uncompressed size of one entry in the zip's central directory. */
function declareSize(zip: Uint8Array, entryName: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const name = new TextDecoder().decode(out.subarray(i + 46, i + 46 + nameLength));
    if (name === entryName) {
      view.setUint32(i + 24, size, true);
      return out;
    }
  }
  throw new Error(`entry ${entryName} not found`);
}

function rezip(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) zippable[name] = data;
  return zipSync(zippable);
}

function caught(fn: () => unknown): ClsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClsError) return e;
    throw e;
  }
  throw new Error('expected a ClsError');
}

/** The error has the code, names the file in « », and reads as French advice. */
function expectUserError(error: ClsError, code: ClsErrorCode, fileName: string): void {
  expect(error.code).toBe(code);
  expect(error.file).toBe(fileName);
  expect(error.message).toContain(`«\u00a0${fileName}\u00a0»`);
  expect(error.message).toMatch(/\b(fichier|classeur)\b/);
  expect(error.message).toMatch(/\b(le|la|les|est|pas|un|une)\b/);
  expect(error.message).not.toMatch(/\b(the|file|cannot|please)\b/i);
}

describe('checkWorkbookBytes', () => {
  it('accepts a real workbook and returns its theme', async () => {
    const check = checkWorkbookBytes(await smallXlsx(), 'suivi.xlsx');
    expect(check.themeXml).toContain('clrScheme');
    expect(check.uncompressedBytes).toBeGreaterThan(0);
  });

  it('refuses an empty file', () => {
    expectUserError(
      caught(() => checkWorkbookBytes(new Uint8Array(0), 'vide.xlsx')),
      'EMPTY_FILE',
      'vide.xlsx',
    );
  });

  it('recognises a CSV renamed .xlsx (UTF-8 and Windows-1252)', () => {
    const utf8 = strToU8('Axe;Action;État\n1;Créer un réseau;En cours\n2;Former les élus;Réalisé\n');
    const error = caught(() => checkWorkbookBytes(utf8, 'export.xlsx'));
    expectUserError(error, 'TEXT_FILE', 'export.xlsx');
    expect(error.message).toMatch(/CSV/);
    expect(error.message).toMatch(/Enregistrer sous/);
    const latin1 = new Uint8Array(
      [...'Action;'].map((c) => c.charCodeAt(0)).concat([0xc9, 0x74, 0x61, 0x74, 0x0d, 0x0a]),
    );
    expect(caught(() => checkWorkbookBytes(latin1, 'export.xlsx')).code).toBe('TEXT_FILE');
  });

  it('refuses random binary data', () => {
    const bytes = new Uint8Array(4096);
    let seed = 12345;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    bytes.set([0x00, 0x01, 0x02, 0x03], 0);
    expectUserError(
      caught(() => checkWorkbookBytes(bytes, 'image.xlsx')),
      'NOT_ZIP',
      'image.xlsx',
    );
  });

  it('recognises a truncated download', async () => {
    const full = await smallXlsx();
    const half = full.slice(0, Math.floor(full.length / 2));
    const error = caught(() => checkWorkbookBytes(half, 'coupé.xlsx'));
    expectUserError(error, 'TRUNCATED_ZIP', 'coupé.xlsx');
    expect(error.message).toMatch(/incomplet|endommagé/);
  });

  it('tells a legacy .xls from a password-protected workbook', () => {
    const legacy = caught(() => checkWorkbookBytes(fakeOle('Workbook', 'SummaryInformation'), 'ancien.xlsx'));
    expectUserError(legacy, 'LEGACY_XLS', 'ancien.xlsx');
    expect(legacy.message).toMatch(/97-2003/);
    expect(legacy.message).toMatch(/Enregistrer sous/);

    const encrypted = caught(() => checkWorkbookBytes(fakeOle('EncryptionInfo', 'EncryptedPackage'), 'protégé.xlsx'));
    expectUserError(encrypted, 'ENCRYPTED', 'protégé.xlsx');
    expect(encrypted.message).toMatch(/mot de passe/);
    expect(encrypted.message).toMatch(/Protéger le classeur/);
    expect(caught(() => checkWorkbookBytes(fakeOle('EncryptedPackage'), 'p.xlsx')).code).toBe('ENCRYPTED');
  });

  it('recognises a LibreOffice .ods', () => {
    const ods = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8('<office:document-content/>'),
      'META-INF/manifest.xml': strToU8('<manifest:manifest/>'),
    });
    const error = caught(() => checkWorkbookBytes(ods, 'suivi.ods'));
    expectUserError(error, 'ODS', 'suivi.ods');
    expect(error.message).toMatch(/LibreOffice/);
  });

  it('refuses a Word document and a zip without a workbook', () => {
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<w:document/>'),
    });
    const word = caught(() => checkWorkbookBytes(docx, 'compte-rendu.xlsx'));
    expectUserError(word, 'NOT_XLSX', 'compte-rendu.xlsx');
    expect(word.message).toMatch(/Word/);

    const other = zipSync({ 'notes.txt': strToU8('bonjour') });
    expectUserError(
      caught(() => checkWorkbookBytes(other, 'archive.xlsx')),
      'NOT_XLSX',
      'archive.xlsx',
    );
  });

  it('refuses a workbook whose unpacked size exceeds the limit, saying both sizes', async () => {
    const xlsx = await smallXlsx();
    const error = caught(() => checkWorkbookBytes(xlsx, 'gros.xlsx', { maxUncompressedBytes: 1000 }));
    expectUserError(error, 'TOO_LARGE', 'gros.xlsx');
    expect(error.message).toContain('1000 octets');
    await expect(readWorkbook(xlsx, 'gros.xlsx', { maxUncompressedBytes: 1000 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
  });

  it('has a default limit of 200 Mo, checked on declared sizes without inflating', async () => {
    expect(DEFAULT_MAX_UNCOMPRESSED_BYTES).toBe(200 * 1024 * 1024);
    const zip = rezip(await smallXlsx());
    const MB = 1024 * 1024;
    // Declared 199 Mo: accepted (nothing is inflated but the theme and relationships).
    expect(() => checkWorkbookBytes(declareSize(zip, 'xl/worksheets/sheet1.xml', 199 * MB), 'a.xlsx')).not.toThrow();
    const error = caught(() =>
      checkWorkbookBytes(declareSize(zip, 'xl/worksheets/sheet1.xml', 201 * MB), 'bombe.xlsx'),
    );
    expectUserError(error, 'TOO_LARGE', 'bombe.xlsx');
    expect(error.message).toContain('201 Mo');
    expect(error.message).toContain('200 Mo');
  });

  it('formats sizes in French units', () => {
    expect(formatBytes(1)).toBe('1 octet');
    expect(formatBytes(1536)).toBe('1,5 Ko');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 Mo');
  });
});

import * as ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ClsError, type ClsErrorCode } from '../core/base/errors';
import { checkWorkbookBytes, DEFAULT_MAX_UNCOMPRESSED_BYTES, formatBytes } from '../core/read/xlsx/safety';
import { readWorkbook } from '../scripts/exceljs-reader';
import { readWorkbook as readStreaming } from '../core/read/xlsx/stream-reader';
import { syncWorkbook } from '../core/write/sync/sync-workbook';

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

// ---------------------------------------------------------------------------------------------
// Refusals with the right cause (issue 24 §6): what LibreOffice opens is read, the rest is named
// for what it is, and sync runs the same check.

const NS = 'http://schemas.openxmlformats.org';

/** A one-sheet package whose parts are given as bytes (to write them in any encoding), `main` its workbook part. */
function packageOf(parts: Record<string, Uint8Array>, main = 'xl/workbook.xml'): Uint8Array {
  const folder = main.slice(0, main.lastIndexOf('/') + 1);
  const name = main.slice(folder.length);
  return zipSync({
    '[Content_Types].xml': strToU8(`<Types xmlns="${NS}/package/2006/content-types"/>`),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="/${main}"/></Relationships>`,
    ),
    [main]: strToU8(
      `<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    [`${folder}_rels/${name}.rels`]: strToU8(
      `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="sheet1.xml"/></Relationships>`,
    ),
    ...parts,
  });
}

const SHEET =
  `<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData><row r="1">` +
  '<c r="A1" t="inlineStr"><is><t>Action</t></is></c><c r="B1" t="inlineStr"><is><t>État</t></is></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>Créer un annuaire</t></is></c><c r="B2" t="inlineStr"><is><t>Réalisé ✓ 😀</t></is></c></row>' +
  '</sheetData></worksheet>';

function utf16Bytes(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  if (order === 'be') for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return new Uint8Array(le);
}

/** The ClsError a promise is rejected with (a fulfilled promise fails the test). */
async function rejected(promise: Promise<unknown>): Promise<ClsError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ClsError) return e;
    throw e;
  }
  throw new Error('expected a ClsError');
}

async function textsOf(bytes: Uint8Array, name: string): Promise<string[][]> {
  const grids = await readStreaming(bytes, name);
  return grids[0].cells.map((row) => row.map((c) => c?.text ?? ''));
}

const EXPECTED_TEXTS = [
  ['Action', 'État'],
  ['Créer un annuaire', 'Réalisé ✓ 😀'],
];

describe('UTF-16 parts are read, and an XML error is named as such', () => {
  const declared = (encoding: string) => `<?xml version="1.0" encoding="${encoding}" standalone="yes"?>\r\n${SHEET}`;
  test.each([
    ['little-endian with a byte-order mark', utf16Bytes(declared('UTF-16'), 'le', true)],
    ['big-endian with a byte-order mark', utf16Bytes(declared('UTF-16'), 'be', true)],
    ['little-endian told by its declaration only', utf16Bytes(declared('UTF-16'), 'le', false)],
    ['big-endian told by its declaration only', utf16Bytes(declared('UTF-16BE'), 'be', false)],
    ['UTF-8 with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(declared('UTF-8'))])],
    [
      'ISO-8859-1, as its declaration says',
      new Uint8Array(Buffer.from(declared('ISO-8859-1').replace(' ✓ 😀', ''), 'latin1')),
    ],
  ])('a sheet written in %s', async (_, sheet) => {
    const bytes = packageOf({ 'xl/sheet1.xml': sheet });
    const expected = _.startsWith('ISO') ? [EXPECTED_TEXTS[0], ['Créer un annuaire', 'Réalisé']] : EXPECTED_TEXTS;
    expect(await textsOf(bytes, 'utf16.xlsx')).toEqual(expected);
  });

  test('a UTF-16 part split across inflated pieces at odd places', async () => {
    const long = SHEET.replace('Créer un annuaire', `Créer 😀 ${'é😀'.repeat(20000)}`);
    const bytes = packageOf({ 'xl/sheet1.xml': utf16Bytes(long, 'le', true) });
    const [[, row]] = [await textsOf(bytes, 'long.xlsx')];
    expect(row[0]).toContain('é😀é😀');
    expect(row[0]).not.toContain('\ufffd');
  });

  test('a real XML error: « pas un XML valide », the program that wrote it, what to do; not a truncated download', async () => {
    for (const level of [0, 6] as const) {
      const bytes = zipSync(
        {
          ...unzipSync(packageOf({ 'xl/sheet1.xml': strToU8(SHEET.replace('</row>', '</rangée>')) })),
          'docProps/app.xml': strToU8(
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>SheetJS</Application></Properties>',
          ),
        },
        { level },
      );
      const error = await rejected(readStreaming(bytes, 'export.xlsx'));
      expectUserError(error, 'XLSX_INVALID', 'export.xlsx');
      expect(error.message).toContain('«\u00a0xl/sheet1.xml\u00a0»');
      expect(error.message).toContain('n’est pas un XML valide');
      expect(error.message).toContain('SheetJS');
      expect(error.message).toMatch(/Enregistrer sous/);
      expect(error.message).toMatch(/pas un téléchargement incomplet/);
      expect(error.message).not.toMatch(/incomplet ou endommagé|Téléchargez/);
      expect(error.detail).toMatch(/xl\/sheet1\.xml/);
    }
  });

  test('bytes that are no text in the part’s encoding: named as such, without a producer it is « autre qu’Excel »', async () => {
    const sheet = new Uint8Array([...strToU8(SHEET), 0xc3]);
    const error = await rejected(readStreaming(packageOf({ 'xl/sheet1.xml': sheet }), 'coupé.xlsx'));
    expect(error).toMatchObject({ code: 'XLSX_INVALID' });
    expect(error.message).toMatch(/caractères invalides/);
    expect(error.message).toMatch(/autre qu’Excel/);
  });
});

describe('the workbook part is the one the package names', () => {
  test('a workbook part outside xl/ is checked and read, its theme found beside it', async () => {
    const bytes = packageOf(
      {
        'book/sheet1.xml': strToU8(SHEET),
        'book/_rels/workbook.xml.rels': strToU8(
          `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="sheet1.xml"/><Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>`,
        ),
        'book/theme/theme1.xml': strToU8('<a:theme xmlns:a="x"><a:clrScheme name="Bureau"/></a:theme>'),
      },
      'book/workbook.xml',
    );
    expect(checkWorkbookBytes(bytes, 'ailleurs.xlsx').themeXml).toContain('clrScheme');
    expect(await textsOf(bytes, 'ailleurs.xlsx')).toEqual(EXPECTED_TEXTS);
  });

  test('a package whose relationships name a Word document is still called one', () => {
    const docx = zipSync({
      '_rels/.rels': strToU8(
        `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      'word/document.xml': strToU8('<w:document/>'),
    });
    expect(caught(() => checkWorkbookBytes(docx, 'cr.xlsx')).message).toMatch(/Word/);
  });
});

const ODS_CONTENT =
  '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
  '<office:body><office:spreadsheet><table:table table:name="Suivi">' +
  '<table:table-row><table:table-cell office:value-type="string"><text:p>Action</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>État</text:p></table:table-cell></table:table-row>' +
  '<table:table-row><table:table-cell office:value-type="string"><text:p>Créer un annuaire</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Réalisé ✓ 😀</text:p></table:table-cell></table:table-row>' +
  '</table:table></office:spreadsheet></office:body></office:document-content>';

const manifest = (extra = '') =>
  strToU8(
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
      '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
      `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${extra}</manifest:file-entry></manifest:manifest>`,
  );

describe('LibreOffice files', () => {
  test('an .ods without its mimetype part: read as .ods, from its manifest', async () => {
    const ods = zipSync({ 'content.xml': strToU8(ODS_CONTENT), 'META-INF/manifest.xml': manifest() });
    expect(caught(() => checkWorkbookBytes(ods, 'sans-mimetype.ods')).code).toBe('ODS');
    expect(await textsOf(ods, 'sans-mimetype.ods')).toEqual(EXPECTED_TEXTS);
  });

  test('an encrypted .ods: « protégé par un mot de passe », not damaged', async () => {
    const encryption =
      '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="x">' +
      '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="x"/>' +
      '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="x"/>' +
      '</manifest:encryption-data>';
    const ods = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': new Uint8Array([0x9d, 0x13, 0xfe, 0x01, 0x77]),
      'META-INF/manifest.xml': manifest(encryption),
    });
    for (const error of [
      caught(() => checkWorkbookBytes(ods, 'secret.ods')),
      await rejected(readStreaming(ods, 'secret.ods')),
    ]) {
      expectUserError(error, 'ENCRYPTED', 'secret.ods');
      expect(error.message).toMatch(/protégé par un mot de passe/);
      expect(error.message).toMatch(/LibreOffice/);
    }
  });

  test('a flat .fods is recognised (not « un fichier texte »), and read', async () => {
    const fods = strToU8(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        ODS_CONTENT.replace(/document-content/g, 'document').replace(
          '<office:document ',
          '<office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet" office:version="1.3" ',
        ),
    );
    const error = caught(() => checkWorkbookBytes(fods, 'plat.fods'));
    expect(error.code).toBe('ODS');
    expect(error.message).toMatch(/\.fods/);
    expect(await textsOf(fods, 'plat.fods')).toEqual(EXPECTED_TEXTS);
  });
});

describe('old and odd files named for what they are', () => {
  test.each([
    ['Excel 2', [0x09, 0x00, 0x04, 0x00, 0x02, 0x00, 0x10, 0x00]],
    ['Excel 3', [0x09, 0x02, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00]],
    ['Excel 4', [0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00]],
  ])('%s (BIFF at byte 0): a very old Excel format, to save as .xlsx', (version, head) => {
    const bytes = new Uint8Array([...head, ...new Array<number>(200).fill(0)]);
    const error = caught(() => checkWorkbookBytes(bytes, 'vieux.xls'));
    expectUserError(error, 'LEGACY_XLS', 'vieux.xls');
    expect(error.message).toContain(version);
    expect(error.message).toMatch(/très ancien/);
    expect(error.message).toMatch(/Classeur Excel \(\*\.xlsx\)/);
    expect(error.message).not.toMatch(/ni un ancien/);
  });

  test('data up to column ALM and beyond (AMM is the 1,027th) is read; a sheet is bound by its cells', async () => {
    const wide = packageOf({
      'xl/sheet1.xml': strToU8(
        SHEET.replace(
          '</row>',
          '<c r="ALM1" t="inlineStr"><is><t>ALM</t></is></c><c r="AMM1" t="inlineStr"><is><t>AMM</t></is></c></row>',
        ),
      ),
    });
    const [grid] = await readStreaming(wide, 'large.xlsx');
    expect([grid.cells[0][1000]?.text, grid.cells[0][1026]?.text]).toEqual(['ALM', 'AMM']);
    await expect(readStreaming(wide, 'large.xlsx', { maxCells: 4 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});

test('sync rewrites a UTF-16 sheet as UTF-8, saying so in its declaration', async () => {
  const sample = new Uint8Array(readFileSync(join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx')));
  const parts: Zippable = unzipSync(sample);
  const sheet = strFromU8(unzipSync(sample)['xl/worksheets/sheet1.xml']).replace(
    /encoding="UTF-8"/i,
    'encoding="UTF-16"',
  );
  parts['xl/worksheets/sheet1.xml'] = utf16Bytes(sheet, 'le', true);
  const bytes = zipSync(parts);
  const before = await readStreaming(bytes, 'suivi.xlsx');
  expect(before).toEqual(await readStreaming(sample, 'suivi.xlsx'));
  const { bytes: synced, report } = await syncWorkbook(bytes, 'suivi.xlsx');
  expect(report.changedParts).toContain('xl/worksheets/sheet1.xml');
  const written = unzipSync(synced)['xl/worksheets/sheet1.xml'];
  expect(strFromU8(written.subarray(0, 60))).toMatch(/^<\?xml[^>]*encoding="UTF-8"/);
  // The same workbook as the sync of the UTF-8 original.
  const plain = await syncWorkbook(sample, 'suivi.xlsx');
  expect(await readStreaming(synced, 'suivi.xlsx')).toEqual(await readStreaming(plain.bytes, 'suivi.xlsx'));
});

describe('sync runs the same safety check as convert and inspect', () => {
  const MB = 1024 * 1024;
  test.each([
    ['vide.xlsx', 'EMPTY_FILE', () => new Uint8Array(0)],
    ['export.xlsx', 'TEXT_FILE', () => strToU8('Action;État\nCréer;En cours\n')],
    ['image.xlsx', 'NOT_ZIP', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3])],
    ['protégé.xlsx', 'ENCRYPTED', () => fakeOle('EncryptionInfo', 'EncryptedPackage')],
    ['ancien.xlsx', 'LEGACY_XLS', () => fakeOle('Workbook')],
    [
      'bombe.xlsx',
      'TOO_LARGE',
      () => declareSize(rezip(packageOf({ 'xl/sheet1.xml': strToU8(SHEET) })), 'xl/sheet1.xml', 300 * MB),
    ],
    [
      'plat.xlsx',
      'SYNC_REFUSED',
      () =>
        strToU8(
          '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"/>',
        ),
    ],
  ])('%s → %s, as inspect says', async (name, code, make) => {
    const error = await rejected(syncWorkbook(make(), name));
    expect(error.code).toBe(code);
    if (code !== 'SYNC_REFUSED') expect(error.message).toBe(caught(() => checkWorkbookBytes(make(), name)).message);
    expect(error.message).not.toMatch(/incomplet/);
  });
});

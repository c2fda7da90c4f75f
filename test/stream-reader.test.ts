/**
 * Our streaming reader gives the same grids as the exceljs reading it replaces, on every sample and
 * every workbook of the layout corpus; and it reads what exceljs could not (cells without `r`). Its
 * text is the text Excel shows (ST_Xstring escapes decoded, rich text joined, phonetic runs left out).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { cleanText, type Grid } from '../core/base/grid';
import { decodeXstring, xstringText } from '../core/read/xlsx/ooxml-text';
import { readWorkbook as readWithExcelJs } from '../scripts/exceljs-reader';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { buildLayoutCorpus } from '../scripts/layout-corpus';

const SAMPLES = join(__dirname, '..', 'samples');

/** A grid in a canonical form: merges sorted, holes as undefined. */
function canonical(grids: Grid[]): unknown {
  return grids.map((g) => ({
    ...g,
    cells: g.cells.map((row) => Array.from({ length: row.length }, (_, c) => row[c])),
    merges: [...g.merges].sort((a, b) => a.top - b.top || a.left - b.left),
  }));
}

const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));

test.each(samples)('%s: the same grids as the exceljs reading', async (file) => {
  const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
  expect(canonical(await readWorkbook(bytes, file))).toEqual(canonical(await readWithExcelJs(bytes, file)));
});

test('the layout corpus: the same grids as the exceljs reading', async () => {
  const cases = await buildLayoutCorpus();
  for (const c of cases) {
    const ours = canonical(await readWorkbook(c.bytes, c.file));
    const theirs = canonical(await readWithExcelJs(c.bytes, c.file));
    expect([c.file, ours]).toEqual([c.file, theirs]);
  }
});

// ---------------------------------------------------------------------------------------------
// Text as Excel shows it: ST_Xstring escapes, rich text, phonetic runs

const NS = 'http://schemas.openxmlformats.org';

/** A hand-made package: one sheet, its shared strings and its `<sheetData>` as given. */
function handMadeXlsx(sharedStrings: readonly string[], sheetData: string, sheetName = 'Suivi'): Uint8Array {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${xml}<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${xml}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${xml}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${xml}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `${xml}<sst xmlns="${NS}/spreadsheetml/2006/main" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${sharedStrings.join('')}</sst>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `${xml}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`,
    ),
  });
}

describe('decodeXstring (ECMA-376 Part 1 §22.9.2.19 ST_Xstring)', () => {
  test.each([
    ['ABC_x000D_DEF', 'ABC\rDEF'],
    ['_x0031_', '1'],
    ['Action _x0031__x0032_', 'Action 12'],
    // An escaped underscore: the rest is literal text, not an escape.
    ['_x005F_x000D_', '_x000D_'],
    ['a_x005F_b', 'a_b'],
    // Hex digits in either case.
    ['_x000d_', '\r'],
    ['_x00e9_t_x00C9_', 'étÉ'],
    // Not an escape: left as written.
    ['_xZZZZ_', '_xZZZZ_'],
    ['_x12_', '_x12_'],
    ['_x00312_', '_x00312_'],
    ['_X0031_', '_X0031_'],
    ['x0031_', 'x0031_'],
    ['mon_fichier_x', 'mon_fichier_x'],
    // A character beyond U+FFFF: a surrogate pair, one escape per half.
    ['_xD83D__xDE00_', '😀'],
    ['', ''],
  ])('%j → %j', (raw, decoded) => {
    expect(decodeXstring(raw)).toBe(decoded);
  });
});

describe('xstringText: the decoded text as the cell shows it', () => {
  test.each([
    // Excel writes a pasted CR LF as _x000D_ and a line feed: one line break.
    ['ABC_x000D_\nDEF', 'ABC\nDEF'],
    ['ABC_x000D__x000A_DEF', 'ABC\nDEF'],
    // A carriage return alone is a line break too: no stray \r.
    ['ABC_x000D_DEF', 'ABC\nDEF'],
    ['ABC\r\nDEF', 'ABC\nDEF'],
    ['_x005F_x000D_', '_x000D_'],
    // Control characters XML cannot carry are shown as nothing (and could not be written back).
    ['bip_x0007__x0000_', 'bip'],
    ['a_x0009_b', 'a\tb'],
    ['Réalisé', 'Réalisé'],
  ])('%j → %j', (raw, shown) => {
    expect(xstringText(raw)).toBe(shown);
    expect(xstringText(raw)).not.toContain('\r');
  });

  test('cleanText then folds the line break as any other white space', () => {
    expect(cleanText(xstringText('En cours_x000D_\n(2023)'))).toBe('En cours (2023)');
  });
});

describe('the streaming reader shows text as Excel does', () => {
  const shared = [
    '<si><t>ABC_x000D_\nDEF</t></si>',
    '<si><t>_x0031_</t></si>',
    '<si><t>_x005F_x000D_</t></si>',
    // Rich text: runs joined, the phonetic reading (rPh) and its properties left out.
    '<si><r><t xml:space="preserve">En </t></r><r><rPr><b/><sz val="11"/></rPr><t>cours</t></r>' +
      '<rPh sb="0" eb="2"><t>エンクール</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>',
    // An escape never spans two runs: each <t> is decoded on its own.
    '<si><r><t>_x00</t></r><r><t>31_</t></r></si>',
    '<si><t>_xD83D__xDE00_ fait</t></si>',
    '<si><t>_xZZZZ_</t></si>',
    '<si><t>_x000d_</t></si>',
    // A plain string with a phonetic reading.
    '<si><t>Abandonné</t><rPh sb="0" eb="1"><t>アバンドネ</t></rPh></si>',
  ];
  const s = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
  const sheetData =
    `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}${s('D1', 3)}${s('E1', 4)}</row>` +
    `<row r="2">${s('A2', 5)}${s('B2', 6)}${s('C2', 7)}${s('D2', 8)}</row>` +
    '<row r="3">' +
    '<c r="A3" t="inlineStr"><is><t>Un_x000D_\nDeux</t></is></c>' +
    '<c r="B3" t="inlineStr"><is><t>_x005F_x0031_ et _x0031_</t></is></c>' +
    '<c r="C3" t="inlineStr"><is><r><t xml:space="preserve">Non </t></r><r><rPr><i/></rPr><t>commencé</t></r>' +
    '<rPh sb="0" eb="3"><t>ノン</t></rPh><phoneticPr fontId="1"/></is></c>' +
    '<c r="D3" t="str"><f>A1</f><v>x_x000D_\ny</v></c>' +
    '<c r="E3" t="inlineStr"><is><t>_x0007_</t></is></c>' +
    '</row>';

  const textsOf = (grid: Grid) => grid.cells.map((row) => Array.from({ length: row.length }, (_, c) => row[c]?.text));

  test('shared strings, rich text, inline strings and formula results', async () => {
    const [grid] = await readWorkbook(handMadeXlsx(shared, sheetData), 'echappements.xlsx');
    expect(textsOf(grid)).toEqual([
      ['ABC\nDEF', '1', '_x000D_', 'En cours', '_x0031_'],
      ['😀 fait', '_xZZZZ_', '\n', 'Abandonné'],
      // E3 holds only a control character: an empty cell.
      ['Un\nDeux', '_x0031_ et 1', 'Non commencé', 'x\ny'],
    ]);
    // The value is the same text.
    expect(grid.cells[0][0]?.value).toBe('ABC\nDEF');
  });

  test('the exceljs reading agrees on what Excel writes (shared strings, rich text, formula results)', async () => {
    const bytes = handMadeXlsx(
      shared.slice(0, 4),
      `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}${s('D1', 3)}</row>`,
    );
    const withFormula = handMadeXlsx([], '<row r="1"><c r="A1" t="str"><f>B1</f><v>x_x000D_\ny_x0031_</v></c></row>');
    expect(canonical(await readWorkbook(bytes, 'a.xlsx'))).toEqual(canonical(await readWithExcelJs(bytes, 'a.xlsx')));
    expect(canonical(await readWorkbook(withFormula, 'b.xlsx'))).toEqual(
      canonical(await readWithExcelJs(withFormula, 'b.xlsx')),
    );
  });

  test('sheet names are kept as written in workbook.xml', async () => {
    // ST_Xstring too, but Excel forbids control characters in a sheet name: only a literal
    // « _xHHHH_ » would be escaped, and the names must stay those cli/sync reads from workbook.xml.
    const [grid] = await readWorkbook(handMadeXlsx([], '', 'Suivi_x005F_x0031_'), 'nom.xlsx');
    expect(grid.name).toBe('Suivi_x005F_x0031_');
  });
});

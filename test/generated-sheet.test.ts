/**
 * Generated sheets (core/base/generated-sheet.ts): a « Bilan 2022 » sheet written into the tracking
 * workbook and marked with the sheet-scoped name CLS_BILAN_GENERE is not read again, in .xlsx and
 * in .ods; without the mark the same sheet is a second 2022 table (YEAR_SHEET_DUPLICATE).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { analyzeWorkbook, allDiagnostics } from '../core/report/analysis';
import { GENERATED_SHEET_NAME, parseGeneratedMark } from '../core/base/generated-sheet';
import { readWorkbookTables } from '../core/read/table-reader';
import { readWorkbook } from '../core/read/xlsx/stream-reader';

const SAMPLES = join(__dirname, '..', 'samples');

/** The 2022 sample with a values-only copy of its table as a second sheet « Bilan 2022 ». */
async function withCopy(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(SAMPLES, 'petr-bilan-2022.xlsx'));
  const source = wb.worksheets[0];
  const copy = wb.addWorksheet('Bilan 2022');
  source.eachRow((row, r) => {
    row.eachCell((cell, c) => {
      copy.getCell(r, c).value = cell.text;
    });
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The package with a defined name added to xl/workbook.xml. */
function withDefinedName(bytes: Uint8Array, definedName: string): Uint8Array {
  const parts = unzipSync(bytes);
  let xml = strFromU8(parts['xl/workbook.xml']);
  xml = xml.includes('<definedNames>')
    ? xml.replace('<definedNames>', `<definedNames>${definedName}`)
    : xml.replace('</sheets>', `</sheets><definedNames>${definedName}</definedNames>`);
  parts['xl/workbook.xml'] = strToU8(xml);
  return zipSync(parts);
}

async function analyse(bytes: Uint8Array, name: string) {
  const grids = await readWorkbook(bytes, name);
  return { grids, analysis: analyzeWorkbook(readWorkbookTables(grids, name)) };
}

test('parseGeneratedMark reads the year as each host writes it', () => {
  expect(['2023', '=2023', ' of:=2023 ', '=0', 'x'].map((t) => parseGeneratedMark(t).year)).toEqual([
    2023,
    2023,
    2023,
    null,
    null,
  ]);
});

describe('a bilan sheet inside the tracking workbook', () => {
  test('without the mark it is read as a second 2022 table', async () => {
    const { analysis } = await analyse(await withCopy(), 'copie.xlsx');
    expect(analysis.sheets.map((s) => s.sheet.name)).toEqual(['Feuil1', 'Bilan 2022']);
    expect(allDiagnostics(analysis).some((d) => d.code.startsWith('YEAR_SHEET'))).toBe(true);
  });

  test('with the mark (sheet-scoped CLS_BILAN_GENERE) it is left unread and said so', async () => {
    const alone = await analyse(new Uint8Array(readFileSync(join(SAMPLES, 'petr-bilan-2022.xlsx'))), 'seul.xlsx');
    const marked = withDefinedName(
      await withCopy(),
      `<definedName name="${GENERATED_SHEET_NAME}" localSheetId="1">2022</definedName>`,
    );
    const { grids, analysis } = await analyse(marked, 'marque.xlsx');
    expect(grids.map((g) => g.generated ?? null)).toEqual([null, { year: 2022 }]);
    expect(analysis.sheets.map((s) => s.sheet.name)).toEqual(['Feuil1']);
    expect(analysis.sheets[0].bilan).toEqual(alone.analysis.sheets[0].bilan);
    const codes = allDiagnostics(analysis).map((d) => d.code);
    expect(codes).not.toContain('YEAR_SHEET_DUPLICATE');
    const skipped = allDiagnostics(analysis).filter((d) => d.code === 'GENERATED_SHEET_SKIPPED');
    expect(skipped).toEqual([expect.objectContaining({ sheet: 'Bilan 2022', severity: 'info' })]);
    expect(skipped[0].message).toContain('le bilan 2022');
  });

  test('a workbook-wide name of the same spelling marks nothing', async () => {
    const named = withDefinedName(
      await withCopy(),
      `<definedName name="${GENERATED_SHEET_NAME.toLowerCase()}">2022</definedName>`,
    );
    const { grids } = await analyse(named, 'global.xlsx');
    expect(grids.every((g) => g.generated === undefined)).toBe(true);
  });

  test('in .ods, a named expression of the table marks it', async () => {
    const parts = unzipSync(new Uint8Array(readFileSync(join(SAMPLES, 'ods', 'petr-bilan-2022.ods'))));
    const content = strFromU8(parts['content.xml']);
    const table = /<table:table table:name="[^"]*"[\s\S]*?<\/table:table>/.exec(content);
    if (!table) throw new Error('no table in the sample');
    const copy = table[0]
      .replace(/table:name="[^"]*"/, 'table:name="Bilan 2022"')
      .replace(
        '</table:table>',
        `<table:named-expressions><table:named-expression table:name="${GENERATED_SHEET_NAME}" ` +
          `table:base-cell-address="$'Bilan 2022'.$A$1" table:expression="of:=2022"/></table:named-expressions></table:table>`,
      );
    parts['content.xml'] = strToU8(content.replace(table[0], table[0] + copy));
    const { grids, analysis } = await analyse(zipSync(parts), 'marque.ods');
    expect(grids.map((g) => [g.name, g.generated ?? null])).toEqual([
      [grids[0].name, null],
      ['Bilan 2022', { year: 2022 }],
    ]);
    expect(analysis.sheets).toHaveLength(1);
    expect(allDiagnostics(analysis).map((d) => d.code)).toContain('GENERATED_SHEET_SKIPPED');
  });
});

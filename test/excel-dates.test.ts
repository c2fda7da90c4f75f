/**
 * Dates and times as Excel shows them (issue 24 §7): the 1904 date system kept when the workbook
 * also holds `<x15:workbookPr>`, Strict `t="d"` values (time alone, no time zone applied), the
 * fictitious 29/02/1900 and the serials before it, times and durations under their own formats.
 */
import { execFileSync } from 'node:child_process';
import { strToU8, zipSync } from 'fflate';
import type { Grid } from '../core/base/grid';
import { isDateFormat, isTimeFormat, parseIsoDateTime, serialCell, timeText } from '../core/read/number-format';
import { readWorkbook } from '../core/read/xlsx/stream-reader';

const NS = 'http://schemas.openxmlformats.org';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A package with one sheet: `cells` as `<c>` elements of row 1. Style 1 is Excel's built-in date
 * format 14; `formats` are custom number formats, style i + 2 using formats[i].
 */
function workbook(cells: string, formats: readonly string[] = [], workbookPr = ''): Uint8Array {
  const numFmts = formats.map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${code}"/>`).join('');
  const xfs = formats.map((_, i) => `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
  return zipSync({
    '[Content_Types].xml': strToU8(`${XML}<Types xmlns="${NS}/package/2006/content-types"/>`),
    '_rels/.rels': strToU8(
      `${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${XML}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">${workbookPr}<sheets><sheet name="Dates" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      `${XML}<styleSheet xmlns="${NS}/spreadsheetml/2006/main"><numFmts count="${formats.length}">${numFmts}</numFmts>` +
        `<fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
        `<cellXfs count="${formats.length + 2}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
        `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/>${xfs.join('')}</cellXfs></styleSheet>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `${XML}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`,
    ),
  });
}

const texts = (grid: Grid): (string | undefined)[] => (grid.cells[0] ?? []).map((c) => c?.text);

describe('the date system', () => {
  const cells = '<c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>0</v></c>';
  test('1904: serial 1 is 02/01/1904, even with <x15:workbookPr> after the main one', async () => {
    const pr =
      '<workbookPr date1904="1"/><extLst><ext uri="{x}"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>';
    const [grid] = await readWorkbook(workbook(cells, [], pr), '1904.xlsx');
    expect(texts(grid)).toEqual(['02/01/1904', '01/01/1904']);
    expect(grid.cells[0][0]?.value).toBe('1904-01-02');
  });

  test('an extension alone never sets the system', async () => {
    const pr = '<extLst><ext uri="{x}"><x15:workbookPr date1904="1"/></ext></extLst>';
    const [grid] = await readWorkbook(workbook(cells, [], pr), '1900.xlsx');
    expect(texts(grid)).toEqual(['01/01/1900', '00/01/1900']);
  });
});

describe('serials before 1900-03-01 (the fictitious 29/02/1900)', () => {
  test.each([
    [1, '01/01/1900', '1900-01-01'],
    [31, '31/01/1900', '1900-01-31'],
    [32, '01/02/1900', '1900-02-01'],
    [59, '28/02/1900', '1900-02-28'],
    [60, '29/02/1900', '1900-02-29'],
    [61, '01/03/1900', '1900-03-01'],
    [44927, '01/01/2023', '2023-01-01'],
    [44927.99999, '01/01/2023', '2023-01-01'],
    [2958465, '31/12/9999', '9999-12-31'],
  ])('serial %d → %s', (serial, text, value) => {
    expect(serialCell(serial, 'dd/mm/yyyy')).toEqual({ text, value });
  });

  test('read from a workbook', async () => {
    const row = [1, 59, 60, 61].map((n, i) => `<c r="${'ABCD'[i]}1" s="1"><v>${n}</v></c>`).join('');
    const [grid] = await readWorkbook(workbook(row), 'anciennes.xlsx');
    expect(texts(grid)).toEqual(['01/01/1900', '28/02/1900', '29/02/1900', '01/03/1900']);
  });

  test('what Excel cannot show as a date keeps its number', () => {
    expect(serialCell(-1, 'dd/mm/yyyy')).toEqual({ text: '-1', value: -1 });
    expect(serialCell(3e6, 'dd/mm/yyyy')).toEqual({ text: '3000000', value: 3e6 });
  });
});

describe('times and durations', () => {
  test.each([
    ['h:mm', 0.5208333333333334, '12:30'],
    ['hh:mm', 0.25, '06:00'],
    ['h:mm:ss', 0.5208449074074074, '12:30:01'],
    ['h:mm', 0.5215162037037037, '12:30'],
    ['h:mm AM/PM', 0.5208333333333334, '12:30 PM'],
    ['h:mm AM/PM', 0.0208333333333334, '12:30 AM'],
    ['[h]:mm:ss', 1.5, '36:00:00'],
    ['[h]:mm', 2.0104166666666665, '48:15'],
    ['[mm]:ss', 0.0625, '90:00'],
    ['mm:ss', 0.0625, '30:00'],
    ['mm:ss.0', 0.000011574074074074073 * 75.25, '01:15,3'],
    ['[$-40C]hh"h"mm', 0.375, '09h00'],
    ['h:mm;@', 0.75, '18:00'],
  ])('%s of %d → %s', (format, serial, text) => {
    expect(isTimeFormat(format)).toBe(true);
    expect(timeText(serial, format)).toBe(text);
    expect(serialCell(serial, format)).toEqual({ text, value: serial });
  });

  test('dates, and formats that name no time, are not times', () => {
    for (const format of ['dd/mm/yyyy', 'mmm-yy', 'd-mmm', 'm/d/yy h:mm', 'mm', '0.00', '0%', 'General']) {
      expect(isTimeFormat(format)).toBe(false);
    }
    expect(isDateFormat('[h]:mm:ss')).toBe(true);
    expect(isDateFormat('#,##0.00\\ "€"')).toBe(false);
  });

  test('read from a workbook: built-in and custom time formats, not « 30/12/1899 »', async () => {
    const row =
      '<c r="A1" s="2"><v>0.5208333333333334</v></c>' +
      '<c r="B1" s="3"><v>1.5</v></c>' +
      '<c r="C1" s="4"><v>0.0625</v></c>' +
      '<c r="D1" s="1"><v>45291.75</v></c>';
    const [grid] = await readWorkbook(workbook(row, ['h:mm', '[h]:mm:ss', 'mm:ss']), 'heures.xlsx');
    expect(texts(grid)).toEqual(['12:30', '36:00:00', '30:00', '31/12/2023']);
    expect(grid.cells[0][1]?.value).toBe(1.5);
  });
});

describe('Strict t="d" values', () => {
  test('ISO dates, date-times and times, read as wall time', () => {
    expect(parseIsoDateTime('2009-01-01T00:30:00')).toEqual({ serial: 39814 + 0.5 / 24, hasDate: true });
    expect(parseIsoDateTime('2009-01-01')).toEqual({ serial: 39814, hasDate: true });
    expect(parseIsoDateTime('2009-01-01T23:30:00Z')?.serial).toBeCloseTo(39814 + 23.5 / 24, 9);
    expect(parseIsoDateTime('12:30:00')).toEqual({ serial: 12.5 / 24, hasDate: false });
    expect(parseIsoDateTime('T12:30:00')).toEqual({ serial: 12.5 / 24, hasDate: false });
    expect(parseIsoDateTime('1900-01-01')?.serial).toBe(1);
    expect(parseIsoDateTime('1900-03-01')?.serial).toBe(61);
    // Excel's day 0 (and the OLE epoch, 30/12/1899) with a time: a time alone.
    expect(parseIsoDateTime('1899-12-31T06:00:00')).toEqual({ serial: 0.25, hasDate: false });
    expect(parseIsoDateTime('1899-12-30T06:00:00')).toEqual({ serial: 0.25, hasDate: false });
    expect(parseIsoDateTime('1899-12-29')).toBeNull();
    expect(parseIsoDateTime('2009-02-30')).toBeNull();
    expect(parseIsoDateTime('demain')).toBeNull();
  });

  const cells =
    '<c r="A1" t="d"><v>2009-01-01T00:30:00</v></c>' +
    '<c r="B1" t="d"><v>12:30:00</v></c>' +
    '<c r="C1" t="d"><v>T07:05:00</v></c>' +
    '<c r="D1" t="d" s="2"><v>1899-12-31T12:30:00</v></c>' +
    '<c r="E1" t="d" s="1"><v>1900-02-28</v></c>' +
    '<c r="F1" t="d"><v>1899-12-30T08:00:00</v></c>';

  test('time-only values are read, and a date-time stays on its day', async () => {
    const [grid] = await readWorkbook(workbook(cells, ['h:mm']), 'strict.xlsx');
    expect(texts(grid)).toEqual(['01/01/2009', '12:30:00', '7:05:00', '12:30', '28/02/1900', '8:00:00']);
    expect(grid.cells[0][0]?.value).toBe('2009-01-01');
  });

  test('under Europe/Paris too (a child process with TZ set)', () => {
    const script = `
      const { readWorkbook } = require('./core/read/xlsx/stream-reader');
      readWorkbook(new Uint8Array(Buffer.from(process.argv[1], 'base64')), 'strict.xlsx').then((g) =>
        process.stdout.write(JSON.stringify([new Date(2009, 0, 1, 0, 30).getTimezoneOffset(), g[0].cells[0].map((c) => c && c.text)])));`;
    const out = execFileSync(
      process.execPath,
      ['-r', 'tsx/cjs', '-e', script, Buffer.from(workbook(cells, ['h:mm'])).toString('base64')],
      { cwd: `${__dirname}/..`, env: { ...process.env, TZ: 'Europe/Paris' }, encoding: 'utf8' },
    );
    const [offset, shown] = JSON.parse(out) as [number, string[]];
    // The child runs in Paris (UTC+1 in winter): a local-time reading would give 31/12/2008.
    expect(offset).toBe(-60);
    expect(shown).toEqual(['01/01/2009', '12:30:00', '7:05:00', '12:30', '28/02/1900', '8:00:00']);
  });
});

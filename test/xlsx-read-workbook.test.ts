import * as ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ClsError } from '../core/base/errors';
import { cellAt, type Grid } from '../core/base/grid';
import { DEFAULT_OFFICE_THEME } from '../core/read/xlsx/colours';
import { cellContent, gridFromWorksheet, percentFormatDecimals, readWorkbook } from '../scripts/exceljs-reader';
import { typeset } from '../core/base/typography';

const LIGHTER_40 = 0.3999755851924192;

function solid(colour: Record<string, number | string>): ExcelJS.Fill {
  // exceljs writes `tint` and `indexed` although its Color typings omit them.
  return { type: 'pattern', pattern: 'solid', fgColor: colour as Partial<ExcelJS.Color> };
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function editZip(xlsx: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(xlsx);
  edit(files);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) zippable[name] = data;
  return zipSync(zippable);
}

function sheet(grids: Grid[], name: string): Grid {
  const grid = grids.find((g) => g.name === name);
  if (!grid) throw new Error(`no sheet ${name}`);
  return grid;
}

function at(grid: Grid, address: string): ReturnType<typeof cellAt> {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) throw new Error(address);
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return cellAt(grid, Number(m[2]) - 1, col);
}

async function trackingWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.getCell('A1').value = 'Code';
  ws.getCell('B1').value = 'Action';
  ws.getCell('C1').value = 'État';
  ws.getCell('D1').value = 'Masquée';

  ws.getCell('A2').value = 1.2;
  ws.getCell('B2').value = { richText: [{ text: 'Réalisé ' }, { text: '(clos)', font: { bold: true } }] };
  ws.getCell('C2').value = 'En cours';
  ws.getCell('C2').fill = solid({ argb: 'FF00B050' });

  ws.getCell('A3').value = { formula: 'A2*2', result: 2.4 };
  ws.getCell('B3').value = { text: 'Fiche 3', hyperlink: 'https://example.org/fiche-3' };
  ws.getCell('C3').fill = solid({ argb: 'FFFFC000' }); // colour alone, no text

  ws.getCell('A4').value = true;
  ws.getCell('B4').value = { error: '#N/A' };
  ws.getCell('C4').value = new Date(Date.UTC(2024, 2, 5));

  ws.getCell('A5').value = 0.38;
  ws.getCell('A5').numFmt = '0%';
  ws.getCell('B5').value = 0.125;
  ws.getCell('B5').numFmt = '0.0%';
  ws.getCell('C5').value = 0.1 + 0.2;

  ws.getCell('A6').value = 'sans fond';
  ws.getCell('A6').fill = { type: 'pattern', pattern: 'none' };
  ws.getCell('B6').value = 'solide sans couleur';
  ws.getCell('B6').fill = { type: 'pattern', pattern: 'solid' };
  ws.getCell('C6').value = 'hachures';
  ws.getCell('C6').fill = { type: 'pattern', pattern: 'darkGray', fgColor: { argb: 'FFFF0000' } };

  ws.getCell('B7').border = { top: { style: 'thin' } }; // style only: stays empty
  ws.getCell('A8').value = 'Fusion';
  ws.mergeCells('A8:B9');
  ws.getCell('A10').value = 'Ligne masquée';
  ws.getRow(10).hidden = true;
  ws.getColumn(4).hidden = true;
  ws.getCell('G20').fill = solid({ argb: 'FFFF0000' }); // painted beyond the data: dropped

  wb.addWorksheet('Archives', { state: 'hidden' }).getCell('A1').value = 'ancien';
  wb.addWorksheet('Calculs', { state: 'veryHidden' }).getCell('A1').value = 42;
  return bytesOf(wb);
}

describe('readWorkbook', () => {
  let grids: Grid[];
  beforeAll(async () => {
    grids = await readWorkbook(await trackingWorkbook(), 'suivi.xlsx');
  });

  it('reads every sheet, in order, with its hidden state', () => {
    expect(grids.map((g) => g.name)).toEqual(['Suivi', 'Archives', 'Calculs']);
    expect(sheet(grids, 'Suivi').hidden).toBeUndefined();
    expect(sheet(grids, 'Archives').hidden).toBe(true);
    expect(sheet(grids, 'Calculs').hidden).toBe(true);
    expect(at(sheet(grids, 'Calculs'), 'A1')).toEqual({ text: '42', value: 42 });
  });

  it('gives strings, numbers, rich text, formulas and hyperlinks as displayed', () => {
    const g = sheet(grids, 'Suivi');
    expect(at(g, 'B1')).toEqual({ text: 'Action', value: 'Action' });
    expect(at(g, 'A2')).toEqual({ text: '1.2', value: 1.2 });
    expect(at(g, 'B2')).toEqual({ text: 'Réalisé (clos)', value: 'Réalisé (clos)' });
    expect(at(g, 'A3')).toEqual({ text: '2.4', value: 2.4 });
    expect(at(g, 'B3')).toEqual({ text: 'Fiche 3', value: 'Fiche 3' });
  });

  it('gives booleans, errors, dates and percentages as Excel shows them in French', () => {
    const g = sheet(grids, 'Suivi');
    expect(at(g, 'A4')).toEqual({ text: 'VRAI', value: true });
    expect(at(g, 'B4')).toEqual({ text: '#N/A', value: '#N/A' });
    expect(at(g, 'C4')).toEqual({ text: '05/03/2024', value: '2024-03-05' });
    expect(at(g, 'A5')).toEqual({ text: '38 %', value: 0.38 });
    expect(at(g, 'B5')).toEqual({ text: '12,5 %', value: 0.125 });
    expect(at(g, 'C5')).toEqual({ text: '0.3', value: 0.1 + 0.2 });
  });

  it('keeps solid fills, and cells given by colour alone', () => {
    const g = sheet(grids, 'Suivi');
    expect(at(g, 'C2')).toEqual({ text: 'En cours', value: 'En cours', fill: '#00B050' });
    expect(at(g, 'C3')).toEqual({ text: '', value: null, fill: '#FFC000' });
    expect(at(g, 'A6')).toEqual({ text: 'sans fond', value: 'sans fond' });
    expect(at(g, 'B6')).toEqual({ text: 'solide sans couleur', value: 'solide sans couleur' });
    expect(at(g, 'C6')).toEqual({ text: 'hachures', value: 'hachures' });
    expect(at(g, 'B7')).toBeUndefined();
  });

  it('keeps the grid to the cells holding values', () => {
    const g = sheet(grids, 'Suivi');
    expect(g.cells).toHaveLength(10);
    expect(Math.max(...g.cells.map((row) => row.length))).toBe(4);
    expect(at(g, 'G20')).toBeUndefined();
  });

  it('reports merges with the value in the top-left cell only', () => {
    const g = sheet(grids, 'Suivi');
    expect(g.merges).toEqual([{ top: 7, left: 0, bottom: 8, right: 1 }]);
    expect(at(g, 'A8')).toEqual({ text: 'Fusion', value: 'Fusion' });
    expect(at(g, 'B8')).toBeUndefined();
    expect(at(g, 'A9')).toBeUndefined();
  });

  it('reports hidden rows and columns, 0-based', () => {
    const g = sheet(grids, 'Suivi');
    expect(g.hiddenRows).toEqual([9]);
    expect(g.hiddenCols).toEqual([3]);
    expect(at(g, 'A10')?.text).toBe('Ligne masquée');
    expect(at(g, 'D1')?.text).toBe('Masquée');
    expect(sheet(grids, 'Archives').hiddenRows).toEqual([]);
    expect(sheet(grids, 'Archives').hiddenCols).toEqual([]);
  });

  it('reads a Uint8Array that is a view into a larger buffer', async () => {
    const bytes = await trackingWorkbook();
    const larger = new Uint8Array(bytes.length + 16);
    larger.set(bytes, 7);
    const view = larger.subarray(7, 7 + bytes.length);
    const again = await readWorkbook(view, 'vue.xlsx');
    expect(at(sheet(again, 'Suivi'), 'C2')?.fill).toBe('#00B050');
  });
});

describe('theme and indexed fills', () => {
  async function themedWorkbook(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Couleurs');
    const fills: [string, Record<string, number>][] = [
      ['A1', { theme: 9, tint: LIGHTER_40 }],
      ['A2', { theme: 5 }],
      ['A3', { indexed: 10 }],
      ['A4', { indexed: 17 }],
      ['A5', { theme: 4 }],
      ['A6', { theme: 1, tint: 0.499984740745262 }],
    ];
    for (const [address, colour] of fills) {
      ws.getCell(address).value = address;
      ws.getCell(address).fill = solid(colour);
    }
    return bytesOf(wb);
  }

  function fills(grids: Grid[]): (string | undefined)[] {
    return ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((a) => at(grids[0], a)?.fill);
  }

  it('uses the default Office theme when the file has none', async () => {
    const noTheme = editZip(await themedWorkbook(), (files) => {
      delete files['xl/theme/theme1.xml'];
    });
    // theme 9 = accent6 #70AD47 lightened 40 % → #A9D08E (« Vert, Accent 6, plus clair 40 % » in Excel);
    // theme 5 = accent2 #ED7D31; indexed 10 = red, 17 = dark green; theme 4 = accent1 #4472C4;
    // theme 1 = dk1 black, lightened 50 % → #808080.
    expect(fills(await readWorkbook(noTheme, 'sans-theme.xlsx'))).toEqual([
      '#A9D08E',
      '#ED7D31',
      '#FF0000',
      '#008000',
      '#4472C4',
      '#808080',
    ]);
  });

  it('honours the theme written in the file (exceljs writes the Office 2007 theme)', async () => {
    // accent6 #F79646 lightened 40 % → #FABF8F; accent2 #C0504D; accent1 #4F81BD.
    expect(fills(await readWorkbook(await themedWorkbook(), 'theme-2007.xlsx'))).toEqual([
      '#FABF8F',
      '#C0504D',
      '#FF0000',
      '#008000',
      '#4F81BD',
      '#808080',
    ]);
  });

  it('honours a custom theme', async () => {
    const custom = editZip(await themedWorkbook(), (files) => {
      const xml = strFromU8(files['xl/theme/theme1.xml']);
      const changed = xml.replace(/(<a:accent1>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}/, '$1123456');
      expect(changed).not.toBe(xml);
      files['xl/theme/theme1.xml'] = strToU8(changed);
    });
    expect(fills(await readWorkbook(custom, 'perso.xlsx'))[4]).toBe('#123456');
  });

  it('finds a theme part under another name through the workbook relationships', async () => {
    const renamed = editZip(await themedWorkbook(), (files) => {
      const xml = strFromU8(files['xl/theme/theme1.xml']).replace(
        /(<a:accent1>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}/,
        '$1654321',
      );
      delete files['xl/theme/theme1.xml'];
      files['xl/theme/themeA.xml'] = strToU8(xml);
      const rels = strFromU8(files['xl/_rels/workbook.xml.rels']).replace('theme/theme1.xml', 'theme/themeA.xml');
      files['xl/_rels/workbook.xml.rels'] = strToU8(rels);
    });
    expect(fills(await readWorkbook(renamed, 'renomme.xlsx'))[4]).toBe('#654321');
  });
});

describe('robustness', () => {
  it('reads a sheet with whole-column data validations quickly (they are skipped)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Suivi');
    ws.getCell('A1').value = 'Action';
    ws.getCell('D1').value = 'État';
    ws.getCell('D2').value = 'En cours';
    // Present at runtime, missing from exceljs's Worksheet typings.
    const { dataValidations } = ws as unknown as {
      dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
    };
    dataValidations.add('D1:F1048576', { type: 'list', allowBlank: true, formulae: ['"a,b"'] });
    dataValidations.add('A2:A1048576', { type: 'list', allowBlank: true, formulae: ['"x,y"'] });
    const bytes = await bytesOf(wb);
    expect(strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml'])).toContain('sqref="D1:F1048576"');
    const grids = await readWorkbook(bytes, 'validations.xlsx');
    expect(at(grids[0], 'D2')).toEqual({ text: 'En cours', value: 'En cours' });
    expect(grids[0].cells).toHaveLength(2);
  });

  it('turns an exceljs failure into XLSX_INVALID', async () => {
    const broken = editZip(await bytesOf(simpleWorkbook()), (files) => {
      files['xl/workbook.xml'] = strToU8('ceci <<< n’est pas du XML');
    });
    const error = await readWorkbook(broken, 'abîmé.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClsError);
    expect(error).toMatchObject({ code: 'XLSX_INVALID', file: 'abîmé.xlsx' });
    expect((error as ClsError).message).toContain(typeset('« abîmé.xlsx »'));
    expect((error as ClsError).message).toMatch(/Enregistrer sous/);
  });

  it('refuses a sheet whose data goes beyond 200 000 rows, naming the sheet and the cell', async () => {
    const wb = simpleWorkbook();
    wb.worksheets[0].getCell('A200001').value = 'égaré';
    const error = await readWorkbook(await bytesOf(wb), 'long.xlsx').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOO_LARGE', file: 'long.xlsx', sheet: 'Suivi', cell: 'A200001' });
    expect((error as ClsError).message).toContain(typeset('« Suivi »'));
    expect((error as ClsError).message).toContain(typeset('« long.xlsx »'));
    expect((error as ClsError).message).toMatch(/Supprimez/);
  });

  it('accepts data up to 200 000 rows and 1 000 columns, not beyond', async () => {
    const wb = simpleWorkbook();
    wb.worksheets[0].getCell('A200000').value = 'dernière ligne';
    wb.worksheets[0].getCell('ALL1').value = 'dernière colonne';
    const [grid] = await readWorkbook(await bytesOf(wb), 'limite.xlsx');
    expect(grid.cells).toHaveLength(200_000);
    expect(grid.cells[0]).toHaveLength(1000);

    const wide = simpleWorkbook();
    wide.worksheets[0].getCell('ALM1').value = 'trop loin';
    await expect(readWorkbook(await bytesOf(wide), 'large.xlsx')).rejects.toMatchObject({
      code: 'TOO_LARGE',
      cell: 'ALM2',
    });
  });

  it('ignores painted cells far away from the data instead of refusing the sheet', async () => {
    const wb = simpleWorkbook();
    wb.worksheets[0].getCell('XFD1048576').fill = solid({ argb: 'FF00B050' });
    const [grid] = await readWorkbook(await bytesOf(wb), 'peint.xlsx');
    expect(grid.cells).toHaveLength(2);
  });
});

function simpleWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.getCell('A1').value = 'Action';
  ws.getCell('A2').value = 'Former les élus';
  return wb;
}

describe('gridFromWorksheet (in memory, no file)', () => {
  it('converts an exceljs worksheet with the given theme', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Mémoire');
    ws.getCell('A1').value = 'Statut';
    ws.getCell('A2').value = 'Réalisé';
    ws.getCell('A2').fill = solid({ theme: 9, tint: LIGHTER_40 });
    ws.getCell('B1').value = 'x';
    ws.mergeCells('B1:C1');
    const grid = gridFromWorksheet(ws, DEFAULT_OFFICE_THEME);
    expect(grid).toEqual({
      name: 'Mémoire',
      cells: [
        [
          { text: 'Statut', value: 'Statut' },
          { text: 'x', value: 'x' },
        ],
        [{ text: 'Réalisé', value: 'Réalisé', fill: '#A9D08E' }],
      ],
      merges: [{ top: 0, left: 1, bottom: 0, right: 2 }],
      hiddenRows: [],
      hiddenCols: [],
    });
  });
});

describe('cell text helpers', () => {
  it('reads percentage formats', () => {
    expect(percentFormatDecimals('0%')).toBe(0);
    expect(percentFormatDecimals('0.00%')).toBe(2);
    expect(percentFormatDecimals('0.0 "%"')).toBeNull();
    expect(percentFormatDecimals('General')).toBeNull();
  });

  it('treats empty strings and formulas without cached result as empty', () => {
    expect(cellContent('')).toBeNull();
    expect(cellContent({ formula: 'A1' })).toBeNull();
    expect(cellContent({ sharedFormula: 'A1', result: 'oui' })).toEqual({ text: 'oui', value: 'oui' });
    expect(cellContent(false)).toEqual({ text: 'FAUX', value: false });
  });

  it('shows text as Excel does: one line break for CR LF, no control characters', () => {
    expect(cellContent('ABC\r\nDEF')).toEqual({ text: 'ABC\nDEF', value: 'ABC\nDEF' });
    expect(cellContent('ABC\rDEF')).toEqual({ text: 'ABC\nDEF', value: 'ABC\nDEF' });
    expect(cellContent('\u0007')).toBeNull();
    // exceljs leaves a formula's cached text as written in <v>, an ST_Xstring: decoded here.
    expect(cellContent({ formula: 'A1', result: 'x_x000D_\ny_x0031_' })).toEqual({ text: 'x\ny1', value: 'x\ny1' });
    expect(cellContent({ formula: 'A1', result: '_x005F_x0031_' })).toEqual({ text: '_x0031_', value: '_x0031_' });
  });
});

describe('ST_Xstring escapes in a file written by Excel', () => {
  it('decodes shared strings and formula results, CR LF read as one line break', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Suivi');
    ws.getCell('A1').value = 'TEXTE-UN';
    ws.getCell('A2').value = 'TEXTE-DEUX';
    ws.getCell('A3').value = 'TEXTE-TROIS';
    ws.getCell('A4').value = { formula: 'A1', result: 'RESULTAT' };
    // What Excel writes: a CR LF pasted into a cell, a literal « _x0031_ », a character written as an escape.
    const bytes = editZip(await bytesOf(wb), (files) => {
      const replace = (part: string, from: string, to: string) => {
        const xml = strFromU8(files[part]);
        expect(xml).toContain(from);
        files[part] = strToU8(xml.replace(from, to));
      };
      replace('xl/sharedStrings.xml', 'TEXTE-UN', 'ABC_x000D_\nDEF');
      replace('xl/sharedStrings.xml', 'TEXTE-DEUX', '_x005F_x0031_');
      replace('xl/sharedStrings.xml', 'TEXTE-TROIS', 'Action _x0031_');
      replace('xl/worksheets/sheet1.xml', 'RESULTAT', 'x_x000D_\ny');
    });
    const [grid] = await readWorkbook(bytes, 'echappements.xlsx');
    expect(at(grid, 'A1')?.text).toBe('ABC\nDEF');
    expect(at(grid, 'A2')?.text).toBe('_x0031_');
    expect(at(grid, 'A3')?.text).toBe('Action 1');
    expect(at(grid, 'A4')?.text).toBe('x\ny');
  });
});

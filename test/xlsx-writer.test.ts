/**
 * Our xlsx writer (core/write/xlsx), checked like a real producer's output: every sample's bilan and
 * the region's synthesis, read back by a second, independent reader (exceljs) and by ours, match the
 * layouts they were written from (values, fills, fonts, borders, number formats, merges, widths,
 * heights, frozen panes, print setup and titles, footer, links, the chart's series); every part
 * validates against the ECMA-376 schemas (xmllint); LibreOffice prints them, and a line break inside
 * a cell survives into its PDF; sync's generated sheet comes from the same part writer and style
 * table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { bilanSheetXml } from '../core/write/sync/bilan-sheet';
import { StylesPatch } from '../core/write/sync/styles-patch';
import { syncWorkbook } from '../core/write/sync/sync-workbook';
import { renderXlsx } from '../cli/write-xlsx';
import { DEFAULT_PALETTE, ooxmlArgb } from '../core/base/status';
import { rangeToA1 } from '../core/base/grid';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { regionSynthesisLayout } from '../core/layout/region-sheet';
import { rowHeight } from '../core/layout/row-height';
import { layoutChartData, type SheetLayout, type WorkbookLayout } from '../core/layout/sheet-layout';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { decodeXstring } from '../core/read/xlsx/ooxml-text';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { analyzeWorkbook } from '../core/report/analysis';
import { contractSummary, regionSynthesis } from '../core/report/region-synthesis';
import { writeXlsx } from '../core/write/xlsx/package';
import { BORDER_COLOUR, LINK_COLOUR, PERCENT_FORMAT, StyleTable } from '../core/write/xlsx/styles';
import { element, escapeAttribute, escapeText, inSchemaOrder, xstring } from '../core/write/xlsx/xml';
import { validatePackage } from '../scripts/validate-ooxml';
import { SAMPLE_FILES, SAMPLES } from './sample-files';
import { convertToPdf, pdfText } from './libreoffice';

const SYNTHESIS = 'synthese-contrats';

interface Written {
  layout: WorkbookLayout;
  title: string;
  bytes: Uint8Array;
}

/** Each sample's bilan and the region's synthesis over them (with a link to each bilan), written once. */
const written = new Map<string, Written>();

beforeAll(async () => {
  const contracts = [];
  for (const file of SAMPLE_FILES) {
    const analysis = analyzeWorkbook(await readTrackingFile(join(SAMPLES, file)));
    const stem = file.replace(/\.xlsx$/, '');
    const { layout, title, contract } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: stem });
    const properties = { 'cls-bilan-version': '0.1.0', 'cls-bilan-empreinte': 'abc' };
    written.set(file, { layout, title, bytes: await renderXlsx(layout, { title, properties }) });
    contracts.push(contractSummary(analysis, contract, file, `${stem}.bilan.xlsx`));
  }
  const layout = { sheets: [regionSynthesisLayout(regionSynthesis(contracts, []), DEFAULT_PALETTE)] };
  const title = 'Synthèse des contrats & co';
  written.set(SYNTHESIS, { layout, title, bytes: await renderXlsx(layout, { title }) });
}, 60_000);

const CASES = [...SAMPLE_FILES, SYNTHESIS];

function get(name: string): Written {
  const found = written.get(name);
  if (!found) throw new Error(`not written: ${name}`);
  return found;
}

async function exceljsOf(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

const THIN = { style: 'thin', color: { argb: ooxmlArgb(BORDER_COLOUR) } };

/**
 * What exceljs reads of a sheet, against the layout it was written from. `written` says what the
 * writer was given beyond the cells: print titles, footer, links (sync's generated sheet has none).
 */
function expectSheetMatches(
  ws: ExcelJS.Worksheet,
  layout: SheetLayout,
  written: { footerTitle: string | null; links: boolean },
): void {
  const problems: string[] = [];
  const same = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(`${layout.name} ${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  };
  // Merges, widths, frozen rows.
  const merges = [...(ws.model as unknown as { merges: string[] }).merges].sort();
  same('merges', merges, layout.merges.map((m) => rangeToA1(m)).sort());
  layout.widths.forEach((w, c) => same(`width ${c + 1}`, ws.getColumn(c + 1).width, w));
  if (layout.freezeRows > 0) {
    same(
      'view',
      [ws.views[0]?.state, (ws.views[0] as ExcelJS.WorksheetViewFrozen | undefined)?.ySplit],
      ['frozen', layout.freezeRows],
    );
  } else {
    same('view', ws.views[0]?.state ?? 'normal', 'normal');
  }
  // Print setup: A4 landscape, one page wide, the header row on every page, the footer.
  const page = ws.pageSetup;
  same(
    'page',
    [page.paperSize, page.orientation, page.fitToPage, page.fitToWidth, page.fitToHeight],
    [9, 'landscape', true, 1, 0],
  );
  same('margins', page.margins, { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 });
  if (written.footerTitle !== null) {
    same(
      'print titles',
      page.printTitlesRow,
      layout.printTitleRow ? `${layout.printTitleRow}:${layout.printTitleRow}` : undefined,
    );
    // The contract on the left (the sheet's own, else the document's title), the page on the right.
    same(
      'footer',
      ws.headerFooter.oddFooter,
      `&L${(layout.printFooter ?? written.footerTitle).replace(/&/g, '&&')}&RPage &P sur &N`,
    );
  }
  // Cells.
  layout.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    same(`height ${r + 1}`, row.height, rowHeight(cells, layout.widths, layout.merges, r) ?? undefined);
    cells.forEach((cell, c) => {
      const got = row.getCell(c + 1);
      const at = got.address;
      if (!cell) {
        if (!got.isMerged) same(`${at} value`, got.value, null);
        return;
      }
      if (got.isMerged && got.master !== got) return;
      const text = cell.value === null || cell.value === '' ? null : cell.value;
      const value = typeof text === 'number' && cell.percent ? text / 100 : text;
      const link = cell.link && written.links && text !== null;
      same(`${at} value`, got.value, link ? { text: String(text), hyperlink: cell.link } : value);
      const fill = got.fill?.type === 'pattern' ? got.fill.fgColor?.argb : undefined;
      same(`${at} fill`, fill, cell.fill ? ooxmlArgb(cell.fill) : undefined);
      const font = got.font ?? {};
      same(
        `${at} font`,
        [font.bold === true, font.italic === true, font.underline === true, font.size, font.name],
        [cell.bold === true, cell.italic === true, Boolean(cell.link), cell.size ?? 11, 'Calibri'],
      );
      const colour = cell.link ? LINK_COLOUR : cell.colour;
      same(`${at} colour`, font.color?.argb, colour ? ooxmlArgb(colour) : undefined);
      same(`${at} number format`, got.numFmt, cell.percent ? PERCENT_FORMAT : undefined);
      const aligned = cell.wrap || cell.align || cell.border;
      const alignment = got.alignment ?? {};
      same(
        `${at} alignment`,
        [alignment.vertical, alignment.horizontal, alignment.wrapText === true],
        [aligned ? 'top' : undefined, cell.align, cell.wrap === true],
      );
      const border = got.border ?? {};
      same(
        `${at} border`,
        [border.left, border.right, border.top, border.bottom],
        cell.border ? [THIN, THIN, THIN, THIN] : [undefined, undefined, undefined, undefined],
      );
    });
  });
  expect(problems.slice(0, 20)).toEqual([]);
}

describe('every sample’s bilan, read back by exceljs, is the layout it was written from', () => {
  test.each(CASES)('%s', async (name) => {
    const { layout, title, bytes } = get(name);
    const wb = await exceljsOf(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(layout.sheets.map((s) => s.name));
    layout.sheets.forEach((sheet, i) => {
      expectSheetMatches(wb.worksheets[i], sheet, { footerTitle: title, links: true });
    });
    // Document properties: cls-bilan, its version, the title.
    expect(wb.creator).toBe('cls-bilan');
    expect(wb.title).toBe(title);
    const parts = unzipSync(bytes);
    expect(strFromU8(parts['docProps/app.xml'])).toContain('<Application>cls-bilan/0.1.0</Application>');
    // Text cells are shared strings, never `t="str"` (LibreOffice drops their line breaks).
    for (const [part, data] of Object.entries(parts)) {
      if (part.startsWith('xl/worksheets/sheet')) expect(strFromU8(data)).not.toContain(' t="str"');
    }
  });

  test('the synthesis links each contract to its bilan', async () => {
    const wb = await exceljsOf(get(SYNTHESIS).bytes);
    const links: string[] = [];
    wb.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (v && typeof v === 'object' && 'hyperlink' in v) links.push(v.hyperlink);
      }),
    );
    expect(links.sort()).toEqual(SAMPLE_FILES.map((f) => f.replace(/\.xlsx$/, '.bilan.xlsx')).sort());
  });
});

/** The text of an XML element's content: entities and then _xHHHH_ escapes decoded. */
function xmlText(raw: string): string {
  return decodeXstring(
    raw.replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '',
    ),
  );
}

describe('the chart’s series are the layout’s', () => {
  test.each(CASES)('%s', (name) => {
    const { layout, bytes } = get(name);
    const parts = unzipSync(bytes);
    const charted = layout.sheets.filter((s) => s.chart);
    expect(charted.length).toBeGreaterThan(0);
    charted.forEach((sheet, k) => {
      const chart = sheet.chart;
      if (!chart) return;
      const xml = strFromU8(parts[`xl/charts/chart${k + 1}.xml`]);
      const data = layoutChartData(chart, sheet.rows);
      const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
        const [tx, cat, val] = ['tx', 'cat', 'val'].map(
          (t) => new RegExp(`<c:${t}>([\\s\\S]*?)</c:${t}>`).exec(m[1])?.[1] ?? '',
        );
        const cached = (part: string) => [...part.matchAll(/<c:v>([\s\S]*?)<\/c:v>/g)].map((v) => xmlText(v[1]));
        return {
          name: cached(tx)[0],
          categories: cached(cat),
          values: cached(val).map(Number),
          ref: xmlText(/<c:f>([\s\S]*?)<\/c:f>/.exec(val)?.[1] ?? ''),
        };
      });
      const scale = chart.unit === 'percent' ? 100 : 1;
      expect(series.map((s) => s.name)).toEqual(data.series.map((s) => s.name));
      expect(series.map((s) => s.values.map((v) => Math.round(v * scale)))).toEqual(data.series.map((s) => s.values));
      for (const s of series) expect(s.categories).toEqual(data.categories);
      // Each series refers to its row of the sheet, so the chart follows an edit of the counts.
      expect(series[0].ref).toMatch(
        new RegExp(
          `^'${sheet.name.replace(/'/g, "''")}'!\\$[A-Z]+\\$${chart.series[0].row + 1}(:\\$[A-Z]+\\$${chart.series[0].row + 1})?$`,
        ),
      );
      const sheetIndex = layout.sheets.indexOf(sheet) + 1;
      expect(strFromU8(parts[`xl/worksheets/_rels/sheet${sheetIndex}.xml.rels`])).toContain(
        `Target="../drawings/drawing${k + 1}.xml"`,
      );
      expect(strFromU8(parts[`xl/drawings/drawing${k + 1}.xml`])).toContain(
        `<xdr:col>${chart.labelCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.atRow}</xdr:row>`,
      );
    });
  });
});

describe('our own reader reads back the same cells', () => {
  test.each(CASES)('%s', async (name) => {
    const { layout, bytes } = get(name);
    const grids = await readWorkbook(bytes, `${name}.xlsx`);
    expect(grids.map((g) => g.name)).toEqual(layout.sheets.map((s) => s.name));
    layout.sheets.forEach((sheet, i) => {
      const grid = grids[i];
      // The reader clips merges to the last row and column holding a value (core/read/xlsx/sheet-cells.ts).
      let lastRow = -1;
      let lastCol = -1;
      sheet.rows.forEach((cells, r) =>
        cells.forEach((cell, c) => {
          if (!cell || cell.value === null || cell.value === '') return;
          lastRow = Math.max(lastRow, r);
          lastCol = Math.max(lastCol, c);
        }),
      );
      const clipped = sheet.merges
        .filter((m) => m.top <= lastRow && m.left <= lastCol)
        .map((m) => ({ ...m, bottom: Math.min(m.bottom, lastRow), right: Math.min(m.right, lastCol) }))
        .filter((m) => m.bottom > m.top || m.right > m.left);
      expect(grid.merges.map((m) => rangeToA1(m)).sort()).toEqual(clipped.map((m) => rangeToA1(m)).sort());
      const problems: string[] = [];
      sheet.rows.forEach((cells, r) =>
        cells.forEach((cell, c) => {
          if (!cell || cell.value === null || cell.value === '') return;
          const expected = typeof cell.value === 'number' && cell.percent ? cell.value / 100 : cell.value;
          const got = grid.cells[r]?.[c];
          if (got?.value !== expected) problems.push(`${sheet.name} ${r},${c}: ${got?.value} ≠ ${expected}`);
          if (got?.fill !== cell.fill) problems.push(`${sheet.name} ${r},${c} fill: ${got?.fill} ≠ ${cell.fill}`);
        }),
      );
      expect(problems.slice(0, 10)).toEqual([]);
    });
  });
});

describe('every part validates against the ECMA-376 transitional schemas (xmllint)', () => {
  test.each(CASES)(
    '%s',
    (name) => {
      const results = validatePackage(get(name).bytes);
      const kinds = results.map((r) => r.part);
      for (const part of [
        '[Content_Types].xml',
        'xl/workbook.xml',
        'xl/styles.xml',
        'xl/sharedStrings.xml',
        'xl/charts/chart1.xml',
        'xl/drawings/drawing1.xml',
        'docProps/app.xml',
        'docProps/core.xml',
      ]) {
        expect(kinds).toContain(part);
      }
      expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
    },
    60_000,
  );
});

describe('LibreOffice prints our xlsx', () => {
  const out = mkdtempSync(join(tmpdir(), 'cls-xlsx-pdf-'));
  /** A wrapped cell with a line break, in a sheet of its own. */
  const BREAK: WorkbookLayout = {
    sheets: [
      {
        name: 'Remarques',
        widths: [40],
        rows: [[{ value: 'Suivi des marchés en 2021\nProjet à suivre', wrap: true }]],
        merges: [],
        freezeRows: 0,
        printTitleRow: null,
        headerRow: null,
        tableHeaders: [],
        groups: [],
      },
    ],
  };

  test('every bilan converts to PDF, with its footer; a line break inside a cell stays a line break', async () => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status !== 0)
      throw new Error('LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui');
    const inputs = CASES.map((name) => {
      const path = join(out, `${name.replace(/\.xlsx$/, '')}.bilan.xlsx`);
      writeFileSync(path, get(name).bytes);
      return path;
    });
    const breakPath = join(out, 'saut-de-ligne.xlsx');
    writeFileSync(breakPath, await writeXlsx(BREAK, { title: 'Saut de ligne', version: '0.1.0' }));
    convertToPdf(out, [...inputs, breakPath], 300_000);
    const text = (xlsx: string) => pdfText(xlsx.replace(/\.xlsx$/, '.pdf'));
    inputs.forEach((path, i) => {
      expect(statSync(path.replace(/\.xlsx$/, '.pdf')).size).toBeGreaterThan(5_000);
      const pdf = text(path);
      const pages = pdf.split('\f').filter((p) => p.trim() !== '');
      const first = get(CASES[i]).layout.sheets[0].rows[0][0]?.value;
      expect(pdf).toContain(String(first));
      expect(pdf).toContain(`Page ${pages.length} sur ${pages.length}`);
    });
    // The two lines stand on two lines, not run together (« …marchés en 2021Projet à suivre »).
    const lines = text(breakPath)
      .split('\n')
      .map((l) => l.trim());
    expect(lines).toContain('Suivi des marchés en 2021');
    expect(lines).toContain('Projet à suivre');
    expect(lines.join('\n')).not.toContain('2021Projet');
  }, 320_000);
});

describe('sync’s generated sheet: the same worksheet writer and style table', () => {
  test('the generated sheet, written over an Excel styles part, reads back as its layout', async () => {
    const { layout } = get('petr-coeur-de-lorraine-2020-2023.xlsx');
    const sheet = layout.sheets.find((s) => s.name === 'Synthèse') ?? layout.sheets[0];
    // A package of ours whose sheet and styles are replaced by sync's: inline strings, appended formats.
    const parts = unzipSync(
      await writeXlsx({ sheets: [{ ...sheet, chart: undefined }] }, { title: 'x', version: '0' }),
    );
    const excelStyles =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
    const styles = new StylesPatch(excelStyles, 'suivi.xlsx');
    parts['xl/worksheets/sheet1.xml'] = strToU8(bilanSheetXml(sheet, styles, null));
    parts['xl/styles.xml'] = strToU8(styles.toXml());
    const bytes = zipSync(parts);
    expect(validatePackage(bytes).filter((r) => r.errors.length > 0)).toEqual([]);
    const xml = strFromU8(parts['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('t="inlineStr"');
    expect(xml).not.toContain('t="s"');
    expect(strFromU8(parts['xl/styles.xml'])).toMatch(
      /^[\s\S]*<styleSheet [^>]*><numFmts count="1"><numFmt numFmtId="164" /,
    );
    const wb = await exceljsOf(bytes);
    expectSheetMatches(wb.worksheets[0], sheet, { footerTitle: null, links: false });
  });

  test('a synced sample validates, its generated sheet bordered in the one border colour', async () => {
    const file = 'petr-coeur-de-lorraine-2020-2023.xlsx';
    const input = new Uint8Array(readFileSync(join(SAMPLES, file)));
    const { bytes, report } = await syncWorkbook(input, file, {});
    expect(report.bilan?.name).toMatch(/^Bilan /);
    // The parts sync writes with our part writers: the new sheet, its drawing and chart, the
    // appended styles, the workbook and content types (the user's patched sheets are not ours).
    const before = unzipSync(input);
    const ours = new Set([
      ...Object.keys(unzipSync(bytes)).filter((p) => !before[p]),
      'xl/styles.xml',
      'xl/workbook.xml',
      '[Content_Types].xml',
    ]);
    const checked = validatePackage(bytes).filter((r) => ours.has(r.part));
    expect(checked.map((r) => r.part)).toEqual(expect.arrayContaining(['xl/styles.xml', 'xl/charts/chart1.xml']));
    expect(checked.filter((r) => r.errors.length > 0)).toEqual([]);
    const styles = strFromU8(unzipSync(bytes)['xl/styles.xml']);
    expect(styles).toContain(`<left style="thin"><color rgb="${ooxmlArgb(BORDER_COLOUR)}"/></left>`);
    expect(styles).not.toContain('FFA6A6A6');
    const wb = await exceljsOf(bytes);
    const ws = wb.getWorksheet(report.bilan?.name ?? '');
    const bordered: string[] = [];
    ws?.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.border?.left) bordered.push(cell.border.left.color?.argb ?? '');
      }),
    );
    expect(bordered.length).toBeGreaterThan(10);
    expect(new Set(bordered)).toEqual(new Set([ooxmlArgb(BORDER_COLOUR)]));
  });

  test('sync gives percent cells convert’s number format: appended after the workbook’s own, or its own reused', () => {
    const stylesWith = (numFmts: string) =>
      `<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts}` +
      '<x:fonts count="1"><x:font><x:sz val="10"/><x:name val="Arial &amp; co"/></x:font></x:fonts>' +
      '<x:fills count="2"><x:fill/><x:fill/></x:fills><x:borders count="1"><x:border/></x:borders>' +
      '<x:cellXfs count="1"><x:xf numFmtId="0"/></x:cellXfs></x:styleSheet>';
    const percent = { value: 28, percent: true };
    const code = escapeAttribute(PERCENT_FORMAT);
    const cases: [string, string, number][] = [
      ['', `<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="${code}"/></x:numFmts>`, 164],
      [
        '<x:numFmts count="0"/>',
        `<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="${code}"/></x:numFmts>`,
        164,
      ],
      [
        '<x:numFmts count="1"><x:numFmt numFmtId="170" formatCode="0.0"/></x:numFmts>',
        `<x:numFmts count="2"><x:numFmt numFmtId="170" formatCode="0.0"/><x:numFmt numFmtId="171" formatCode="${code}"/></x:numFmts>`,
        171,
      ],
      [
        `<x:numFmts count="1"><x:numFmt numFmtId="165" formatCode="${code}"/></x:numFmts>`,
        `<x:numFmts count="1"><x:numFmt numFmtId="165" formatCode="${code}"/></x:numFmts>`,
        165,
      ],
    ];
    for (const [numFmts, expected, id] of cases) {
      const patch = new StylesPatch(stylesWith(numFmts), 'suivi.xlsx');
      expect(patch.layoutStyle(percent)).toBe(1);
      const xml = patch.toXml();
      expect(xml).toContain(
        `<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${expected}<x:fonts count="2">`,
      );
      expect(xml).toContain(
        `<x:xf numFmtId="${id}" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>`,
      );
      // The workbook's own font name, read as text and written escaped once.
      expect(xml).toContain('<x:name val="Arial &amp; co"/><x:family val="2"/></x:font>');
    }
  });
});

describe('the XML helper and the style table', () => {
  test('text and attributes escaped as Excel does; what XML cannot carry left out or written _xHHHH_', () => {
    expect(escapeText('a & b < c > "d"')).toBe('a &amp; b &lt; c &gt; "d"');
    expect(escapeAttribute('a "b"\n&\tc')).toBe('a &quot;b&quot;&#10;&amp;&#9;c');
    expect(escapeText('x\u001by\ud800z😀')).toBe('xyz😀');
    expect(xstring('x\u001by & _x0041_\r\n')).toBe('x_x001B_y &amp; _x005F_x0041__x000D_\n');
    expect(
      element(
        'c',
        [
          ['r', 'A1'],
          ['s', undefined],
          ['t', 's'],
        ],
        '<v>0</v>',
      ),
    ).toBe('<c r="A1" t="s"><v>0</v></c>');
    expect(
      element('pane', [
        ['ySplit', 3],
        ['hidden', false],
        ['frozen', true],
      ]),
    ).toBe('<pane ySplit="3" frozen="1"/>');
  });

  test('children in their schema’s order, whatever order they were made in', () => {
    const order = ['sheetPr', 'sheetData', 'mergeCells', 'drawing'];
    expect(inSchemaOrder(order, { drawing: '<drawing/>', sheetData: '<sheetData/>', sheetPr: undefined })).toBe(
      '<sheetData/><drawing/>',
    );
    expect(() => inSchemaOrder(order, { hyperlinks: '<hyperlinks/>' })).toThrow(/not in the schema sequence/);
  });

  test('one xf per look; fonts, fills and borders shared between xfs', () => {
    const table = new StyleTable();
    const a = table.xfOf({ value: 'x', bold: true, fill: '#FFC000', border: true });
    expect(table.xfOf({ value: 'y', bold: true, fill: '#FFC000', border: true })).toBe(a);
    const b = table.xfOf({ value: 1, percent: true, fill: '#FFC000' });
    expect(b).not.toBe(a);
    const xml = table.xml();
    expect(xml).toContain(`<numFmts count="1"><numFmt numFmtId="164" formatCode="0&quot;\u00a0&quot;%"/></numFmts>`);
    expect((xml.match(/<fill><patternFill patternType="solid">/g) ?? []).length).toBe(1);
    expect(xml).toContain('<cellXfs count="3">');
  });
});

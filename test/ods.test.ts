/**
 * LibreOffice Calc workbooks (.ods): the samples saved by LibreOffice itself (samples/ods/, made by
 * `npm run samples:ods`) read to the same counts and findings as the .xlsx; and a hand-made .ods
 * with what the format allows: repeated rows and columns, spans and covered cells, hidden rows,
 * columns and sheets, comments, colours from automatic styles and from named parent styles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { analyzeWorkbook } from '../core/report/analysis';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { readWorkbookTables } from '../core/read/table-reader';

const SAMPLES = join(__dirname, '..', 'samples');
const ODS = join(SAMPLES, 'ods');

async function summary(path: string, name: string): Promise<unknown> {
  const analysis = analyzeWorkbook(
    readWorkbookTables(await readWorkbook(new Uint8Array(readFileSync(path)), name), name),
  );
  return analysis.sheets.map((s) => ({
    name: s.sheet.name,
    year: s.sheet.year,
    counts: s.bilan.counts,
    findings: s.diagnostics.map((d) => `${d.code} ${d.cell}`).sort(),
  }));
}

const odsSamples = readdirSync(ODS).filter((f) => f.endsWith('.ods'));

test('every sample has its .ods', () => {
  expect(odsSamples.map((f) => f.replace(/\.ods$/, '')).sort()).toEqual(
    readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.xlsx'))
      .map((f) => f.replace(/\.xlsx$/, ''))
      .sort(),
  );
});

test.each(odsSamples)('%s: the same counts and findings as the .xlsx', async (file) => {
  const stem = file.replace(/\.ods$/, '');
  expect(await summary(join(ODS, file), file)).toEqual(await summary(join(SAMPLES, `${stem}.xlsx`), `${stem}.xlsx`));
});

const CONTENT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:automatic-styles>
  <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#FFC000"/></style:style>
  <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Clos"/>
  <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Bilan 2022">
  <table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="1021"/>
  <table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="4"><text:p>Bilan 2022 par action</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
  <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
  <table:table-row><table:table-cell office:value-type="string"><text:p>ACTIONS</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>n°</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>PORTEUR</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>ETAT AVANCEMENT</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell office:value-type="string"><text:p>Acquérir un bus<text:s/>itinérant</text:p><office:annotation><text:p>Une note, pas du texte de cellule</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="float" office:value="1.1"><text:p>1,1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>CD</text:p></table:table-cell><table:table-cell table:style-name="ce2" office:value-type="string"><text:p>Réalisé</text:p></table:table-cell></table:table-row>
  <table:table-row table:number-rows-repeated="3" table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>Action répétée</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="string"><text:p>PETR</text:p></table:table-cell><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>En cours</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>Deux lignes</text:p><text:p>fusionnées</text:p></table:table-cell><table:table-cell/><table:table-cell/><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p></table:table-cell></table:table-row>
  <table:table-row><table:covered-table-cell/><table:table-cell/><table:table-cell/><table:table-cell office:value-type="date" office:date-value="2023-01-12"><text:p>12/01/23</text:p></table:table-cell></table:table-row>
  <table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="Listes" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>En cours</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:styles>
  <style:style style:name="Default" style:family="table-cell"/>
  <style:style style:name="Clos" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#00b050"/></style:style>
</office:styles></office:document-styles>`;

function handMade(): Uint8Array {
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(CONTENT),
    'styles.xml': strToU8(STYLES),
    'META-INF/manifest.xml': strToU8(
      '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
    ),
  });
}

test('a hand-made .ods: repeats, spans, covered cells, hidden rows/columns/sheets, comments, styles', async () => {
  const [sheet, lists] = await readWorkbook(handMade(), 'fait-main.ods');
  expect(sheet.name).toBe('Bilan 2022');
  expect(lists).toMatchObject({ name: 'Listes', hidden: true });
  expect(sheet.cells[4][0]).toEqual({ text: 'Acquérir un bus itinérant', value: 'Acquérir un bus itinérant' });
  expect(sheet.cells[4][1]).toEqual({ text: '1.1', value: 1.1 });
  expect(sheet.cells[4][3]?.fill).toBe('#00B050');
  // The repeated hidden row is three rows, each with its cells.
  expect([5, 6, 7].map((r) => [sheet.cells[r][0]?.text, sheet.cells[r][3]?.fill])).toEqual([
    ['Action répétée', '#FFC000'],
    ['Action répétée', '#FFC000'],
    ['Action répétée', '#FFC000'],
  ]);
  expect(sheet.hiddenRows).toEqual([5, 6, 7]);
  expect(sheet.hiddenCols).toEqual([2]);
  expect(sheet.cells[8][0]?.text).toBe('Deux lignes\nfusionnées');
  expect(sheet.cells[8][3]).toEqual({ text: '50 %', value: 0.5 });
  expect(sheet.cells[9][3]).toEqual({ text: '12/01/2023', value: '2023-01-12' });
  expect(sheet.merges).toEqual([
    { top: 0, left: 0, bottom: 0, right: 3 },
    { top: 8, left: 0, bottom: 9, right: 0 },
  ]);
  // The trailing million empty rows and the 1,024 empty columns are not expanded.
  expect(sheet.cells).toHaveLength(10);
  const analysis = analyzeWorkbook(readWorkbookTables([sheet, lists], 'fait-main.ods'));
  expect(
    analysis.sheets.map((s) => [s.sheet.year, s.bilan.total, s.bilan.counts.realise_clos, s.bilan.counts.en_cours]),
  ).toEqual([[2022, 6, 1, 3]]);
  expect(analysis.workbookDiagnostics).toEqual([]);
});

test('a span over most of the sheet is refused as too large, not expanded', async () => {
  const content = CONTENT.replace(
    /<table:table table:name="Bilan 2022">[\s\S]*?<\/table:table>/,
    '<table:table table:name="Bilan 2022">' +
      '<table:table-row><table:table-cell office:value-type="string" table:number-rows-spanned="150000" table:number-columns-spanned="900"><text:p>Actions</text:p></table:table-cell></table:table-row>' +
      '<table:table-row table:number-rows-repeated="149998"><table:table-cell/></table:table-row>' +
      '<table:table-row><table:table-cell table:number-columns-repeated="899"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>' +
      '</table:table>',
  );
  const bytes = zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(STYLES),
  });
  await expect(readWorkbook(bytes, 'fusion.ods')).rejects.toMatchObject({ code: 'TOO_LARGE' });
});

test('a flat .fods (the same XML in one office:document) reads as the packaged .ods', async () => {
  const body = (xml: string, root: string) =>
    xml.replace(/^<\?xml[^>]*>\s*/, '').replace(new RegExp(`^<office:${root}[^>]*>|</office:${root}>$`, 'g'), '');
  const flat =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">' +
    '<office:meta><meta:generator>LibreOffice/7.6</meta:generator></office:meta>' +
    body(STYLES.trim(), 'document-styles') +
    body(CONTENT.trim(), 'document-content') +
    '</office:document>';
  expect(await readWorkbook(strToU8(flat), 'fait-main.fods')).toEqual(await readWorkbook(handMade(), 'fait-main.ods'));
  // In UTF-16 too, as LibreOffice reads it.
  const utf16 = new Uint8Array(Buffer.from(`\ufeff${flat.replace('UTF-8', 'UTF-16')}`, 'utf16le'));
  expect(await readWorkbook(utf16, 'fait-main.fods')).toEqual(await readWorkbook(handMade(), 'fait-main.ods'));
});

test('a time or a duration reads as shown, its value in days', async () => {
  const content = CONTENT.replace(
    '<table:table-cell office:value-type="date" office:date-value="2023-01-12"><text:p>12/01/23</text:p></table:table-cell>',
    '<table:table-cell office:value-type="time" office:time-value="PT36H30M00S"><text:p>36:30:00</text:p></table:table-cell>',
  );
  const bytes = zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(STYLES),
  });
  const [sheet] = await readWorkbook(bytes, 'heures.ods');
  expect(sheet.cells[9][3]).toEqual({ text: '36:30:00', value: 36.5 / 24 });
});

/**
 * The native Excel chart of a bilan workbook. exceljs writes no charts, so the chart parts are
 * added to the package it wrote: a DrawingML chart (stacked columns, one series per state in the
 * palette's colours, hatched like the html chart so that it reads in greyscale), a drawing that
 * anchors it over the empty rows the layout keeps for it, and their relationships and content
 * types. The series refer to the sheet's own cells, so the chart follows any edit of the counts.
 */
import { strFromU8, strToU8, type Unzipped } from 'fflate';
import { type LayoutChart, layoutChartData, type WorkbookLayout } from '../core/layout/sheet-layout';
import { textColourOn } from '../core/base/contrast';
import { ooxmlRgb } from '../core/base/status';
import { columnLetters } from '../core/base/grid';
import { withWorksheetElement } from './worksheet-xml';
import { escapeXml, escapeXstring } from './xml-text';

/** « 7 % », with the French non-breaking space: the percent cells' format and the chart's labels. */
export const PERCENT_FORMAT = '0"\u00a0"%';

const CHART_CT = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const DRAWING_CT = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const EMU_PER_PX = 9525;
/** Height of a row of the layout, in pixels (15 pt). */
const ROW_PX = 20;

/** DrawingML hatch per state, as in the html chart (see write-html.ts). */
const PATTERNS: Record<string, string> = {
  realise_perenne: 'wdUpDiag',
  reflexion: 'narHorz',
  non_commence: 'pct20',
  abandonne: 'smCheck',
  sans_etat: 'ltUpDiag',
};

/** `'Synthèse'!$B$4:$E$4`: a sheet name is always quoted, its quotes doubled. */
function ref(sheet: string, row: number, first: number, last = first): string {
  const a = `$${columnLetters(first)}$${row + 1}`;
  const b = `$${columnLetters(last)}$${row + 1}`;
  return `'${sheet.replace(/'/g, "''")}'!${a}${first === last ? '' : `:${b}`}`;
}

type Rows = WorkbookLayout['sheets'][number]['rows'];

function fill(colour: string, status: string | null): string {
  const pattern = PATTERNS[status ?? 'sans_etat'];
  if (!pattern) return `<a:solidFill><a:srgbClr val="${ooxmlRgb(colour)}"/></a:solidFill>`;
  const ink = textColourOn(colour) === '#FFFFFF' ? 'FFFFFF' : '404040';
  return `<a:pattFill prst="${pattern}"><a:fgClr><a:srgbClr val="${ink}"/></a:fgClr><a:bgClr><a:srgbClr val="${ooxmlRgb(colour)}"/></a:bgClr></a:pattFill>`;
}

function font(size: number, bold: boolean, colour?: string): string {
  const solid = colour ? `<a:solidFill><a:srgbClr val="${ooxmlRgb(colour)}"/></a:solidFill>` : '';
  return `<a:defRPr sz="${size * 100}" b="${bold ? 1 : 0}">${solid}<a:latin typeface="Calibri"/></a:defRPr>`;
}

function textProperties(size: number, bold: boolean, colour?: string): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${font(size, bold, colour)}</a:pPr><a:endParaRPr lang="fr-FR"/></a:p></c:txPr>`;
}

/** The chart part: stacked columns, categories the years of the header row, one series per state row. */
export function chartXml(chart: LayoutChart, sheet: string, rows: Rows): string {
  const percent = chart.unit === 'percent';
  const data = layoutChartData(chart, rows);
  const years = data.categories;
  const categories =
    `<c:cat><c:strRef><c:f>${escapeXml(ref(sheet, chart.categoriesRow, chart.firstCol, chart.lastCol))}</c:f>` +
    `<c:strCache><c:ptCount val="${years.length}"/>${years.map((y, i) => `<c:pt idx="${i}"><c:v>${escapeXstring(y)}</c:v></c:pt>`).join('')}</c:strCache></c:strRef></c:cat>`;
  const series = chart.series
    .map((s, i) => {
      const { name } = data.series[i];
      // Percent cells hold 0.28 for 28 % in the sheet: the cache says the same.
      const values = data.series[i].values.map((v) => (percent ? v / 100 : v));
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:strRef><c:f>${escapeXml(ref(sheet, s.row, chart.labelCol))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${escapeXstring(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        `<c:spPr>${fill(s.colour, s.status)}<a:ln w="6350"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr>` +
        `<c:invertIfNegative val="0"/>` +
        // Counts on the segments, in the text colour of the state; a zero shows nothing.
        `<c:dLbls><c:numFmt formatCode="${percent ? escapeXml(`${PERCENT_FORMAT};;;`) : '0;;;'}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProperties(9, true, textColourOn(s.colour))}` +
        `<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
        categories +
        `<c:val><c:numRef><c:f>${escapeXml(ref(sheet, s.row, chart.firstCol, chart.lastCol))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>` +
        `${values.map((v, k) => `<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numCache></c:numRef></c:val></c:ser>`
      );
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${font(12, true)}</a:pPr><a:r><a:rPr lang="fr-FR" sz="1200" b="1"/><a:t>${escapeXml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>${series}` +
    `<c:gapWidth val="60"/><c:overlap val="100"/><c:axId val="50010"/><c:axId val="50020"/></c:barChart>` +
    `<c:catAx><c:axId val="50010"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(10, false)}<c:crossAx val="50020"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/>${percent ? '<c:max val="1"/><c:min val="0"/>' : ''}</c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `<c:title><c:tx><c:rich><a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>${font(10, false)}</a:pPr><a:r><a:rPr lang="fr-FR" sz="1000" b="0"/><a:t>${percent ? 'Part des actions' : 'Actions'}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:numFmt formatCode="${percent ? escapeXml(PERCENT_FORMAT) : '0'}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(10, false)}<c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/>${textProperties(10, false)}</c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

/** The drawing that anchors the chart at the first of its rows, in the column of its series names, sized to those rows. */
export function drawingXml(chart: LayoutChart, index: number): string {
  const categories = chart.lastCol - chart.firstCol + 1;
  const width = Math.max(620, 330 + categories * 90) * EMU_PER_PX;
  const height = chart.rowSpan * ROW_PX * EMU_PER_PX;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:oneCellAnchor><xdr:from><xdr:col>${chart.labelCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.atRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${width}" cy="${height}"/>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 1}" name="Graphique ${index}" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`
  );
}

function relationships(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
}

/** The parts of chart `n`: the chart, its drawing and the drawing's relationship, with their content types. */
export function chartParts(
  chart: LayoutChart,
  sheet: string,
  rows: Rows,
  n: number,
): { drawing: string; parts: Record<string, string>; contentTypes: Record<string, string> } {
  const chartPath = `xl/charts/chart${n}.xml`;
  const drawing = `xl/drawings/drawing${n}.xml`;
  return {
    drawing,
    parts: {
      [chartPath]: chartXml(chart, sheet, rows),
      [drawing]: drawingXml(chart, n),
      [`xl/drawings/_rels/drawing${n}.xml.rels`]: relationships(
        `<Relationship Id="rId1" Type="${REL_CHART}" Target="../charts/chart${n}.xml"/>`,
      ),
    },
    contentTypes: { [chartPath]: CHART_CT, [drawing]: DRAWING_CT },
  };
}

/**
 * Adds the charts of the layout's sheets to the package's parts. Each sheet's part is found by
 * following the workbook's relationships, not assumed from its position.
 */
export function addChartParts(files: Unzipped, layout: WorkbookLayout): void {
  const charted = layout.sheets.map((s, i) => ({ s, i })).filter(({ s }) => s.chart);
  if (charted.length === 0) return;
  const workbook = strFromU8(files['xl/workbook.xml']);
  const workbookRels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const sheetIds = [...workbook.matchAll(/<sheet\b[^>]*\br:id="([^"]+)"/g)].map((m) => m[1]);
  let types = strFromU8(files['[Content_Types].xml']);
  charted.forEach(({ s, i }, k) => {
    const chart = s.chart as LayoutChart;
    const relId = sheetIds[i];
    const target =
      new RegExp(`<Relationship\\b[^>]*\\bId="${relId}"[^>]*\\bTarget="([^"]+)"`).exec(workbookRels)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]+)"[^>]*\\bId="${relId}"`).exec(workbookRels)?.[1];
    if (!target) throw new Error(`no part for sheet ${i}`);
    const sheetPath = `xl/${target.replace(/^\/?xl\//, '').replace(/^\.\//, '')}`;
    const n = k + 1;
    const made = chartParts(chart, s.name, s.rows, n);
    for (const [path, xml] of Object.entries(made.parts)) files[path] = strToU8(xml);
    const slash = sheetPath.lastIndexOf('/');
    const relsPath = `${sheetPath.slice(0, slash)}/_rels/${sheetPath.slice(slash + 1)}.rels`;
    const existing = files[relsPath] ? strFromU8(files[relsPath]) : relationships('');
    const drawingRel = 'rIdClsBilanDrawing';
    files[relsPath] = strToU8(
      existing.replace(
        '</Relationships>',
        `<Relationship Id="${drawingRel}" Type="${REL_DRAWING}" Target="../drawings/drawing${n}.xml"/></Relationships>`,
      ),
    );
    files[sheetPath] = strToU8(
      withWorksheetElement(strFromU8(files[sheetPath]), 'drawing', `<drawing r:id="${drawingRel}"/>`),
    );
    types = types.replace(
      '</Types>',
      `${Object.entries(made.contentTypes)
        .map(([path, type]) => `<Override PartName="/${path}" ContentType="${type}"/>`)
        .join('')}</Types>`,
    );
  });
  files['[Content_Types].xml'] = strToU8(types);
}

/** The chart part (xl/charts/chartN.xml): stacked columns of statuses per year, one series per state in the palette's colours, hatched so that it reads in greyscale. */
import { type LayoutChart, layoutChartData, type SheetLayout } from '../../layout/sheet-layout';
import { textColourOn } from '../../base/contrast';
import { ooxmlRgb } from '../../base/status';
import { columnLetters } from '../../base/grid';
import { PERCENT_FORMAT } from './styles';
import { escapeAttribute, escapeText, xstring, XML_DECLARATION } from './xml';

/** DrawingML hatch per state, as in the html chart (see core/write/html.ts). */
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

/**
 * The chart of a sheet: categories the years of its header row, one series per state row. The
 * series refer to the sheet's own cells (so the chart follows any edit of the counts), with their
 * values cached as the cells hold them.
 */
export function chartXml(chart: LayoutChart, sheet: string, rows: SheetLayout['rows']): string {
  const percent = chart.unit === 'percent';
  const data = layoutChartData(chart, rows);
  const years = data.categories;
  const categories =
    `<c:cat><c:strRef><c:f>${escapeText(ref(sheet, chart.categoriesRow, chart.firstCol, chart.lastCol))}</c:f>` +
    `<c:strCache><c:ptCount val="${years.length}"/>${years.map((y, i) => `<c:pt idx="${i}"><c:v>${xstring(y)}</c:v></c:pt>`).join('')}</c:strCache></c:strRef></c:cat>`;
  const series = chart.series
    .map((s, i) => {
      const { name } = data.series[i];
      // Percent cells hold 0.28 for 28 % in the sheet: the cache says the same.
      const values = data.series[i].values.map((v) => (percent ? v / 100 : v));
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:strRef><c:f>${escapeText(ref(sheet, s.row, chart.labelCol))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${xstring(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        `<c:spPr>${fill(s.colour, s.status)}<a:ln w="6350"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr>` +
        `<c:invertIfNegative val="0"/>` +
        // Counts on the segments, in the text colour of the state; a zero shows nothing.
        `<c:dLbls><c:numFmt formatCode="${percent ? escapeAttribute(`${PERCENT_FORMAT};;;`) : '0;;;'}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProperties(9, true, textColourOn(s.colour))}` +
        `<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
        categories +
        `<c:val><c:numRef><c:f>${escapeText(ref(sheet, s.row, chart.firstCol, chart.lastCol))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>` +
        `${values.map((v, k) => `<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numCache></c:numRef></c:val></c:ser>`
      );
    })
    .join('');
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${font(12, true)}</a:pPr><a:r><a:rPr lang="fr-FR" sz="1200" b="1"/><a:t>${escapeText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>${series}` +
    `<c:gapWidth val="60"/><c:overlap val="100"/><c:axId val="50010"/><c:axId val="50020"/></c:barChart>` +
    `<c:catAx><c:axId val="50010"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(10, false)}<c:crossAx val="50020"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/>${percent ? '<c:max val="1"/><c:min val="0"/>' : ''}</c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `<c:title><c:tx><c:rich><a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>${font(10, false)}</a:pPr><a:r><a:rPr lang="fr-FR" sz="1000" b="0"/><a:t>${percent ? 'Part des actions' : 'Actions'}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:numFmt formatCode="${percent ? escapeAttribute(PERCENT_FORMAT) : '0'}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(10, false)}<c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/>${textProperties(10, false)}</c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

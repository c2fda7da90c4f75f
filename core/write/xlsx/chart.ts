/**
 * The chart part (xl/charts/chartN.xml): stacked columns of statuses per year, one series per state,
 * drawn as core/layout/bilan-chart.ts says (chartLook): solid fills in the palette's colours, numbers
 * in the contrast colour of their fill or beside a thin segment, the scale and the axis title.
 */
import { type LayoutChart, layoutChartData, type SheetLayout } from '../../layout/sheet-layout';
import { BESIDE_LABEL_COLOUR, chartLook } from '../../layout/bilan-chart';
import { ooxmlRgb } from '../../base/status';
import { columnLetters } from '../../base/grid';
import { PERCENT_FORMAT } from './styles';
import { escapeAttribute, escapeText, xstring, XML_DECLARATION } from './xml';

/** Size of the chart's drawing in pixels: wide enough for its bars and its legend, as high as its rows (15 pt each). */
export function chartSizePx(chart: LayoutChart): { width: number; height: number } {
  const categories = chart.lastCol - chart.firstCol + 1;
  return { width: Math.max(620, 330 + categories * 90), height: chart.rowSpan * 20 };
}

/** About what the value axis, the legend and the margins take of the chart's width, in pixels. */
const NOT_PLOT_PX = 210;
/** No line from a number moved beside its bar back to it (LibreOffice draws one through the number). */
const NO_LEADER_LINES =
  '<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart"><c15:showLeaderLines val="0"/></c:ext></c:extLst>';
/** Height of a 9-pt label, in pixels. */
const LABEL_PX = 14;

/**
 * Where a number written beside its bar goes, as a manual offset from the middle of its segment
 * (fractions of the chart's size): right of the bar, and up a line for each thin segment under it.
 */
function besideOffset(chart: LayoutChart, stacked: number): { x: number; y: number } {
  const { width, height } = chartSizePx(chart);
  const categories = chart.lastCol - chart.firstCol + 1;
  // Bars are 1 / 1.6 of their category's width (gap 60 %).
  const bar = (width - NOT_PLOT_PX) / categories / 1.6;
  return { x: (bar / 2 + 14) / width, y: (-stacked * LABEL_PX) / height };
}

/** `'Synthèse'!$B$4:$E$4`: a sheet name is always quoted, its quotes doubled. */
function ref(sheet: string, row: number, first: number, last = first): string {
  const a = `$${columnLetters(first)}$${row + 1}`;
  const b = `$${columnLetters(last)}$${row + 1}`;
  return `'${sheet.replace(/'/g, "''")}'!${a}${first === last ? '' : `:${b}`}`;
}

function solidFill(colour: string): string {
  return `<a:solidFill><a:srgbClr val="${ooxmlRgb(colour)}"/></a:solidFill>`;
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
  const look = chartLook(chart, rows);
  // Percent cells hold 0.28 for 28 % in the sheet: the scale says the same.
  const scale = (v: number) => (percent ? v / 100 : v);
  // Per category, the thin segments written beside the bar just under the current one.
  const besideRun = data.categories.map(() => 0);
  const years = data.categories;
  const categories =
    `<c:cat><c:strRef><c:f>${escapeText(ref(sheet, chart.categoriesRow, chart.firstCol, chart.lastCol))}</c:f>` +
    `<c:strCache><c:ptCount val="${years.length}"/>${years.map((y, i) => `<c:pt idx="${i}"><c:v>${xstring(y)}</c:v></c:pt>`).join('')}</c:strCache></c:strRef></c:cat>`;
  const series = chart.series
    .map((s, i) => {
      const { name } = data.series[i];
      // Percent cells hold 0.28 for 28 % in the sheet: the cache says the same.
      const values = data.series[i].values.map(scale);
      const { fill, labelColour } = look.series[i];
      const format = `<c:numFmt formatCode="${percent ? escapeAttribute(`${PERCENT_FORMAT};;;`) : '0;;;'}" sourceLinked="0"/>`;
      const flags = `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`;
      // A thin segment's number beside its bar, in near black on the white.
      const beside = look.labels[i]
        .map((place, k) => {
          if (place !== 'beside') {
            if (place === 'inside') besideRun[k] = 0;
            return '';
          }
          const at = besideOffset(chart, besideRun[k]++);
          return (
            `<c:dLbl><c:idx val="${k}"/><c:layout><c:manualLayout><c:x val="${at.x.toFixed(4)}"/><c:y val="${at.y.toFixed(4)}"/></c:manualLayout></c:layout>` +
            `${format}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProperties(9, false, BESIDE_LABEL_COLOUR)}<c:dLblPos val="ctr"/>${flags}</c:dLbl>`
          );
        })
        .join('');
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:strRef><c:f>${escapeText(ref(sheet, s.row, chart.labelCol))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${xstring(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        `<c:spPr>${solidFill(fill)}<a:ln w="6350"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr>` +
        `<c:invertIfNegative val="0"/>` +
        // Counts in the middle of their segments, in the contrast colour of the fill; a zero shows nothing.
        `<c:dLbls>${beside}${format}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProperties(9, true, labelColour)}` +
        `<c:dLblPos val="ctr"/>${flags}${NO_LEADER_LINES}</c:dLbls>` +
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
    `<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/><c:max val="${scale(look.max)}"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `<c:title><c:tx><c:rich><a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>${font(10, false)}</a:pPr><a:r><a:rPr lang="fr-FR" sz="1000" b="0"/><a:t>${escapeText(look.valueAxisTitle)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:numFmt formatCode="${percent ? escapeAttribute(PERCENT_FORMAT) : '0'}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(10, false)}<c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/><c:majorUnit val="${scale(look.step)}"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/>${textProperties(10, false)}</c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

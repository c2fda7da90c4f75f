/** The drawing part (xl/drawings/drawingN.xml) that anchors a sheet's chart over the empty rows its layout keeps for it, and the parts of one chart together. */
import type { LayoutChart, SheetLayout } from '../../layout/sheet-layout';
import { chartSizePx, chartXml } from './chart';
import { CONTENT_TYPE } from './content-types';
import { REL, relationshipsXml } from './rels';
import { escapeAttribute, XML_DECLARATION } from './xml';

const EMU_PER_PX = 9525;

/** The drawing that anchors chart `index` at the first of its rows, in the column of its series names, sized to those rows. */
export function drawingXml(chart: LayoutChart, index: number): string {
  const size = chartSizePx(chart);
  const width = size.width * EMU_PER_PX;
  const height = size.height * EMU_PER_PX;
  return (
    XML_DECLARATION +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:oneCellAnchor><xdr:from><xdr:col>${chart.labelCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.atRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${width}" cy="${height}"/>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 1}" name="Graphique ${index}" descr="${escapeAttribute(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`
  );
}

/** The parts of chart `n`: the chart, its drawing and the drawing's relationship, with their content types. */
export function chartParts(
  chart: LayoutChart,
  sheet: string,
  rows: SheetLayout['rows'],
  n: number,
): { drawing: string; parts: Record<string, string>; contentTypes: Record<string, string> } {
  const chartPath = `xl/charts/chart${n}.xml`;
  const drawing = `xl/drawings/drawing${n}.xml`;
  return {
    drawing,
    parts: {
      [chartPath]: chartXml(chart, sheet, rows),
      [drawing]: drawingXml(chart, n),
      [`xl/drawings/_rels/drawing${n}.xml.rels`]: relationshipsXml([
        { id: 'rId1', type: REL.chart, target: `../charts/chart${n}.xml` },
      ]),
    },
    contentTypes: { [chartPath]: CONTENT_TYPE.chart, [drawing]: CONTENT_TYPE.drawing },
  };
}

/**
 * A corpus for `sync`: each sample with the parts coordinators' workbooks carry grafted on, in an
 * extra sheet « Annexe »: a chart and an image in a drawing, a styled Excel table, notes (comments
 * and their VML), sheet protection, a pivot table and its cache, workbook defined names, custom
 * document properties, and the add-in's settings part with a property of someone else's. None of
 * them is a part `sync` has a reason to touch.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import type { LayoutChart } from '../core/layout/sheet-layout';
import { chartXml } from '../core/write/xlsx/chart';
import { CONTENT_TYPE } from '../core/write/xlsx/content-types';
import { customXml } from '../core/write/xlsx/doc-props-custom';
import { REL as RELATIONSHIP } from '../core/write/xlsx/rels';
import { ADDIN_ID } from '../core/read/xlsx/addin-settings';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A 1×1 red PNG. */
const PNG: Uint8Array<ArrayBuffer> = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  ),
);

function rels(items: [string, string, string][]): string {
  return (
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    items.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`).join('') +
    `</Relationships>`
  );
}

/** The parts the corpus adds; none of them may change in a sync. */
export const GRAFTED_PARTS = [
  'xl/worksheets/sheetRich.xml',
  'xl/worksheets/_rels/sheetRich.xml.rels',
  'xl/tables/tableRich.xml',
  'xl/drawings/drawingRich.xml',
  'xl/drawings/_rels/drawingRich.xml.rels',
  'xl/charts/chartRich.xml',
  'xl/media/imageRich.png',
  'xl/commentsRich.xml',
  'xl/drawings/vmlDrawingRich.vml',
  'xl/pivotTables/pivotTableRich.xml',
  'xl/pivotTables/_rels/pivotTableRich.xml.rels',
  'xl/pivotCache/pivotCacheDefinitionRich.xml',
  'xl/pivotCache/_rels/pivotCacheDefinitionRich.xml.rels',
  'xl/pivotCache/pivotCacheRecordsRich.xml',
  'docProps/custom.xml',
  'xl/webextensions/webextension1.xml',
  'xl/webextensions/taskpanes.xml',
  'xl/webextensions/_rels/taskpanes.xml.rels',
];

/** The sample's package with the corpus parts grafted on; `palette` goes in the add-in's settings. */
export function richWorkbook(
  sample: Uint8Array,
  palette: Record<string, string> = {},
  addinId: string = ADDIN_ID,
): Uint8Array {
  const files: Unzipped = unzipSync(sample);
  const text = (name: string) => strFromU8(files[name]);
  const put = (name: string, value: string | Uint8Array<ArrayBuffer>) => {
    files[name] = typeof value === 'string' ? strToU8(value) : value;
  };
  // The extra sheet, protected, with its data, table, drawing and notes.
  let workbook = text('xl/workbook.xml');
  const ids = [...workbook.matchAll(/sheetId="(\d+)"/g)].map((m) => Number(m[1]));
  const sheetCount = [...workbook.matchAll(/<sheet\b/g)].length;
  workbook = workbook.replace(
    '</sheets>',
    `<sheet name="Annexe" sheetId="${Math.max(...ids) + 1}" r:id="rIdRich1" xmlns:r="${R}"/></sheets>`,
  );
  const names = `<definedName name="Zone_Annexe">Annexe!$A$1:$B$3</definedName><definedName name="Taux" localSheetId="${sheetCount}">0.2</definedName>`;
  workbook = workbook.includes('</definedNames>')
    ? workbook.replace('</definedNames>', `${names}</definedNames>`)
    : workbook.replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`);
  const pivotCaches = `<pivotCaches><pivotCache cacheId="7" r:id="rIdRich2" xmlns:r="${R}"/></pivotCaches>`;
  workbook = workbook.includes('<extLst')
    ? workbook.replace('<extLst', `${pivotCaches}<extLst`)
    : workbook.replace('</workbook>', `${pivotCaches}</workbook>`);
  put('xl/workbook.xml', workbook);
  put(
    'xl/_rels/workbook.xml.rels',
    text('xl/_rels/workbook.xml.rels').replace(
      '</Relationships>',
      `<Relationship Id="rIdRich1" Type="${REL}/worksheet" Target="worksheets/sheetRich.xml"/>` +
        `<Relationship Id="rIdRich2" Type="${REL}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinitionRich.xml"/></Relationships>`,
    ),
  );
  put(
    'xl/worksheets/sheetRich.xml',
    `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${R}"><dimension ref="A1:B3"/><sheetData>` +
      `<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="B1" t="inlineStr"><is><t>Valeur</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>Actions</t></is></c><c r="B2"><v>71</v></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>Réunions</t></is></c><c r="B3"><f>B2/2</f><v>35.5</v></c></row>` +
      `</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>` +
      `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
      `<drawing r:id="rId1"/><legacyDrawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId3"/></tableParts></worksheet>`,
  );
  put(
    'xl/worksheets/_rels/sheetRich.xml.rels',
    rels([
      ['rId1', 'drawing', '../drawings/drawingRich.xml'],
      ['rId2', 'vmlDrawing', '../drawings/vmlDrawingRich.vml'],
      ['rId3', 'table', '../tables/tableRich.xml'],
      ['rId4', 'comments', '../commentsRich.xml'],
      ['rId5', 'pivotTable', '../pivotTables/pivotTableRich.xml'],
    ]),
  );
  put(
    'xl/tables/tableRich.xml',
    `${XML}<table xmlns="${MAIN}" id="99" name="Tableau99" displayName="Tableau99" ref="A1:B3" totalsRowShown="0">` +
      `<autoFilter ref="A1:B3"/><tableColumns count="2"><tableColumn id="1" name="Nom"/><tableColumn id="2" name="Valeur"/></tableColumns>` +
      `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
  );
  const chart: LayoutChart = {
    title: 'Annexe',
    categoriesRow: 0,
    labelCol: 0,
    firstCol: 1,
    lastCol: 1,
    series: [{ row: 1, colour: '#4472C4', status: 'en_cours' }],
    donePercents: [0],
    atRow: 4,
    rowSpan: 10,
  };
  put(
    'xl/charts/chartRich.xml',
    chartXml(chart, 'Annexe', [
      [{ value: 'Nom' }, { value: 'Valeur' }],
      [{ value: 'Actions' }, { value: 71 }],
    ]),
  );
  put('xl/media/imageRich.png', PNG);
  put(
    'xl/drawings/drawingRich.xml',
    `${XML}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
      `<xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="3000000" cy="2000000"/>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Graphique 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>` +
      `<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="190500" cy="190500"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Image 2" descr="logo"/><xdr:cNvPicPr/></xdr:nvPicPr>` +
      `<xdr:blipFill><a:blip xmlns:r="${R}" r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`,
  );
  put(
    'xl/drawings/_rels/drawingRich.xml.rels',
    rels([
      ['rId1', 'chart', '../charts/chartRich.xml'],
      ['rId2', 'image', '../media/imageRich.png'],
    ]),
  );
  put(
    'xl/commentsRich.xml',
    `${XML}<comments xmlns="${MAIN}"><authors><author>Coordinatrice</author></authors><commentList>` +
      `<comment ref="B2" authorId="0"><text><r><t>Chiffre validé en COPIL</t></r></text></comment></commentList></comments>`,
  );
  put(
    'xl/drawings/vmlDrawingRich.vml',
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
      `<v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;visibility:hidden" fillcolor="#ffffe1"><v:textbox/>` +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>`,
  );
  put(
    'xl/pivotCache/pivotCacheDefinitionRich.xml',
    `${XML}<pivotCacheDefinition xmlns="${MAIN}" xmlns:r="${R}" r:id="rId1" refreshOnLoad="1" recordCount="2">` +
      `<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Annexe"/></cacheSource><cacheFields count="2">` +
      `<cacheField name="Nom" numFmtId="0"><sharedItems count="2"><s v="Actions"/><s v="Réunions"/></sharedItems></cacheField>` +
      `<cacheField name="Valeur" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" minValue="35.5" maxValue="71"/></cacheField>` +
      `</cacheFields></pivotCacheDefinition>`,
  );
  put(
    'xl/pivotCache/_rels/pivotCacheDefinitionRich.xml.rels',
    rels([['rId1', 'pivotCacheRecords', 'pivotCacheRecordsRich.xml']]),
  );
  put(
    'xl/pivotCache/pivotCacheRecordsRich.xml',
    `${XML}<pivotCacheRecords xmlns="${MAIN}" count="2"><r><x v="0"/><n v="71"/></r><r><x v="1"/><n v="35.5"/></r></pivotCacheRecords>`,
  );
  put(
    'xl/pivotTables/pivotTableRich.xml',
    `${XML}<pivotTableDefinition xmlns="${MAIN}" name="TCD1" cacheId="7" dataCaption="Valeurs" updatedVersion="6" createdVersion="6">` +
      `<location ref="D20:E23" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="2">` +
      `<pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField>` +
      `<pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>` +
      `<dataFields count="1"><dataField name="Somme de Valeur" fld="1" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>`,
  );
  put(
    'xl/pivotTables/_rels/pivotTableRich.xml.rels',
    rels([['rId1', 'pivotCacheDefinition', '../pivotCache/pivotCacheDefinitionRich.xml']]),
  );
  graftAddinSettings(files, palette, addinId);
  addCustomProperties(files, { Territoire: 'Cœur de Lorraine', Version: '3' });
  const overrides: [string, string][] = [
    ['/xl/worksheets/sheetRich.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'],
    ['/xl/tables/tableRich.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml'],
    ['/xl/drawings/drawingRich.xml', 'application/vnd.openxmlformats-officedocument.drawing+xml'],
    ['/xl/charts/chartRich.xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml'],
    ['/xl/commentsRich.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml'],
    [
      '/xl/pivotTables/pivotTableRich.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml',
    ],
    [
      '/xl/pivotCache/pivotCacheDefinitionRich.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml',
    ],
    [
      '/xl/pivotCache/pivotCacheRecordsRich.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml',
    ],
  ];
  let types = text('[Content_Types].xml');
  for (const ext of [
    ['png', 'image/png'],
    ['vml', 'application/vnd.openxmlformats-officedocument.vmlDrawing'],
  ]) {
    if (!new RegExp(`Extension="${ext[0]}"`, 'i').test(types)) {
      types = types.replace('</Types>', `<Default Extension="${ext[0]}" ContentType="${ext[1]}"/></Types>`);
    }
  }
  types = types.replace(
    '</Types>',
    `${overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('')}</Types>`,
  );
  put('[Content_Types].xml', types);
  return zipSync(files);
}

/**
 * The add-in's settings part as Excel writes it (web extension, hidden task pane entry, their
 * relationships and content types), with a setting that is not ours and, when given, the palette.
 */
export function graftAddinSettings(files: Unzipped, palette: Record<string, string> = {}, addinId = ADDIN_ID): void {
  const text = (name: string) => strFromU8(files[name]);
  const put = (name: string, value: string) => {
    files[name] = strToU8(value);
  };
  const props =
    `<we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/>` +
    `<we:property name="AutreReglage" value="&quot;à garder&quot;"/>` +
    (Object.keys(palette).length > 0
      ? `<we:property name="clsSuiviPalette" value="${JSON.stringify(JSON.stringify(palette)).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`
      : '');
  put(
    'xl/webextensions/webextension1.xml',
    `${XML}<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{8D1B3F6E-2C3A-4B5D-9E7F-0A1B2C3D4E5F}">` +
      `<we:reference id="${addinId}" version="1.0.0.0" store="EXCatalog" storeType="EXCatalog"/><we:alternateReferences/>` +
      `<we:properties>${props}</we:properties><we:bindings/><we:snapshot xmlns:r="${R}"/></we:webextension>`,
  );
  put(
    'xl/webextensions/taskpanes.xml',
    `${XML}<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">` +
      `<wetp:taskpane dockstate="right" visibility="1" width="350" row="4"><wetp:webextensionref xmlns:r="${R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
  );
  put(
    'xl/webextensions/_rels/taskpanes.xml.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>`,
  );
  put(
    '_rels/.rels',
    text('_rels/.rels').replace(
      '</Relationships>',
      `<Relationship Id="rIdRichWe" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>`,
    ),
  );
  put(
    '[Content_Types].xml',
    text('[Content_Types].xml').replace(
      '</Types>',
      `<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>` +
        `<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/></Types>`,
    ),
  );
}

/** Any workbook with the add-in's palette saved in it, as Excel saves it. */
export function withAddinPalette(workbook: Uint8Array, palette: Record<string, string>): Uint8Array {
  const files = unzipSync(workbook);
  graftAddinSettings(files, palette);
  return zipSync(files);
}

/** Writes docProps/custom.xml with these text properties, and its relationship and content type. */
export function addCustomProperties(files: Unzipped, properties: Readonly<Record<string, string>>): void {
  files['docProps/custom.xml'] = strToU8(customXml(properties));
  const rels = strFromU8(files['_rels/.rels']);
  if (!rels.includes(RELATIONSHIP.customProperties)) {
    files['_rels/.rels'] = strToU8(
      rels.replace(
        '</Relationships>',
        `<Relationship Id="rIdClsBilanCustom" Type="${RELATIONSHIP.customProperties}" Target="docProps/custom.xml"/></Relationships>`,
      ),
    );
  }
  const types = strFromU8(files['[Content_Types].xml']);
  if (!types.includes('/docProps/custom.xml')) {
    files['[Content_Types].xml'] = strToU8(
      types.replace(
        '</Types>',
        `<Override PartName="/docProps/custom.xml" ContentType="${CONTENT_TYPE.customProperties}"/></Types>`,
      ),
    );
  }
}

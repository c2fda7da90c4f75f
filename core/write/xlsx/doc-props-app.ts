/** The extended properties part (docProps/app.xml): the application that wrote the workbook, cls-bilan and its version, and the sheets' names. */
import { element, escapeText, XML_DECLARATION } from './xml';

const EXTENDED_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties';
const VT_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';

/**
 * `version` is cls-bilan's (package.json), passed in: core reads no file. It goes in Application
 * (« cls-bilan/0.1.0 », as LibreOffice names itself): AppVersion must be « XX.YYYY » (§22.2.2.3).
 */
export function appXml(version: string, sheetNames: readonly string[]): string {
  const lpstr = (text: string) => `<vt:lpstr>${escapeText(text)}</vt:lpstr>`;
  return (
    XML_DECLARATION +
    element(
      'Properties',
      [
        ['xmlns', EXTENDED_NS],
        ['xmlns:vt', VT_NS],
      ],
      `<Application>${escapeText(`cls-bilan/${version}`)}</Application>` +
        '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
        '<HeadingPairs><vt:vector size="2" baseType="variant">' +
        `<vt:variant>${lpstr('Feuilles de calcul')}</vt:variant><vt:variant><vt:i4>${sheetNames.length}</vt:i4></vt:variant>` +
        '</vt:vector></HeadingPairs>' +
        `<TitlesOfParts><vt:vector size="${sheetNames.length}" baseType="lpstr">${sheetNames.map(lpstr).join('')}</vt:vector></TitlesOfParts>` +
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>',
    )
  );
}

/** The core properties part (docProps/core.xml): title, creator cls-bilan, dates of creation and change. */
import { element, escapeText, XML_DECLARATION } from './xml';

/** `2024-03-01T09:30:00Z`, as W3CDTF without milliseconds. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function coreXml(title: string, created: Date): string {
  const when = w3cdtf(created);
  return (
    XML_DECLARATION +
    element(
      'cp:coreProperties',
      [
        ['xmlns:cp', 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties'],
        ['xmlns:dc', 'http://purl.org/dc/elements/1.1/'],
        ['xmlns:dcterms', 'http://purl.org/dc/terms/'],
        ['xmlns:dcmitype', 'http://purl.org/dc/dcmitype/'],
        ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
      ],
      `<dc:title>${escapeText(title)}</dc:title>` +
        '<dc:creator>cls-bilan</dc:creator><cp:lastModifiedBy>cls-bilan</cp:lastModifiedBy>' +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`,
    )
  );
}

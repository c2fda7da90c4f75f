/** The custom properties part (docProps/custom.xml, Fichier > Informations > Propriétés avancées in Excel): the fingerprint that makes convert incremental, and the tool's version. */
import { element, escapeAttribute, escapeText, XML_DECLARATION } from './xml';

/** The format id every custom property carries (ECMA-376 Part 1, §22.3.2.2). */
const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';

/** Text properties, in the order given (pids from 2, as Excel numbers them). */
export function customXml(properties: Readonly<Record<string, string>>): string {
  const body = Object.entries(properties)
    .map(
      ([name, value], i) =>
        `<property fmtid="${FMTID}" pid="${i + 2}" name="${escapeAttribute(name)}"><vt:lpwstr>${escapeText(value)}</vt:lpwstr></property>`,
    )
    .join('');
  return (
    XML_DECLARATION +
    element(
      'Properties',
      [
        ['xmlns', 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties'],
        ['xmlns:vt', 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes'],
      ],
      body,
    )
  );
}

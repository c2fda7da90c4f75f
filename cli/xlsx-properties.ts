/**
 * Custom document properties of a bilan workbook (docProps/custom.xml, shown by Excel in
 * Fichier > Informations > Propriétés avancées), added to the package exceljs wrote: the
 * fingerprint that makes `convert` incremental, and the tool's version.
 */
import { strFromU8, strToU8, type Unzipped } from 'fflate';
import { escapeXml } from './xml-text';

const CUSTOM_CT = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';
const REL_CUSTOM = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties';
/** The format id every custom property carries (ECMA-376 Part 1, 22.3.2.2). */
const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';

/** Writes docProps/custom.xml with these text properties, and its relationship and content type. */
export function addCustomProperties(files: Unzipped, properties: Readonly<Record<string, string>>): void {
  const body = Object.entries(properties)
    .map(
      ([name, value], i) =>
        `<property fmtid="${FMTID}" pid="${i + 2}" name="${escapeXml(name)}"><vt:lpwstr>${escapeXml(value)}</vt:lpwstr></property>`,
    )
    .join('');
  files['docProps/custom.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ` +
      `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${body}</Properties>`,
  );
  const rels = strFromU8(files['_rels/.rels']);
  if (!rels.includes(REL_CUSTOM)) {
    files['_rels/.rels'] = strToU8(
      rels.replace(
        '</Relationships>',
        `<Relationship Id="rIdClsBilanCustom" Type="${REL_CUSTOM}" Target="docProps/custom.xml"/></Relationships>`,
      ),
    );
  }
  const types = strFromU8(files['[Content_Types].xml']);
  if (!types.includes('/docProps/custom.xml')) {
    files['[Content_Types].xml'] = strToU8(
      types.replace('</Types>', `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_CT}"/></Types>`),
    );
  }
}

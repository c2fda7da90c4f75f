/** The content types part (`[Content_Types].xml`, ECMA-376 Part 2 §10.1.2.2): one Override per part we write. */
import { element, XML_DECLARATION } from './xml';

const TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const OFFICE = 'application/vnd.openxmlformats-officedocument';

/** Content types of the parts we write. */
export const CONTENT_TYPE = {
  relationships: 'application/vnd.openxmlformats-package.relationships+xml',
  xml: 'application/xml',
  workbook: `${OFFICE}.spreadsheetml.sheet.main+xml`,
  worksheet: `${OFFICE}.spreadsheetml.worksheet+xml`,
  styles: `${OFFICE}.spreadsheetml.styles+xml`,
  sharedStrings: `${OFFICE}.spreadsheetml.sharedStrings+xml`,
  drawing: `${OFFICE}.drawing+xml`,
  chart: `${OFFICE}.drawingml.chart+xml`,
  coreProperties: 'application/vnd.openxmlformats-package.core-properties+xml',
  extendedProperties: `${OFFICE}.extended-properties+xml`,
  customProperties: `${OFFICE}.custom-properties+xml`,
} as const;

/** `[Content_Types].xml` for these parts (names without the leading slash) and their types. */
export function contentTypesXml(overrides: readonly (readonly [part: string, type: string])[]): string {
  return (
    XML_DECLARATION +
    element(
      'Types',
      [['xmlns', TYPES_NS]],
      element('Default', [
        ['Extension', 'rels'],
        ['ContentType', CONTENT_TYPE.relationships],
      ]) +
        element('Default', [
          ['Extension', 'xml'],
          ['ContentType', CONTENT_TYPE.xml],
        ]) +
        overrides
          .map(([part, type]) =>
            element('Override', [
              ['PartName', `/${part}`],
              ['ContentType', type],
            ]),
          )
          .join(''),
    )
  );
}

/** Relationship parts (`_rels/*.rels`, ECMA-376 Part 2 §9.3): the package's, the workbook's, a sheet's, a drawing's. */
import { element, XML_DECLARATION } from './xml';

const PACKAGE_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Relationship types. */
export const REL = {
  officeDocument: `${OFFICE}/officeDocument`,
  coreProperties: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  extendedProperties: `${OFFICE}/extended-properties`,
  customProperties: `${OFFICE}/custom-properties`,
  worksheet: `${OFFICE}/worksheet`,
  styles: `${OFFICE}/styles`,
  sharedStrings: `${OFFICE}/sharedStrings`,
  drawing: `${OFFICE}/drawing`,
  chart: `${OFFICE}/chart`,
  hyperlink: `${OFFICE}/hyperlink`,
} as const;

export interface Relationship {
  id: string;
  type: string;
  /** Relative to the source part's folder, or a URI for an external target. */
  target: string;
  external?: boolean;
}

/** A relationships part. */
export function relationshipsXml(relationships: readonly Relationship[]): string {
  return (
    XML_DECLARATION +
    element(
      'Relationships',
      [['xmlns', PACKAGE_RELS_NS]],
      relationships
        .map((r) =>
          element('Relationship', [
            ['Id', r.id],
            ['Type', r.type],
            ['Target', r.target],
            ['TargetMode', r.external ? 'External' : undefined],
          ]),
        )
        .join(''),
    )
  );
}

/** The relationships part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

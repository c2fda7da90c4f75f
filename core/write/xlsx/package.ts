/** The xlsx writer's entry point: a workbook layout → the bytes of a new package, each part deflated as it is written (rows streamed), by fflate or by the host's own deflater (useHostDeflate). */
import { type AsyncFlateStreamHandler, strToU8, Zip, ZipDeflate, type ZipInputFile } from 'fflate';
import { crc32 } from '../../base/crc32';
import { concatBytes } from '../../base/bytes';
import type { WorkbookLayout } from '../../layout/sheet-layout';
import { appXml } from './doc-props-app';
import { coreXml } from './doc-props-core';
import { customXml } from './doc-props-custom';
import { CONTENT_TYPE, contentTypesXml } from './content-types';
import { chartParts } from './drawing';
import { REL, type Relationship, relationshipsXml, relsPathOf } from './rels';
import { SharedStrings } from './strings';
import { StyleTable } from './styles';
import { workbookXml } from './workbook';
import { type WorksheetOptions, writeWorksheet } from './worksheet';
import { PartBytes, type XmlSink } from './part-bytes';

export interface XlsxMeta {
  /** The document's title: core properties, and the printed footer of every sheet. */
  title: string;
  /** Custom document properties (docProps/custom.xml), text values, in this order. */
  properties?: Readonly<Record<string, string>>;
  /** cls-bilan's version, named in docProps/app.xml. */
  version: string;
  /** When the workbook is made (core properties and the zip entries' dates); now by default. */
  created?: Date;
}

/** Deflate level: fflate at 5 takes half the time of 6 for 0.3 % more bytes on a large bilan. */
const LEVEL = 5;

/**
 * Raw DEFLATE (RFC 1951) of a whole part, done by the host away from this thread (Node's zlib in its
 * thread pool): the next part is written while this one is compressed. `data` is the part's own
 * copy, left untouched until the promise settles.
 */
export type RawDeflate = (data: Uint8Array, level: number) => Promise<Uint8Array<ArrayBuffer>>;

/** The host's deflater (Node's zlib), when it gave one; fflate's otherwise. */
let hostDeflate: RawDeflate | null = null;

/**
 * Has the packages written from now on deflated by the host's own deflater (Node's native zlib is
 * about four times faster than fflate, for slightly fewer bytes, and works on other threads); null
 * goes back to fflate, in this thread. The parts are the same either way, only their compressed
 * bytes differ. The page keeps fflate.
 */
export function useHostDeflate(deflate: RawDeflate | null): void {
  hostDeflate = deflate;
}

/**
 * A zip entry deflated in one go by the host's deflater: its whole bytes, pushed once; `deflated`
 * settles once the zip has them. Its CRC comes from core/base/crc32.ts, the host's own when it gave
 * one (fflate's entries compute theirs in JavaScript).
 */
class HostDeflatedPart implements ZipInputFile {
  readonly compression = 8;
  /** General purpose flags: the deflate option bits, as fflate sets them for LEVEL. */
  readonly flag = deflateOptionBits(LEVEL);
  crc = 0;
  size = 0;
  mtime?: Date;
  ondata?: AsyncFlateStreamHandler;
  deflated: Promise<void> = Promise.resolve();

  constructor(
    readonly filename: string,
    private readonly deflate: RawDeflate,
  ) {}

  push(data: Uint8Array, final: boolean): void {
    const ondata = this.ondata;
    if (!final || !ondata) throw new Error('A part deflated by the host is pushed whole, in one chunk, once added.');
    this.size = data.length;
    this.crc = crc32(data);
    // fflate's Zip takes the entries' bytes in any order and writes them in the order they were added.
    this.deflated = this.deflate(data, LEVEL).then((bytes) => ondata(null, bytes, true));
  }
}

/** Bits 1-2 of a deflated entry's flags: 3 fastest, 2 fast, 1 maximum, 0 normal compression. */
function deflateOptionBits(level: number): number {
  if (level === 1) return 3;
  if (level < 6) return 2;
  return level === 9 ? 1 : 0;
}

/** A zip being written part after part, each encoded whole, then deflated in one go. */
class PackageZip {
  private readonly out: Uint8Array[] = [];
  private readonly zip: Zip;
  private readonly text = new PartBytes();
  /** The host's compressions under way. */
  private readonly deflating: Promise<void>[] = [];

  constructor(private readonly mtime: Date) {
    this.zip = new Zip((err, data) => {
      if (err) throw err;
      this.out.push(data);
    });
  }

  /** A part from its text, or from a function writing it piece by piece (a worksheet, row by row). */
  part(name: string, xml: string | ((sink: XmlSink) => void)): void {
    const file = hostDeflate ? new HostDeflatedPart(name, hostDeflate) : new ZipDeflate(name, { level: LEVEL });
    file.mtime = this.mtime;
    this.zip.add(file);
    let bytes: Uint8Array;
    if (typeof xml === 'string') bytes = strToU8(xml);
    else {
      // One buffer for every part, grown to the largest: fflate compresses each part before the
      // next is written; the host gets a copy, since it compresses while the next is written.
      this.text.clear();
      xml(this.text);
      bytes = file instanceof HostDeflatedPart ? this.text.bytes().slice() : this.text.bytes();
    }
    file.push(bytes, true);
    if (file instanceof HostDeflatedPart) this.deflating.push(file.deflated);
  }

  async bytes(): Promise<Uint8Array> {
    await Promise.all(this.deflating);
    this.zip.end();
    return concatBytes(this.out);
  }
}

/**
 * The workbook of a layout as an .xlsx package: one worksheet per sheet (text in shared strings),
 * the one style table, the charts and their drawings, print titles, and the document properties.
 * Host-neutral: no Node built-in, the same in a browser.
 */
export function writeXlsx(layout: WorkbookLayout, meta: XlsxMeta): Promise<Uint8Array> {
  const created = meta.created ?? new Date();
  const zip = new PackageZip(created);
  const styles = new StyleTable();
  const strings = new SharedStrings();
  const sheets = layout.sheets.map((sheet, i) => ({
    sheet,
    part: `xl/worksheets/sheet${i + 1}.xml`,
    relId: `rId${i + 1}`,
  }));
  // Charts are numbered in sheet order.
  let charts = 0;
  const chartOf = sheets.map(({ sheet }) => (sheet.chart ? ++charts : 0));

  const types: [string, string][] = [
    ['xl/workbook.xml', CONTENT_TYPE.workbook],
    ...sheets.map(({ part }): [string, string] => [part, CONTENT_TYPE.worksheet]),
    ...chartOf.flatMap((n): [string, string][] =>
      n > 0
        ? [
            [`xl/drawings/drawing${n}.xml`, CONTENT_TYPE.drawing],
            [`xl/charts/chart${n}.xml`, CONTENT_TYPE.chart],
          ]
        : [],
    ),
    ['xl/sharedStrings.xml', CONTENT_TYPE.sharedStrings],
    ['xl/styles.xml', CONTENT_TYPE.styles],
    ['docProps/core.xml', CONTENT_TYPE.coreProperties],
    ['docProps/app.xml', CONTENT_TYPE.extendedProperties],
  ];
  if (meta.properties) types.push(['docProps/custom.xml', CONTENT_TYPE.customProperties]);
  zip.part('[Content_Types].xml', contentTypesXml(types));

  const packageRels: Relationship[] = [
    { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml' },
    { id: 'rId2', type: REL.coreProperties, target: 'docProps/core.xml' },
    { id: 'rId3', type: REL.extendedProperties, target: 'docProps/app.xml' },
  ];
  if (meta.properties) packageRels.push({ id: 'rId4', type: REL.customProperties, target: 'docProps/custom.xml' });
  zip.part('_rels/.rels', relationshipsXml(packageRels));
  zip.part(
    'docProps/app.xml',
    appXml(
      meta.version,
      layout.sheets.map((s) => s.name),
    ),
  );
  zip.part('docProps/core.xml', coreXml(meta.title, created));
  if (meta.properties) zip.part('docProps/custom.xml', customXml(meta.properties));

  zip.part(
    'xl/workbook.xml',
    workbookXml(sheets.map(({ sheet, relId }) => ({ name: sheet.name, relId, printTitleRow: sheet.printTitleRow }))),
  );
  const n = sheets.length;
  zip.part(
    'xl/_rels/workbook.xml.rels',
    relationshipsXml([
      ...sheets.map(({ relId }, i) => ({ id: relId, type: REL.worksheet, target: `worksheets/sheet${i + 1}.xml` })),
      { id: `rId${n + 1}`, type: REL.styles, target: 'styles.xml' },
      { id: `rId${n + 2}`, type: REL.sharedStrings, target: 'sharedStrings.xml' },
    ]),
  );

  sheets.forEach(({ sheet, part }, i) => {
    const chart = chartOf[i];
    // The drawing first (rId1), then one relationship per distinct link target.
    const rels: Relationship[] =
      chart > 0 ? [{ id: 'rId1', type: REL.drawing, target: `../drawings/drawing${chart}.xml` }] : [];
    const linkIds = new Map<string, string>();
    const options: WorksheetOptions = {
      styleOf: styles.xfOf,
      strings,
      hyperlinkRelId: (target) => {
        let id = linkIds.get(target);
        if (id === undefined) {
          id = `rId${rels.length + 1}`;
          linkIds.set(target, id);
          rels.push({ id, type: REL.hyperlink, target, external: true });
        }
        return id;
      },
      drawingRelId: chart > 0 ? 'rId1' : null,
      footerTitle: meta.title,
      selected: i === 0,
    };
    zip.part(part, (sink) => writeWorksheet(sheet, options, sink));
    if (rels.length > 0) zip.part(relsPathOf(part), relationshipsXml(rels));
    if (sheet.chart) {
      const made = chartParts(sheet.chart, sheet.name, sheet.rows, chart);
      for (const [path, xml] of Object.entries(made.parts)) zip.part(path, xml);
    }
  });

  zip.part('xl/sharedStrings.xml', (sink) => strings.write(sink));
  zip.part('xl/styles.xml', styles.xml());
  return zip.bytes();
}

/**
 * A deterministic corpus of damaged and hostile workbooks, built from the samples: every file a
 * reader of untrusted bytes must survive with a clear French error or a correct reading, never a
 * crash, a hang or raw JavaScript text. Mutations at the level of bytes (flips, cuts) and of the
 * package (parts removed, XML cut or altered, `r` attributes dropped, indexes past the end, entity
 * tricks, zip-slip names), plus hand-made hostile cases: a part that inflates far beyond what the
 * zip declares, a merge over the whole sheet, a column range to 99,999,999, 50,000 merges, 10,000
 * rows sharing one code, 2,000 distinct 30,000-character states.
 */
import { concatBytes } from '../core/base/bytes';
import { Deflate, deflateSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { crc32 } from '../core/base/crc32';

/** Text that must never reach a user: JavaScript errors, errnos, stack lines. */
export const RAW_TEXT =
  /TypeError|RangeError|SyntaxError|ReferenceError|Cannot read|undefined|is not a function|\bNaN\b|ENOENT|EACCES|EEXIST|EISDIR|ENAMETOOLONG|\bat \S+ \(|\[object /;

export interface FuzzCase {
  name: string;
  bytes: Uint8Array;
  /** What was done to it, for messages. */
  mutation: string;
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATE = new Date(Date.UTC(2024, 0, 15));

function zip(files: Record<string, Uint8Array>): Uint8Array {
  const input: Zippable = {};
  for (const [name, data] of Object.entries(files)) input[name] = [data, { mtime: DATE }];
  return zipSync(input);
}

type Parts = Record<string, Uint8Array>;
type Mutation = (parts: Parts, random: () => number) => string;

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}

function xmlParts(parts: Parts): string[] {
  return Object.keys(parts).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
}

function edit(parts: Parts, name: string, change: (xml: string) => string): void {
  parts[name] = strToU8(change(strFromU8(parts[name])));
}

function firstSheet(parts: Parts): string {
  return Object.keys(parts).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)) ?? 'xl/worksheets/sheet1.xml';
}

const PACKAGE_MUTATIONS: readonly Mutation[] = [
  (parts, random) => {
    const name = pick(Object.keys(parts), random);
    delete parts[name];
    return `partie supprimée : ${name}`;
  },
  (parts, random) => {
    const name = pick(xmlParts(parts), random);
    edit(parts, name, (xml) => xml.slice(0, Math.floor(random() * xml.length)));
    return `XML coupé : ${name}`;
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) => xml.replace(/<c r="[A-Z]+\d+"/g, '<c').replace(/<row r="\d+"/g, '<row'));
    return 'cellules et lignes sans attribut r';
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) => xml.replace(/(<c [^>]*t="s"[^>]*>)<v>\d+<\/v>/g, '$1<v>999999</v>'));
    return 'index de chaîne partagée au-delà de la fin';
  },
  (parts, random) => {
    const name = pick(xmlParts(parts), random);
    edit(parts, name, (xml) =>
      xml.replace(
        /^(<\?xml[^>]*\?>)?/,
        `$1<!DOCTYPE x [<!ENTITY a "${'a'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`,
      ),
    );
    return `entités XML : ${name}`;
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) => xml.replace(/ s="\d+"/g, ' s="999999"').replace(/ t="s"/, ' t="x"'));
    return 'styles et types de cellule invalides';
  },
  (parts, random) => {
    const name = pick(xmlParts(parts), random);
    edit(parts, name, (xml) => {
      const at = Math.floor(random() * xml.length);
      return `${xml.slice(0, at)}${pick(['<', '>', '&', '"', '\u0000', '</x>', '<y>', '&#0;', '&zz;'], random)}${xml.slice(at)}`;
    });
    return `caractère inséré : ${name}`;
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) =>
      xml.includes('<mergeCells')
        ? xml.replace(/<mergeCells[^>]*>/, '$&<mergeCell ref="A1:XFD1048576"/>')
        : xml.replace(
            '</sheetData>',
            '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
          ),
    );
    return 'fusion de toute la feuille';
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) =>
      xml.includes('<cols>')
        ? xml.replace('<cols>', '<cols><col min="1" max="99999999" hidden="1"/>')
        : xml.replace('<sheetData', '<cols><col min="1" max="99999999" hidden="1"/></cols><sheetData'),
    );
    return 'plage de colonnes jusqu’à 99 999 999';
  },
  (parts) => {
    const sheet = firstSheet(parts);
    edit(parts, sheet, (xml) =>
      xml.replace(
        '</sheetData>',
        '</sheetData><conditionalFormatting sqref="A1:Z999"><cfRule type="cellIs" dxfId="42" priority="1" operator="equal"><formula>"En cours"</formula></cfRule></conditionalFormatting>',
      ),
    );
    return 'mise en forme conditionnelle sans dxf';
  },
  (parts) => {
    const name = 'xl/../../evil.xml';
    parts[name] = strToU8('<x/>');
    return 'nom de partie avec ../';
  },
  (parts) => {
    edit(parts, 'xl/workbook.xml', (xml) => xml.replace(/name="[^"]*"/, `name="${'N'.repeat(40)}"`));
    return 'nom de feuille de 40 caractères';
  },
];

function byteMutation(bytes: Uint8Array, random: () => number): { bytes: Uint8Array; mutation: string } {
  const out = new Uint8Array(bytes);
  if (random() < 0.3) {
    const cut = Math.floor(random() * bytes.length);
    return { bytes: out.subarray(0, cut), mutation: `coupé à ${cut} octets` };
  }
  const flips = 1 + Math.floor(random() * 8);
  for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)] ^= 1 + Math.floor(random() * 255);
  return { bytes: out, mutation: `${flips} octet(s) modifié(s)` };
}

/** `count` mutated copies of the given workbooks, the same for the same seed. */
export function mutatedWorkbooks(
  sources: readonly { name: string; bytes: Uint8Array }[],
  count: number,
  seed = 20261124,
): FuzzCase[] {
  const random = prng(seed);
  const out: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const stem = source.name.replace(/\.\w+$/, '');
    if (random() < 0.35) {
      const { bytes, mutation } = byteMutation(source.bytes, random);
      out.push({ name: `${stem}-${i}.xlsx`, bytes, mutation });
      continue;
    }
    const parts = unzipSync(source.bytes) as Parts;
    const mutation = pick(PACKAGE_MUTATIONS, random)(parts, random);
    out.push({ name: `${stem}-${i}.xlsx`, bytes: zip(parts), mutation });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hand-made hostile workbooks

function workbookParts(sheetXml: string, sharedStrings: readonly string[] = []): Parts {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        '<sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '</Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sharedStrings
        .map((t) => `<si><t>${escape(t)}</t></si>`)
        .join('')}</sst>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sheetXml}</worksheet>`,
    ),
  };
}

const HEADER_ROW =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>Actions</t></is></c><c r="B1" t="inlineStr"><is><t>N°</t></is></c>' +
  '<c r="C1" t="inlineStr"><is><t>Etat d\'avancement</t></is></c></row>';

function rowsOf(n: number, cells: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`<row r="${i + 2}">${cells(i)}</row>`);
  return out.join('');
}

/** The zip's central directory declares `declared` bytes for every entry, whatever they inflate to. */
function underDeclared(bytes: Uint8Array, declared: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, declared, true);
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, declared, true);
  }
  return out;
}

/** A workbook whose sheet inflates to `megabytes` MB of rows, deflated piece by piece (never held whole). */
function bomb(megabytes: number): Uint8Array {
  const parts = workbookParts('<sheetData>@</sheetData>');
  const [before, after] = strFromU8(parts['xl/worksheets/sheet1.xml']).split('@');
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => chunks.push(chunk));
  deflate.push(strToU8(before + HEADER_ROW));
  const row = strToU8('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(1300));
  for (let written = 0; written < megabytes * 1024 * 1024; written += row.length) deflate.push(row);
  deflate.push(strToU8(after), true);
  const sheet = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    sheet.set(c, at);
    at += c.length;
  }
  delete parts['xl/worksheets/sheet1.xml'];
  const others = zip(parts);
  return appendDeflated(others, 'xl/worksheets/sheet1.xml', sheet);
}

/** Adds an already deflated entry to a zip (its declared sizes are patched by the caller). */
function appendDeflated(archive: Uint8Array, name: string, deflated: Uint8Array): Uint8Array {
  const entries = unzipSync(archive);
  // Rebuild by hand: local headers, data, central directory, end record.
  const files: { name: Uint8Array; data: Uint8Array; method: number; crc: number; size: number }[] = [];
  for (const [n, data] of Object.entries(entries)) {
    const c = deflateSync(data);
    files.push({ name: strToU8(n), data: c, method: 8, crc: crc32(data), size: data.length });
  }
  files.push({ name: strToU8(name), data: deflated, method: 8, crc: 0, size: 0 });
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const local = new Uint8Array(30 + f.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, f.method, true);
    lv.setUint32(14, f.crc, true);
    lv.setUint32(18, f.data.length, true);
    lv.setUint32(22, f.size, true);
    lv.setUint16(26, f.name.length, true);
    local.set(f.name, 30);
    const cd = new Uint8Array(46 + f.name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, f.method, true);
    cv.setUint32(16, f.crc, true);
    cv.setUint32(20, f.data.length, true);
    cv.setUint32(24, f.size, true);
    cv.setUint16(28, f.name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(f.name, 46);
    chunks.push(local, f.data);
    central.push(cd);
    offset += local.length + f.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concatBytes([...chunks, ...central, end]);
}

/** A table of `count` actions, each with its own state of 30,000 characters: slow to read, linearly in `count`. */
export function longStatesWorkbook(count: number): Uint8Array {
  const long: string[] = [];
  for (let i = 0; i < count; i++) long.push(`${i} `.padEnd(30_000, 'état inconnu '));
  return zip(
    workbookParts(
      `<sheetData>${HEADER_ROW}${rowsOf(count, (i) => `<c r="A${i + 2}" t="inlineStr"><is><t>Action ${i}</t></is></c><c r="C${i + 2}" t="s"><v>${i}</v></c>`)}</sheetData>`,
      long,
    ),
  );
}

export function hostileWorkbooks(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  // A sheet that inflates to 256 MB while the zip says 1 KB.
  cases.push({
    name: 'bombe-sous-declaree.xlsx',
    bytes: underDeclared(bomb(256), 1024),
    mutation: 'une feuille qui se décompresse bien au-delà de la taille annoncée',
  });
  cases.push({
    name: 'fusion-toute-la-feuille.xlsx',
    bytes: zip(
      workbookParts(
        `<sheetData>${HEADER_ROW}${rowsOf(20, (i) => `<c r="A${i + 2}" t="inlineStr"><is><t>Action ${i}</t></is></c><c r="C${i + 2}" t="inlineStr"><is><t>En cours</t></is></c>`)}</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`,
      ),
    ),
    mutation: 'une fusion A1:XFD1048576',
  });
  cases.push({
    name: 'colonnes-99999999.xlsx',
    bytes: zip(
      workbookParts(
        `<cols><col min="1" max="99999999" hidden="1"/></cols><sheetData>${HEADER_ROW}${rowsOf(5, (i) => `<c r="A${i + 2}" t="inlineStr"><is><t>Action ${i}</t></is></c><c r="C${i + 2}" t="inlineStr"><is><t>En cours</t></is></c>`)}</sheetData>`,
      ),
    ),
    mutation: '<col min="1" max="99999999">',
  });
  const merges: string[] = [];
  for (let i = 0; i < 50_000; i++) merges.push(`<mergeCell ref="D${i + 2}:E${i + 2}"/>`);
  cases.push({
    name: '50000-fusions.xlsx',
    bytes: zip(
      workbookParts(
        `<sheetData>${HEADER_ROW}${rowsOf(50_000, (i) => `<c r="A${i + 2}" t="inlineStr"><is><t>Action ${i}</t></is></c><c r="C${i + 2}" t="inlineStr"><is><t>En cours</t></is></c>`)}</sheetData><mergeCells count="50000">${merges.join('')}</mergeCells>`,
      ),
    ),
    mutation: '50 000 fusions',
  });
  cases.push({
    name: '10000-lignes-meme-numero.xlsx',
    bytes: zip(
      workbookParts(
        `<sheetData>${HEADER_ROW}${rowsOf(10_000, (i) => `<c r="A${i + 2}" t="inlineStr"><is><t>Action numéro ${i}</t></is></c><c r="B${i + 2}" t="inlineStr"><is><t>1.1.1</t></is></c><c r="C${i + 2}" t="inlineStr"><is><t>En cours</t></is></c>`)}</sheetData>`,
      ),
    ),
    mutation: '10 000 lignes avec le même numéro',
  });
  cases.push({
    name: 'etats-de-30000-caracteres.xlsx',
    bytes: longStatesWorkbook(2_000),
    mutation: '2 000 états distincts de 30 000 caractères',
  });
  cases.push({
    name: 'cellules-sans-r.xlsx',
    bytes: zip(
      workbookParts(
        `<sheetData><row><c t="inlineStr"><is><t>Actions</t></is></c><c t="inlineStr"><is><t>N°</t></is></c><c t="inlineStr"><is><t>Etat</t></is></c></row>${'<row><c t="inlineStr"><is><t>Acquérir un bus</t></is></c><c t="inlineStr"><is><t>1.1.1</t></is></c><c t="inlineStr"><is><t>En cours</t></is></c></row>'.repeat(3)}</sheetData>`,
      ),
    ),
    mutation: 'cellules et lignes sans attribut r (permis par OOXML)',
  });
  return cases;
}

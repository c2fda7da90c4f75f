/**
 * Checks run on workbook bytes before any parsing: they recognise what a user may hand us instead
 * of an .xlsx (an old .xls, down to Excel 2–4's, a password-protected file, a CSV renamed .xlsx, a
 * LibreOffice .ods or flat .fods, a Word document, a truncated download, a zip bomb) and throw a
 * ClsError whose French message names the file and says what to do. The workbook part is the one
 * the package's relationships name, as the reader finds it. Host-neutral: works on Uint8Array, no
 * Node built-ins.
 */
import { unzipSync } from 'fflate';
import { ClsError, type ClsErrorCode } from '../../base/errors';
import { openCompoundFile } from './cfb';
import { decodeXml, XmlDecoder } from './xml-decode';
import { resolvePath } from './zip-reader';

/** Default ceiling on the sum of the declared uncompressed sizes of the zip entries. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/** Entries we decompress ourselves (theme, relationships, mimetype) are small; refuse odd giants. */
const MAX_SMALL_ENTRY_BYTES = 16 * 1024 * 1024;

export const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
/** A spreadsheet, or its template (.ots). */
const ODS_MIMETYPE = /^application\/vnd\.oasis\.opendocument\.spreadsheet(?:-template)?$/;
const DEFAULT_WORKBOOK_PATH = 'xl/workbook.xml';

export interface SafetyLimits {
  maxUncompressedBytes?: number;
  /** False: do not read the theme (a reader that reads it itself, with its own byte budget). */
  readTheme?: boolean;
}

export interface WorkbookCheck {
  /** Text of the workbook's colour theme (usually xl/theme/theme1.xml), null when it has none. */
  themeXml: string | null;
  /** Sum of the declared uncompressed sizes of all entries. */
  uncompressedBytes: number;
}

interface ZipEntryInfo {
  name: string;
  originalSize: number;
}

/** Throws a ClsError when the bytes are not a readable .xlsx; otherwise returns its theme. */
export function checkWorkbookBytes(bytes: Uint8Array, fileName: string, limits?: SafetyLimits): WorkbookCheck {
  if (bytes.length === 0) {
    fail(
      'EMPTY_FILE',
      fileName,
      `« ${fileName} » est vide (0 octet). Vérifiez que le bon fichier a été choisi, ou copiez-le à nouveau depuis l'original.`,
    );
  }
  if (startsWith(bytes, OLE_MAGIC)) failOle(bytes, fileName);
  if (looksLikeBiff(bytes)) failOldBiff(bytes, fileName);
  if (!looksLikeZip(bytes)) {
    if (isFlatOds(bytes)) failOds(fileName, 'fods');
    if (looksLikeText(bytes)) {
      fail(
        'TEXT_FILE',
        fileName,
        `« ${fileName} » n'est pas un classeur Excel mais un fichier texte (par exemple un export CSV renommé en .xlsx). ` +
          `Ouvrez-le dans Excel, puis « Fichier > Enregistrer sous » en choisissant le type « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`,
      );
    }
    fail(
      'NOT_ZIP',
      fileName,
      `« ${fileName} » n'est pas un classeur Excel .xlsx (ni un ancien classeur .xls). ` +
        `Vérifiez qu'il s'agit du bon fichier ; si Excel parvient à l'ouvrir, enregistrez-le au format « Classeur Excel (*.xlsx) » et réessayez.`,
    );
  }
  const entries = listZipEntries(bytes, fileName);
  const names = new Set(entries.map((e) => e.name));
  const uncompressedBytes = entries.reduce((sum, e) => sum + e.originalSize, 0);
  const maxBytes = limits?.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  if (uncompressedBytes > maxBytes) {
    fail(
      'TOO_LARGE',
      fileName,
      `« ${fileName} » est trop volumineux une fois décompressé (${formatBytes(uncompressedBytes)}, pour une limite de ${formatBytes(maxBytes)}). ` +
        `Supprimez les feuilles, images ou lignes inutiles (ou découpez le classeur), enregistrez-le puis réessayez.`,
    );
  }
  const main = workbookPart(bytes, entries, names);
  if (!main) failNotXlsx(bytes, entries, names, fileName);
  const themeXml = limits?.readTheme === false ? null : readThemeXml(bytes, entries, main, fileName);
  return { themeXml, uncompressedBytes };
}

/**
 * The workbook part, as the reader finds it: the target of the package's officeDocument
 * relationship (`_rels/.rels`), else xl/workbook.xml; null when neither is a workbook part of the
 * package (a Word document's relationships name word/document.xml, an .xlsb's a .bin part).
 */
function workbookPart(bytes: Uint8Array, entries: ZipEntryInfo[], names: Set<string>): string | null {
  let rels: string | null = null;
  try {
    rels = readEntryText(bytes, entries, '_rels/.rels');
  } catch {
    rels = null;
  }
  const target = officeDocumentTarget(rels);
  const found = target && names.has(target) ? target : names.has(DEFAULT_WORKBOOK_PATH) ? DEFAULT_WORKBOOK_PATH : null;
  if (!found || /\.bin$/i.test(found) || found === 'word/document.xml' || found === 'ppt/presentation.xml') return null;
  return found;
}

/** The target of the officeDocument relationship of `_rels/.rels`, resolved from the package root. */
export function officeDocumentTarget(relsXml: string | null): string | null {
  for (const { type, target } of relationships(relsXml)) {
    if (/\/officeDocument$/.test(type)) return resolvePath('', target);
  }
  return null;
}

function relationships(relsXml: string | null): { type: string; target: string }[] {
  if (!relsXml) return [];
  const out: { type: string; target: string }[] = [];
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const type = /\bType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? '';
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (target && !/\bTargetMode\s*=\s*["']External["']/.test(tag)) out.push({ type, target });
  }
  return out;
}

function fail(code: ClsErrorCode, fileName: string, message: string): never {
  throw new ClsError({ code, message, file: fileName });
}

/** Whether an OLE compound file holds an encrypted OOXML package (streams EncryptionInfo, EncryptedPackage). */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, OLE_MAGIC) && (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo'))
  );
}

/** The error for a workbook encrypted with a password of its own (not Excel's default one). */
export function encryptedError(fileName: string): ClsError {
  return new ClsError({
    code: 'ENCRYPTED',
    file: fileName,
    message:
      `« ${fileName} » est protégé par un mot de passe et ne peut pas être lu. ` +
      `Ouvrez-le dans Excel, retirez le mot de passe (« Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe », puis videz le champ), ` +
      `enregistrez une copie et utilisez cette copie.`,
  });
}

/** An OLE compound file: a password-protected .xlsx, a legacy Excel 97-2003 .xls, or an old Word or PowerPoint file. */
function failOle(bytes: Uint8Array, fileName: string): never {
  if (isEncryptedPackage(bytes)) throw encryptedError(fileName);
  // The streams at the root say what the file is (when its directory can be read).
  const streams = openCompoundFile(bytes)?.rootStreams() ?? [];
  const other = streams.includes('WordDocument')
    ? 'un document Word 97-2003 (.doc)'
    : streams.includes('PowerPoint Document')
      ? 'une présentation PowerPoint 97-2003 (.ppt)'
      : null;
  if (other && !streams.includes('Workbook') && !streams.includes('Book')) {
    fail(
      'NOT_XLSX',
      fileName,
      `« ${fileName} » n'est pas un classeur Excel .xlsx : c'est ${other}. ` +
        `Vérifiez qu'il s'agit du bon fichier ; s'il s'ouvre dans Excel, enregistrez-le au format « Classeur Excel (*.xlsx) » et réessayez.`,
    );
  }
  fail(
    'LEGACY_XLS',
    fileName,
    `« ${fileName} » est au format Excel 97-2003 (.xls), qui n'est pas pris en charge. ` +
      `Ouvrez-le dans Excel, puis « Fichier > Enregistrer sous » en choisissant « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`,
  );
}

/**
 * A BIFF stream at byte 0, outside any OLE container: the BOF record of Excel 2 (0x0009), 3
 * (0x0209) or 4 (0x0409), or of Excel 5 and later (0x0809) written bare, with its length (4 to 20
 * bytes) and a sheet type the record knows.
 */
function looksLikeBiff(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x09 || ![0x00, 0x02, 0x04, 0x08].includes(bytes[1])) return false;
  const length = bytes[2] | (bytes[3] << 8);
  return length >= 4 && length <= 20 && bytes.length >= 4 + length;
}

/** Excel 2, 3 or 4 (before 1993), or a bare Excel 5–2003 stream: a very old format, to save again. */
function failOldBiff(bytes: Uint8Array, fileName: string): never {
  const version = bytes[1] === 0x00 ? 'Excel 2' : bytes[1] === 0x02 ? 'Excel 3' : bytes[1] === 0x04 ? 'Excel 4' : null;
  fail(
    'LEGACY_XLS',
    fileName,
    version
      ? `« ${fileName} » est un classeur ${version} (un format Excel très ancien, antérieur à 1993), qui n'est pas pris en charge. ` +
          `Ouvrez-le dans LibreOffice Calc (ou dans Excel, qui peut bloquer ces anciens formats par défaut), ` +
          `puis « Fichier > Enregistrer sous » en choisissant « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`
      : `« ${fileName} » est un classeur Excel d'un format ancien (Excel 5.0 à 2003), qui n'est pas pris en charge. ` +
          `Ouvrez-le dans Excel ou LibreOffice Calc, puis « Fichier > Enregistrer sous » en choisissant « Classeur Excel (*.xlsx) », ` +
          `et utilisez ce nouveau fichier.`,
  );
}

/**
 * A LibreOffice / OpenOffice workbook (the readers read it through code ODS): a packaged .ods, or a
 * flat .fods (one XML file).
 */
function failOds(fileName: string, kind: 'ods' | 'fods'): never {
  fail(
    'ODS',
    fileName,
    `« ${fileName} » est un classeur LibreOffice / OpenOffice (${kind === 'ods' ? '.ods' : '.fods, XML à plat'}), pas un classeur Excel. ` +
      `Ouvrez-le dans LibreOffice Calc (ou Excel), puis « Enregistrer sous » au format « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`,
  );
}

/** A flat OpenDocument spreadsheet: an XML document whose root `office:document` says it is one. */
function isFlatOds(bytes: Uint8Array): boolean {
  const pieces: string[] = [];
  try {
    const head = 16 * 1024;
    new XmlDecoder((t) => pieces.push(t)).push(bytes.subarray(0, head), bytes.length <= head);
  } catch {
    return false;
  }
  const head = pieces.join('');
  const root = /<(?:[\w.-]+:)?document\b[^>]*>/.exec(head)?.[0];
  const mimetype = root ? /\bmimetype\s*=\s*["']([^"']*)["']/.exec(root)?.[1] : undefined;
  return mimetype !== undefined && ODS_MIMETYPE.test(mimetype.trim());
}

function failNotXlsx(bytes: Uint8Array, entries: ZipEntryInfo[], names: Set<string>, fileName: string): never {
  const manifest = names.has('META-INF/manifest.xml') ? safeEntryText(bytes, entries, 'META-INF/manifest.xml') : null;
  const mimetype = safeEntryText(bytes, entries, 'mimetype')?.trim() ?? manifestMediaType(manifest);
  if (mimetype && ODS_MIMETYPE.test(mimetype) && (names.has('content.xml') || manifest)) {
    if (manifest && /<(?:[\w.-]+:)?(?:encryption-data|encrypted-key)\b/.test(manifest)) {
      fail(
        'ENCRYPTED',
        fileName,
        `« ${fileName} » est un classeur LibreOffice (.ods) protégé par un mot de passe : il ne peut pas être lu. ` +
          `Ouvrez-le dans LibreOffice Calc, puis « Fichier > Enregistrer sous » en décochant « Enregistrer avec mot de passe », ` +
          `et utilisez cette copie.`,
      );
    }
    failOds(fileName, 'ods');
  }
  const what = names.has('word/document.xml')
    ? 'un document Word'
    : names.has('ppt/presentation.xml')
      ? 'une présentation PowerPoint'
      : names.has('xl/workbook.bin')
        ? 'un classeur Excel binaire (.xlsb)'
        : 'une archive qui ne contient pas de classeur Excel';
  fail(
    'NOT_XLSX',
    fileName,
    `« ${fileName} » n'est pas un classeur Excel .xlsx : c'est ${what}. ` +
      `Vérifiez qu'il s'agit du bon fichier ; s'il s'ouvre dans Excel, enregistrez-le au format « Classeur Excel (*.xlsx) » et réessayez.`,
  );
}

/** Names and declared sizes of all entries, read from the central directory without inflating anything. */
function listZipEntries(bytes: Uint8Array, fileName: string): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter(file) {
        entries.push({ name: file.name, originalSize: file.originalSize });
        return false;
      },
    });
  } catch {
    failTruncated(fileName);
  }
  return entries;
}

function failTruncated(fileName: string): never {
  fail(
    'TRUNCATED_ZIP',
    fileName,
    `« ${fileName} » est incomplet ou endommagé : ce fichier ne peut pas être lu jusqu'au bout. ` +
      `Téléchargez-le ou copiez-le à nouveau depuis l'original (messagerie, espace partagé), puis réessayez.`,
  );
}

/** Decompresses only the named entry (when present and reasonably small) and returns its text. */
function readEntryText(bytes: Uint8Array, entries: ZipEntryInfo[], name: string): string | null {
  const info = entries.find((e) => e.name === name);
  if (!info || info.originalSize > MAX_SMALL_ENTRY_BYTES) return null;
  const files = unzipSync(bytes, { filter: (file) => file.name === name });
  const data = files[name];
  return data ? decodeXml(data) : null;
}

/** readEntryText, null when the entry cannot be inflated or decoded. */
function safeEntryText(bytes: Uint8Array, entries: ZipEntryInfo[], name: string): string | null {
  try {
    return readEntryText(bytes, entries, name);
  } catch {
    return null;
  }
}

/** The media type META-INF/manifest.xml gives the package root (`full-path="/"`). */
function manifestMediaType(manifest: string | null): string | null {
  if (!manifest) return null;
  for (const m of manifest.matchAll(/<(?:[\w.-]+:)?file-entry\b[^>]*>/g)) {
    if (!/\bfull-path\s*=\s*["']\/["']/.test(m[0])) continue;
    return /\bmedia-type\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1]?.trim() ?? null;
  }
  return null;
}

function readThemeXml(bytes: Uint8Array, entries: ZipEntryInfo[], main: string, fileName: string): string | null {
  try {
    const slash = main.lastIndexOf('/');
    const folder = main.slice(0, slash + 1);
    const rels = readEntryText(bytes, entries, `${folder}_rels/${main.slice(slash + 1)}.rels`);
    return readEntryText(bytes, entries, themePathFromRels(rels, folder) ?? `${folder}theme/theme1.xml`);
  } catch {
    return failTruncated(fileName);
  }
}

/** Path of the theme part named by the workbook part's relationships (targets relative to its folder, xl/ as a rule). */
export function themePathFromRels(relsXml: string | null, folder = 'xl/'): string | null {
  for (const { type, target } of relationships(relsXml)) {
    if (/\/theme$/.test(type)) return resolvePath(folder, target);
  }
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** `PK` followed by a local-file, end-of-central-directory or spanning signature. */
function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  const pair = (bytes[2] << 8) | bytes[3];
  return pair === 0x0304 || pair === 0x0506 || pair === 0x0708;
}

/**
 * Text heuristics on the first 8 KB: a Unicode byte-order mark, or no NUL byte and almost no
 * control characters. Bytes above 0x7F are allowed (UTF-8 or Windows-1252 accents in a French CSV).
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return true;
  }
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    const isWhiteSpace = b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;
    if ((b < 0x20 && !isWhiteSpace) || b === 0x7f) control++;
  }
  return control <= sample.length * 0.02;
}

/** Whether the ASCII word occurs encoded as UTF-16LE (how OLE directory entries store names). */
export function containsUtf16(bytes: Uint8Array, word: string): boolean {
  const needle = new Uint8Array(word.length * 2);
  for (let i = 0; i < word.length; i++) needle[i * 2] = word.charCodeAt(i);
  const first = needle[0];
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

/** 1536 → « 1,5 Ko »; French units (octets, Ko, Mo, Go). */
export function formatBytes(n: number): string {
  const units = ['Ko', 'Mo', 'Go'];
  if (n < 1024) return `${n} octet${n > 1 ? 's' : ''}`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown =
    value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1).replace('.', ',');
  return `${shown} ${units[unit]}`;
}

/**
 * Checks run on workbook bytes before any exceljs parsing: they recognise what a user may hand us
 * instead of an .xlsx (an old .xls, a password-protected file, a CSV renamed .xlsx, a LibreOffice
 * .ods, a Word document, a truncated download, a zip bomb) and throw a ClsError whose French message
 * names the file and says what to do. Host-neutral: works on Uint8Array, no Node built-ins.
 */
import { strFromU8, unzipSync } from 'fflate';
import { ClsError, type ClsErrorCode } from '../errors';

/** Default ceiling on the sum of the declared uncompressed sizes of the zip entries. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/** Entries we decompress ourselves (theme, relationships, mimetype) are small; refuse odd giants. */
const MAX_SMALL_ENTRY_BYTES = 16 * 1024 * 1024;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const DEFAULT_THEME_PATH = 'xl/theme/theme1.xml';

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
  if (!looksLikeZip(bytes)) {
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
  if (!names.has('xl/workbook.xml')) failNotXlsx(bytes, entries, names, fileName);
  const themeXml = limits?.readTheme === false ? null : readThemeXml(bytes, entries, fileName);
  return { themeXml, uncompressedBytes };
}

function fail(code: ClsErrorCode, fileName: string, message: string): never {
  throw new ClsError({ code, message, file: fileName });
}

/** An OLE compound file: either a password-protected .xlsx or a legacy Excel 97-2003 .xls. */
function failOle(bytes: Uint8Array, fileName: string): never {
  if (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo')) {
    fail(
      'ENCRYPTED',
      fileName,
      `« ${fileName} » est protégé par un mot de passe et ne peut pas être lu. ` +
        `Ouvrez-le dans Excel, retirez le mot de passe (« Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe », puis videz le champ), ` +
        `enregistrez une copie et utilisez cette copie.`,
    );
  }
  fail(
    'LEGACY_XLS',
    fileName,
    `« ${fileName} » est au format Excel 97-2003 (.xls), qui n'est pas pris en charge. ` +
      `Ouvrez-le dans Excel, puis « Fichier > Enregistrer sous » en choisissant « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`,
  );
}

function failNotXlsx(bytes: Uint8Array, entries: ZipEntryInfo[], names: Set<string>, fileName: string): never {
  if (readMimetype(bytes, entries) === ODS_MIMETYPE) {
    fail(
      'ODS',
      fileName,
      `« ${fileName} » est un classeur LibreOffice / OpenOffice (.ods), pas un classeur Excel. ` +
        `Ouvrez-le dans LibreOffice Calc (ou Excel), puis « Enregistrer sous » au format « Classeur Excel (*.xlsx) », et utilisez ce nouveau fichier.`,
    );
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
  return data ? strFromU8(data) : null;
}

function readMimetype(bytes: Uint8Array, entries: ZipEntryInfo[]): string | null {
  try {
    return readEntryText(bytes, entries, 'mimetype')?.trim() ?? null;
  } catch {
    return null;
  }
}

function readThemeXml(bytes: Uint8Array, entries: ZipEntryInfo[], fileName: string): string | null {
  try {
    const rels = readEntryText(bytes, entries, 'xl/_rels/workbook.xml.rels');
    return readEntryText(bytes, entries, themePathFromRels(rels) ?? DEFAULT_THEME_PATH);
  } catch {
    return failTruncated(fileName);
  }
}

/** Path of the theme part named by xl/_rels/workbook.xml.rels (targets are relative to xl/). */
export function themePathFromRels(relsXml: string | null): string | null {
  if (!relsXml) return null;
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const type = /\bType\s*=\s*"([^"]*)"/.exec(tag)?.[1] ?? '';
    const target = /\bTarget\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    if (target && /\/theme$/.test(type)) {
      return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    }
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

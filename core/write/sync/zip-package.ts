/**
 * A workbook package edited in place: the parts `sync` changes are replaced, added or removed, and
 * every other part is copied as it was, compressed bytes included (its local header, data and
 * data descriptor, and its central directory record with only the offset updated). So an
 * untouched part is byte-identical after a sync, whatever produced the file, and a part we never
 * read is never inflated (a hostile part cannot blow up the memory). The parts we do read go
 * through the core's zip reader, with its inflation budget. Before anything, the bytes pass the
 * safety check of convert and inspect, so that sync refuses a file for what it is.
 */
import { deflateSync, strToU8 } from 'fflate';
import { crc32 } from '../../base/crc32';
import { ClsError } from '../../base/errors';
import { DEFAULT_STREAM_LIMITS } from '../../read/xlsx/limits';
import { decryptWorkbook } from '../../read/xlsx/office-crypto';
import { checkWorkbookBytes, encryptedError, isEncryptedPackage } from '../../read/xlsx/safety';
import { byteBudget, ZipReader } from '../../read/xlsx/zip-reader';

/**
 * The safety check of convert and inspect (core/read/xlsx/safety.ts): an empty file, a CSV, an .xls, an
 * encrypted workbook, a zip bomb or a truncated file are refused for what they are. What sync
 * cannot rewrite although the readers read it (an .ods or .fods, a workbook encrypted with Excel's
 * default password) is refused with sync's own words.
 */
export function checkSyncable(bytes: Uint8Array, fileName: string): void {
  if (isEncryptedPackage(bytes)) {
    if (!decryptWorkbook(bytes)) throw encryptedError(fileName);
    throw new ClsError({
      code: 'SYNC_REFUSED',
      file: fileName,
      message:
        `« ${fileName} » est chiffré avec le mot de passe par défaut d'Excel (« VelvetSweatshop », qu'Excel utilise sans le demander) : ` +
        `« cls-bilan convert » et « inspect » le lisent, mais la synchronisation ne peut pas le réécrire chiffré ; il n'a pas été modifié. ` +
        `Ouvrez-le dans Excel, enregistrez-en une copie (« Fichier > Enregistrer sous », type « Classeur Excel (*.xlsx) »), ` +
        `synchronisez cette copie et continuez à travailler dessus.`,
    });
  }
  try {
    checkWorkbookBytes(bytes, fileName, {
      maxUncompressedBytes: DEFAULT_STREAM_LIMITS.maxInflatedBytes,
      readTheme: false,
    });
  } catch (e) {
    if (!(e instanceof ClsError) || e.code !== 'ODS') throw e;
    throw new ClsError({
      code: 'SYNC_REFUSED',
      file: fileName,
      message:
        `« ${fileName} » est un classeur LibreOffice : la synchronisation n'écrit pour l'instant que dans les classeurs Excel ; ` +
        `il n'a pas été modifié. Enregistrez-en une copie au format Excel (Fichier > Enregistrer sous > Classeur Excel 2007-365 .xlsx), ` +
        `synchronisez cette copie et continuez à travailler dessus ; « cls-bilan convert » lit bien ce classeur.`,
    });
  }
}

interface RawEntry {
  name: string;
  /** The central directory record, as read. */
  central: Uint8Array;
  /** Local header, data and data descriptor, as read. */
  local: Uint8Array;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const DESCRIPTOR_SIG = 0x08074b50;

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function put16(b: Uint8Array, i: number, v: number): void {
  b[i] = v & 0xff;
  b[i + 1] = (v >>> 8) & 0xff;
}

function put32(b: Uint8Array, i: number, v: number): void {
  b[i] = v & 0xff;
  b[i + 1] = (v >>> 8) & 0xff;
  b[i + 2] = (v >>> 16) & 0xff;
  b[i + 3] = (v >>> 24) & 0xff;
}

/** MS-DOS time and date of `when` (the zip's modification stamp of a part we write). */
function dosStamp(when: Date): { time: number; date: number } {
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
    date: ((Math.max(1980, when.getFullYear()) - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
  };
}

export class ZipPackage {
  private readonly entries: RawEntry[] = [];
  /** Parts replaced or added: name → content. */
  private readonly written = new Map<string, Uint8Array>();
  private readonly removed = new Set<string>();
  /** Parts already inflated, as in the file: a part read, patched and set is inflated once. */
  private readonly original = new Map<string, string | null>();
  private readonly reader: ZipReader;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {
    checkSyncable(bytes, fileName);
    this.reader = new ZipReader(bytes, fileName, byteBudget(DEFAULT_STREAM_LIMITS.maxInflatedBytes), () => {
      throw new ClsError({
        code: 'TOO_LARGE',
        file: fileName,
        message: `« ${fileName} » est trop volumineux une fois décompressé pour être synchronisé.`,
      });
    });
    this.readEntries();
  }

  names(): string[] {
    const names = this.entries.map((e) => e.name).filter((n) => !this.removed.has(n));
    for (const n of this.written.keys()) if (!names.includes(n)) names.push(n);
    return names;
  }

  has(name: string): boolean {
    return this.written.has(name) || (!this.removed.has(name) && this.reader.has(name));
  }

  /** A part's text, as written by this sync when it was, else as in the file; null when absent. */
  text(name: string): string | null {
    const own = this.written.get(name);
    if (own) return new TextDecoder().decode(own);
    if (this.removed.has(name)) return null;
    return this.fileText(name);
  }

  private fileText(name: string): string | null {
    if (!this.original.has(name)) this.original.set(name, this.reader.text(name));
    return this.original.get(name) ?? null;
  }

  /**
   * Replaces or adds a part, written in UTF-8. A text identical to the file's part changes
   * nothing. A part read from UTF-16 (or a single-byte encoding) keeps a true declaration: it says
   * UTF-8 once rewritten.
   */
  set(name: string, content: string): void {
    this.removed.delete(name);
    if (!this.written.has(name) && this.reader.has(name) && this.fileText(name) === content) return;
    const utf8 = content.replace(
      /^\uFEFF?(<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])([^"']*)\2/,
      (whole, head: string, quote: string, encoding: string) =>
        /^utf-?8$/i.test(encoding) ? whole.replace(/^\uFEFF/, '') : `${head}${quote}UTF-8${quote}`,
    );
    this.written.set(name, strToU8(utf8));
  }

  remove(name: string): void {
    this.written.delete(name);
    if (this.reader.has(name)) this.removed.add(name);
  }

  /** Names of the parts this sync replaced, added or removed. */
  changedParts(): string[] {
    return [...new Set([...this.written.keys(), ...this.removed])].sort();
  }

  /** The package: untouched parts copied byte for byte, in their order; new parts at the end. */
  toBytes(now = new Date()): Uint8Array {
    const locals: Uint8Array[] = [];
    const centrals: Uint8Array[] = [];
    let offset = 0;
    const stamp = dosStamp(now);
    const emit = (local: Uint8Array, central: Uint8Array) => {
      put32(central, 42, offset);
      locals.push(local);
      centrals.push(central);
      offset += local.length;
    };
    const done = new Set<string>();
    for (const entry of this.entries) {
      if (done.has(entry.name) || this.removed.has(entry.name)) continue;
      done.add(entry.name);
      const content = this.written.get(entry.name);
      if (content) emit(...this.fresh(entry.name, content, stamp));
      else emit(entry.local, entry.central.slice());
    }
    for (const [name, content] of this.written) {
      if (!done.has(name)) emit(...this.fresh(name, content, stamp));
    }
    const directorySize = centrals.reduce((n, c) => n + c.length, 0);
    const end = new Uint8Array(22);
    put32(end, 0, END_SIG);
    put16(end, 8, centrals.length);
    put16(end, 10, centrals.length);
    put32(end, 12, directorySize);
    put32(end, 16, offset);
    const out = new Uint8Array(offset + directorySize + 22);
    let at = 0;
    for (const part of [...locals, ...centrals, end]) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** A part we wrote: deflated, with its CRC and sizes in the local header (no data descriptor). */
  private fresh(name: string, content: Uint8Array, stamp: { time: number; date: number }): [Uint8Array, Uint8Array] {
    const data = deflateSync(content, { level: 6 });
    const nameBytes = strToU8(name);
    const crc = crc32(content);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800;
    // The fields both headers share, in the same order: version needed, flags, method, time, date,
    // CRC, sizes and name length (local header offset 4, central record offset 6).
    const common = new Uint8Array(24);
    put16(common, 0, 20);
    put16(common, 2, flags);
    put16(common, 4, 8);
    put16(common, 6, stamp.time);
    put16(common, 8, stamp.date);
    put32(common, 10, crc);
    put32(common, 14, data.length);
    put32(common, 18, content.length);
    put16(common, 22, nameBytes.length);
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    put32(local, 0, LOCAL_SIG);
    local.set(common, 4);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    put32(central, 0, CENTRAL_SIG);
    put16(central, 4, 20);
    central.set(common, 6);
    central.set(nameBytes, 46);
    return [local, central];
  }

  /** Each central directory record (read by the core's zip reader) with the raw span of its local entry. */
  private readEntries(): void {
    const b = this.bytes;
    if (this.reader.zip64) this.zip64();
    for (const e of this.reader.records) {
      const at = e.localOffset;
      if (at + 30 > b.length || u32(b, at) !== LOCAL_SIG) this.damaged();
      let localEnd = at + 30 + u16(b, at + 26) + u16(b, at + 28) + e.compressedSize;
      if (e.flags & 0x08) localEnd += localEnd + 4 <= b.length && u32(b, localEnd) === DESCRIPTOR_SIG ? 16 : 12;
      if (localEnd > b.length) this.damaged();
      this.entries.push({
        name: e.name,
        central: b.subarray(e.centralStart, e.centralEnd),
        local: b.subarray(at, localEnd),
      });
    }
  }

  private damaged(): never {
    throw new ClsError({
      code: 'TRUNCATED_ZIP',
      file: this.fileName,
      message:
        `« ${this.fileName} » est incomplet ou endommagé : il ne peut pas être synchronisé. ` +
        `Copiez-le à nouveau depuis l'original, puis réessayez.`,
    });
  }

  private zip64(): never {
    throw new ClsError({
      code: 'TOO_LARGE',
      file: this.fileName,
      message: `« ${this.fileName} » dépasse 4 Go ou compte plus de 65 535 parties : il ne peut pas être synchronisé.`,
    });
  }
}

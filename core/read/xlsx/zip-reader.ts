/**
 * Reads the parts of a zip package one at a time, inflating each in small pieces with a hard byte
 * budget counted on what comes out of the inflater, never on the sizes the zip declares (a hostile
 * file can declare 1 MB for a part that inflates to 4 GB). Host-neutral: Uint8Array and fflate
 * only, or the host's own inflater when it gave one (useHostInflate).
 */
import { Inflate, strFromU8 } from 'fflate';
import { ClsError } from '../../base/errors';
import { XmlDecoder, XmlEncodingError } from './xml-decode';

/** What the XML stream reads parts from: a zip package, or a flat document of one part. */
export interface PartSource {
  has(name: string): boolean;
  /** The whole text of a part; null when absent. */
  text(name: string): string | null;
  /** Hands the part's text to `onText` piece by piece; false when the part is absent. */
  stream(name: string, onText: (text: string) => void): boolean;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  /** General purpose flags (bit 3: sizes in a data descriptor after the data). */
  flags: number;
  /** Where its central directory record starts and ends. */
  centralStart: number;
  centralEnd: number;
}

/** Bytes handed to the inflater at a time: bounds what one step can produce (about 1,000 × this). */
const PUSH_BYTES = 16 * 1024;

/** Bytes handed to the decoder at a time when the part is whole (stored, or inflated by the host). */
const WHOLE_PIECE_BYTES = 256 * 1024;

/**
 * Raw INFLATE (RFC 1951) of a whole part, synchronous, by the host; it must throw rather than give
 * more than `maxOutput` bytes (Node: `inflateRawSync(data, { maxOutputLength })`).
 */
export type RawInflate = (data: Uint8Array, maxOutput: number) => Uint8Array;

/** The host's inflater (Node's zlib), when it gave one; fflate's otherwise. */
let hostInflate: RawInflate | null = null;

/**
 * Has the parts read from now on inflated by the host's own inflater (Node's native zlib is several
 * times faster than fflate's JavaScript); null goes back to fflate. The text read is the same
 * either way. The page keeps fflate.
 */
export function useHostInflate(inflate: RawInflate | null): void {
  hostInflate = inflate;
}

/** The budget shared by every part read from one package. */
export interface ByteBudget {
  /** Bytes still allowed to come out of the inflater. */
  remaining: number;
  /** The whole budget, for messages. */
  readonly total: number;
}

/** A relationship's target resolved against the folder of the part that holds it (`/x` is from the root). */
export function resolvePath(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `${folder}${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export function byteBudget(total: number): ByteBudget {
  return { remaining: total, total };
}

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

export class ZipReader implements PartSource {
  private readonly entries = new Map<string, ZipEntry>();
  /** Every central directory record, in order, repeated names included (for a writer that copies them). */
  readonly records: ZipEntry[] = [];
  /** The directory uses ZIP64 markers (over 4 GB or 65,535 entries), which this reader does not follow. */
  zip64 = false;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly budget: ByteBudget,
    private readonly onTooLarge: () => never,
  ) {
    this.readCentralDirectory();
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The whole text of a part (a small one: rels, workbook, styles); null when absent. */
  text(name: string): string | null {
    if (!this.entries.has(name)) return null;
    const pieces: string[] = [];
    this.stream(name, (piece) => pieces.push(piece));
    return pieces.join('');
  }

  /**
   * Hands the part's text to `onText` piece by piece, decoded in the part's own encoding (UTF-8 or
   * UTF-16, see xml-decode.ts); false when the part is absent. Bytes that are no text in that
   * encoding throw XmlEncodingError (a badly written part, not a damaged zip).
   */
  stream(name: string, onText: (text: string) => void): boolean {
    const entry = this.entries.get(name);
    if (!entry) return false;
    const data = this.entryData(entry);
    // What the reader's own callback threw (its XML error, a limit): passed on as it is, never
    // taken for a damaged zip.
    const reader: { error?: unknown } = {};
    const decoder = new XmlDecoder((text) => {
      try {
        onText(text);
      } catch (e) {
        reader.error = e;
        throw e;
      }
    });
    const take = (chunk: Uint8Array) => {
      this.budget.remaining -= chunk.length;
      if (this.budget.remaining < 0) this.onTooLarge();
      decoder.push(chunk);
    };
    const whole = entry.method === 8 && hostInflate ? this.hostInflated(data) : null;
    if (entry.method === 0 || whole) {
      const bytes = whole ?? data;
      for (let i = 0; i < bytes.length; i += WHOLE_PIECE_BYTES) take(bytes.subarray(i, i + WHOLE_PIECE_BYTES));
    } else if (entry.method === 8) {
      const inflater = new Inflate((chunk) => take(chunk));
      try {
        for (let i = 0; i < data.length; i += PUSH_BYTES) {
          inflater.push(data.subarray(i, i + PUSH_BYTES), i + PUSH_BYTES >= data.length);
        }
        if (data.length === 0) inflater.push(new Uint8Array(0), true);
      } catch (e) {
        if ('error' in reader || e instanceof ClsError || e instanceof XmlEncodingError) throw e;
        this.damaged();
      }
    } else {
      this.damaged();
    }
    decoder.push(new Uint8Array(0), true);
    return true;
  }

  /**
   * The part inflated whole by the host, within what is left of the budget; null when the host
   * could not (a damaged stream, more bytes than the budget allows): the part is then read again
   * by fflate, in pieces, which tells which error comes first exactly as without the host (XML
   * that is already wrong before the damage, the budget, a damaged zip).
   */
  private hostInflated(data: Uint8Array): Uint8Array | null {
    if (!hostInflate || this.budget.remaining <= 0) return null;
    try {
      const out = hostInflate(data, this.budget.remaining);
      return out.length <= this.budget.remaining ? out : null;
    } catch {
      return null;
    }
  }

  private entryData(entry: ZipEntry): Uint8Array {
    const b = this.bytes;
    const at = entry.localOffset;
    if (at + 30 > b.length || u32(b, at) !== 0x04034b50) this.damaged();
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) this.damaged();
    return b.subarray(start, end);
  }

  private readCentralDirectory(): void {
    const b = this.bytes;
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
      if (u32(b, i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) this.damaged();
    const count = u16(b, eocd + 10);
    let at = u32(b, eocd + 16);
    if (count === 0xffff || at === 0xffffffff) this.zip64 = true;
    for (let n = 0; n < count; n++) {
      if (at + 46 > b.length || u32(b, at) !== 0x02014b50) this.damaged();
      const method = u16(b, at + 10);
      const compressedSize = u32(b, at + 20);
      const nameLength = u16(b, at + 28);
      const extraLength = u16(b, at + 30);
      const commentLength = u16(b, at + 32);
      const localOffset = u32(b, at + 42);
      if (at + 46 + nameLength > b.length) this.damaged();
      const name = strFromU8(b.subarray(at + 46, at + 46 + nameLength));
      const end = at + 46 + nameLength + extraLength + commentLength;
      if (compressedSize === 0xffffffff || localOffset === 0xffffffff) this.zip64 = true;
      const entry = {
        name,
        method,
        compressedSize,
        localOffset,
        flags: u16(b, at + 8),
        centralStart: at,
        centralEnd: end,
      };
      this.records.push(entry);
      // The first entry of a name is the one readers use; a repeated name is ignored.
      if (!this.entries.has(name)) this.entries.set(name, entry);
      at = end;
    }
  }

  private damaged(): never {
    throw new ClsError({
      code: 'TRUNCATED_ZIP',
      file: this.fileName,
      message:
        `« ${this.fileName} » est incomplet ou endommagé : ce fichier ne peut pas être lu jusqu'au bout. ` +
        `Téléchargez-le ou copiez-le à nouveau depuis l'original (messagerie, espace partagé), puis réessayez.`,
    });
  }
}

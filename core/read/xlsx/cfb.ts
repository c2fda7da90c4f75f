/**
 * A reader of OLE compound files (MS-CFB), the container of an encrypted .xlsx (its streams
 * EncryptionInfo and EncryptedPackage) and of an .xls: the streams at the root, by name. Every
 * chain is bounded by the file's sector count, so a loop or a hostile size never runs away; a
 * file that breaks the format gives null. Host-neutral.
 */

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

interface DirectoryEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

/** Thrown inside the reader when the file breaks the format; `openCompoundFile` returns null then. */
class Malformed extends Error {}

export class CompoundFile {
  private readonly sectorSize: number;
  private readonly sectorCount: number;
  private readonly fat: Uint32Array;
  private readonly entries: DirectoryEntry[];
  private miniFat: Uint32Array | null = null;
  private miniStream: Uint8Array | null = null;
  private readonly miniCutoff: number;

  constructor(private readonly bytes: Uint8Array) {
    const b = bytes;
    if (b.length < 512 || u32(b, 0) !== 0xe011cfd0 || u32(b, 4) !== 0xe11ab1a1) throw new Malformed();
    const shift = u16(b, 0x1e);
    if (shift !== 9 && shift !== 12) throw new Malformed();
    this.sectorSize = 1 << shift;
    // Sectors after the header (the last one may be cut short).
    this.sectorCount = Math.max(0, Math.ceil((b.length - this.sectorSize) / this.sectorSize));
    this.miniCutoff = u32(b, 0x38) || 4096;
    this.fat = this.readFat();
    this.entries = this.readDirectory(u32(b, 0x30));
  }

  /** The names of the streams at the root. */
  rootStreams(): string[] {
    return this.rootEntries()
      .filter((e) => e.type === 2)
      .map((e) => e.name);
  }

  /** A stream at the root, by name (case-insensitive, as the format compares); null when absent. */
  stream(name: string): Uint8Array | null {
    const entry = this.rootEntries().find((e) => e.type === 2 && e.name.toUpperCase() === name.toUpperCase());
    if (!entry) return null;
    if (entry.size < this.miniCutoff) return this.readMini(entry.start, entry.size);
    return this.readChain(entry.start, entry.size);
  }

  private sector(n: number): Uint8Array {
    const at = (n + 1) * this.sectorSize;
    if (n >= this.sectorCount) throw new Malformed();
    return this.bytes.subarray(at, Math.min(at + this.sectorSize, this.bytes.length));
  }

  /** The FAT, from the header's 109 DIFAT entries and the DIFAT sectors chained after them. */
  private readFat(): Uint32Array {
    const b = this.bytes;
    const fatSectors: number[] = [];
    const wanted = u32(b, 0x2c);
    if (wanted > this.sectorCount) throw new Malformed();
    for (let i = 0; i < 109 && fatSectors.length < wanted; i++) {
      const s = u32(b, 0x4c + i * 4);
      if (s !== FREE) fatSectors.push(s);
    }
    let difat = u32(b, 0x44);
    const perSector = this.sectorSize / 4 - 1;
    for (let guard = 0; fatSectors.length < wanted && difat !== END_OF_CHAIN && difat !== FREE; guard++) {
      if (guard > this.sectorCount) throw new Malformed();
      const sector = this.sector(difat);
      for (let i = 0; i < perSector && fatSectors.length < wanted; i++) {
        const s = u32(sector, i * 4);
        if (s !== FREE) fatSectors.push(s);
      }
      difat = u32(sector, perSector * 4);
    }
    const fat = new Uint32Array(fatSectors.length * (this.sectorSize / 4));
    fatSectors.forEach((s, k) => {
      const sector = this.sector(s);
      for (let i = 0; i < sector.length / 4; i++) fat[k * (this.sectorSize / 4) + i] = u32(sector, i * 4);
    });
    return fat;
  }

  /** The sectors of a chain, in order; a loop or a chain past the file is malformed. */
  private chain(start: number, fat: Uint32Array, limit: number): number[] {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = fat[s]) {
      if (s >= fat.length || out.length > limit) throw new Malformed();
      out.push(s);
    }
    return out;
  }

  private readChain(start: number, size: number): Uint8Array {
    if (size > this.bytes.length) throw new Malformed();
    const sectors = this.chain(start, this.fat, this.sectorCount);
    const out = new Uint8Array(Math.min(size, sectors.length * this.sectorSize));
    let at = 0;
    for (const s of sectors) {
      if (at >= out.length) break;
      const data = this.sector(s);
      const take = Math.min(data.length, out.length - at);
      out.set(data.subarray(0, take), at);
      at += take;
    }
    if (at < size) throw new Malformed();
    return out;
  }

  private readMini(start: number, size: number): Uint8Array {
    if (!this.miniFat || !this.miniStream) {
      const root = this.entries[0];
      const count = u32(this.bytes, 0x40);
      const miniFatBytes = this.readChain(u32(this.bytes, 0x3c), count * this.sectorSize);
      this.miniFat = new Uint32Array(miniFatBytes.length / 4);
      for (let i = 0; i < this.miniFat.length; i++) this.miniFat[i] = u32(miniFatBytes, i * 4);
      this.miniStream = this.readChain(root.start, root.size);
    }
    const sectors = this.chain(start, this.miniFat, this.miniStream.length / 64);
    const out = new Uint8Array(size);
    let at = 0;
    for (const s of sectors) {
      if (at >= size) break;
      const from = s * 64;
      if (from + 64 > this.miniStream.length) throw new Malformed();
      const take = Math.min(64, size - at);
      out.set(this.miniStream.subarray(from, from + take), at);
      at += take;
    }
    if (at < size) throw new Malformed();
    return out;
  }

  private readDirectory(start: number): DirectoryEntry[] {
    const data = this.readChain(start, this.chain(start, this.fat, this.sectorCount).length * this.sectorSize);
    const out: DirectoryEntry[] = [];
    for (let at = 0; at + 128 <= data.length; at += 128) {
      const nameLength = Math.min(64, u16(data, at + 0x40));
      let name = '';
      for (let i = 0; i + 1 < nameLength - 1; i += 2) name += String.fromCharCode(u16(data, at + i));
      out.push({
        name,
        type: data[at + 0x42],
        left: u32(data, at + 0x44),
        right: u32(data, at + 0x48),
        child: u32(data, at + 0x4c),
        start: u32(data, at + 0x74),
        // Sizes over 4 GB (the high half) are never those of a workbook.
        size: u32(data, at + 0x78),
      });
    }
    if (out.length === 0 || out[0].type !== 5) throw new Malformed();
    return out;
  }

  /** The root's children: the red-black tree under its child, walked with a bound. */
  private rootEntries(): DirectoryEntry[] {
    const out: DirectoryEntry[] = [];
    const seen = new Set<number>();
    const stack = [this.entries[0].child];
    while (stack.length > 0) {
      const id = stack.pop() ?? NO_STREAM;
      if (id === NO_STREAM || id >= this.entries.length || seen.has(id)) continue;
      seen.add(id);
      const entry = this.entries[id];
      out.push(entry);
      stack.push(entry.left, entry.right);
    }
    return out;
  }
}

/** The compound file, or null when the bytes break the format. */
export function openCompoundFile(bytes: Uint8Array): CompoundFile | null {
  try {
    return new CompoundFile(bytes);
  } catch (e) {
    if (e instanceof Malformed || e instanceof RangeError) return null;
    throw e;
  }
}

/** A root stream of a compound file, or null (absent, or the file breaks the format). */
export function readRootStream(file: CompoundFile, name: string): Uint8Array | null {
  try {
    return file.stream(name);
  } catch (e) {
    if (e instanceof Malformed || e instanceof RangeError) return null;
    throw e;
  }
}

/**
 * A part's text encoded in UTF-8 as it is written, piece by piece, into one growing buffer: the
 * bytes the zip then compresses in one go.
 *
 * Why not one string: a worksheet of a large bilan is made of hundreds of thousands of small
 * strings. Joined (`+=`) into large pieces, they stay alive as ropes until the piece is encoded,
 * so the garbage collector copies them over and over and the encoder then walks every rope: about
 * four times slower than encoding each row's text as soon as it is made, as here.
 */

/**
 * Where a part's text is written, a piece (a row, a shared string) at a time. An object with a
 * method rather than a function: each part has its own, and a new function per part made the
 * optimised worksheet writer start over at each sheet (a call target it had not seen).
 */
export interface XmlSink {
  write(xml: string): void;
}

const encoder = new TextEncoder();

export class PartBytes implements XmlSink {
  private buffer = new Uint8Array(1 << 18);
  private length = 0;

  /** Appends `xml`, encoded. */
  write(xml: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const most = xml.length * 3;
    if (this.buffer.length - this.length < most) this.grow(most);
    this.length += encoder.encodeInto(xml, this.buffer.subarray(this.length)).written;
  }

  /** Starts over, keeping the buffer: the next part is written over the last one's bytes. */
  clear(): void {
    this.length = 0;
  }

  /** The bytes written since the last clear (a view on the buffer, not a copy). */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.buffer.subarray(0, this.length);
  }

  private grow(room: number): void {
    let size = this.buffer.length * 2;
    while (size - this.length < room) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }
}

/** The whole text of a part, written by `make` (sync's generated sheet). */
export function partText(make: (sink: XmlSink) => void): string {
  const pieces: string[] = [];
  make({ write: (xml) => pieces.push(xml) });
  return pieces.join('');
}

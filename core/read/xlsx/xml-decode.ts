/**
 * The text of an XML part from its bytes, in the encoding the part is written in (XML 1.0,
 * Appendix F): UTF-8 with or without a byte-order mark; UTF-16 little- or big-endian, with a mark
 * or told by the 16-bit `<?xml` (Excel Mobile and some generators write such parts, which
 * LibreOffice reads); and the single-byte encodings a declaration may name (ISO-8859-1,
 * Windows-1252, US-ASCII). Pushed in pieces as they are inflated, a character split between two
 * pieces included. Host-neutral: UTF-8 by the host's TextDecoder (Node, browsers and Office's
 * web views all have it; fflate's streaming decoder used it too, so the text is the same: a byte
 * that is no UTF-8 is read as U+FFFD, only a sequence cut by the end of the part is an error).
 */

/** Thrown when the bytes cannot be text in the part's encoding (an incomplete UTF-8 sequence at the end). */
export class XmlEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`invalid ${encoding} data`);
  }
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes looked at before choosing the encoding: enough for the XML declaration. */
const SNIFF_BYTES = 256;

/** Windows-1252's characters for 0x80–0x9F (ISO-8859-1 has control characters there, never in XML text). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** The encoding of an XML document from its first bytes, and the length of its byte-order mark. */
export function sniffXmlEncoding(head: Uint8Array): { encoding: Encoding; bom: number } {
  const [a, b, c] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // `<` (or any ASCII character) written on 16 bits, without a mark.
  if (head.length >= 2 && a !== 0 && b === 0) return { encoding: 'utf-16le', bom: 0 };
  if (head.length >= 2 && a === 0 && b !== 0) return { encoding: 'utf-16be', bom: 0 };
  // An ASCII-compatible encoding: the declaration, if any, names it.
  let declaration = '';
  for (let i = 0; i < head.length && i < SNIFF_BYTES; i++) {
    declaration += String.fromCharCode(head[i]);
    if (head[i] === 0x3e) break;
  }
  const named = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration)?.[1]?.toLowerCase();
  if (named && /^(iso-?8859-1|latin-?1|l1|windows-1252|cp1252|us-ascii|ascii|iso-?8859-15|latin-?9)$/.test(named)) {
    return { encoding: 'windows-1252', bom: 0 };
  }
  return { encoding: 'utf-8', bom: 0 };
}

/** What the reader uses of a TextDecoder (core is compiled without the DOM's types). */
interface Utf8Decoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** Bytes → text, in pieces, in the encoding of the XML document they begin. */
export class XmlDecoder {
  private encoding: Encoding | null = null;
  /** Bytes held until the encoding is known. */
  private head: Uint8Array[] = [];
  private headLength = 0;
  private utf8: Utf8Decoder | null = null;
  /** UTF-16: a byte left over from the previous piece, and a high surrogate waiting for its pair. */
  private odd = -1;
  private surrogate = '';

  constructor(private readonly onText: (text: string) => void) {}

  push(chunk: Uint8Array, final = false): void {
    if (this.encoding === null) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < SNIFF_BYTES && !final) return;
      const head = concat(this.head, this.headLength);
      this.head = [];
      const { encoding, bom } = sniffXmlEncoding(head);
      this.encoding = encoding;
      // As fflate's decoder: not fatal, and a byte-order mark at the start of the text dropped.
      if (encoding === 'utf-8') this.utf8 = new TextDecoder();
      this.decode(head.subarray(bom), final);
      return;
    }
    this.decode(chunk, final);
  }

  private decode(bytes: Uint8Array, final: boolean): void {
    switch (this.encoding) {
      case 'utf-8': {
        const utf8 = this.utf8 as Utf8Decoder;
        const text = utf8.decode(bytes, { stream: true });
        // What is left at the end is a sequence the part's end cut short.
        const rest = final ? utf8.decode() : '';
        // Decoded text is handed on after the decoder is done with it, so that what the reader
        // throws is never taken for an encoding error.
        this.emit(text);
        if (rest) throw new XmlEncodingError('UTF-8');
        return;
      }
      case 'windows-1252':
        this.emit(singleByteText(bytes));
        return;
      case 'utf-16le':
      case 'utf-16be':
        this.decodeUtf16(bytes, this.encoding === 'utf-16le', final);
        return;
    }
  }

  private decodeUtf16(bytes: Uint8Array, little: boolean, final: boolean): void {
    let i = 0;
    const units: number[] = [];
    if (this.odd >= 0 && bytes.length > 0) {
      units.push(little ? this.odd | (bytes[0] << 8) : (this.odd << 8) | bytes[0]);
      this.odd = -1;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) {
      units.push(little ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
    }
    if (i < bytes.length) this.odd = bytes[i];
    let text = this.surrogate + codeUnitsText(units);
    this.surrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (!final && last >= 0xd800 && last <= 0xdbff) {
      this.surrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.emit(text);
    if (final && this.odd >= 0) throw new XmlEncodingError('UTF-16');
  }

  private emit(text: string): void {
    if (text) this.onText(text);
  }
}

/** The whole text of an XML document's bytes. */
export function decodeXml(bytes: Uint8Array): string {
  const pieces: string[] = [];
  new XmlDecoder((t) => pieces.push(t)).push(bytes, true);
  return pieces.join('');
}

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function codeUnitsText(units: readonly number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

function singleByteText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const units = Array.from(bytes.subarray(i, i + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b,
    );
    out += String.fromCharCode(...units);
  }
  return out;
}

/**
 * SHA-1, SHA-256, SHA-384 and SHA-512 (FIPS 180-4) over bytes, for reading workbooks encrypted
 * with Excel's default password (office-crypto.ts). Host-neutral and synchronous: WebCrypto is
 * asynchronous and absent from some hosts, and node:crypto is Node's. Checked against node:crypto
 * in the tests; not meant for anything secret.
 */
import { concatBytes } from '../../base/bytes';

export type HashName = 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512';

/** Output size in bytes. */
export const HASH_SIZE: Readonly<Record<HashName, number>> = { SHA1: 20, SHA256: 32, SHA384: 48, SHA512: 64 };

export function hash(name: HashName, ...parts: Uint8Array[]): Uint8Array {
  const data = parts.length === 1 ? parts[0] : concatBytes(parts);
  switch (name) {
    case 'SHA1':
      return sha1(data);
    case 'SHA256':
      return sha256(data);
    case 'SHA384':
      return sha512(data, SHA384_IV).subarray(0, 48);
    case 'SHA512':
      return sha512(data, SHA512_IV);
  }
}

/**
 * Hn = H(iterator + Hn-1), `count` times from `first` (the iterator a 32-bit little-endian
 * number): the key stretching of ECMA-376 encryption (MS-OFFCRYPTO 2.3.4.7 and 2.3.4.11).
 */
export function spinHash(name: HashName, first: Uint8Array, count: number): Uint8Array {
  let h = first;
  const input = new Uint8Array(4 + HASH_SIZE[name]);
  for (let i = 0; i < count; i++) {
    input[0] = i & 0xff;
    input[1] = (i >>> 8) & 0xff;
    input[2] = (i >>> 16) & 0xff;
    input[3] = (i >>> 24) & 0xff;
    input.set(h.subarray(0, input.length - 4), 4);
    h = hash(name, input);
  }
  return h;
}

/** Reused for short messages (the spin's): no allocation per hash. */
const SCRATCH = new Uint8Array(256);

/** The message padded to whole blocks, with its bit length at the end (big-endian). */
function padded(data: Uint8Array, block: number, lengthBytes: number): Uint8Array {
  const total = Math.ceil((data.length + 1 + lengthBytes) / block) * block;
  const out = total <= SCRATCH.length ? SCRATCH.subarray(0, total).fill(0) : new Uint8Array(total);
  out.set(data);
  out[data.length] = 0x80;
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  const bits = data.length * 8;
  view.setUint32(total - 8, Math.floor(bits / 0x100000000));
  view.setUint32(total - 4, bits >>> 0);
  return out;
}

function wordsOut(state: ArrayLike<number>, count: number): Uint8Array {
  const out = new Uint8Array(count * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) view.setUint32(i * 4, state[i] >>> 0);
  return out;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

const W32 = new Int32Array(80);

function sha1(data: Uint8Array): Uint8Array {
  const m = padded(data, 64, 8);
  const view = new DataView(m.buffer, m.byteOffset, m.length);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = W32;
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const f =
        i < 20
          ? ((b & c) | (~b & d)) + 0x5a827999
          : i < 40
            ? (b ^ c ^ d) + 0x6ed9eba1
            : i < 60
              ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
              : (b ^ c ^ d) + 0xca62c1d6;
      const t = (rotl(a, 5) + f + e + w[i]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
  }
  return wordsOut(h, 5);
}

const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

function sha256(data: Uint8Array): Uint8Array {
  const m = padded(data, 64, 8);
  const view = new DataView(m.buffer, m.byteOffset, m.length);
  const h = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = W32;
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  return wordsOut(h, 8);
}

// SHA-512 on pairs of 32-bit halves: [high, low] of each 64-bit word, side by side.
const K512 = new Int32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b,
  0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242,
  0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe,
  0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
  0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc,
  0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f,
  0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967,
  0x0a0e6e70, 0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1,
  0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218,
  0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
  0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
  0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814,
  0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915,
  0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f,
  0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be,
  0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);
const SHA512_IV = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1, 0x510e527f,
  0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
];
const SHA384_IV = [
  0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939, 0x67332667,
  0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4,
];

const W64 = new Int32Array(160);

function sha512(data: Uint8Array, iv: readonly number[]): Uint8Array {
  const m = padded(data, 128, 16);
  const view = new DataView(m.buffer, m.byteOffset, m.length);
  const h = new Int32Array(iv);
  const w = W64;
  const TWO32 = 0x100000000;
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getInt32(off + i * 4);
    for (let i = 16; i < 80; i++) {
      // σ0 = rotr1 ^ rotr8 ^ shr7 of w[i-15]; σ1 = rotr19 ^ rotr61 ^ shr6 of w[i-2].
      let xh = w[(i - 15) * 2];
      let xl = w[(i - 15) * 2 + 1];
      const s0h = (xh >>> 1) ^ (xl << 31) ^ (xh >>> 8) ^ (xl << 24) ^ (xh >>> 7);
      const s0l = (xl >>> 1) ^ (xh << 31) ^ (xl >>> 8) ^ (xh << 24) ^ ((xl >>> 7) | (xh << 25));
      xh = w[(i - 2) * 2];
      xl = w[(i - 2) * 2 + 1];
      const s1h = (xh >>> 19) ^ (xl << 13) ^ (xl >>> 29) ^ (xh << 3) ^ (xh >>> 6);
      const s1l = (xl >>> 19) ^ (xh << 13) ^ (xh >>> 29) ^ (xl << 3) ^ ((xl >>> 6) | (xh << 26));
      const lo = (s0l >>> 0) + (s1l >>> 0) + (w[(i - 7) * 2 + 1] >>> 0) + (w[(i - 16) * 2 + 1] >>> 0);
      w[i * 2] = (s0h + s1h + w[(i - 7) * 2] + w[(i - 16) * 2] + ((lo / TWO32) | 0)) | 0;
      w[i * 2 + 1] = lo | 0;
    }
    let ah = h[0],
      al = h[1],
      bh = h[2],
      bl = h[3],
      ch = h[4],
      cl = h[5],
      dh = h[6],
      dl = h[7];
    let eh = h[8],
      el = h[9],
      fh = h[10],
      fl = h[11],
      gh = h[12],
      gl = h[13],
      hh = h[14],
      hl = h[15];
    for (let i = 0; i < 80; i++) {
      // Σ1(e) = rotr14 ^ rotr18 ^ rotr41; ch(e, f, g); Σ0(a) = rotr28 ^ rotr34 ^ rotr39; maj(a, b, c).
      const S1h = (eh >>> 14) ^ (el << 18) ^ (eh >>> 18) ^ (el << 14) ^ (el >>> 9) ^ (eh << 23);
      const S1l = (el >>> 14) ^ (eh << 18) ^ (el >>> 18) ^ (eh << 14) ^ (eh >>> 9) ^ (el << 23);
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      const t1lo = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K512[i * 2 + 1] >>> 0) + (w[i * 2 + 1] >>> 0);
      const t1h = (hh + S1h + chh + K512[i * 2] + w[i * 2] + ((t1lo / TWO32) | 0)) | 0;
      const t1l = t1lo >>> 0;
      const S0h = (ah >>> 28) ^ (al << 4) ^ (al >>> 2) ^ (ah << 30) ^ (al >>> 7) ^ (ah << 25);
      const S0l = (al >>> 28) ^ (ah << 4) ^ (ah >>> 2) ^ (al << 30) ^ (ah >>> 7) ^ (al << 25);
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2lo = (S0l >>> 0) + (majl >>> 0);
      const t2h = (S0h + majh + ((t2lo / TWO32) | 0)) | 0;
      const t2l = t2lo >>> 0;
      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      const elo = (dl >>> 0) + t1l;
      eh = (dh + t1h + ((elo / TWO32) | 0)) | 0;
      el = elo | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      const alo = t1l + t2l;
      ah = (t1h + t2h + ((alo / TWO32) | 0)) | 0;
      al = alo | 0;
    }
    const state = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
    for (let i = 0; i < 16; i += 2) {
      const lo = (h[i + 1] >>> 0) + (state[i + 1] >>> 0);
      h[i] = (h[i] + state[i] + ((lo / TWO32) | 0)) | 0;
      h[i + 1] = lo | 0;
    }
  }
  return wordsOut(h, 16);
}

/**
 * AES decryption (FIPS-197; 128, 192 and 256-bit keys) in ECB and CBC modes, without padding, for
 * reading workbooks encrypted with Excel's default password (office-crypto.ts). Host-neutral and
 * synchronous (WebCrypto is asynchronous, has no ECB and insists on its own padding). Checked
 * against node:crypto in the tests; not meant for anything secret.
 */

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
/** Decryption tables: InvMixColumns of InvSubBytes, and its byte rotations. */
const TD0 = new Int32Array(256);
const TD1 = new Int32Array(256);
const TD2 = new Int32Array(256);
const TD3 = new Int32Array(256);

function gfMul(a: number, b: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) out ^= a;
    const high = a & 0x80;
    a = (a << 1) & 0xff;
    if (high) a ^= 0x1b;
    b >>= 1;
  }
  return out;
}

(function buildTables() {
  // The S-box from the multiplicative inverse in GF(2^8) and the affine map.
  let p = 1;
  let q = 1;
  const rotl8 = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    SBOX[p] = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) INV_SBOX[SBOX[i]] = i;
  for (let x = 0; x < 256; x++) {
    const s = INV_SBOX[x];
    const word = (gfMul(s, 14) << 24) | (gfMul(s, 9) << 16) | (gfMul(s, 13) << 8) | gfMul(s, 11);
    TD0[x] = word;
    TD1[x] = (word >>> 8) | (word << 24);
    TD2[x] = (word >>> 16) | (word << 16);
    TD3[x] = (word >>> 24) | (word << 8);
  }
})();

/** The round keys of the equivalent inverse cipher. */
export interface AesKey {
  rounds: number;
  keys: Int32Array;
}

export function aesDecryptionKey(key: Uint8Array): AesKey {
  const nk = key.length / 4;
  if (![4, 6, 8].includes(nk)) throw new Error(`AES key of ${key.length} bytes`);
  const rounds = nk + 6;
  const total = 4 * (rounds + 1);
  const w = new Int32Array(total);
  for (let i = 0; i < nk; i++) {
    w[i] = (key[4 * i] << 24) | (key[4 * i + 1] << 16) | (key[4 * i + 2] << 8) | key[4 * i + 3];
  }
  const sub = (x: number) =>
    (SBOX[x >>> 24] << 24) | (SBOX[(x >>> 16) & 0xff] << 16) | (SBOX[(x >>> 8) & 0xff] << 8) | SBOX[x & 0xff];
  let rcon = 1;
  for (let i = nk; i < total; i++) {
    let t = w[i - 1];
    if (i % nk === 0) {
      t = sub((t << 8) | (t >>> 24)) ^ (rcon << 24);
      rcon = gfMul(rcon, 2);
    } else if (nk > 6 && i % nk === 4) {
      t = sub(t);
    }
    w[i] = w[i - nk] ^ t;
  }
  // Round keys in reverse order; InvMixColumns applied to those of the middle rounds.
  const keys = new Int32Array(total);
  for (let r = 0; r <= rounds; r++) {
    for (let j = 0; j < 4; j++) {
      const x = w[4 * (rounds - r) + j];
      keys[4 * r + j] =
        r === 0 || r === rounds
          ? x
          : TD0[SBOX[x >>> 24]] ^ TD1[SBOX[(x >>> 16) & 0xff]] ^ TD2[SBOX[(x >>> 8) & 0xff]] ^ TD3[SBOX[x & 0xff]];
    }
  }
  return { rounds, keys };
}

/** Decrypts the 16 bytes at `from` of `input` into `out` at `to`. */
function decryptBlock(k: AesKey, input: Uint8Array, from: number, out: Uint8Array, to: number): void {
  const d = k.keys;
  const word = (i: number) =>
    (input[from + i] << 24) | (input[from + i + 1] << 16) | (input[from + i + 2] << 8) | input[from + i + 3];
  let s0 = word(0) ^ d[0];
  let s1 = word(4) ^ d[1];
  let s2 = word(8) ^ d[2];
  let s3 = word(12) ^ d[3];
  for (let r = 1; r < k.rounds; r++) {
    const t0 = TD0[s0 >>> 24] ^ TD1[(s3 >>> 16) & 0xff] ^ TD2[(s2 >>> 8) & 0xff] ^ TD3[s1 & 0xff] ^ d[4 * r];
    const t1 = TD0[s1 >>> 24] ^ TD1[(s0 >>> 16) & 0xff] ^ TD2[(s3 >>> 8) & 0xff] ^ TD3[s2 & 0xff] ^ d[4 * r + 1];
    const t2 = TD0[s2 >>> 24] ^ TD1[(s1 >>> 16) & 0xff] ^ TD2[(s0 >>> 8) & 0xff] ^ TD3[s3 & 0xff] ^ d[4 * r + 2];
    const t3 = TD0[s3 >>> 24] ^ TD1[(s2 >>> 16) & 0xff] ^ TD2[(s1 >>> 8) & 0xff] ^ TD3[s0 & 0xff] ^ d[4 * r + 3];
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  const last = 4 * k.rounds;
  const put = (i: number, a: number, b: number, c: number, e: number, key: number) => {
    const v =
      ((INV_SBOX[a >>> 24] << 24) |
        (INV_SBOX[(b >>> 16) & 0xff] << 16) |
        (INV_SBOX[(c >>> 8) & 0xff] << 8) |
        INV_SBOX[e & 0xff]) ^
      key;
    out[to + i] = v >>> 24;
    out[to + i + 1] = (v >>> 16) & 0xff;
    out[to + i + 2] = (v >>> 8) & 0xff;
    out[to + i + 3] = v & 0xff;
  };
  put(0, s0, s3, s2, s1, d[last]);
  put(4, s1, s0, s3, s2, d[last + 1]);
  put(8, s2, s1, s0, s3, d[last + 2]);
  put(12, s3, s2, s1, s0, d[last + 3]);
}

/** AES-ECB decryption of whole blocks (a trailing partial block is left out). */
export function aesEcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = aesDecryptionKey(key);
  const out = new Uint8Array(data.length - (data.length % 16));
  for (let i = 0; i < out.length; i += 16) decryptBlock(k, data, i, out, i);
  return out;
}

/** AES-CBC decryption of whole blocks, no padding removed (a trailing partial block is left out). */
export function aesCbcDecrypt(key: Uint8Array | AesKey, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const k = key instanceof Uint8Array ? aesDecryptionKey(key) : key;
  const out = new Uint8Array(data.length - (data.length % 16));
  for (let i = 0; i < out.length; i += 16) {
    decryptBlock(k, data, i, out, i);
    const previous = i === 0 ? iv : data;
    const at = i === 0 ? 0 : i - 16;
    for (let j = 0; j < 16; j++) out[i + j] ^= previous[at + j];
  }
  return out;
}

/**
 * Opens an .xlsx encrypted as ECMA-376 says (MS-OFFCRYPTO), as Excel does when the password is its
 * default one, « VelvetSweatshop »: Excel opens such a file without asking anything. Agile
 * encryption (Office 2010 and later: AES with SHA-1 to SHA-512, CBC) and Standard encryption
 * (Office 2007: AES-ECB with SHA-1) are read; anything else (RC4, a password of the user's own,
 * rights management) gives null, and the reader says the file is protected by a password.
 * Host-neutral and synchronous: the compound file, hashes and AES are our own code (cfb.ts,
 * hash.ts, aes.ts).
 */
import { aesCbcDecrypt, aesDecryptionKey, aesEcbDecrypt } from './aes';
import { openCompoundFile, readRootStream } from './cfb';
import { concatBytes } from '../../base/bytes';
import { hash, HASH_SIZE, type HashName, spinHash } from './hash';
import { decodeXml } from './xml-decode';

/** The password Excel tries before asking for one. */
export const DEFAULT_PASSWORD = 'VelvetSweatshop';

/** Key stretching beyond this is not tried (Excel writes 100,000; the format allows 10 million). */
const MAX_SPIN_COUNT = 1_000_000;
/** Agile encryption cuts the package into segments of this many bytes, each with its own IV. */
const SEGMENT_BYTES = 4096;

const BLOCK_VERIFIER_INPUT = new Uint8Array([0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79]);
const BLOCK_VERIFIER_VALUE = new Uint8Array([0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e]);
const BLOCK_KEY_VALUE = new Uint8Array([0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6]);

/**
 * The package inside an encrypted workbook (an OLE compound file holding EncryptionInfo and
 * EncryptedPackage), decrypted with `password`; null when it cannot be (another password, an
 * encryption we do not read, a damaged file).
 */
export function decryptWorkbook(bytes: Uint8Array, password = DEFAULT_PASSWORD): Uint8Array | null {
  const file = openCompoundFile(bytes);
  if (!file) return null;
  const info = readRootStream(file, 'EncryptionInfo');
  const data = readRootStream(file, 'EncryptedPackage');
  if (!info || !data || info.length < 8 || data.length < 8) return null;
  try {
    const major = u16(info, 0);
    const minor = u16(info, 2);
    const passwordBytes = utf16le(password);
    if (major === 4 && minor === 4 && u32(info, 4) === 0x40) return decryptAgile(info.subarray(8), data, passwordBytes);
    if ((major === 2 || major === 3 || major === 4) && minor === 2) return decryptStandard(info, data, passwordBytes);
    return null;
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return null;
    throw e;
  }
}

/** Thrown inside when the encryption is not one we read, or the bytes break it. */
class Unsupported extends Error {}

function u16(b: Uint8Array, i: number): number {
  if (i + 2 > b.length) throw new Unsupported();
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Uint8Array, i: number): number {
  if (i + 4 > b.length) throw new Unsupported();
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function le32(n: number): Uint8Array {
  return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = text.charCodeAt(i) >>> 8;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The package's declared size (EncryptedPackage's first 8 bytes), checked against what follows. */
function packageSize(data: Uint8Array): number {
  const size = u32(data, 0) + u32(data, 4) * 0x100000000;
  if (size > data.length - 8) throw new Unsupported();
  return size;
}

// ---------------------------------------------------------------------------------------------
// Standard encryption (MS-OFFCRYPTO 2.3.4.5 to 2.3.4.9)

const AES_ALGORITHMS: Readonly<Record<number, number>> = { 0x660e: 128, 0x660f: 192, 0x6610: 256 };

function decryptStandard(info: Uint8Array, data: Uint8Array, password: Uint8Array): Uint8Array | null {
  const flags = u32(info, 4);
  const headerSize = u32(info, 8);
  const header = 12;
  const algorithm = u32(info, header + 8);
  const hashAlgorithm = u32(info, header + 12);
  const keyBits = u32(info, header + 16);
  // AES with SHA-1 only (flag fAES, 0x20); RC4 and other providers are not read.
  if (!(flags & 0x20) || !AES_ALGORITHMS[algorithm] || (hashAlgorithm !== 0x8004 && hashAlgorithm !== 0)) {
    throw new Unsupported();
  }
  if (keyBits !== AES_ALGORITHMS[algorithm]) throw new Unsupported();
  const verifier = header + headerSize;
  const saltSize = u32(info, verifier);
  if (saltSize !== 16 || verifier + 4 + 16 + 16 + 4 + 32 > info.length) throw new Unsupported();
  const salt = info.subarray(verifier + 4, verifier + 20);
  const encryptedVerifier = info.subarray(verifier + 20, verifier + 36);
  const encryptedVerifierHash = info.subarray(verifier + 40, verifier + 72);

  const stretched = spinHash('SHA1', hash('SHA1', salt, password), 50_000);
  const final = hash('SHA1', stretched, le32(0));
  const derive = (fill: number) => {
    const buffer = new Uint8Array(64).fill(fill);
    for (let i = 0; i < final.length; i++) buffer[i] ^= final[i];
    return hash('SHA1', buffer);
  };
  const key = concatBytes([derive(0x36), derive(0x5c)]).subarray(0, keyBits / 8);

  const plainVerifier = aesEcbDecrypt(key, encryptedVerifier);
  const verifierHash = aesEcbDecrypt(key, encryptedVerifierHash).subarray(0, 20);
  if (!equalBytes(hash('SHA1', plainVerifier), verifierHash)) return null;

  const size = packageSize(data);
  return aesEcbDecrypt(key, data.subarray(8)).subarray(0, size);
}

// ---------------------------------------------------------------------------------------------
// Agile encryption (MS-OFFCRYPTO 2.3.4.10 to 2.3.4.15)

interface CipherParams {
  salt: Uint8Array;
  blockSize: number;
  keyBits: number;
  hashName: HashName;
}

const HASH_NAMES: Readonly<Record<string, HashName>> = {
  SHA1: 'SHA1',
  'SHA-1': 'SHA1',
  SHA256: 'SHA256',
  'SHA-256': 'SHA256',
  SHA384: 'SHA384',
  'SHA-384': 'SHA384',
  SHA512: 'SHA512',
  'SHA-512': 'SHA512',
};

function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) out[m[1].replace(/^.*:/, '')] = m[2];
  return out;
}

function cipherParams(a: Record<string, string>): CipherParams {
  const hashName = HASH_NAMES[a.hashAlgorithm ?? ''];
  const blockSize = Number(a.blockSize);
  const keyBits = Number(a.keyBits);
  if (
    a.cipherAlgorithm !== 'AES' ||
    a.cipherChaining !== 'ChainingModeCBC' ||
    !hashName ||
    blockSize !== 16 ||
    ![128, 192, 256].includes(keyBits)
  ) {
    throw new Unsupported();
  }
  return { salt: base64(a.saltValue ?? ''), blockSize, keyBits, hashName };
}

/** Truncated to `length`, or padded with 0x36 bytes (MS-OFFCRYPTO 2.3.4.12). */
function fitted(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes.subarray(0, length);
  const out = new Uint8Array(length).fill(0x36);
  out.set(bytes);
  return out;
}

function decryptAgile(xmlBytes: Uint8Array, data: Uint8Array, password: Uint8Array): Uint8Array | null {
  const xml = decodeXml(xmlBytes);
  const keyDataTag = /<(?:\w+:)?keyData\b[^>]*>/.exec(xml)?.[0];
  // The password key encryptor (a certificate one may sit beside it).
  const encryptor =
    /<(?:\w+:)?keyEncryptor\b[^>]*uri="http:\/\/schemas\.microsoft\.com\/office\/2006\/keyEncryptor\/password"[^>]*>\s*(<(?:\w+:)?encryptedKey\b[^>]*>)/.exec(
      xml,
    )?.[1];
  if (!keyDataTag || !encryptor) throw new Unsupported();
  const keyData = cipherParams(attributesOf(keyDataTag));
  const keyAttributes = attributesOf(encryptor);
  const keyParams = cipherParams(keyAttributes);
  const spinCount = Number(keyAttributes.spinCount);
  if (!Number.isInteger(spinCount) || spinCount < 0 || spinCount > MAX_SPIN_COUNT) throw new Unsupported();

  const hashName = keyParams.hashName;
  const stretched = spinHash(hashName, hash(hashName, keyParams.salt, password), spinCount);
  const keyFor = (block: Uint8Array) => fitted(hash(hashName, stretched, block), keyParams.keyBits / 8);
  const iv = fitted(keyParams.salt, keyParams.blockSize);

  const verifierInput = aesCbcDecrypt(
    keyFor(BLOCK_VERIFIER_INPUT),
    iv,
    base64(keyAttributes.encryptedVerifierHashInput ?? ''),
  ).subarray(0, keyParams.salt.length);
  const verifierHash = aesCbcDecrypt(
    keyFor(BLOCK_VERIFIER_VALUE),
    iv,
    base64(keyAttributes.encryptedVerifierHashValue ?? ''),
  ).subarray(0, HASH_SIZE[hashName]);
  if (!equalBytes(hash(hashName, verifierInput), verifierHash)) return null;

  const secret = aesCbcDecrypt(keyFor(BLOCK_KEY_VALUE), iv, base64(keyAttributes.encryptedKeyValue ?? '')).subarray(
    0,
    keyData.keyBits / 8,
  );
  if (secret.length !== keyData.keyBits / 8) throw new Unsupported();

  const size = packageSize(data);
  const key = aesDecryptionKey(secret);
  const out = new Uint8Array(size);
  const encrypted = data.subarray(8);
  for (let segment = 0, at = 0; at < size; segment++, at += SEGMENT_BYTES) {
    const piece = encrypted.subarray(at, at + SEGMENT_BYTES);
    const segmentIv = fitted(hash(keyData.hashName, keyData.salt, le32(segment)), keyData.blockSize);
    const plain = aesCbcDecrypt(key, segmentIv, piece);
    out.set(plain.subarray(0, Math.min(plain.length, size - at)), at);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Base64, as the EncryptionInfo XML writes its binary values

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '');
  if (/[^A-Za-z0-9+/]/.test(clean)) throw new Unsupported();
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of clean) {
    value = ((value << 6) | BASE64.indexOf(ch)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >>> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

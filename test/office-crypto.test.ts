/**
 * Workbooks encrypted with Excel's default password « VelvetSweatshop » open as Excel opens them,
 * without asking (issue 24 §6); those with a password of their own are refused as protected. The
 * encrypted fixtures are made here, with node:crypto, as MS-OFFCRYPTO describes (Agile and Standard
 * encryption) inside a compound file written by a small CFB writer; our own SHA and AES (used by
 * the reader, which must run in every host) are checked against node:crypto.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { aesCbcDecrypt, aesEcbDecrypt } from '../core/read/xlsx/aes';
import { openCompoundFile } from '../core/read/xlsx/cfb';
import { hash, type HashName, spinHash } from '../core/read/xlsx/hash';
import { decryptWorkbook } from '../core/read/xlsx/office-crypto';
import { checkWorkbookBytes } from '../core/read/xlsx/safety';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { syncWorkbook } from '../core/write/sync/sync-workbook';

const NODE_HASH: Readonly<Record<HashName, string>> = {
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

describe('our SHA and AES agree with node:crypto', () => {
  test.each(Object.keys(NODE_HASH) as HashName[])('%s on lengths around its block size', (name) => {
    for (const n of [0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 1000, 4096]) {
      const data = randomBytes(n);
      expect(Buffer.from(hash(name, data)).toString('hex')).toBe(
        createHash(NODE_HASH[name]).update(data).digest('hex'),
      );
    }
  });

  test('the spin of key stretching', () => {
    const first = randomBytes(64);
    let h = Buffer.from(first);
    for (let i = 0; i < 1000; i++) h = createHash('sha512').update(le32(i)).update(h).digest();
    expect(Buffer.from(spinHash('SHA512', first, 1000)).equals(h)).toBe(true);
  });

  test.each([128, 192, 256])('AES-%d in CBC and ECB', (bits) => {
    const key = randomBytes(bits / 8);
    const iv = randomBytes(16);
    const data = randomBytes(4096 + 48);
    expect(Buffer.from(aesCbcDecrypt(key, iv, encrypt(`aes-${bits}-cbc`, key, iv, data))).equals(data)).toBe(true);
    expect(Buffer.from(aesEcbDecrypt(key, encrypt(`aes-${bits}-ecb`, key, null, data))).equals(data)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The encryption side, as Excel writes it

function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function encrypt(cipher: string, key: Buffer, iv: Buffer | null, data: Uint8Array): Buffer {
  const c = createCipheriv(cipher, key, iv);
  c.setAutoPadding(false);
  const padded = Buffer.alloc(Math.ceil(data.length / 16) * 16);
  padded.set(data);
  return Buffer.concat([c.update(padded), c.final()]);
}

function sha(name: string, ...parts: Uint8Array[]): Buffer {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
}

const password16 = (password: string) => Buffer.from(password, 'utf16le');

/** EncryptionInfo and EncryptedPackage of Agile encryption (AES-256, SHA-512, as Excel 2013+). */
function agile(plain: Uint8Array, password: string, spinCount = 100_000): { info: Buffer; data: Buffer } {
  const blocks = {
    input: Buffer.from([0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79]),
    value: Buffer.from([0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e]),
    key: Buffer.from([0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6]),
  };
  const keySalt = randomBytes(16);
  const passwordSalt = randomBytes(16);
  const secret = randomBytes(32);
  let h = sha('sha512', passwordSalt, password16(password));
  for (let i = 0; i < spinCount; i++) h = sha('sha512', le32(i), h);
  const keyFor = (block: Buffer) => sha('sha512', h, block).subarray(0, 32);
  const verifier = randomBytes(16);
  const encryptedInput = encrypt('aes-256-cbc', keyFor(blocks.input), passwordSalt, verifier);
  const encryptedValue = encrypt('aes-256-cbc', keyFor(blocks.value), passwordSalt, sha('sha512', verifier));
  const encryptedKey = encrypt('aes-256-cbc', keyFor(blocks.key), passwordSalt, secret);
  const segments: Buffer[] = [];
  for (let i = 0, at = 0; at < plain.length; i++, at += 4096) {
    const iv = sha('sha512', keySalt, le32(i)).subarray(0, 16);
    segments.push(encrypt('aes-256-cbc', secret, iv, plain.subarray(at, at + 4096)));
  }
  const size = Buffer.alloc(8);
  size.writeUInt32LE(plain.length);
  const b64 = (b: Buffer) => b.toString('base64');
  const params =
    'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"';
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">' +
    `<keyData ${params} saltValue="${b64(keySalt)}"/>` +
    `<dataIntegrity encryptedHmacKey="${b64(randomBytes(64))}" encryptedHmacValue="${b64(randomBytes(64))}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="${spinCount}" ${params} saltValue="${b64(passwordSalt)}" encryptedVerifierHashInput="${b64(encryptedInput)}" encryptedVerifierHashValue="${b64(encryptedValue)}" encryptedKeyValue="${b64(encryptedKey)}"/>` +
    '</keyEncryptor></keyEncryptors></encryption>';
  return {
    info: Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml, 'utf8')]),
    data: Buffer.concat([size, ...segments]),
  };
}

/** EncryptionInfo and EncryptedPackage of Standard encryption (AES-128-ECB, SHA-1, as Excel 2007). */
function standard(plain: Uint8Array, password: string): { info: Buffer; data: Buffer } {
  const salt = randomBytes(16);
  let h = sha('sha1', salt, password16(password));
  for (let i = 0; i < 50_000; i++) h = sha('sha1', le32(i), h);
  const final = sha('sha1', h, le32(0));
  const derive = (fill: number) => {
    const buffer = Buffer.alloc(64, fill);
    for (let i = 0; i < 20; i++) buffer[i] ^= final[i];
    return sha('sha1', buffer);
  };
  const key = Buffer.concat([derive(0x36), derive(0x5c)]).subarray(0, 16);
  const verifier = randomBytes(16);
  const csp = Buffer.from('Microsoft Enhanced RSA and AES Cryptographic Provider\0', 'utf16le');
  const header = Buffer.alloc(32);
  [0x24, 0, 0x660e, 0x8004, 128, 0x18, 0, 0].forEach((v, i) => header.writeUInt32LE(v, i * 4));
  const headerBytes = Buffer.concat([header, csp]);
  const start = Buffer.alloc(12);
  start.writeUInt16LE(3, 0);
  start.writeUInt16LE(2, 2);
  start.writeUInt32LE(0x24, 4);
  start.writeUInt32LE(headerBytes.length, 8);
  const verifierHash = Buffer.alloc(32);
  verifierHash.set(sha('sha1', verifier));
  const size = Buffer.alloc(8);
  size.writeUInt32LE(plain.length);
  return {
    info: Buffer.concat([
      start,
      headerBytes,
      le32(16),
      salt,
      encrypt('aes-128-ecb', key, null, verifier),
      le32(20),
      encrypt('aes-128-ecb', key, null, verifierHash),
    ]),
    data: Buffer.concat([size, encrypt('aes-128-ecb', key, null, plain)]),
  };
}

/**
 * A compound file (MS-CFB version 3, 512-byte sectors) holding the streams at its root: those under
 * 4,096 bytes in the mini stream, as the format requires.
 */
function compoundFile(streams: Record<string, Uint8Array>): Uint8Array {
  const SECTOR = 512;
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const sectors: Buffer[] = [];
  const fat: number[] = [];
  const allocate = (data: Uint8Array): number => {
    if (data.length === 0) return END;
    const start = sectors.length;
    const count = Math.ceil(data.length / SECTOR);
    for (let i = 0; i < count; i++) {
      const sector = Buffer.alloc(SECTOR);
      sector.set(data.subarray(i * SECTOR, (i + 1) * SECTOR));
      sectors.push(sector);
      fat.push(i === count - 1 ? END : start + i + 1);
    }
    return start;
  };
  const names = Object.keys(streams);
  const starts: number[] = [];
  const mini: Buffer[] = [];
  const miniFat: number[] = [];
  for (const name of names) {
    const data = streams[name];
    if (data.length >= 4096) {
      starts.push(allocate(data));
      continue;
    }
    const start = miniFat.length;
    const count = Math.ceil(data.length / 64);
    for (let i = 0; i < count; i++) {
      const piece = Buffer.alloc(64);
      piece.set(data.subarray(i * 64, (i + 1) * 64));
      mini.push(piece);
      miniFat.push(i === count - 1 ? END : start + i + 1);
    }
    starts.push(count === 0 ? END : start);
  }
  const miniStream = Buffer.concat(mini);
  const miniStreamStart = allocate(miniStream);
  const miniFatBytes = Buffer.alloc(Math.ceil((miniFat.length * 4) / SECTOR) * SECTOR, 0xff);
  miniFat.forEach((v, i) => miniFatBytes.writeUInt32LE(v, i * 4));
  const miniFatStart = miniFat.length > 0 ? allocate(miniFatBytes) : END;
  // The directory: the root, then each stream as the right sibling of the one before.
  const entry = (name: string, type: number, right: number, child: number, start: number, size: number) => {
    const e = Buffer.alloc(128);
    e.write(name, 0, 'utf16le');
    e.writeUInt16LE((name.length + 1) * 2, 0x40);
    e[0x42] = type;
    e[0x43] = 1;
    e.writeUInt32LE(FREE, 0x44);
    e.writeUInt32LE(right, 0x48);
    e.writeUInt32LE(child, 0x4c);
    e.writeUInt32LE(start, 0x74);
    e.writeUInt32LE(size, 0x78);
    return e;
  };
  const entries = [entry('Root Entry', 5, FREE, names.length > 0 ? 1 : FREE, miniStreamStart, miniStream.length)];
  names.forEach((name, i) =>
    entries.push(entry(name, 2, i + 1 < names.length ? i + 2 : FREE, FREE, starts[i], streams[name].length)),
  );
  while (entries.length % 4 !== 0) entries.push(entry('', 0, FREE, FREE, 0, 0));
  const directoryStart = allocate(Buffer.concat(entries));
  // The FAT sectors, which the FAT describes too.
  let fatSectors = 1;
  while (Math.ceil((sectors.length + fatSectors) / 128) > fatSectors) fatSectors++;
  const fatStart = sectors.length;
  for (let i = 0; i < fatSectors; i++) fat.push(0xfffffffd);
  const fatBytes = Buffer.alloc(fatSectors * SECTOR, 0xff);
  fat.forEach((v, i) => fatBytes.writeUInt32LE(v, i * 4));
  for (let i = 0; i < fatSectors; i++) sectors.push(fatBytes.subarray(i * SECTOR, (i + 1) * SECTOR));
  const header = Buffer.alloc(SECTOR, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(fatSectors, 0x2c);
  header.writeUInt32LE(directoryStart, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(miniFatStart, 0x3c);
  header.writeUInt32LE(miniFatBytes.length / SECTOR, 0x40);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i < fatSectors ? fatStart + i : FREE, 0x4c + i * 4);
  return new Uint8Array(Buffer.concat([header, ...sectors]));
}

function encryptedWorkbook(encrypted: { info: Buffer; data: Buffer }): Uint8Array {
  return compoundFile({ EncryptionInfo: encrypted.info, EncryptedPackage: encrypted.data });
}

// ---------------------------------------------------------------------------------------------
// A small tracking workbook

const NS = 'http://schemas.openxmlformats.org';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function trackingXlsx(): Uint8Array {
  const rows = [
    ['Action', 'Porteur', 'État'],
    ['Créer un annuaire des acteurs', 'CCAS', 'En cours'],
    ['Former les élus', 'ARS', 'Réalisé'],
    ['Ouvrir une maison de santé', 'Commune', 'Non commencé'],
  ];
  const sheetData = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row.map((text, c) => `<c r="${'ABC'[c]}${r + 1}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${XML}<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${XML}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="Suivi 2023" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      // Padding text, so that the package spans several 4,096-byte segments.
      `${XML}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet><!-- ${randomBytes(6000).toString('base64')} -->`,
    ),
  });
}

describe('other compound files, named by their streams', () => {
  test('an Excel 97-2003 workbook, and a Word 97-2003 document renamed .xlsx', () => {
    const xls = compoundFile({ Workbook: randomBytes(5000), '\u0005SummaryInformation': randomBytes(200) });
    expect(openCompoundFile(xls)?.stream('Workbook')?.length).toBe(5000);
    expect(() => checkWorkbookBytes(xls, 'ancien.xlsx')).toThrow(expect.objectContaining({ code: 'LEGACY_XLS' }));
    const doc = compoundFile({ WordDocument: randomBytes(6000), '1Table': randomBytes(300) });
    expect(() => checkWorkbookBytes(doc, 'cr.xlsx')).toThrow(
      expect.objectContaining({ code: 'NOT_XLSX', message: expect.stringContaining('Word 97-2003') }),
    );
  });
});

describe('Excel’s default password, « VelvetSweatshop »', () => {
  const plain = trackingXlsx();
  const velvet = encryptedWorkbook(agile(plain, 'VelvetSweatshop'));

  test('the compound file holds the two streams', () => {
    expect(openCompoundFile(velvet)?.rootStreams().sort()).toEqual(['EncryptedPackage', 'EncryptionInfo']);
  });

  test('Agile encryption (AES-256, SHA-512, 100,000 spins): decrypted, then read as the plain workbook', async () => {
    expect(Buffer.from(decryptWorkbook(velvet) ?? []).equals(Buffer.from(plain))).toBe(true);
    expect(await readWorkbook(velvet, 'velours.xlsx')).toEqual(await readWorkbook(plain, 'velours.xlsx'));
  });

  test('Standard encryption (Excel 2007: AES-128-ECB, SHA-1)', async () => {
    const bytes = encryptedWorkbook(standard(plain, 'VelvetSweatshop'));
    expect(Buffer.from(decryptWorkbook(bytes) ?? []).equals(Buffer.from(plain))).toBe(true);
    const [grid] = await readWorkbook(bytes, 'velours-2007.xlsx');
    expect(grid.cells[2][2]?.text).toBe('Réalisé');
  });

  test('a password of the user’s own: refused as protected, for every kind', async () => {
    for (const bytes of [
      encryptedWorkbook(agile(plain, 'secret', 1000)),
      encryptedWorkbook(standard(plain, 'secret')),
    ]) {
      expect(decryptWorkbook(bytes)).toBeNull();
      await expect(readWorkbook(bytes, 'secret.xlsx')).rejects.toMatchObject({
        code: 'ENCRYPTED',
        message: expect.stringContaining('mot de passe'),
      });
    }
  });

  test('a damaged or truncated compound file: refused as protected, never a crash', async () => {
    for (const bytes of [
      velvet.slice(0, 700),
      velvet.slice(0, velvet.length - 600),
      velvet.map((b, i) => (i > 600 && i % 97 === 0 ? 0xff : b)),
    ]) {
      expect(() => decryptWorkbook(bytes)).not.toThrow();
      await expect(readWorkbook(bytes, 'abîmé.xlsx')).rejects.toMatchObject({ code: expect.any(String) });
    }
  });

  test('100 mutated copies: a workbook, null or a French error, never a crash', async () => {
    const quick = encryptedWorkbook(agile(plain, 'VelvetSweatshop', 1000));
    let seed = 24;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 0x100000000;
    };
    for (let n = 0; n < 100; n++) {
      const bytes = quick.slice(0, random() < 0.2 ? Math.floor(random() * quick.length) : quick.length);
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        bytes[Math.floor(random() * Math.min(bytes.length, 4096))] = Math.floor(random() * 256);
      }
      expect(() => decryptWorkbook(bytes)).not.toThrow();
      await readWorkbook(bytes, 'muté.xlsx').catch((e: unknown) => expect(e).toHaveProperty('code'));
    }
  });

  test('the safety check alone still names it encrypted (hosts that do not decrypt)', () => {
    expect(() => checkWorkbookBytes(velvet, 'velours.xlsx')).toThrow(expect.objectContaining({ code: 'ENCRYPTED' }));
  });

  test('sync refuses to rewrite it, saying why, and changes nothing', async () => {
    await expect(syncWorkbook(velvet, 'velours.xlsx')).rejects.toMatchObject({
      code: 'SYNC_REFUSED',
      message: expect.stringContaining('VelvetSweatshop'),
    });
  });
});

/**
 * Our CRC-32 gives the zip format's values: the standard check value, and fflate's zip headers on
 * random data; and so does Node's, which the workers use instead (core/node/zlib.ts).
 */
import * as zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { crc32, useHostCrc32 } from '../core/base/crc32';
import { useNodeZlib } from '../core/node/zlib';
import { useHostInflate } from '../core/read/xlsx/zip-reader';
import { useHostDeflate } from '../core/write/xlsx/package';

/** The CRC fflate writes in a zip's first local header (offset 14). */
function fflateCrc(data: Uint8Array): number {
  const zip = zipSync({ a: data });
  return new DataView(zip.buffer, zip.byteOffset).getUint32(14, true);
}

function checkValues(): void {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
  let seed = 7;
  for (const size of [1, 3, 255, 4096, 100_000]) {
    const data = new Uint8Array(size).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expect(crc32(data)).toBe(fflateCrc(data));
  }
}

afterEach(() => {
  useHostCrc32(null);
  useHostInflate(null);
  useHostDeflate(null);
});

test('the check value of « 123456789 », the empty input, and fflate’s on random bytes', checkValues);

test('the same values through a host’s function, here Node’s zlib.crc32', () => {
  const seen: number[] = [];
  useHostCrc32((data) => {
    const crc = zlib.crc32(data);
    seen.push(crc);
    return crc;
  });
  checkValues();
  expect(seen).toHaveLength(7);
});

test('the same values once the workers’ Node zlib is in use', () => {
  useNodeZlib();
  checkValues();
});

/** Our CRC-32 gives the zip format's values: the standard check value, and fflate's zip headers on random data. */
import { zipSync } from 'fflate';
import { crc32 } from '../core/base/crc32';

/** The CRC fflate writes in a zip's first local header (offset 14). */
function fflateCrc(data: Uint8Array): number {
  const zip = zipSync({ a: data });
  return new DataView(zip.buffer, zip.byteOffset).getUint32(14, true);
}

test('the check value of « 123456789 », the empty input, and fflate’s on random bytes', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
  let seed = 7;
  for (const size of [1, 3, 255, 4096, 100_000]) {
    const data = new Uint8Array(size).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expect(crc32(data)).toBe(fflateCrc(data));
  }
});

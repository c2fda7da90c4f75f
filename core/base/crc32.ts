/**
 * CRC-32 (IEEE 802.3, the zip format's), table-driven: what a zip writer needs without Node's
 * zlib.crc32 (Node 20.15+) or any other host's library. A host that has a native one hands it over
 * with useHostCrc32 (core/node/zlib.ts): on a large bilan's 9 MB of XML, Node's is about ten times
 * faster. The page keeps this one.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** A CRC-32 function: the CRC of `data`, as an unsigned 32-bit number. */
export type Crc32 = (data: Uint8Array) => number;

function tableCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

let hostCrc32: Crc32 | null = null;

/** Has every CRC-32 from now on computed by the host's own function; null goes back to the table. */
export function useHostCrc32(crc: Crc32 | null): void {
  hostCrc32 = crc;
}

/** The CRC-32 of `data`, as an unsigned 32-bit number. */
export function crc32(data: Uint8Array): number {
  return hostCrc32 ? hostCrc32(data) : tableCrc32(data);
}

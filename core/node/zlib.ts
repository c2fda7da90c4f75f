/**
 * Node's own zlib for the xlsx packages read and written in this process: it inflates the
 * workbook's parts several times faster than fflate's JavaScript, deflates the bilan's parts about
 * four times faster (in its thread pool), and computes the zip entries' CRC-32 about ten times
 * faster. `maxOutputLength` makes inflating throw past the reader's byte budget instead of
 * inflating a bomb (the reader then gives its own error). The page keeps fflate.
 */
import { constants } from 'node:buffer';
import * as zlib from 'node:zlib';
import { useHostCrc32 } from '../base/crc32';
import { type RawInflate, useHostInflate } from '../read/xlsx/zip-reader';
import { useHostDeflate } from '../write/xlsx/package';

/** Node's raw inflate, throwing past `max` bytes (or past what a Buffer can hold). */
export const nodeInflate: RawInflate = (data, max) =>
  zlib.inflateRawSync(data, { maxOutputLength: Math.min(max, constants.MAX_LENGTH) });

/**
 * The output buffer of an asynchronous deflate: larger than the part can deflate to, so that the
 * thread pool compresses it in one go. With zlib's default of 16 KB, each 16 KB of output waits
 * for this thread to hand over the next buffer: while it writes the next part, the compression
 * would hardly move.
 */
function deflateChunk(length: number): number {
  // zlib's deflateBound is about length × 1.0003 + 13: this is more. (A part that needed more would
  // still be whole, only compressed in several steps.)
  return Math.max(zlib.constants.Z_DEFAULT_CHUNK, length + Math.ceil(length / 1000) + 64);
}

export function useNodeZlib(): void {
  useHostInflate(nodeInflate);
  useHostDeflate(
    (data, level) =>
      new Promise((resolve, reject) =>
        zlib.deflateRaw(data, { level, chunkSize: deflateChunk(data.length) }, (error, deflated) =>
          error ? reject(error) : resolve(deflated),
        ),
      ),
  );
  // zlib.crc32 appeared in Node 20.15: before, the zip writers keep their JavaScript CRC.
  if (typeof zlib.crc32 === 'function') useHostCrc32((data) => zlib.crc32(data));
}

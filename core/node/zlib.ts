/**
 * Node's own zlib for the xlsx packages read and written in this process: it inflates the
 * workbook's parts several times faster than fflate's JavaScript, and deflates the bilan's parts
 * about four times faster. `maxOutputLength` makes inflating throw past the reader's byte budget
 * instead of inflating a bomb (the reader then gives its own error). The page keeps fflate.
 */
import { constants } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type RawInflate, useHostInflate } from '../read/xlsx/zip-reader';
import { useHostDeflate } from '../write/xlsx/package';

/** Node's raw inflate, throwing past `max` bytes (or past what a Buffer can hold). */
export const nodeInflate: RawInflate = (data, max) =>
  inflateRawSync(data, { maxOutputLength: Math.min(max, constants.MAX_LENGTH) });

export function useNodeZlib(): void {
  useHostInflate(nodeInflate);
  useHostDeflate((data, level) => deflateRawSync(data, { level }));
}

/**
 * Fingerprints of what a bilan is made from (the tool's version, the sources, the options that
 * change it): the command and the page compute the same. Kept apart from the writers, so that the
 * command's main process computes them without loading any.
 */
import { strToU8 } from 'fflate';
import type { Palette } from '../base/status';
import type { ReadOptions } from '../read/table-reader';
import { formatTaughtColumns } from '../read/taught-columns';
import { hash } from '../read/xlsx/hash';

/** The options of a conversion that change its bilans. */
export interface FingerprintOptions {
  palette?: Palette;
  year?: number;
  columns?: ReadOptions['columns'];
  contract?: string | null;
}

/** The fingerprint of what an output is made from: the tool's version, then `content`. */
export function fingerprintOf(version: string, content: Record<string, unknown>): string {
  return hex(hash('SHA256', strToU8(JSON.stringify({ version, ...content }))));
}

/** A source of a conversion: its file name and the SHA-256 of its bytes, in hex. */
export interface HashedSource {
  name: string;
  sha256: string;
}

/** SHA-256 of bytes, in hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return hex(hash('SHA256', bytes));
}

/**
 * The fingerprint of a conversion: tool version, each source (name and hash), the palette, the
 * year, the contract, the taught columns. The command hashes files as it streams them; the page
 * hashes the bytes dropped: both give the same fingerprint.
 */
export function conversionFingerprint(
  version: string,
  sources: readonly HashedSource[],
  options: FingerprintOptions,
): string {
  // Without a palette the colours come from the workbook's own setting: its bytes are hashed above.
  const palette = options.palette ? Object.entries(options.palette).sort(([a], [b]) => a.localeCompare(b)) : null;
  // Columns chosen for this run change the reading; columns stored in the workbook are part of its bytes.
  const columns = options.columns
    ? { sheet: options.columns.sheet, taught: formatTaughtColumns(options.columns.taught) }
    : null;
  return fingerprintOf(version, {
    sources: sources.map((s) => `${s.name}:${s.sha256}`),
    palette,
    year: options.year ?? null,
    contract: options.contract ?? null,
    ...(columns ? { columns } : {}),
  });
}

/** The fingerprint of a conversion of sources given as bytes. */
export function sourceFingerprint(
  version: string,
  sources: readonly { name: string; bytes: Uint8Array }[],
  options: FingerprintOptions,
): string {
  return conversionFingerprint(
    version,
    sources.map((s) => ({ name: s.name, sha256: sha256Hex(s.bytes) })),
    options,
  );
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

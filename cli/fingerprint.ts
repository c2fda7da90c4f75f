/**
 * What makes `convert` incremental: each bilan carries the fingerprint of what it was made from
 * (the tool's version, the source files' bytes, the options that change the output), in a custom
 * property of the xlsx, a <meta> of the html and a field of the json. A bilan whose fingerprint
 * is the current one is « à jour » and is not rewritten; one with another fingerprint is ours and
 * is replaced; a file without one is somebody else's and is kept.
 */
import { conversionFingerprint, fingerprintOf as fingerprintWith, type HashedSource } from '../core/write/fingerprint';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { ConvertTask, OutputFormat } from './convert-task';

/** The version written in the bilans (kept equal to package.json's by a test). */
export const TOOL_VERSION = '0.1.0';

/** Name of the fingerprint in the xlsx custom properties, the html <meta> and the json. */
export const FINGERPRINT_NAME = 'cls-bilan-empreinte';

const HEX64 = /^[0-9a-f]{64}$/;

/** SHA-256 of a regular file, read as a stream; null for anything else (missing, a FIFO, a device). */
async function fileHash(path: string): Promise<string | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/**
 * The fingerprint of a conversion: tool version, each source file (name and bytes), --palette, year,
 * contract, --colonnes. Null when a source cannot be hashed: the reader then says why, in its own words.
 */
export async function sourceFingerprint(
  task: Pick<ConvertTask, 'input' | 'files' | 'palette' | 'year' | 'columns'>,
): Promise<string | null> {
  const files = task.files ?? [task.input];
  const sources: HashedSource[] = [];
  for (const file of files) {
    const hash = await fileHash(file);
    if (hash === null) return null;
    sources.push({ name: basename(file), sha256: hash });
  }
  return conversionFingerprint(TOOL_VERSION, sources, { ...task, contract: task.files ? task.input : null });
}

/** The fingerprint of what an output is made from: the tool's version, then `content`. */
export function fingerprintOf(content: Record<string, unknown>): string {
  return fingerprintWith(TOOL_VERSION, content);
}

/** The first bytes of a file, as text (an html or json output starts with its fingerprint). */
async function head(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The fingerprint an existing output carries; null when it has none (not a bilan of ours, or unreadable). */
export async function storedFingerprint(path: string, format: OutputFormat): Promise<string | null> {
  try {
    let found: string | undefined;
    if (format === 'xlsx' || format === 'docx') {
      const parts = unzipSync(new Uint8Array(await readFile(path)), {
        filter: (file) => file.name === 'docProps/custom.xml',
      });
      const custom = parts['docProps/custom.xml'];
      if (custom) {
        const xml = strFromU8(custom);
        found = new RegExp(`name="${FINGERPRINT_NAME}"[^>]*>\\s*<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>`).exec(xml)?.[1];
      }
    } else if (format === 'html') {
      found = new RegExp(`<meta name="${FINGERPRINT_NAME}" content="([0-9a-f]{64})">`).exec(
        await head(path, 4096),
      )?.[1];
    } else {
      found = /"fingerprint": "([0-9a-f]{64})"/.exec(await head(path, 4096))?.[1];
    }
    return found && HEX64.test(found) ? found : null;
  } catch {
    return null;
  }
}

/** How an output path stands against the current fingerprint. */
export type OutputState = 'absent' | 'current' | 'ours' | 'foreign';

/**
 * Where a set of outputs stands: the paths holding a file that is not ours (kept unless --force),
 * and whether every one is already made from this fingerprint (nothing to write).
 */
export async function outputsStanding(
  outputs: readonly { path: string; format: OutputFormat }[],
  fingerprint: string,
  exists: (path: string) => Promise<boolean>,
): Promise<{ foreign: string[]; upToDate: boolean }> {
  const states = await Promise.all(outputs.map((o) => outputState(o.path, o.format, fingerprint, exists)));
  return {
    foreign: outputs.filter((_, i) => states[i] === 'foreign').map((o) => o.path),
    upToDate: states.every((s) => s === 'current'),
  };
}

async function outputState(
  path: string,
  format: OutputFormat,
  fingerprint: string,
  exists: (path: string) => Promise<boolean>,
): Promise<OutputState> {
  if (!(await exists(path))) return 'absent';
  const stored = await storedFingerprint(path, format);
  if (stored === null) return 'foreign';
  return stored === fingerprint ? 'current' : 'ours';
}

/**
 * The files the tool keeps beside the ones it writes while it writes them, and how stale ones are
 * recognised. Every such file is hidden and named `.cls-bilan-<key>-<owner>.<kind>`:
 * - `key`: 12 hex digits of the final file's name (short: a 240-character name plus a suffix would
 *   pass the file-name limit);
 * - `owner`: 4 hex digits of the host name and the process id, so that two runs, on one machine or
 *   on two machines sharing a folder, never use the same name, and a run can tell its own files
 *   from those of a run that is gone;
 * - `kind`: `tmp` (a result being written), `orig` (sync's workbook while it is replaced), `lock`
 *   (sync's lock: one sync at a time per workbook; its name has no owner).
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type TemporaryKind = 'tmp' | 'orig' | 'lock';

const PREFIX = '.cls-bilan-';

/**
 * The longest a run may hold a temporary file: the largest --timeout (3,600 s) with a margin.
 * A temporary file older than this, of a run on another machine, is stale.
 */
export const LONGEST_HOLD_MS = 2 * 3600 * 1000;

function hex(text: string, digits: number): string {
  return createHash('sha1').update(text).digest('hex').slice(0, digits);
}

/** This machine's tag in temporary names. */
export const HOST_TAG = hex(hostname(), 4);

/** This run's tag in temporary names: the host's tag and the process id (worker threads share it). */
export function ownerTag(pid: number = process.pid): string {
  return `${HOST_TAG}${pid}`;
}

/** The key of a final file's name in the names of its temporary files. */
export function fileKey(finalPath: string): string {
  return hex(basename(finalPath), 12);
}

/** A temporary file of this run for `finalPath`, in the same folder (a rename never crosses disks). */
export function temporaryPath(finalPath: string, kind: Exclude<TemporaryKind, 'lock'> = 'tmp'): string {
  return join(dirname(finalPath), `${PREFIX}${fileKey(finalPath)}-${ownerTag()}.${kind}`);
}

/** The lock of `finalPath`: the same name for every run. */
export function lockPath(finalPath: string): string {
  return join(dirname(finalPath), `${PREFIX}${fileKey(finalPath)}.lock`);
}

export interface TemporaryName {
  key: string;
  kind: TemporaryKind;
  /** The host's tag and the process id; null for a lock, or a temporary of an older version. */
  host: string | null;
  pid: number | null;
}

/** What a file name says of a temporary of ours, or null when it is not one. */
export function parseTemporaryName(name: string): TemporaryName | null {
  const m = /^\.cls-bilan-([0-9a-f]{12})(?:-([0-9a-f]{4})(\d+))?\.(tmp|orig|lock)$/.exec(name);
  if (!m) return null;
  const kind = m[4] as TemporaryKind;
  if (kind === 'lock' && m[2] !== undefined) return null;
  return { key: m[1], kind, host: m[2] ?? null, pid: m[3] === undefined ? null : Number(m[3]) };
}

/** Whether a process of this machine is running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the run that made a temporary file is gone: its process is not running on this machine,
 * or (a run of another machine, or of an older version that did not name itself) the file is
 * older than any run may last. Never true for a file of this very process.
 */
export function ownerGone(
  name: Pick<TemporaryName, 'host' | 'pid'>,
  ageMs: number,
  alive: (pid: number) => boolean = processAlive,
): boolean {
  if (name.host === HOST_TAG && name.pid !== null) {
    if (name.pid === process.pid) return false;
    return !alive(name.pid);
  }
  return ageMs > LONGEST_HOLD_MS;
}

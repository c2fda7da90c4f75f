/**
 * The names of sync's backups, « suivi (avant synchro 2026-11-24 14h05).xlsx », and how a file is
 * put under a name only if that name is free.
 */
import { link, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { exists } from '../file-writes';

/** The longest file name most file systems take, in bytes (ext4, NTFS in UTF-16 units, APFS). */
const MAX_NAME_BYTES = 255;

/** « 2026-11-24 14h05 », local time. */
export function backupStamp(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}h${two(now.getMinutes())}`;
}

/** A backup written by an earlier sync: not a workbook to sync. */
export function isSyncBackup(name: string): boolean {
  return / \(avant synchro \d{4}-\d{2}-\d{2} \d{2}h\d{2}\)( \(\d+\))?\.[^.]+$/.test(name);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The n-th backup name of `target` (n = 1: no number). A long workbook name is shortened, by whole
 * characters and with « … », so that the backup's name stays within the file-name limit.
 */
export function backupName(target: string, stamp: string, n: number): string {
  const ext = extname(target);
  const suffix = ` (avant synchro ${stamp})${n === 1 ? '' : ` (${n})`}${ext}`;
  let stem = basename(target, ext);
  if (byteLength(stem + suffix) > MAX_NAME_BYTES) {
    const chars = Array.from(stem);
    while (chars.length > 0 && byteLength(`${chars.join('')}…${suffix}`) > MAX_NAME_BYTES) chars.pop();
    stem = `${chars.join('').trimEnd()}…`;
  }
  return `${stem}${suffix}`;
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);

/**
 * Gives the file at `from` the name `to` only if nothing has that name: with a hard link, which the
 * system refuses when the name is taken, then `from` removed. Where the disk has no hard links (a
 * FAT key, some network shares) the name is checked, then the file renamed: a few microseconds in
 * which a file saved under that name would be replaced. False when the name is taken.
 */
export async function placeIfFree(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_LINKS.has(code)) throw e;
    if (await exists(to)) return false;
    await rename(from, to);
    return true;
  }
  await unlink(from);
  return true;
}

/** Puts the file at `from` under the first free backup name of `target`; returns that name. */
export async function placeAsBackup(from: string, target: string, stamp: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dirname(target), backupName(target, stamp, n));
    if (await placeIfFree(from, path)) return path;
  }
}

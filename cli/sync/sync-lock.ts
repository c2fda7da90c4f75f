/**
 * One sync at a time per workbook, and what an interrupted sync left behind.
 *
 * The lock is a file beside the workbook (`.cls-bilan-<key>.lock`, cli/temporaries.ts), created
 * only if absent, which the system does in one step: of two syncs started together, one gets it and
 * the other refuses. It says which run holds it and which workbook it is for, so that a run that
 * finds the lock of a run that is gone (killed, machine stopped) can finish that run's work:
 * - its workbook, moved aside while it was being replaced (`.orig`), goes back under its name if
 *   nothing stands there, else is kept as a backup « (avant synchro …) »: it is never removed;
 * - its result being written (`.tmp`) is removed;
 * - then the lock is removed.
 */
import { open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ClsError } from '../../core/base/errors';
import { exists, flushFolder } from '../file-writes';
import {
  fileKey,
  HOST_TAG,
  lockPath,
  ownerGone,
  parseTemporaryName,
  type TemporaryName,
  temporaryPath,
} from '../temporaries';
import { backupStamp, placeAsBackup } from './backup-name';

export interface LockInfo {
  /** The workbook's file name. */
  file: string;
  host: string;
  pid: number;
  /** When the sync started, ISO 8601. */
  started: string;
}

function isLockInfo(value: unknown): value is LockInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.file === 'string' &&
    typeof v.host === 'string' &&
    typeof v.pid === 'number' &&
    typeof v.started === 'string'
  );
}

async function readLock(path: string): Promise<{ info: LockInfo | null; ageMs: number } | null> {
  try {
    const [text, s] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let info: LockInfo | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      info = isLockInfo(parsed) ? parsed : null;
    } catch {
      info = null;
    }
    return { info, ageMs: Date.now() - s.mtimeMs };
  } catch {
    return null;
  }
}

/** A lock nobody holds any more: its run is gone, or it was left unreadable over a minute ago. */
function lockStale(lock: { info: LockInfo | null; ageMs: number }): boolean {
  if (!lock.info) return lock.ageMs > 60_000;
  return ownerGone({ host: lock.info.host, pid: lock.info.pid }, lock.ageMs);
}

/** « 14h05 » of an ISO time, local. */
function hourOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return ` (lancée à ${String(d.getHours()).padStart(2, '0')}h${String(d.getMinutes()).padStart(2, '0')})`;
}

/**
 * Finishes the work of a sync of `target` that is gone: see the module's comment. Returns what was
 * done, in French, for the report.
 */
export async function recoverInterrupted(
  target: string,
  owner: Pick<TemporaryName, 'host' | 'pid'>,
  started: Date,
): Promise<string[]> {
  const notes: string[] = [];
  const folder = dirname(target);
  const tag = owner.host !== null && owner.pid !== null ? `${owner.host}${owner.pid}` : null;
  if (tag === null) return notes;
  const prefix = `.cls-bilan-${fileKey(target)}-${tag}`;
  const orig = join(folder, `${prefix}.orig`);
  if (await exists(orig)) {
    if (!(await exists(target))) {
      await rename(orig, target);
      notes.push(
        `une synchronisation interrompue avait mis « ${basename(target)} » de côté : il a été remis à sa place, tel qu'il était`,
      );
    } else {
      const kept = await placeAsBackup(orig, target, backupStamp(started));
      notes.push(
        `une synchronisation interrompue avait laissé la version d'avant : elle est gardée en « ${basename(kept)} »`,
      );
    }
  }
  await unlink(join(folder, `${prefix}.tmp`)).catch(() => undefined);
  await flushFolder(folder);
  return notes;
}

export interface SyncLock {
  /** What was recovered from an interrupted sync of the same workbook, in French. */
  notes: string[];
  release: () => Promise<void>;
}

/**
 * Takes the lock of `target` (its real path), after finishing the work of an interrupted sync that
 * still held it. Throws SYNC_RUNNING when another sync holds it.
 */
export async function acquireSyncLock(target: string): Promise<SyncLock> {
  const path = lockPath(target);
  const notes: string[] = [];
  const info: LockInfo = {
    file: basename(target),
    host: HOST_TAG,
    pid: process.pid,
    started: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(info));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { notes, release: () => unlink(path).catch(() => undefined) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = await readLock(path);
    if (held === null) continue; // removed meanwhile: try again
    if (!lockStale(held)) {
      throw new ClsError({
        code: 'SYNC_RUNNING',
        file: basename(target),
        message:
          `Une autre synchronisation de « ${basename(target)} » est en cours${held.info ? hourOf(held.info.started) : ''} : ` +
          `celle-ci n'a rien modifié. Attendez qu'elle se termine, puis relancez si besoin. ` +
          `Si aucune ne tourne (ordinateur redémarré, par exemple), supprimez le fichier caché « ${basename(path)} » à côté du classeur.`,
      });
    }
    if (held.info) notes.push(...(await recoverInterrupted(target, held.info, new Date(held.info.started))));
    await unlink(path).catch(() => undefined);
  }
  throw new ClsError({
    code: 'SYNC_RUNNING',
    file: basename(target),
    message: `Le verrou de synchronisation de « ${basename(target)} » n'a pas pu être pris : relancez dans un instant.`,
  });
}

/**
 * Removes, in `folder`, the temporary files of runs that are gone, and finishes the syncs they
 * interrupted (a run holding a lock is left alone). Returns what was done, in French. Never throws:
 * a folder that cannot be read is simply not cleaned.
 */
export async function sweepFolder(folder: string): Promise<string[]> {
  const notes: string[] = [];
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return notes;
  }
  const parsed = names.map((n) => ({ name: n, temp: parseTemporaryName(n) })).filter((t) => t.temp !== null);
  if (parsed.length === 0) return notes;
  const lockedKeys = new Set<string>();
  for (const { name, temp } of parsed) {
    if (temp?.kind !== 'lock') continue;
    const held = await readLock(join(folder, name));
    if (held === null) continue;
    if (!lockStale(held)) {
      lockedKeys.add(temp.key);
      continue;
    }
    try {
      if (held.info) {
        const target = join(folder, held.info.file);
        notes.push(...(await recoverInterrupted(target, held.info, new Date(held.info.started))));
      }
      await unlink(join(folder, name)).catch(() => undefined);
    } catch {
      lockedKeys.add(temp.key); // could not finish: leave it for the next run
    }
  }
  for (const { name, temp } of parsed) {
    if (!temp || temp.kind === 'lock' || lockedKeys.has(temp.key)) continue;
    const path = join(folder, name);
    const s = await stat(path).catch(() => null);
    if (!s || !ownerGone(temp, Date.now() - s.mtimeMs)) continue;
    if (temp.kind === 'tmp') {
      await unlink(path).catch(() => undefined);
      continue;
    }
    // A workbook set aside by a sync whose lock is gone: the workbook it belongs to is the one whose
    // name has its key; it is kept, under that workbook's backup name, or under its own if it has none.
    const owner = names.find((n) => parseTemporaryName(n) === null && fileKey(n) === temp.key);
    const target = join(folder, owner ?? `classeur récupéré ${temp.key}.xlsx`);
    try {
      notes.push(...(await recoverInterrupted(target, temp, s.mtime)));
    } catch {
      // left for the next run
    }
  }
  return notes;
}

/**
 * After a worker of this run was stopped in the middle of syncing `input` (time limit, memory,
 * interruption): its workbook back under its name, its temporary files and its lock removed.
 */
export async function finishStoppedSync(input: string, out?: string): Promise<string[]> {
  if (out) {
    await unlink(temporaryPath(join(out, basename(input)))).catch(() => undefined);
    return [];
  }
  const target = await realpath(input).catch(() => input);
  const notes = await recoverInterrupted(target, { host: HOST_TAG, pid: process.pid }, new Date());
  const path = lockPath(target);
  const held = await readLock(path);
  if (held?.info && held.info.host === HOST_TAG && held.info.pid === process.pid)
    await unlink(path).catch(() => undefined);
  return notes;
}

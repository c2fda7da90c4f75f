/**
 * Replaces the user's workbook by its synced version without ever losing a save of hers.
 *
 * The workbook is read once (a snapshot: its bytes, their hash, its size, time and inode). The
 * synced version is written beside it, flushed and checked by the caller. Then:
 * 1. the lock files of Excel and LibreOffice are looked for again, and the workbook must still be
 *    the snapshot (same size, time, inode and hash);
 * 2. the workbook is moved aside (`.orig`), in one step: whatever a save put there is now held;
 * 3. the synced version takes the workbook's name at once, only if the name is still free (a hard
 *    link, which the system refuses on a taken name): a save made by rename meanwhile stands, and
 *    nothing is replaced;
 * 4. what was moved aside must be the snapshot, bytes included (a save made between 1 and 2, or
 *    written in place into it meanwhile): else it goes back over the synced version;
 * 5. it becomes the backup « (avant synchro …) », or is removed with --no-backup.
 * Between 2 and 3 (a rename and a link: microseconds) the workbook is not under its name. A
 * kill there leaves it aside, whole, with the lock: the next sync of the folder puts it back
 * (sync-lock.ts). Nothing else could be atomic without losing a save made at that moment: a rename
 * over the name would replace that save, with nothing left holding it. Where the disk has no hard
 * links, step 4 checks the name, then renames.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ClsError } from '../../core/base/errors';
import { readInputFile } from '../../core/node/files';
import { exists, flushFolder, WORKBOOK_NOT_MODIFIED, writeFailed, writeReason } from '../file-writes';
import { temporaryPath } from '../temporaries';
import { placeAsBackup, placeIfFree } from './backup-name';

export interface Snapshot {
  path: string;
  bytes: Uint8Array;
  hash: string;
  stat: Stats;
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameStat(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export function changedMeanwhile(path: string): ClsError {
  const name = basename(path);
  return new ClsError({
    code: 'WORKBOOK_CHANGED',
    file: name,
    message:
      `« ${name} » a été modifié pendant la synchronisation : rien n'a été remplacé, votre version est intacte. ` +
      `Relancez la synchronisation quand il n'est plus en cours d'enregistrement.`,
  });
}

/** Reads the workbook once, and refuses it when it changed while it was read (a save under way). */
export async function takeSnapshot(path: string): Promise<Snapshot> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await stat(path).catch(() => null);
    const bytes = await readInputFile(path);
    const after = await stat(path);
    if (before && sameStat(before, after) && after.size === bytes.length) {
      return { path, bytes, hash: hashOf(bytes), stat: after };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw changedMeanwhile(path);
}

/** Whether the file at `path` is still the snapshot: same size, time, inode and bytes. */
async function stillSnapshot(path: string, snap: Snapshot): Promise<boolean> {
  const s = await stat(path).catch(() => null);
  if (!s || !sameStat(s, snap.stat)) return false;
  const bytes = await readFile(path).catch(() => null);
  return bytes !== null && hashOf(bytes) === snap.hash;
}

export interface ReplaceOptions {
  /** Keep the workbook as it was under « (avant synchro <stamp>) ». */
  backup: boolean;
  stamp: string;
  /** Throws when the workbook is open in Excel or LibreOffice (their lock files beside it). */
  refuseIfOpen: (path: string) => Promise<void>;
}

/**
 * Puts the synced version (`temp`, flushed and checked) under the workbook's name, as described in
 * the module's comment. Returns the backup's path, if one is kept. Throws WORKBOOK_CHANGED, and
 * leaves the user's file under its name, when the workbook changed since the snapshot; `temp` is
 * then removed.
 */
export async function replaceWorkbook(snap: Snapshot, temp: string, options: ReplaceOptions): Promise<string | null> {
  const target = snap.path;
  const aside = temporaryPath(target, 'orig');
  try {
    await options.refuseIfOpen(target);
    if (!(await stillSnapshot(target, snap))) throw changedMeanwhile(target);
    await rename(target, aside);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e instanceof ClsError ? e : writeFailed(target, e, WORKBOOK_NOT_MODIFIED);
  }
  // From here on the workbook is aside: every path gives it back its name, or keeps it as a backup.
  const giveBack = async () => {
    if (await placeIfFree(aside, target)) return;
    // A save made meanwhile stands under the name: what was aside is an older version, kept.
    await placeAsBackup(aside, target, options.stamp);
  };
  try {
    // The name is taken back at once: the workbook is away from it for a rename and a link only.
    if (!(await placeIfFree(temp, target))) {
      // Saved by rename between steps 2 and 3: her save stands; ours is dropped.
      if (options.backup) await placeAsBackup(aside, target, options.stamp);
      else await unlink(aside);
      throw changedMeanwhile(target);
    }
    if (!(await stillSnapshot(aside, snap))) {
      // Saved between the check of step 1 and the rename, or written in place into the workbook
      // while it was aside: her version goes back over ours.
      await rename(aside, target);
      throw changedMeanwhile(target);
    }
  } catch (e) {
    if (await exists(aside)) {
      await giveBack().catch(() => undefined);
    }
    if (e instanceof ClsError) throw e;
    throw writeFailed(target, e, WORKBOOK_NOT_MODIFIED);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await flushFolder(dirname(target));
  if (!options.backup) {
    await unlink(aside);
    return null;
  }
  try {
    const backup = await placeAsBackup(aside, target, options.stamp);
    await flushFolder(dirname(target));
    return backup;
  } catch (e) {
    // The workbook is synced; its former version stays aside, and the next run keeps it as a backup.
    throw new ClsError({
      code: 'BACKUP_FAILED',
      file: basename(target),
      message:
        `« ${basename(target)} » a été synchronisé, mais sa sauvegarde n'a pas pu être nommée (${writeReason(e)}) : ` +
        `la version d'avant est gardée dans le fichier caché « ${basename(aside)} » à côté du classeur, ` +
        `et la prochaine commande lancée sur ce dossier la renommera en « (avant synchro …) ».`,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
}

/**
 * How the tool writes a file: to a temporary file of its own in the same folder, flushed to the
 * disk, then renamed into place, so no file is ever half-written under its final name; and the
 * French words for a write the system refused. Shared by convert, the region's synthesis and sync.
 */
import { type Stats, unlinkSync } from 'node:fs';
import { access, chmod, chown, mkdir, open, rename, unlink } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { ClsError } from '../core/base/errors';
import { temporaryPath } from './temporaries';

/** True when something is at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const WRITE_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'le disque est plein',
  EDQUOT: 'le quota de disque est atteint',
  EACCES: "vous n'avez pas le droit d'écrire dans ce dossier",
  EPERM: "vous n'avez pas le droit d'écrire dans ce dossier",
  EROFS: 'le disque est en lecture seule',
  ENAMETOOLONG: 'le nom du fichier est trop long',
  EEXIST: 'un fichier porte déjà le nom du dossier de sortie',
  ENOTDIR: 'un fichier porte déjà le nom du dossier de sortie',
  EISDIR: 'un dossier porte le nom du fichier à écrire',
  EBUSY: 'le fichier est ouvert dans une autre application',
};

/** Why the system refused a write, in French. */
export function writeReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  return WRITE_REASONS[code] ?? "le système a refusé l'écriture";
}

/** What a failed write of an output leaves, and what to do. */
export const OUTPUT_NOT_WRITTEN =
  "rien n'a été écrit pour ce fichier. Choisissez un autre dossier avec --out, ou libérez de la place, puis relancez.";

/** What a failed write of sync leaves, and what to do. */
export const WORKBOOK_NOT_MODIFIED =
  "le classeur n'a pas été modifié. Libérez de la place ou vérifiez vos droits sur ce dossier, puis relancez.";

/**
 * A French WRITE_FAILED for a failed write: the folder, the system's reason in French, then
 * `outcome` (what was left as it was, and what to do); the system's own words kept for --debug.
 */
export function writeFailed(path: string, e: unknown, outcome: string = OUTPUT_NOT_WRITTEN): ClsError {
  return new ClsError({
    code: 'WRITE_FAILED',
    file: basename(path),
    message: `Impossible d'écrire dans « ${dirname(path)} » (${writeReason(e)}) : ${outcome}`,
    detail: e instanceof Error ? e.message : String(e),
  });
}

/** Flushes a folder's entries (a rename in it) to the disk; a no-op where folders cannot be opened (Windows). */
export async function flushFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/**
 * Copies what the system keeps of a file besides its bytes onto `path`: permissions, owner where the
 * system allows it (a user may not give a file away), and extended attributes on Linux (Node has no
 * call for them: coreutils' `cp --attributes-only` copies them without touching the bytes).
 */
export async function copyAttributes(from: string, stat: Stats, path: string): Promise<void> {
  await chmod(path, stat.mode & 0o7777);
  await chown(path, stat.uid, stat.gid).catch(() => undefined);
  if (process.platform !== 'linux') return;
  await new Promise<void>((resolve) => {
    execFile('cp', ['--attributes-only', '--preserve=xattr', '--no-preserve=mode,ownership', from, path], () =>
      resolve(),
    );
  });
  // cp may have set the mode again from the umask: the original's wins.
  await chmod(path, stat.mode & 0o7777).catch(() => undefined);
}

/** The temporary files this thread is writing, removed on an interruption (cli/interrupt.ts). */
const pending = new Set<string>();

/** Removes the temporary files this thread is writing: called on Ctrl-C, just before the process exits. */
export function removePendingTemporaries(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // already renamed into place or removed
    }
  }
  pending.clear();
}

/**
 * Writes `data` to a new temporary file of this run beside `finalPath` and flushes it to the disk.
 * Returns its path; the caller renames it into place or removes it.
 */
export async function writeTemporary(finalPath: string, data: Uint8Array | string): Promise<string> {
  const temp = temporaryPath(finalPath);
  // A temporary of this run left by a failed attempt is ours to replace.
  await unlink(temp).catch(() => undefined);
  const handle = await open(temp, 'wx', 0o644);
  pending.add(temp);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    pending.delete(temp);
    throw e;
  }
  await handle.close();
  return temp;
}

/**
 * Writes every output, each whole: each to its temporary file first, flushed; only when all are
 * written are they renamed into place, one after the other. The temporary files are written side by
 * side (the system writes one while it flushes another). A failure before the renames
 * removes the temporary files and leaves every output as it was; the first output that failed, in
 * the order given, is the one named. An interruption during the renames (a few milliseconds) may
 * leave some outputs new and some old, each whole: a re-run completes them.
 */
export async function writeAllAtomically(
  outputs: readonly { path: string; data: Uint8Array | string }[],
): Promise<void> {
  const attempts = await Promise.allSettled(
    outputs.map(async ({ path, data }) => {
      await mkdir(dirname(path), { recursive: true });
      return { temp: await writeTemporary(path, data), path };
    }),
  );
  const written = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  const removeTemporaries = async () => {
    await Promise.all(written.map(({ temp }) => unlink(temp).catch(() => undefined)));
    for (const { temp } of written) pending.delete(temp);
  };
  const failed = attempts.findIndex((a) => a.status === 'rejected');
  if (failed >= 0) {
    await removeTemporaries();
    throw writeFailed(outputs[failed].path, (attempts[failed] as PromiseRejectedResult).reason);
  }
  let current = outputs[0]?.path ?? '';
  try {
    for (const { temp, path } of written) {
      current = path;
      await rename(temp, path);
      pending.delete(temp);
    }
    for (const folder of new Set(written.map((w) => dirname(w.path)))) await flushFolder(folder);
  } catch (e) {
    await removeTemporaries();
    throw writeFailed(current, e);
  }
}

/** One output written through its temporary file (see writeAllAtomically). */
export async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  await writeAllAtomically([{ path, data }]);
}

/**
 * `sync` on one file, without ever losing what the user saved:
 * - refused when the workbook is open (Excel's `~$X.xlsx` or LibreOffice's `.~lock.X#` beside
 *   it), read-only, known under several names (hard links), an .ods, or being synced by another run
 *   (sync-lock.ts);
 * - a symbolic link is followed: the workbook it points to is synced, and the link stays;
 * - the synced workbook is written to a temporary file beside it, flushed, given the original's
 *   permissions, owner (where allowed) and extended attributes, read again with the core reader and
 *   checked to give the same model; then it replaces the workbook only if the workbook is still
 *   the one that was read (replace-workbook.ts), and the original is kept as
 *   « X (avant synchro AAAA-MM-JJ HHhMM).xlsx » (unless --no-backup).
 * Nothing is half-written: any failure removes the temporary file and leaves the workbook as it was.
 */
import type { ReadOptions } from '../../core/read/table-reader';
import { readFile, realpath, rename, mkdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ClsError, toErrorInfo } from '../../core/base/errors';
import type { Palette } from '../../core/base/status';
import { typeset } from '../../core/base/typography';
import {
  copyAttributes,
  exists,
  flushFolder,
  WORKBOOK_NOT_MODIFIED,
  writeFailed,
  writeTemporary,
} from '../file-writes';
import { acquireSyncLock } from './sync-lock';
import { replaceWorkbook, type Snapshot, takeSnapshot } from './replace-workbook';
import {
  analyseBytes,
  modelSummary,
  type SyncPart,
  type SyncReport,
  syncWorkbook,
} from '../../core/write/sync/sync-workbook';

export { backupStamp, isSyncBackup } from './backup-name';

export interface SyncTask {
  input: string;
  /** `--out`: the folder the synced copy is written to; absent: the workbook itself. */
  out?: string;
  dryRun: boolean;
  noBackup: boolean;
  only?: SyncPart[];
  palette?: Partial<Palette>;
  /** --colonnes. */
  columns?: ReadOptions['columns'];
  /** --restaurer: put back the original fills saved in the workbook, nothing else. */
  restore?: boolean;
  /** « 2026-11-24 14h05 »: the time of the run, in the backup names. */
  stamp: string;
}

export interface SyncResult {
  input: string;
  /** synced: written; current: nothing to change; planned: --dry-run; failed. */
  status: 'synced' | 'current' | 'planned' | 'failed';
  /** The file written (the workbook itself, or its copy in --out). */
  written?: string;
  /** The copy of the workbook as it was before. */
  backup?: string;
  /** What was recovered from an interrupted sync of the same workbook, in French. */
  recovered?: string[];
  report?: Omit<SyncReport, 'model'>;
  error?: { code: string; message: string; detail?: string };
}

/** Refuses a workbook open in Excel or LibreOffice (their lock files beside it). */
async function refuseIfOpen(path: string): Promise<void> {
  const name = basename(path);
  for (const lock of [`~$${name}`, `.~lock.${name}#`]) {
    if (await exists(join(dirname(path), lock))) {
      throw new ClsError({
        code: 'WORKBOOK_OPEN',
        file: name,
        message:
          `« ${name} » est ouvert dans Excel ou LibreOffice (le fichier « ${lock} » est à côté) : il n'a pas été modifié. ` +
          `Fermez-le, puis relancez la synchronisation. S'il est déjà fermé, supprimez « ${lock} ».`,
      });
    }
  }
}

function refuseOds(path: string): void {
  if (extname(path).toLowerCase() !== '.ods') return;
  throw new ClsError({
    code: 'SYNC_REFUSED',
    file: basename(path),
    message:
      `« ${basename(path)} » est un classeur LibreOffice (.ods) : la synchronisation n'écrit pour l'instant que dans les ` +
      `classeurs Excel. Enregistrez-en une copie au format Excel (Fichier > Enregistrer sous > Classeur Excel 2007-365 .xlsx), ` +
      `synchronisez cette copie et continuez à travailler dessus ; « cls-bilan convert » lit bien le .ods.`,
  });
}

/** A failed write of sync: the workbook was left as it was. */
function writeError(path: string, e: unknown): ClsError {
  return writeFailed(path, e, WORKBOOK_NOT_MODIFIED);
}

/** The workbook a path names: a symbolic link is followed (the link itself stays as it is). */
async function realWorkbookPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path; // missing: readInputFile says so
  }
}

/** Refuses what sync must not replace in place: a read-only workbook, or one known under several names. */
async function refuseUnreplaceable(path: string): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (!s || !s.isFile()) return; // readInputFile says what it is
  const name = basename(path);
  if ((s.mode & 0o222) === 0) {
    throw new ClsError({
      code: 'READ_ONLY',
      file: name,
      message:
        `« ${name} » est en lecture seule : il n'a pas été modifié. Si vous voulez le synchroniser, retirez la lecture seule ` +
        `(Propriétés du fichier), puis relancez ; ou écrivez-en une copie synchronisée avec --out DOSSIER.`,
    });
  }
  if (s.nlink > 1) {
    throw new ClsError({
      code: 'HARD_LINKED',
      file: name,
      message:
        `« ${name} » porte ${s.nlink} noms sur le disque (liens physiques) : le synchroniser sur place n'en mettrait ` +
        `à jour qu'un, il n'a donc pas été modifié. Écrivez-en une copie synchronisée avec --out DOSSIER.`,
    });
  }
}

/**
 * Writes the synced workbook beside `target` with the original's permissions, owner and extended
 * attributes, flushed, and checks that it reads as the same model. Returns the temporary file.
 */
async function writeChecked(
  snap: Snapshot,
  target: string,
  patched: Uint8Array,
  check: (bytes: Uint8Array) => Promise<void>,
): Promise<string> {
  let temp: string;
  try {
    temp = await writeTemporary(target, patched);
  } catch (e) {
    throw writeError(target, e);
  }
  try {
    await copyAttributes(snap.path, snap.stat, temp);
    await check(new Uint8Array(await readFile(temp)));
    return temp;
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e instanceof ClsError ? e : writeError(target, e);
  }
}

export async function syncFile(task: SyncTask): Promise<SyncResult> {
  const name = basename(task.input);
  let release: (() => Promise<void>) | null = null;
  let recovered: string[] = [];
  try {
    refuseOds(task.input);
    const target = task.out ? join(task.out, name) : await realWorkbookPath(task.input);
    if (task.out && resolve(target) === resolve(task.input)) {
      throw new ClsError({
        code: 'OUTPUT_IS_INPUT',
        file: name,
        message: `--out désigne le dossier du classeur lui-même : omettez --out pour synchroniser « ${name} » sur place.`,
      });
    }
    const inPlace = !task.out && !task.dryRun;
    if (inPlace) {
      await refuseIfOpen(target);
      // Taken even when the workbook is missing: a sync killed while it was aside left it to be put back.
      try {
        const lock = await acquireSyncLock(target);
        release = lock.release;
        recovered = lock.notes;
      } catch (e) {
        throw e instanceof ClsError ? e : writeError(target, e);
      }
      await refuseUnreplaceable(target);
    }
    const snap = await takeSnapshot(task.out || task.dryRun ? task.input : target);
    const { bytes: patched, report } = await syncWorkbook(snap.bytes, name, {
      only: task.only,
      palette: task.palette,
      columns: task.columns,
      restore: task.restore,
    });
    const { model, ...shown } = report;
    const done = (r: Omit<SyncResult, 'input' | 'report'>): SyncResult => ({
      input: task.input,
      ...r,
      report: shown,
      ...(recovered.length > 0 ? { recovered: recovered.map((n) => typeset(n)) } : {}),
    });
    if (task.dryRun) return done({ status: 'planned' });
    if (report.changedParts.length === 0 && !task.out) return done({ status: 'current' });
    if (task.out) {
      try {
        await mkdir(task.out, { recursive: true });
      } catch (e) {
        throw writeError(target, e);
      }
    }
    // Read again as the next user will: the same sheets, years, actions and states.
    const check = async (bytes: Uint8Array) => {
      const again = await analyseBytes(bytes, name, report.palette);
      if (JSON.stringify(modelSummary(again.analysis)) !== JSON.stringify(model)) {
        throw new ClsError({
          code: 'SYNC_CHECK_FAILED',
          file: name,
          message:
            `La relecture de « ${name} » après synchronisation ne donne pas le même suivi : le classeur n'a pas été modifié. ` +
            `Envoyez-le à l'équipe de l'outil pour qu'elle corrige ce cas.`,
        });
      }
    };
    const temp = await writeChecked(snap, target, patched, check);
    if (task.out) {
      try {
        await rename(temp, target);
        await flushFolder(dirname(target));
      } catch (e) {
        await unlink(temp).catch(() => undefined);
        throw writeError(target, e);
      }
      return done({ status: 'synced', written: target });
    }
    const backup = await replaceWorkbook(snap, temp, { backup: !task.noBackup, stamp: task.stamp, refuseIfOpen });
    return done({ status: 'synced', written: task.input, ...(backup ? { backup } : {}) });
  } catch (e) {
    const info = toErrorInfo(e, name);
    const error = info.detail
      ? { code: info.code, message: typeset(info.message), detail: info.detail }
      : { code: info.code, message: typeset(info.message) };
    return { input: task.input, status: 'failed', error, ...(recovered.length > 0 ? { recovered } : {}) };
  } finally {
    if (release) await release();
  }
}

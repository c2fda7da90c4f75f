/**
 * `sync` on one file, safely: refused when the workbook is open (Excel's `~$X.xlsx` or
 * LibreOffice's `.~lock.X#` beside it) or is an .ods; the patched workbook is written to a
 * temporary file in the target's folder, read again with the core reader and checked to give the
 * same model, then renamed over the target, after the original was copied to
 * « X (avant synchro AAAA-MM-JJ HHhMM).xlsx » (unless --no-backup). Nothing is half-written: any
 * failure removes the temporary file and leaves the workbook as it was.
 */
import type { ReadOptions } from '../../core/table-reader';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ClsError, toErrorInfo } from '../../core/errors';
import { readInputFile } from '../../core/node/files';
import type { Palette } from '../../core/status';
import { typeset } from '../../core/typography';
import { exists } from '../convert-file';
import { tempPathFor } from '../convert-task';
import { analyseBytes, modelSummary, type SyncPart, type SyncReport, syncWorkbook } from './sync-workbook';

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
  report?: Omit<SyncReport, 'model'>;
  error?: { code: string; message: string; detail?: string };
}

/** « 2026-11-24 14h05 », local time. */
export function backupStamp(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}h${two(now.getMinutes())}`;
}

/** « suivi (avant synchro 2026-11-24 14h05).xlsx », numbered when that name is taken. */
async function freeBackupPath(target: string, stamp: string): Promise<string> {
  const ext = extname(target);
  const stem = basename(target, ext);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const path = join(dirname(target), `${stem} (avant synchro ${stamp})${suffix}${ext}`);
    if (!(await exists(path))) return path;
  }
}

/** A backup written by an earlier sync: not a workbook to sync. */
export function isSyncBackup(name: string): boolean {
  return / \(avant synchro \d{4}-\d{2}-\d{2} \d{2}h\d{2}\)( \(\d+\))?\.[^.]+$/.test(name);
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

function writeError(path: string, e: unknown): ClsError {
  return new ClsError({
    code: 'WRITE_FAILED',
    file: basename(path),
    message:
      `Impossible d'écrire dans « ${dirname(path)} » : le classeur n'a pas été modifié. ` +
      `Vérifiez que le dossier existe, que vous avez le droit d'y écrire et qu'il reste de la place, puis relancez.`,
    detail: e instanceof Error ? e.message : String(e),
  });
}

export async function syncFile(task: SyncTask): Promise<SyncResult> {
  const name = basename(task.input);
  try {
    refuseOds(task.input);
    const target = task.out ? join(task.out, name) : task.input;
    if (task.out && resolve(target) === resolve(task.input)) {
      throw new ClsError({
        code: 'OUTPUT_IS_INPUT',
        file: name,
        message: `--out désigne le dossier du classeur lui-même : omettez --out pour synchroniser « ${name} » sur place.`,
      });
    }
    if (!task.out && !task.dryRun) await refuseIfOpen(task.input);
    const bytes = await readInputFile(task.input);
    const { bytes: patched, report } = await syncWorkbook(bytes, name, {
      only: task.only,
      palette: task.palette,
      columns: task.columns,
    });
    const { model, ...shown } = report;
    if (task.dryRun) return { input: task.input, status: 'planned', report: shown };
    if (report.changedParts.length === 0 && !task.out) return { input: task.input, status: 'current', report: shown };
    if (task.out) {
      try {
        await mkdir(task.out, { recursive: true });
      } catch (e) {
        throw writeError(target, e);
      }
    }
    const temp = tempPathFor(target);
    try {
      try {
        await writeFile(temp, patched);
      } catch (e) {
        throw writeError(target, e);
      }
      // Read again as the next user will: the same sheets, years, actions and states.
      const again = await analyseBytes(new Uint8Array(await readFile(temp)), name, report.palette);
      if (JSON.stringify(modelSummary(again.analysis)) !== JSON.stringify(model)) {
        throw new ClsError({
          code: 'SYNC_CHECK_FAILED',
          file: name,
          message:
            `La relecture de « ${name} » après synchronisation ne donne pas le même suivi : le classeur n'a pas été modifié. ` +
            `Envoyez-le à l'équipe de l'outil pour qu'elle corrige ce cas.`,
        });
      }
      let backup: string | undefined;
      if (!task.noBackup && (await exists(target))) {
        backup = await freeBackupPath(target, task.stamp);
        try {
          await copyFile(target, backup, constants.COPYFILE_EXCL);
        } catch (e) {
          throw writeError(backup, e);
        }
      }
      try {
        await rename(temp, target);
      } catch (e) {
        throw writeError(target, e);
      }
      return { input: task.input, status: 'synced', written: target, backup, report: shown };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  } catch (e) {
    const info = toErrorInfo(e, name);
    const error = info.detail
      ? { code: info.code, message: typeset(info.message), detail: info.detail }
      : { code: info.code, message: typeset(info.message) };
    return { input: task.input, status: 'failed', error };
  }
}

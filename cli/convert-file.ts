/**
 * Converts one workbook: read (core), analyse (core), lay out (core), write (exceljs / html / json).
 * Outputs go to a temporary file renamed into place, so none is ever left half-written; an existing
 * output is kept unless `force`. Runs inside a worker thread (convert-worker.ts) or in-process.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { analyzeWorkbook, allDiagnostics } from '../core/analysis';
import { bilanWorkbookLayout, statusesPerYear } from '../core/bilan-layout';
import { ClsError, toErrorInfo } from '../core/errors';
import type { Diagnostic } from '../core/diagnostics';
import { workbookStem } from '../core/node/files';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { combineReadings } from '../core/contract';
import type { WorkbookReading } from '../core/table-reader';
import type { TrackingWorkbook } from '../core/read-tracking';
import { sheetReport } from '../core/report';
import { emptyCounts, type StatusCounts } from '../core/bilan';
import type { Palette } from '../core/status';
import { renderHtml } from './write-html';
import { renderXlsx } from './write-xlsx';

export type OutputFormat = 'xlsx' | 'html' | 'json';

export interface ConvertTask {
  /** The workbook; for a contract kept in several files (--contrat), the contract's name. */
  input: string;
  /** The files of a contract (--contrat), read as one. */
  files?: string[];
  /** Output path without extension: `…/X.bilan`. */
  outputBase: string;
  formats: OutputFormat[];
  palette: Palette;
  year?: number;
  force: boolean;
}

export interface SheetSummary {
  name: string;
  year: number | null;
  actionCount: number;
  counts: StatusCounts;
  diagnostics: Diagnostic[];
}

export interface ConvertResult {
  input: string;
  /** The files of a contract (--contrat); absent for a single workbook. */
  files?: string[];
  ok: boolean;
  outputs: string[];
  /** `detail`: the technical detail of an unexpected failure, printed only with --debug. */
  error: { code: string; message: string; detail?: string } | null;
  sheets: SheetSummary[];
}

/** The report of a file (or contract) that was not converted. */
export function failedResult(
  subject: Pick<ConvertTask, 'input' | 'files'>,
  code: string,
  message: string,
  detail?: string,
): ConvertResult {
  const error = detail ? { code, message, detail } : { code, message };
  const result: ConvertResult = { input: subject.input, ok: false, outputs: [], error, sheets: [] };
  if (subject.files) result.files = subject.files;
  return result;
}

export function outputPath(task: Pick<ConvertTask, 'outputBase'>, format: OutputFormat): string {
  return `${task.outputBase}.${format}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary file in the same folder, then renames: all or nothing. */
export async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new ClsError({
      code: 'WRITE_FAILED',
      file: basename(path),
      message: `Impossible d'écrire « ${path} » (${e instanceof Error ? e.message : String(e)}). Vérifiez que le dossier de sortie est accessible en écriture et qu'il reste de la place.`,
    });
  }
}

/** The workbook, or the contract's files read one after the other and brought together. */
async function readTask(task: ConvertTask): Promise<WorkbookReading> {
  if (!task.files) return readTrackingFile(task.input, { palette: task.palette });
  const readings: TrackingWorkbook[] = [];
  for (const file of task.files) readings.push(await readTrackingFile(file, { palette: task.palette }));
  return combineReadings(readings, task.input);
}

export async function convertFile(task: ConvertTask): Promise<ConvertResult> {
  const result: ConvertResult = { input: task.input, ok: false, outputs: [], error: null, sheets: [] };
  if (task.files) result.files = task.files;
  try {
    const targets = task.formats.map((f) => outputPath(task, f));
    if (!task.force) {
      const present: string[] = [];
      for (const t of targets) if (await exists(t)) present.push(t);
      if (present.length > 0) {
        throw new ClsError({
          code: 'OUTPUT_EXISTS',
          file: basename(task.input),
          message: `« ${present.join(' », « ')} » existe déjà : rien n'a été écrit pour « ${basename(task.input)} ». Ajoutez --force pour le remplacer, ou choisissez un autre dossier avec --out.`,
        });
      }
    }
    const reading = await readTask(task);
    const analysis = analyzeWorkbook(reading, { palette: task.palette });
    if (task.year !== undefined && !analysis.sheets.some((s) => s.sheet.year === task.year)) {
      const found = analysis.sheets.map((s) => s.sheet.year).filter((y) => y !== null);
      throw new ClsError({
        code: 'NO_TABLE',
        file: basename(task.input),
        message: `Aucune feuille de l'année ${task.year} dans « ${basename(task.input)} » (années trouvées : ${found.length > 0 ? found.join(', ') : 'aucune'}).`,
      });
    }
    const title = `Bilan du CLS — ${task.files ? task.input : workbookStem(basename(task.input))}`;
    const layout = bilanWorkbookLayout(analysis, { palette: task.palette, year: task.year, title });
    for (const format of task.formats) {
      const path = outputPath(task, format);
      if (format === 'xlsx') await writeAtomically(path, await renderXlsx(layout, { title }));
      if (format === 'html') {
        await writeAtomically(
          path,
          renderHtml(layout, { title, chart: statusesPerYear(analysis), palette: task.palette }),
        );
      }
      if (format === 'json') {
        const json = {
          file: basename(task.input),
          sheets: analysis.sheets.map((s) => ({ ...sheetReport(s.sheet, s.diagnostics), bilan: s.bilan })),
          diagnostics: allDiagnostics(analysis),
          history: analysis.history,
        };
        await writeAtomically(path, `${JSON.stringify(json, null, 2)}\n`);
      }
      result.outputs.push(path);
    }
    result.sheets = analysis.sheets.map((s) => ({
      name: s.sheet.name,
      year: s.sheet.year,
      actionCount: s.bilan.total,
      counts: s.bilan.counts,
      diagnostics: s.diagnostics,
    }));
    for (const d of analysis.workbookDiagnostics) {
      result.sheets.push({ name: d.sheet, year: null, actionCount: 0, counts: emptyCounts(), diagnostics: [d] });
    }
    result.ok = true;
  } catch (e) {
    const info = toErrorInfo(e, basename(task.input));
    result.error = { code: info.code, message: info.message, ...(info.detail ? { detail: info.detail } : {}) };
  }
  return result;
}

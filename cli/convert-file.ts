/**
 * Converts one workbook: read (core), analyse (core), lay out (core), write (exceljs / html / json).
 * Outputs go to a temporary file renamed into place, so none is ever left half-written. An existing
 * bilan of ours (cli/fingerprint.ts) is kept when it was made from this very source and replaced
 * otherwise; any other file at an output path is kept unless `force`. Runs inside a worker thread (convert-worker.ts) or in-process.
 */
import { basename } from 'node:path';
import { analyzeWorkbook, type WorkbookAnalysis } from '../core/report/analysis';
import type { ContractTitle } from '../core/read/contract-title';
import { type ContractSummary, contractSummary } from '../core/report/region-synthesis';
import { wordBilanLayout } from '../core/layout/word-bilan';
import { bilanDocument, type DocumentNaming, documentContract } from '../core/layout/bilan-workbook';
import { ClsError, toErrorInfo } from '../core/base/errors';
import { workbookStem } from '../core/node/files';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { combineReadings } from '../core/read/contract';
import type { PalettedReading, TrackingWorkbook } from '../core/read/read-tracking';
import { bilanJsonText } from '../core/layout/bilan-json';
import { emptyCounts } from '../core/base/status-counts';
import { renderHtml } from '../core/write/html';
import { renderXlsx } from './write-xlsx';
import { isReadingError } from '../core/check/diagnostics';
import { FINGERPRINT_NAME, fingerprintOf, outputsStanding, sourceFingerprint, TOOL_VERSION } from './fingerprint';
import { type ConvertResult, type ConvertTask, failedResult, outputPath } from './convert-task';
import { exists, writeAllAtomically } from './file-writes';

/** The workbook, or the contract's files read one after the other and brought together. */
async function readTask(task: ConvertTask): Promise<PalettedReading> {
  const options = { palette: task.palette, columns: task.columns };
  if (!task.files) return readTrackingFile(task.input, options);
  const readings: TrackingWorkbook[] = [];
  for (const file of task.files) readings.push(await readTrackingFile(file, options));
  return combineReadings(readings, task.input);
}

/** The task's workbook (or contract) read and analysed with the palette it was read with. */
async function analyseTask(task: ConvertTask): Promise<{ reading: PalettedReading; analysis: WorkbookAnalysis }> {
  const reading = await readTask(task);
  return { reading, analysis: analyzeWorkbook(reading, { palette: reading.palette }) };
}

/** What names the task's documents: `--contrat` for a contract's files, else the workbook's name. */
function namingOf(task: ConvertTask): DocumentNaming {
  return { contractOption: task.files ? task.input : undefined, fileStem: workbookStem(basename(task.input)) };
}

/** The contract's line of the synthesis; the link to its bilan is set by the run, which knows --out. */
function summaryOf(task: ConvertTask, analysis: WorkbookAnalysis, contract: ContractTitle): ContractSummary {
  return contractSummary(analysis, contract, task.files ? task.input : basename(task.input), null);
}

export async function convertFile(task: ConvertTask): Promise<ConvertResult> {
  const result: ConvertResult = { input: task.input, ok: false, outputs: [], error: null, sheets: [] };
  if (task.files) result.files = task.files;
  try {
    const fingerprint = await sourceFingerprint(task);
    if (!task.force && fingerprint !== null) {
      // Our own bilans are known by their fingerprint: up to date, they are kept as they are;
      // made from another version of the source, they are replaced. Anything else is kept.
      const { foreign: present, upToDate } = await outputsStanding(
        task.formats.map((format) => ({ path: outputPath(task, format), format })),
        fingerprint,
        exists,
      );
      if (present.length > 0) {
        throw new ClsError({
          code: 'OUTPUT_EXISTS',
          file: basename(task.input),
          message:
            present.length === 1
              ? `« ${present[0]} » existe déjà et n'est pas un bilan écrit par cls-bilan : rien n'a été écrit pour « ${basename(task.input)} ». Ajoutez --force pour le remplacer, ou choisissez un autre dossier avec --out.`
              : `« ${present.join(' », « ')} » existent déjà et ne sont pas des bilans écrits par cls-bilan : rien n'a été écrit pour « ${basename(task.input)} ». Ajoutez --force pour les remplacer, ou choisissez un autre dossier avec --out.`,
        });
      }
      if (upToDate) {
        if (!task.summarize) return { ...result, ok: true, upToDate: true };
        // Nothing to write, but the synthesis needs the contract's numbers: read, never recount.
        const { analysis } = await analyseTask(task);
        const contract = documentContract(analysis, namingOf(task));
        return { ...result, ok: true, upToDate: true, summary: summaryOf(task, analysis, contract) };
      }
    }
    const { reading, analysis } = await analyseTask(task);
    const { palette } = reading;
    if (task.year !== undefined && !analysis.sheets.some((s) => s.sheet.year === task.year)) {
      const found = analysis.sheets.map((s) => s.sheet.year).filter((y) => y !== null);
      throw new ClsError({
        code: 'NO_TABLE',
        file: basename(task.input),
        message: `Aucune feuille de l'année ${task.year} dans « ${basename(task.input)} » (années trouvées : ${found.length > 0 ? found.join(', ') : 'aucune'}).`,
      });
    }
    // A bilan made from a reading not to be trusted is never « à jour »: its stamp matches no
    // source, so every run reads the workbook again, says « Bilan incomplet » and exits 1.
    const incomplete = analysis.sheets.some((s) => s.diagnostics.some(isReadingError));
    const stamp = fingerprint && incomplete ? fingerprintOf({ incompleteFrom: fingerprint }) : fingerprint;
    const { contract, title, layout } = bilanDocument(analysis, { palette, year: task.year, ...namingOf(task) });
    // Every output rendered first, then all written at once: a failure leaves none of them.
    const outputs: { path: string; data: Uint8Array | string }[] = [];
    for (const format of task.formats) {
      const path = outputPath(task, format);
      const properties: Record<string, string> = { 'cls-bilan-version': TOOL_VERSION };
      if (stamp) properties[FINGERPRINT_NAME] = stamp;
      if (format === 'xlsx') outputs.push({ path, data: await renderXlsx(layout, { title, properties }) });
      if (format === 'html') outputs.push({ path, data: renderHtml(layout, { title, meta: properties }) });
      if (format === 'docx') {
        // The Word library is loaded only by the runs that ask for a Word bilan.
        const { renderDocx } = await import('../core/write/docx');
        const word = wordBilanLayout(analysis, { palette, year: task.year, contract });
        outputs.push({ path, data: await renderDocx(word, { title, properties }) });
      }
      if (format === 'json') {
        const palettes = { source: reading.paletteSource, colours: palette };
        const file = basename(task.input);
        outputs.push({
          path,
          data: bilanJsonText({ fingerprint: stamp, version: TOOL_VERSION, file, palette: palettes, analysis }),
        });
      }
    }
    await writeAllAtomically(outputs);
    result.outputs.push(...outputs.map((o) => o.path));
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
    if (task.summarize) result.summary = summaryOf(task, analysis, contract);
    result.ok = true;
  } catch (e) {
    const info = toErrorInfo(e, basename(task.input));
    return failedResult(task, info.code, info.message, info.detail);
  }
  return result;
}

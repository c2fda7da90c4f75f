/**
 * Converts one workbook: read (core), analyse (core), lay out (core), write (core/write). The bilan's
 * files are made in memory by core/write/bilan-files.ts, the same code as the page's downloads; here
 * they go to a temporary file renamed into place, so none is ever left half-written. An existing
 * bilan of ours (cli/fingerprint.ts) is kept when it was made from this very source and replaced
 * otherwise; any other file at an output path is kept unless `force`. Runs inside a worker thread (convert-worker.ts) or in-process.
 */
import { basename } from 'node:path';
import type { WorkbookAnalysis } from '../core/report/analysis';
import type { ContractTitle } from '../core/read/contract-title';
import type { ContractSummary } from '../core/report/region-synthesis';
import { documentContract } from '../core/layout/bilan-workbook';
import { ClsError, toErrorInfo } from '../core/base/errors';
import { readInputFile } from '../core/node/files';
import { workbookStem } from '../core/base/workbook-files';
import { emptyCounts } from '../core/base/status-counts';
import {
  analyseBilan,
  type AnalysedBilan,
  bilanFiles,
  bilanNaming,
  type BilanSubject,
  contractLine,
} from '../core/write/bilan-files';
import { fingerprintOf, outputsStanding, sourceFingerprint, TOOL_VERSION } from './fingerprint';
import { type ConvertResult, type ConvertTask, failedResult, outputPath } from './convert-task';
import { exists, writeAllAtomically } from './file-writes';

/** The workbook, or the contract's files (--contrat), each read from disk when its turn comes. */
function subjectOf(task: ConvertTask): BilanSubject {
  const paths = task.files ?? [task.input];
  return {
    shown: basename(task.input),
    stem: workbookStem(basename(task.input)),
    ...(task.files ? { contract: task.input } : {}),
    sources: paths.map((path) => ({ name: basename(path), load: () => readInputFile(path) })),
  };
}

/** The task's workbook (or contract) read and analysed with the palette it was read with. */
async function analyseTask(task: ConvertTask): Promise<AnalysedBilan> {
  return analyseBilan(subjectOf(task), { palette: task.palette, columns: task.columns });
}

/** The contract's line of the synthesis; the link to its bilan is set by the run, which knows --out. */
function summaryOf(task: ConvertTask, analysis: WorkbookAnalysis, contract: ContractTitle): ContractSummary {
  return contractLine(subjectOf(task), analysis, contract, null);
}

export async function convertFile(task: ConvertTask): Promise<ConvertResult> {
  const result: ConvertResult = { input: task.input, ok: false, outputs: [], error: null, sheets: [] };
  if (task.files) result.files = task.files;
  try {
    const source = await sourceFingerprint(task);
    // --porteurs-exacts changes the bilan: its fingerprint too (the default one stays as it was).
    const fingerprint = source !== null && task.exactPorteurs ? fingerprintOf({ source, exactPorteurs: true }) : source;
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
        const contract = documentContract(analysis, bilanNaming(subjectOf(task)));
        return { ...result, ok: true, upToDate: true, summary: summaryOf(task, analysis, contract) };
      }
    }
    const analysed = await analyseTask(task);
    const { analysis } = analysed;
    // Every output rendered first (core/write/bilan-files.ts), then all written at once: a failure
    // leaves none of them. A bilan from a reading not to be trusted carries a stamp matching no
    // source: never « à jour », every run reads the workbook again and says « Bilan incomplet ».
    const { files, contract } = await bilanFiles(subjectOf(task), analysed, {
      palette: task.palette,
      columns: task.columns,
      year: task.year,
      ...(task.exactPorteurs ? { exactPorteurs: true } : {}),
      formats: task.formats,
      version: TOOL_VERSION,
      fingerprint,
    });
    const outputs = files.map((f) => ({ path: outputPath(task, f.format), data: f.data }));
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

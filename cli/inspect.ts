/** `cls-bilan inspect`: what was read, per file and sheet. */
import { relative } from 'node:path';
import { toErrorInfo } from '../core/errors';
import { expandInputs } from '../core/node/files';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { type FileReport, failedFileReport, sheetReport } from '../core/report';
import { STATUS_IDS, STATUSES } from '../core/status';
import { writeErr, writeOut } from './output';

export async function runInspect(inputs: readonly string[], options: { json: boolean }): Promise<number> {
  const files = await expandInputs(inputs);
  if (files.length === 0) {
    writeErr(`Aucun classeur .xlsx trouvé dans : ${inputs.join(', ')}.\n`);
    return 1;
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    try {
      const reading = await readTrackingFile(file);
      reports.push({ file: shown, ok: true, error: null, sheets: reading.sheets.map((s) => sheetReport(s)) });
    } catch (e) {
      reports.push(failedFileReport(shown, toErrorInfo(e, shown)));
    }
    if (!options.json) writeOut(formatFile(reports[reports.length - 1]));
  }
  if (options.json) writeOut(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  const failed = reports.filter((r) => !r.ok).length;
  if (!options.json) {
    writeErr(`\n${reports.length} fichier(s) lu(s), ${failed} en erreur.\n`);
  }
  return failed > 0 ? 1 : 0;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function formatFile(report: FileReport): string {
  const lines: string[] = [report.file];
  if (!report.ok) {
    lines.push(`  ERREUR : ${report.error?.message ?? ''}`);
    return `${lines.join('\n')}\n\n`;
  }
  for (const sheet of report.sheets) {
    const year = sheet.year ? `année ${sheet.year}` : 'année non trouvée';
    lines.push(`  Feuille « ${sheet.name} » — ${year} — ${sheet.actions.length} actions`);
    const width = Math.max(...STATUS_IDS.map((id) => STATUSES[id].label.length), 'Sans état'.length);
    for (const id of STATUS_IDS) {
      const n = sheet.counts[id];
      if (n > 0 || id !== 'realise') lines.push(`    ${STATUSES[id].label.padEnd(width)}  ${String(n).padStart(4)}`);
    }
    if (sheet.counts.sans_etat > 0)
      lines.push(`    ${'Sans état'.padEnd(width)}  ${String(sheet.counts.sans_etat).padStart(4)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

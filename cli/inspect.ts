/** `cls-bilan inspect`: what was read, per file and sheet, with the checks of the catalogue. */
import { relative } from 'node:path';
import { analyzeWorkbook } from '../core/analysis';
import { emptyCounts } from '../core/bilan';
import { countBySeverity, type Diagnostic, SEVERITY_LABELS } from '../core/diagnostics';
import { toErrorInfo } from '../core/errors';
import { expandInputs } from '../core/node/files';
import { readTrackingFile } from '../core/node/read-tracking-file';
import {
  describeLayout,
  type FileReport,
  failedFileReport,
  type LayoutReport,
  sheetReport,
  type SheetReport,
} from '../core/report';
import { STATUS_IDS, STATUSES } from '../core/status';
import { writeDebug, writeErr, writeOut } from './output';

/** Diagnostics listed per sheet in the text output; --json gives them all. */
const SHOWN_PER_SHEET = 8;

export async function runInspect(inputs: readonly string[], options: { json: boolean }): Promise<number> {
  const found = await expandInputs(inputs);
  const files = found.map((f) => f.path);
  const unreadable = new Map(found.filter((f) => f.error).map((f) => [f.path, f.error]));
  if (files.length === 0) {
    writeErr(`Aucun classeur (.xlsx, .xlsm, .xltx, .ods) trouvé dans : ${inputs.join(', ')}.\n`);
    return 1;
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    try {
      const error = unreadable.get(file);
      if (error) throw error;
      const reading = await readTrackingFile(file);
      const analysis = analyzeWorkbook(reading);
      const sheets: SheetReport[] = analysis.sheets.map((s) => sheetReport(s.sheet, s.diagnostics));
      for (const d of analysis.workbookDiagnostics) sheets.push(emptySheet(d));
      reports.push({ file: shown, ok: true, error: null, sheets });
    } catch (e) {
      const info = toErrorInfo(e, shown);
      writeDebug(shown, info.detail);
      reports.push(failedFileReport(shown, info));
    }
    if (!options.json) writeOut(formatFile(reports[reports.length - 1]));
  }
  if (options.json) writeOut(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  const failed = reports.filter((r) => !r.ok).length;
  if (!options.json) writeErr(`${reports.length} fichier(s) lu(s), ${failed} en erreur.\n`);
  return failed > 0 ? 1 : 0;
}

function emptySheet(d: Diagnostic): SheetReport {
  const layout: LayoutReport = { headerRows: [], columns: {}, year: null, yearSource: null, yearFrom: null };
  return { name: d.sheet, year: null, layout, actions: [], counts: emptyCounts(), diagnostics: [d] };
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
  const width = Math.max(...STATUS_IDS.map((id) => STATUSES[id].label.length), 'Sans état'.length);
  for (const sheet of report.sheets) {
    const year = sheet.year ? `année ${sheet.year}` : 'année non trouvée';
    lines.push(`  Feuille « ${sheet.name} » — ${year} — ${sheet.actions.length} actions`);
    if (sheet.layout.headerRows.length > 0) lines.push(`    Lecture : ${describeLayout(sheet.layout)}`);
    for (const id of STATUS_IDS) {
      const n = sheet.counts[id];
      if (n > 0 || id !== 'realise') lines.push(`    ${STATUSES[id].label.padEnd(width)}  ${String(n).padStart(4)}`);
    }
    if (sheet.counts.sans_etat > 0)
      lines.push(`    ${'Sans état'.padEnd(width)}  ${String(sheet.counts.sans_etat).padStart(4)}`);
    const by = countBySeverity(sheet.diagnostics);
    lines.push(`    Contrôles : ${by.error} erreur(s), ${by.warning} avertissement(s), ${by.info} information(s)`);
    for (const d of sheet.diagnostics.slice(0, SHOWN_PER_SHEET)) {
      lines.push(`      [${SEVERITY_LABELS[d.severity]}] ${d.cell ?? '—'} ${d.code} : ${d.message}`);
    }
    if (sheet.diagnostics.length > SHOWN_PER_SHEET) {
      lines.push(
        `      … et ${sheet.diagnostics.length - SHOWN_PER_SHEET} autre(s) (option --json pour la liste complète)`,
      );
    }
  }
  return `${lines.join('\n')}\n\n`;
}

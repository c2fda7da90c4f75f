/** `cls-bilan inspect`: what was read, per file and sheet, with the checks of the catalogue. */
import type { ReadOptions } from '../core/read/table-reader';
import { relative } from 'node:path';
import { countBySeverity, SEVERITY_LABELS, severitySentence } from '../core/check/diagnostics';
import { type DiagnosticLine, groupDiagnostics, lineCell } from '../core/check/diagnostic-groups';
import { count, formatPercent, fr, NBSP, typeset } from '../core/base/typography';
import { expandInputs } from '../core/node/files';
import { describeLayout } from '../core/read/reading-description';
import { type FileReport } from '../core/report/report';
import type { InspectResult, InspectTask } from './inspect-task';
import { INSPECT_WORK, runPool } from './pool';
import { PALETTE_SOURCE_LABELS } from '../core/base/palette-settings';
import { type Palette, STATUS_IDS, STATUSES } from '../core/base/status';
import { writeDebug, writeErr, writeOut } from './output';

/** Lines of checks listed per sheet in the text output; --tout and --json give them all. */
const SHOWN_PER_SHEET = 8;

export interface InspectOptions {
  json: boolean;
  /**
   * Every finding, one a line (--tout); without it, a check that fires more than GROUP_THRESHOLD
   * times on a sheet is one line (core/check/diagnostic-groups.ts), and only the first SHOWN_PER_SHEET
   * lines of each sheet are listed.
   */
  all?: boolean;
  /** `--palette`; absent, each workbook's own. */
  palette?: Palette;
  /** --colonnes. */
  columns?: ReadOptions['columns'];
  jobs: number;
  timeoutMs: number;
  memoryMb: number;
}

/**
 * Reads each workbook in a worker of the pool, with the same memory and time limits as `convert`:
 * a hostile file fails alone. Reports are printed in the order the files were given.
 */
export async function runInspect(inputs: readonly string[], options: InspectOptions): Promise<number> {
  const found = await expandInputs(inputs);
  if (found.length === 0) {
    writeErr(fr`Aucun classeur (.xlsx, .xlsm, .xltx, .ods, .fods) trouvé dans : ${inputs.join(', ')}.\n`);
    return 1;
  }
  const reports: InspectResult[] = new Array(found.length);
  const tasks: InspectTask[] = [];
  const taskIndex: number[] = [];
  found.forEach((f, i) => {
    const shown = displayPath(f.path);
    // A folder that could not be opened is reported without a worker.
    if (f.error) reports[i] = INSPECT_WORK.failed({ input: f.path, shown }, f.error.code, f.error.message);
    else {
      tasks.push({
        input: f.path,
        shown,
        ...(options.palette ? { palette: options.palette } : {}),
        ...(options.columns ? { columns: options.columns } : {}),
      });
      taskIndex.push(i);
    }
  });
  let printed = 0;
  const printReady = () => {
    while (printed < reports.length && reports[printed]) {
      const report = reports[printed++];
      writeDebug(report.file, report.detail);
      delete report.detail;
      if (!options.json) writeOut(formatFile(report, options.all === true));
    }
  };
  printReady();
  await runPool(tasks, options, INSPECT_WORK, (result, index) => {
    reports[taskIndex[index]] = result;
    printReady();
  });
  printReady();
  if (options.json) writeOut(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  const failed = reports.filter((r) => !r.ok).length;
  // A reading not to be trusted fails the run as a file that could not be read does.
  const incomplete = reports.filter((r) => r.ok && r.sheets.some((s) => s.incomplete)).length;
  if (!options.json) {
    const doubtful = incomplete > 0 ? `, ${count(incomplete, 'lecture incomplète', 'lectures incomplètes')}` : '';
    writeErr(`${count(reports.length, 'fichier lu', 'fichiers lus')}, ${failed} en erreur${doubtful}.\n`);
  }
  return failed > 0 || incomplete > 0 ? 1 : 0;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function formatFile(report: FileReport, all: boolean): string {
  const lines: string[] = [report.file];
  if (!report.ok) {
    lines.push(fr`  ERREUR : ${report.error?.message ?? ''}`);
    return `${lines.join('\n')}\n\n`;
  }
  // The default palette goes without saying; the workbook's own or --palette is said.
  if (report.palette && report.palette.source !== 'défaut') {
    lines.push(fr`  Couleurs : ${PALETTE_SOURCE_LABELS[report.palette.source]}`);
  }
  const width = Math.max(...STATUS_IDS.map((id) => STATUSES[id].label.length), 'Sans état'.length);
  for (const sheet of report.sheets) {
    const year = sheet.year ? `année ${sheet.year}` : 'année non trouvée';
    lines.push(fr`  Feuille « ${sheet.name} » — ${year} — ${count(sheet.actions.length, 'action')}`);
    if (sheet.incomplete) lines.push(`    ${sheet.incomplete}`);
    if (sheet.layout.headerRows.length > 0) lines.push(`    Lecture${NBSP}: ${describeLayout(sheet.layout)}`);
    for (const id of STATUS_IDS) {
      const n = sheet.counts[id];
      if (n > 0 || id !== 'realise') lines.push(`    ${STATUSES[id].label.padEnd(width)}  ${String(n).padStart(4)}`);
    }
    if (sheet.counts.sans_etat > 0)
      lines.push(`    ${'Sans état'.padEnd(width)}  ${String(sheet.counts.sans_etat).padStart(4)}`);
    if (sheet.actions.length > 0) {
      lines.push(
        `    ${formatPercent(sheet.donePercent)} réalisé (${count(sheet.done, 'action')} sur ${sheet.actions.length})`,
      );
    }
    const by = countBySeverity(sheet.diagnostics);
    lines.push(typeset(`    Contrôles : ${severitySentence(by)}`));
    const grouped: DiagnosticLine[] = all ? sheet.diagnostics : groupDiagnostics(sheet.diagnostics);
    const shown = all ? grouped : grouped.slice(0, SHOWN_PER_SHEET);
    for (const d of shown) {
      lines.push(`      [${SEVERITY_LABELS[d.severity]}] ${lineCell(d) ?? '—'} ${d.code}${NBSP}: ${d.message}`);
    }
    const hidden = grouped.length - shown.length;
    if (hidden > 0) {
      lines.push(
        `      … et ${count(hidden, 'autre')} (option --tout pour tous les voir, --json pour la liste complète)`,
      );
    }
  }
  return `${lines.join('\n')}\n\n`;
}

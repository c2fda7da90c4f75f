/**
 * What the pool and the worker exchange about a conversion: the task, its result, a failed result,
 * and where outputs and their temporary files go. Kept apart from convert-file.ts so that the main
 * process, which only plans and reports, does not load the writers it never runs.
 */
import type { ReadOptions } from '../core/read/table-reader';
import type { Diagnostic } from '../core/check/diagnostics';
import type { StatusCounts } from '../core/base/status-counts';
import type { ContractSummary } from '../core/report/region-synthesis';
import type { Palette } from '../core/base/status';
import { typeset } from '../core/base/typography';

/** The formats `convert` writes, in the order they are listed. */
export const OUTPUT_FORMATS = ['xlsx', 'html', 'docx', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ConvertTask {
  /** The workbook; for a contract kept in several files (--contrat), the contract's name. */
  input: string;
  /** The files of a contract (--contrat), read as one. */
  files?: string[];
  /** Output path without extension: `…/X.bilan`. */
  outputBase: string;
  formats: OutputFormat[];
  /** `--palette`; without it, each workbook's own palette (the add-in's setting), else the default. */
  palette?: Palette;
  /** --colonnes: columns taught for this run. */
  columns?: ReadOptions['columns'];
  year?: number;
  force: boolean;
  /** --porteurs-exacts: « Par porteur » counts each spelling apart. */
  exactPorteurs?: boolean;
  /** The run writes the region's synthesis: the contract's line is wanted, even when its bilans are up to date. */
  summarize?: boolean;
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
  /** Every output was already the bilan of this very source (same fingerprint): nothing was written. */
  upToDate?: boolean;
  outputs: string[];
  /** `detail`: the technical detail of an unexpected failure, printed only with --debug. */
  error: { code: string; message: string; detail?: string } | null;
  sheets: SheetSummary[];
  /** The contract's line of the region's synthesis (with `summarize`), from the analysis of its bilan. */
  summary?: ContractSummary;
}

/** The report of a file (or contract) that was not converted. */
export function failedResult(
  subject: Pick<ConvertTask, 'input' | 'files'>,
  code: string,
  message: string,
  detail?: string,
): ConvertResult {
  // Every failure a user reads is typeset here, whether it comes from core or from the pool.
  const error = detail ? { code, message: typeset(message), detail } : { code, message: typeset(message) };
  const result: ConvertResult = { input: subject.input, ok: false, outputs: [], error, sheets: [] };
  if (subject.files) result.files = subject.files;
  return result;
}

export function outputPath(task: Pick<ConvertTask, 'outputBase'>, format: OutputFormat): string {
  return `${task.outputBase}.${format}`;
}

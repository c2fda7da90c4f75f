/**
 * The synthesis of a region's contracts: one line per contract, taken from the very analysis its
 * own bilan is made from (the last year's counts, « % réalisé » and conclusion numbers are that
 * bilan's, never recounted), the region's totals, and the files that could not be read.
 * Host-neutral.
 */
import { allDiagnostics, type WorkbookAnalysis } from './analysis';
import { type StatusCounts, sumCounts } from '../base/status-counts';
import { doneCount, statusShares } from './bilan';
import { type ContractTitle, contractLabel } from '../read/contract-title';
import { countBySeverity } from '../check/diagnostics';

export interface ContractSummary {
  /** The contract as its bilan names it (« Contrat Local de Santé du territoire messin 2017–2020 »). */
  name: string;
  /** The workbook, or the contract's name given with --contrat. */
  file: string;
  /** The years read, in order. */
  years: number[];
  /** The year the counts are of: the last one read (null when no sheet gives its year). */
  lastYear: number | null;
  /** Actions of that year. */
  actions: number;
  counts: StatusCounts;
  done: number;
  donePercent: number;
  /** « % réalisé » of the last year minus that of the year before, in points; null with one year. */
  change: number | null;
  errors: number;
  warnings: number;
  /** Actions whose state went back from one year to the next (STATUS_REGRESSION). */
  regressions: number;
  /** The bilan, relative to the synthesis (html, else xlsx, else docx); null when none was asked for. */
  bilan: string | null;
}

export interface SynthesisFailure {
  file: string;
  code: string;
  message: string;
}

export interface RegionSynthesis {
  /** Sorted by name (French order), then by file. */
  contracts: ContractSummary[];
  totals: {
    contracts: number;
    actions: number;
    counts: StatusCounts;
    done: number;
    /** The region's « % réalisé »: its done actions over all its actions, rounded as every bilan's. */
    donePercent: number;
    errors: number;
    warnings: number;
    regressions: number;
  };
  failures: SynthesisFailure[];
}

/** One contract's line, from the analysis its bilan is made from. */
export function contractSummary(
  analysis: WorkbookAnalysis,
  contract: ContractTitle,
  file: string,
  bilan: string | null,
): ContractSummary {
  const years = analysis.sheets.map((s) => s.bilan.year).filter((y): y is number => y !== null);
  const last = analysis.sheets[analysis.sheets.length - 1];
  const before = analysis.sheets.length >= 2 ? analysis.sheets[analysis.sheets.length - 2] : null;
  const diagnostics = allDiagnostics(analysis);
  const by = countBySeverity(diagnostics);
  const counts = last ? last.bilan.counts : sumCounts([]);
  return {
    name: contractLabel(contract),
    file,
    years: [...new Set(years)],
    lastYear: last?.bilan.year ?? null,
    actions: last?.bilan.total ?? 0,
    counts,
    done: last?.bilan.done ?? 0,
    donePercent: last?.bilan.donePercent ?? 0,
    change:
      last && before && before.bilan.year !== last.bilan.year
        ? last.bilan.donePercent - before.bilan.donePercent
        : null,
    errors: by.error,
    warnings: by.warning,
    regressions: diagnostics.filter((d) => d.code === 'STATUS_REGRESSION').length,
    bilan,
  };
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The region's synthesis: the contracts in name order, their totals, the files left out. */
export function regionSynthesis(
  contracts: readonly ContractSummary[],
  failures: readonly SynthesisFailure[],
): RegionSynthesis {
  const sorted = [...contracts].sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.file, b.file));
  const counts = sumCounts(sorted.map((c) => c.counts));
  const actions = sorted.reduce((n, c) => n + c.actions, 0);
  const done = doneCount(counts);
  return {
    contracts: sorted,
    totals: {
      contracts: sorted.length,
      actions,
      counts,
      done,
      donePercent: doneCount(statusShares(counts)),
      errors: sorted.reduce((n, c) => n + c.errors, 0),
      warnings: sorted.reduce((n, c) => n + c.warnings, 0),
      regressions: sorted.reduce((n, c) => n + c.regressions, 0),
    },
    failures: [...failures].sort((a, b) => byName.compare(a.file, b.file)),
  };
}

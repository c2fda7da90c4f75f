/**
 * The synthesis of a region's contracts: one line per contract, taken from the very analysis its
 * own bilan is made from (the last year's counts, « % réalisé » and conclusion numbers are that
 * bilan's, never recounted), the region's totals, and the files that could not be read.
 * Host-neutral.
 */
import { allDiagnostics, analyzeWorkbook, type WorkbookAnalysis } from './analysis';
import type { TrackingSheet } from '../base/model';
import { DEFAULT_PALETTE } from '../base/status';
import { type ContractFiles, type ContractOverrides, groupContracts } from './contract-groups';
import { contractTitle } from '../read/contract-title';
import { type StatusCounts, sumCounts } from '../base/status-counts';
import { doneCount, donePercentOf } from './bilan';
import { type ContractTitle, contractLabel } from '../read/contract-title';
import { countBySeverity } from '../check/diagnostics';

export interface ContractSummary {
  /** The contract as its bilan names it (« Contrat Local de Santé du territoire messin 2017–2020 »). */
  name: string;
  /** The workbook, or the contract's name given with --contrat. */
  file: string;
  /** The files read for this contract (several yearly files of one contract), in order. */
  files: string[];
  /** Files left out as copies of another (the same content, in another format or resent). */
  copies: { file: string; of: string }[];
  /** Years two files give differently: not counted, until the user keeps one of them. */
  conflicts: { year: number; files: string[] }[];
  /** --annee: the year asked for; the line is empty when the contract has no bilan of that year. */
  missingYear?: number;
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
  /**
   * The readings the line was made from, to group the files of one contract (see groupContracts);
   * dropped before anything is written.
   */
  tracking?: TrackingSheet[];
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

/** One contract's line, from the analysis its bilan is made from: its last year, or `year` (--annee). */
export function contractSummary(
  analysis: WorkbookAnalysis,
  contract: ContractTitle,
  file: string,
  bilan: string | null,
  year?: number,
): ContractSummary {
  const sheets = year === undefined ? analysis.sheets : analysis.sheets.filter((s) => s.bilan.year === year);
  const years = analysis.sheets.map((s) => s.bilan.year).filter((y): y is number => y !== null);
  const last = sheets[sheets.length - 1];
  const at = last ? analysis.sheets.indexOf(last) : -1;
  const before = at >= 1 ? analysis.sheets[at - 1] : null;
  const diagnostics = allDiagnostics(analysis);
  const by = countBySeverity(diagnostics);
  const counts = last ? last.bilan.counts : sumCounts([]);
  return {
    name: contractLabel(contract),
    file,
    files: [file],
    copies: [],
    conflicts: [],
    ...(year !== undefined && !last ? { missingYear: year } : {}),
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
    tracking: analysis.sheets.map((s) => s.sheet),
  };
}

/**
 * The lines of a region's files, one per contract: yearly files of one contract read together, with
 * the follow-up across their years; copies counted once; years given differently by two files
 * left out and said. `overrides` names a file's contract by the user's word.
 */
export function contractLines(
  lines: readonly ContractSummary[],
  overrides: ContractOverrides = new Map(),
  year?: number,
): ContractSummary[] {
  // In a fixed order, whatever order the files were read in: the workbook formats before .ods
  // (the copy kept is the .xlsx), then by path.
  const rank = (file: string) => (/\.(ods|fods)$/i.test(file) ? 1 : 0);
  const withReadings = lines
    .filter((l) => l.tracking)
    .sort((a, b) => rank(a.file) - rank(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const groups = groupContracts(
    withReadings.map((l) => ({
      file: l.file,
      sheets: l.tracking ?? [],
      withoutTable: [],
      palette: DEFAULT_PALETTE,
      paletteSource: 'défaut' as const,
    })),
    overrides,
  );
  const byFile = new Map(withReadings.map((l) => [l.file, l]));
  return [...lines.filter((l) => !l.tracking), ...groups.map((g) => groupLine(g, byFile, overrides, year))];
}

function groupLine(
  group: ContractFiles,
  byFile: ReadonlyMap<string, ContractSummary>,
  overrides: ContractOverrides,
  year: number | undefined,
): ContractSummary {
  const first = byFile.get(group.files[0]) as ContractSummary;
  if (group.files.length === 1 && group.copies.length === 0 && group.conflicts.length === 0) return first;
  const option = overrides.get(group.files[0]);
  const analysis = analyzeWorkbook(group.reading);
  const title = contractTitle(group.reading.sheets, option, first.name);
  // The link goes to the bilan of the file that gives the line's year.
  const line = contractSummary(analysis, title, group.files[0], null, year);
  const giver = group.files.find((f) => byFile.get(f)?.years.includes(line.lastYear ?? NaN)) ?? group.files[0];
  return {
    ...line,
    // Without a title block, the name of the file that spans the most years (« CLS petr-2020-2023 »).
    name: option ?? (group.name ? line.name : widest(group.files.map((f) => byFile.get(f) ?? first)).name),
    file: giver,
    files: group.files,
    copies: group.copies,
    conflicts: group.conflicts,
    bilan: byFile.get(giver)?.bilan ?? null,
  };
}

/** The line that spans the most years (the first of them on a tie). */
function widest(lines: readonly ContractSummary[]): ContractSummary {
  return lines.reduce((best, l) => (l.years.length > best.years.length ? l : best));
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The region's synthesis: the contracts in name order, their totals, the files left out. */
export function regionSynthesis(
  contracts: readonly ContractSummary[],
  failures: readonly SynthesisFailure[],
): RegionSynthesis {
  const sorted = [...contracts]
    .map(({ tracking: _tracking, ...line }) => line)
    .sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.file, b.file));
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
      donePercent: donePercentOf(counts),
      errors: sorted.reduce((n, c) => n + c.errors, 0),
      warnings: sorted.reduce((n, c) => n + c.warnings, 0),
      regressions: sorted.reduce((n, c) => n + c.regressions, 0),
    },
    failures: [...failures].sort((a, b) => byName.compare(a.file, b.file)),
  };
}

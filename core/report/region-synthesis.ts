/**
 * The synthesis of a region's contracts: one line per contract, taken from the very analysis its
 * own bilan is made from (the last year's counts, « % réalisé » and conclusion numbers are that
 * bilan's, never recounted), the region's totals, and the files that could not be read.
 * Host-neutral.
 */
import { allDiagnostics, analyzeWorkbook, type SheetAnalysis, type WorkbookAnalysis } from './analysis';
import type { TrackingSheet } from '../base/model';
import { DEFAULT_PALETTE } from '../base/status';
import { type ContractFiles, type ContractOverrides, groupContracts } from './contract-groups';
import { contractTitle } from '../read/contract-title';
import { type StatusCounts, sumCounts } from '../base/status-counts';
import { doneCount, donePercentOf } from './bilan';
import { type ContractTitle, contractLabel } from '../read/contract-title';
import { countBySeverity, type Diagnostic, incompleteReasons, isReadingError } from '../check/diagnostics';
import { sheetNames } from '../read/same-year';

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
  /**
   * --annee: the year asked for, when the contract has no reading of that year: the line says
   * « pas de bilan AAAA », stays listed and is not counted in the region's totals.
   */
  missingYear?: number;
  /**
   * The line's year was not read with certainty (its bilan says « Bilan incomplet »): why, in
   * French (« une feuille a des actions qui n’ont pas été lues »). Absent when it was.
   */
  incomplete?: string;
  /** Files of the contract in which no year was found: none of their numbers is in the line. */
  undated?: string[];
  /** The grouping file (--regroupement) that named this contract and its files. */
  grouping?: string;
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
  /**
   * Errors of the file's sheets that could not be read (they make its bilan incomplete), with the
   * year each was said with, to be said again when the file is read with others; dropped before
   * anything is written.
   */
  unread?: UnreadError[];
}

/** An error of a sheet whose table was not read, and the year of the reading it goes with. */
export interface UnreadError {
  year: number | null;
  diagnostic: Diagnostic;
}

export interface SynthesisFailure {
  file: string;
  code: string;
  message: string;
}

export interface RegionSynthesis {
  /** --annee: the year of every line; absent, each contract's latest year. */
  year?: number;
  /** Sorted by name (French order), then by file. */
  contracts: ContractSummary[];
  totals: {
    /** The contracts counted in the totals: those without a bilan of the year asked are not. */
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

/**
 * One contract's line, from the analysis its bilan is made from: its last year, or `year` (--annee).
 * Without `year`, the last reading whose year is known (a sheet without a year is no « last year »).
 */
export function contractSummary(
  analysis: WorkbookAnalysis,
  contract: ContractTitle,
  file: string,
  bilan: string | null,
  year?: number,
): ContractSummary {
  const dated = analysis.sheets.filter((s) => s.bilan.year !== null);
  const pool =
    year !== undefined
      ? analysis.sheets.filter((s) => s.bilan.year === year)
      : dated.length > 0
        ? dated
        : analysis.sheets;
  const years = dated.map((s) => s.bilan.year as number);
  const last = pool[pool.length - 1];
  const at = last ? dated.indexOf(last) : -1;
  const before = at >= 1 ? dated[at - 1] : null;
  const diagnostics = allDiagnostics(analysis);
  const by = countBySeverity(diagnostics);
  const counts = last ? last.bilan.counts : sumCounts([]);
  const reasons = last ? incompleteReasons([...last.diagnostics, ...analysis.workbookDiagnostics]) : [];
  const unread = unreadErrors(analysis);
  return {
    name: lineName(contract),
    file,
    files: [file],
    copies: [],
    conflicts: [],
    ...(year !== undefined && !last ? { missingYear: year } : {}),
    ...(reasons.length > 0 ? { incomplete: reasons.join(' ; ') } : {}),
    ...(years.length === 0 ? { undated: [file] } : {}),
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
    ...(unread.length > 0 ? { unread } : {}),
  };
}

/**
 * A contract's name on its line: a contract its workbook does not name is « Contrat local de
 * santé (fichier) », so that two of them can be told apart.
 */
function lineName(contract: ContractTitle): string {
  const label = contractLabel(contract);
  return contract.source === 'file' && contract.file ? `${label} (${contract.file})` : label;
}

/** The reading errors of sheets without a table, with the year of the reading each was said with. */
function unreadErrors(analysis: WorkbookAnalysis): UnreadError[] {
  const read = new Set(analysis.sheets.flatMap((s) => sheetNames(s.sheet)));
  const unread = (d: Diagnostic) => isReadingError(d) && !read.has(d.sheet);
  return [
    ...analysis.sheets.flatMap((s: SheetAnalysis) =>
      s.diagnostics.filter(unread).map((diagnostic) => ({ year: s.sheet.year, diagnostic })),
    ),
    ...analysis.workbookDiagnostics.filter(unread).map((diagnostic) => ({ year: null, diagnostic })),
  ];
}

/** How a region's files are made into lines: the user's grouping, the year asked. */
export interface ContractLineOptions {
  /** Files → the contract the user names them part of (--regroupement), over what they hold. */
  overrides?: ContractOverrides;
  /** The grouping file the overrides come from, said on the lines it names. */
  grouping?: string;
  /** --annee: every line is its contract's reading of that year. */
  year?: number;
}

/**
 * The lines of a region's files, one per contract: yearly files of one contract read together, with
 * the follow-up across their years; copies counted once; years given differently by two files
 * left out and said. `overrides` names a file's contract by the user's word.
 */
export function contractLines(lines: readonly ContractSummary[], options: ContractLineOptions = {}): ContractSummary[] {
  const overrides = options.overrides ?? new Map<string, string>();
  // In a fixed order, whatever order the files were read in: the workbook formats before .ods
  // (the copy kept is the .xlsx), then by path.
  const rank = (file: string) => (/\.(ods|fods)$/i.test(file) ? 1 : 0);
  const withReadings = lines
    .filter((l) => l.tracking)
    // A file in which no year was found is named by its path in the run, as its line is.
    .map(({ undated: _undated, ...l }) => (l.years.length === 0 ? { ...l, undated: [l.file] } : l))
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
  return [
    ...lines.filter((l) => !l.tracking),
    ...groups.map((g) => {
      const line = groupLine(g, byFile, overrides, options.year);
      return options.grouping !== undefined && overrides.has(g.files[0])
        ? { ...line, grouping: options.grouping }
        : line;
    }),
  ];
}

function groupLine(
  group: ContractFiles,
  byFile: ReadonlyMap<string, ContractSummary>,
  overrides: ContractOverrides,
  year: number | undefined,
): ContractSummary {
  const first = byFile.get(group.files[0]) as ContractSummary;
  const option = overrides.get(group.files[0]);
  const alone = group.files.length === 1 && group.copies.length === 0 && group.conflicts.length === 0;
  // A file alone is its own bilan's line, made in its worker for the year asked.
  if (alone && (year === undefined || first.lastYear === year || first.missingYear === year)) {
    return option === undefined
      ? first
      : { ...first, name: contractLabel(contractTitle(first.tracking ?? [], option, '')) };
  }
  const analysis = analyzeWorkbook(group.reading);
  const title = contractTitle(group.reading.sheets, option, first.name);
  const line = contractSummary(analysis, title, group.files[0], null, year);
  // The files' sheets that could not be read are not in the reading brought together: their
  // errors are said again with the year they go with, and the line of that year is incomplete.
  const unread = group.files.flatMap((f) => byFile.get(f)?.unread ?? []);
  const own = unread.filter((u) => u.year === null || (line.missingYear === undefined && u.year === line.lastYear));
  const reasons = [
    ...new Set([...(line.incomplete?.split(' ; ') ?? []), ...incompleteReasons(own.map((u) => u.diagnostic))]),
  ];
  const undated = group.files.filter((f) => byFile.get(f)?.undated !== undefined);
  // The link goes to the bilan of the file that gives the line's year.
  const giver = group.files.find((f) => byFile.get(f)?.years.includes(line.lastYear ?? NaN)) ?? group.files[0];
  const grouped: ContractSummary = {
    ...line,
    // Without a title block, the name of the file that spans the most years (« Contrat local de santé (petr-2020-2023) »).
    name: option !== undefined || group.name ? line.name : widest(group.files.map((f) => byFile.get(f) ?? first)).name,
    file: giver,
    files: group.files,
    copies: group.copies,
    conflicts: group.conflicts,
    errors: line.errors + unread.filter((u) => u.diagnostic.severity === 'error').length,
    warnings: line.warnings + unread.filter((u) => u.diagnostic.severity === 'warning').length,
    bilan: byFile.get(giver)?.bilan ?? null,
    ...(unread.length > 0 ? { unread } : {}),
  };
  if (reasons.length > 0) grouped.incomplete = reasons.join(' ; ');
  else delete grouped.incomplete;
  if (undated.length > 0) grouped.undated = undated;
  else delete grouped.undated;
  return grouped;
}

/** The line that spans the most years (the first of them on a tie). */
function widest(lines: readonly ContractSummary[]): ContractSummary {
  return lines.reduce((best, l) => (l.years.length > best.years.length ? l : best));
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * The region's synthesis: the contracts in name order, their totals, the files left out. With
 * `year` (--annee), a contract without a bilan of that year stays listed, out of the totals.
 */
export function regionSynthesis(
  contracts: readonly ContractSummary[],
  failures: readonly SynthesisFailure[],
  year?: number,
): RegionSynthesis {
  const sorted = [...contracts]
    .map(({ tracking: _tracking, unread: _unread, ...line }) => line)
    .sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.file, b.file));
  const counted = sorted.filter((c) => c.missingYear === undefined);
  const counts = sumCounts(counted.map((c) => c.counts));
  const actions = counted.reduce((n, c) => n + c.actions, 0);
  const done = doneCount(counts);
  return {
    ...(year !== undefined ? { year } : {}),
    contracts: sorted,
    totals: {
      contracts: counted.length,
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

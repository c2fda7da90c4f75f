/**
 * The files of a region's folder grouped by contract: an ARS receives yearly files of one contract,
 * resent versions, and the same workbook saved as .xlsx and as .ods. Files of one contract are known
 * by the contract's name in their title block or, without one, by the actions they share; the same
 * content twice is a copy, counted once; two different versions of one year are a conflict, never
 * added together. Host-neutral.
 */
import type { Action, TrackingSheet } from '../base/model';
import { normalize } from '../base/text';
import { splitTitle } from '../read/contract-title';
import { combineReadings } from '../read/contract';
import type { PalettedReading, TrackingWorkbook } from '../read/read-tracking';

/** Share of actions two files must share (of the smaller) to be taken for one contract without a name. */
const SAME_CONTRACT_OVERLAP = 0.5;

export interface ContractFiles {
  /** The contract's name from a title block, when a file of the group has one. */
  name: string | null;
  /** The files read together, in the order given (copies left out). */
  files: string[];
  /** Files whose content is another file's of the group (same actions, same states, same years). */
  copies: { file: string; of: string }[];
  /** Years given by two files of the group with different actions or states. */
  conflicts: { year: number; files: string[] }[];
  /**
   * The group's readings as one: every year once. A year in conflict is left out, so that no
   * number mixes two versions; the conflict says which files to choose between.
   */
  reading: PalettedReading;
}

/** `--contrat`-like overrides: files that belong to a named contract, whatever they hold. */
export type ContractOverrides = ReadonlyMap<string, string>;

/** An action as the same across files of one contract: its number and its title. */
function actionKey(a: Action): string {
  return `${a.code ?? ''}|${normalize(a.title)}`;
}

/** The contract's name a workbook's title block gives, normalized for comparison; null without one. */
function nameOf(reading: TrackingWorkbook): string | null {
  const cell = reading.sheets.map((s) => s.contractTitle).find((t) => t);
  return cell ? normalize(splitTitle(cell.text).name) : null;
}

/** What a year of a file holds: its actions and their states, in a canonical order. */
function yearContent(sheets: readonly TrackingSheet[]): string {
  return sheets
    .flatMap((s) => s.actions)
    .map((a) => `${actionKey(a)}|${a.status ?? ''}|${normalize(a.porteur)}`)
    .sort()
    .join('\n');
}

/** Each year of a file (null for sheets without a year) → its content. */
function contentByYear(reading: TrackingWorkbook): Map<number | null, string> {
  const years = new Map<number | null, TrackingSheet[]>();
  for (const s of reading.sheets) years.set(s.year, [...(years.get(s.year) ?? []), s]);
  return new Map([...years].map(([year, sheets]) => [year, yearContent(sheets)]));
}

/** Shared actions over the smaller of two files' sets of actions (all their years). */
function sharedShare(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const smaller = Math.min(a.size, b.size);
  if (smaller === 0) return 0;
  let shared = 0;
  for (const k of a) if (b.has(k)) shared++;
  return shared / smaller;
}

/** Two files are of one contract: the same name, or, when either has none, most actions shared. */
function sameContract(
  a: { name: string | null; override: string | undefined; keys: ReadonlySet<string> },
  b: { name: string | null; override: string | undefined; keys: ReadonlySet<string> },
): boolean {
  if (a.override !== undefined || b.override !== undefined) return a.override === b.override;
  if (a.name !== null && b.name !== null) return a.name === b.name;
  return sharedShare(a.keys, b.keys) >= SAME_CONTRACT_OVERLAP;
}

/**
 * The readings of a folder's files grouped by contract, in the order of their first file. `names`
 * gives a file's contract by the user's word (`--contrat`), over what the files hold.
 */
export function groupContracts(
  readings: readonly TrackingWorkbook[],
  overrides: ContractOverrides = new Map(),
): ContractFiles[] {
  const facts = readings.map((r) => ({
    reading: r,
    name: nameOf(r),
    override: overrides.get(r.file),
    keys: new Set(r.sheets.flatMap((s) => s.actions.map(actionKey))),
    content: contentByYear(r),
  }));
  // Union-find over the files: a file joins the group of any earlier file of the same contract.
  const parent = facts.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let i = 0; i < facts.length; i++) {
    for (let j = 0; j < i; j++) {
      if (root(i) !== root(j) && sameContract(facts[i], facts[j])) parent[root(i)] = root(j);
    }
  }
  const groups = new Map<number, typeof facts>();
  facts.forEach((f, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), f]));

  return [...groups.values()].map((members) => {
    const kept: typeof facts = [];
    const copies: ContractFiles['copies'] = [];
    for (const m of members) {
      const same = kept.find(
        (k) =>
          k.content.size === m.content.size &&
          [...m.content].every(([year, content]) => k.content.get(year) === content),
      );
      if (same) copies.push({ file: m.reading.file, of: same.reading.file });
      else kept.push(m);
    }
    // A year given by two kept files: the same content is one more copy of that year; another
    // content is a conflict, and the year is read from neither.
    const byYear = new Map<number, { file: string; content: string }[]>();
    for (const k of kept) {
      for (const [year, content] of k.content) {
        if (year !== null) byYear.set(year, [...(byYear.get(year) ?? []), { file: k.reading.file, content }]);
      }
    }
    const conflicts: ContractFiles['conflicts'] = [];
    const dropped = new Map<string, Set<number>>();
    for (const [year, givers] of [...byYear].sort((a, b) => a[0] - b[0])) {
      if (givers.length < 2) continue;
      const contents = new Set(givers.map((g) => g.content));
      const drop = (file: string) => dropped.set(file, new Set([...(dropped.get(file) ?? []), year]));
      if (contents.size === 1) givers.slice(1).forEach((g) => drop(g.file));
      else {
        conflicts.push({ year, files: givers.map((g) => g.file) });
        givers.forEach((g) => drop(g.file));
      }
    }
    const parts = kept.map((k) => {
      const without = dropped.get(k.reading.file);
      return without
        ? { ...k.reading, sheets: k.reading.sheets.filter((s) => !without.has(s.year ?? NaN)) }
        : k.reading;
    });
    const reading =
      parts.length === 1
        ? parts[0]
        : combineReadings(
            parts.filter((p) => p.sheets.length > 0),
            kept[0].reading.file,
          );
    const name = members.map((m) => m.reading.sheets.map((s) => s.contractTitle).find((t) => t)).find((t) => t);
    return {
      name: name ? splitTitle(name.text).name : null,
      files: kept.map((k) => k.reading.file),
      copies,
      conflicts,
      reading,
    };
  });
}

/**
 * The files of a region's folder grouped by contract: an ARS receives yearly files of one contract,
 * resent versions, and the same workbook saved as .xlsx and as .ods. Files of one contract are known
 * by the contract's name in their title block or, without one, by the actions they share; the same
 * content twice is a copy, counted once; two different versions of one year are a conflict, never
 * added together. Host-neutral.
 */
import type { Action, TrackingSheet } from '../base/model';
import { normalize } from '../base/text';
import { typeset } from '../base/typography';
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

/** The user's grouping (`--regroupement`): files that belong to a named contract, whatever they hold. */
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
 * The readings of a folder's files grouped by contract, in the order of their first file.
 * `overrides` gives a file's contract by the user's word (`--regroupement`), over what the files
 * hold: a file it names is grouped only with the files it names with the same contract.
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

/** A file of the run, as the grouping file may name it. */
export interface GroupedInput {
  /** The path as the run lists it (the key of the overrides). */
  path: string;
  /** Its path within the folder given (its name, for a file given alone). */
  relative: string;
}

/** The user's grouping read: files → contract, or why it cannot be used (in French, with the line). */
export type GroupingResult = { ok: true; overrides: Map<string, string> } | { ok: false; message: string };

const WORKBOOK_NAME = /\.(xlsx|xlsm|xltx|ods|fods|xls)$/i;
/** The title of the files' column, on a header line. */
const HEADER = /^(fichiers?|classeurs?|chemins?|files?|noms?)\b/i;

/**
 * The text of a grouping file as LibreOffice, Excel or a text editor save it: UTF-8 with or
 * without its mark, UTF-16 with its mark (Excel's « Texte Unicode »), else Windows-1252 (Excel's
 * « CSV (séparateur : point-virgule) » on Windows).
 */
export function decodeGroupingText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** A line's fields, split at `separator` outside of double quotes (a CSV cell may quote its text). */
function fields(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === separator) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/** A path as compared: « \ » as « / », without « ./ », in one Unicode form, whatever the case. */
function pathKey(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/{2,}/g, '/')
    .normalize('NFC')
    .toLowerCase();
}

/**
 * The user's grouping of a region's files (`--regroupement`): one line per file, « fichier;contrat »
 * (also with « , » or a tab between them, as spreadsheets save CSV), the file by its name, its
 * path in the folder or its name without extension, then the contract's name. A first line that
 * names no file is a header; empty lines and lines starting with « # » are skipped. Any other line
 * that cannot be used is an error naming the grouping file and the line.
 */
export function parseGrouping(source: string, text: string, files: readonly GroupedInput[]): GroupingResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const meaningful = lines.map((l, i) => ({ text: l, number: i + 1 })).filter((l) => !/^\s*(#.*)?$/.test(l.text));
  const at = (n: number, what: string): GroupingResult => ({
    ok: false,
    message: typeset(`Regroupement « ${source} », ligne ${n} : ${what}`),
  });
  if (meaningful.length === 0) {
    return {
      ok: false,
      message: typeset(
        `Regroupement « ${source} » : aucune ligne. Attendu une ligne par fichier : « fichier;contrat ».`,
      ),
    };
  }
  const first = meaningful[0].text;
  const separator = first.includes('\t') ? '\t' : first.includes(';') ? ';' : ',';
  const byPath = new Map<string, GroupedInput[]>();
  const add = (key: string, f: GroupedInput) => {
    const list = byPath.get(key) ?? [];
    if (!list.includes(f)) byPath.set(key, [...list, f]);
  };
  // Exact paths first; a name, or a name without its extension (Windows hides them), when it is one file's.
  for (const f of files) for (const key of [pathKey(f.path), pathKey(f.relative)]) add(key, f);
  const byName = new Map<string, GroupedInput[]>();
  for (const f of files) {
    const name = pathKey(f.relative).split('/').pop() ?? '';
    for (const key of [name, name.replace(WORKBOOK_NAME, '')]) {
      const list = byName.get(key) ?? [];
      if (!list.includes(f)) byName.set(key, [...list, f]);
    }
  }
  const overrides = new Map<string, string>();
  const lineOf = new Map<string, number>();
  for (const [index, line] of meaningful.entries()) {
    const [file = '', ...rest] = fields(line.text, separator);
    // A contract's name that holds the separator, unquoted, is given back whole; empty cells after it are not.
    const kept = rest.slice(0, rest.map((r) => r !== '').lastIndexOf(true) + 1);
    const contract = kept.join(separator === '\t' ? ' ' : `${separator} `).trim();
    const key = pathKey(file);
    const exact = byPath.get(key);
    const named = byName.get(key);
    const found = exact ?? (key.includes('/') ? undefined : named);
    // A first line that names no file: the columns' titles (« Fichier;Contrat »).
    if (index === 0 && !found && HEADER.test(file) && !WORKBOOK_NAME.test(file)) continue;
    if (file === '' || contract === '') {
      return at(
        line.number,
        `attendu le fichier puis le nom du contrat, séparés par « ; » (par exemple « suivi-2023.xlsx;CLS du Pays A »), reçu « ${line.text.trim()} ».`,
      );
    }
    if (!found)
      return at(
        line.number,
        `« ${file} » n'est pas un des fichiers à convertir : corrigez son nom comme il est écrit dans le dossier, ou retirez la ligne.`,
      );
    if (found.length > 1) {
      return at(
        line.number,
        `« ${file} » désigne plusieurs fichiers (« ${found.map((f) => f.relative).join(' », « ')} ») : écrivez son chemin dans le dossier, par exemple « ${found[0].relative} ».`,
      );
    }
    const [target] = found;
    const before = overrides.get(target.path);
    if (before !== undefined && before !== contract) {
      return at(
        line.number,
        `« ${file} » est déjà rangé dans le contrat « ${before} » (ligne ${lineOf.get(target.path)}) : un fichier n'est que d'un contrat.`,
      );
    }
    overrides.set(target.path, contract);
    lineOf.set(target.path, line.number);
  }
  if (overrides.size === 0) {
    return {
      ok: false,
      message: typeset(
        `Regroupement « ${source} » : aucune ligne ne nomme un fichier. Attendu une ligne par fichier : « fichier;contrat ».`,
      ),
    };
  }
  return { ok: true, overrides };
}

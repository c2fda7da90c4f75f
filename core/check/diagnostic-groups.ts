/**
 * Findings shown grouped: a check that fires on many rows of one sheet (« Réalisé » without clos
 * or pérenne on 1,000 rows) is one line that names its first rows and counts the others, so that
 * the Contrôles annex, the json bilan and `inspect` grow with the workbook, not with its
 * repetitions. `cls-bilan inspect --tout` lists every finding. Pure and host-neutral.
 */
import type { Diagnostic, FixEdit } from './diagnostics';
import { count, fr, formatNumber, typeset } from '../base/typography';

/** More findings of one check on one sheet than this are shown as one line. */
export const GROUP_THRESHOLD = 10;

/** Rows a grouped line names before counting the others. */
export const GROUP_ROWS_NAMED = 5;

/** Where the full list is. */
export const FULL_LIST_COMMAND = 'cls-bilan inspect --tout';

/**
 * A line of findings: one finding as it is, or a group standing for `count` findings of the same
 * check on the same sheet (and year). A group carries its first finding's code, severity, sheet,
 * cell and year; its message names the first rows and quotes the first finding; `cells` lists
 * every finding's cell and `fix` every finding's edits, so that nothing is lost.
 */
export type DiagnosticLine = Diagnostic & {
  /** A group: how many findings it stands for (absent for a single finding). */
  count?: number;
  /** A group: every finding's cell, in the order of the findings (those without a cell left out). */
  cells?: string[];
};

function groupKey(d: Diagnostic): string {
  return `${d.code}\u0000${d.sheet}\u0000${d.year ?? ''}`;
}

/** The row of an address: its last digits (read without a regex: a group names thousands of cells). */
function rowOf(cell: string): number | null {
  let start = cell.length;
  while (start > 0 && isDigit(cell.charCodeAt(start - 1))) start--;
  return start < cell.length ? Number(cell.slice(start)) : null;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** « lignes 2, 7, 12, 17, 22… et 995 autres lignes », or « 12 fois » when the findings have no cell. */
function rowsSentence(members: readonly Diagnostic[]): string {
  const rows: number[] = [];
  const seen = new Set<number>();
  for (const d of members) {
    const row = d.cell ? rowOf(d.cell) : null;
    if (row === null || seen.has(row)) continue;
    seen.add(row);
    rows.push(row);
  }
  if (rows.length === 0) return `${formatNumber(members.length)} fois`;
  const named = rows.slice(0, GROUP_ROWS_NAMED);
  const others = rows.length - named.length;
  const list = `${plural(named.length, 'ligne')} ${named.map((r) => formatNumber(r)).join(', ')}`;
  return others > 0 ? `${list}… et ${count(others, 'autre ligne', 'autres lignes')}` : list;
}

function plural(n: number, word: string): string {
  return n > 1 ? `${word}s` : word;
}

/** One line standing for the findings of one check on one sheet. */
function groupLine(members: readonly Diagnostic[]): DiagnosticLine {
  const [first] = members;
  const where = fr`sur la feuille « ${first.sheet} »${first.year !== undefined ? ` (${first.year})` : ''}`;
  const message =
    typeset(
      `Ce contrôle revient ${formatNumber(members.length)} fois ${where}, ${rowsSentence(members)}. Le premier : `,
    ) +
    first.message +
    typeset(` Tous sont listés par « ${FULL_LIST_COMMAND} ».`);
  const fixes: FixEdit[] = members.flatMap((d) => d.fix ?? []);
  const line: DiagnosticLine = {
    code: first.code,
    severity: first.severity,
    sheet: first.sheet,
    cell: first.cell,
    message,
    fix: fixes.length > 0 ? fixes : null,
    count: members.length,
    cells: members.flatMap((d) => (d.cell ? [d.cell] : [])),
  };
  if (first.year !== undefined) line.year = first.year;
  return line;
}

/**
 * The findings as lines: the findings of a check that fires more than `threshold` times on one
 * sheet (and year) become one line, where the first of them stood; the others stay as they are,
 * in their order.
 */
export function groupDiagnostics(list: readonly Diagnostic[], threshold = GROUP_THRESHOLD): DiagnosticLine[] {
  const members = new Map<string, Diagnostic[]>();
  // Each finding's key made once, for both passes.
  const keys = list.map(groupKey);
  list.forEach((d, i) => {
    const same = members.get(keys[i]);
    if (same) same.push(d);
    else members.set(keys[i], [d]);
  });
  const out: DiagnosticLine[] = [];
  const placed = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    const key = keys[i];
    const same = members.get(key) ?? [d];
    if (same.length <= threshold) out.push(d);
    else if (!placed.has(key)) {
      placed.add(key);
      out.push(groupLine(same));
    }
  }
  return out;
}

/** True when some line stands for several findings. */
export function anyGrouped(lines: readonly DiagnosticLine[]): boolean {
  return lines.some((l) => l.count !== undefined);
}

/** The cell a line names: its own, or « D2…D5001 » for a group over several cells. */
export function lineCell(line: DiagnosticLine): string | null {
  if (!line.cells || line.cells.length < 2) return line.cell;
  return `${line.cells[0]}…${line.cells[line.cells.length - 1]}`;
}

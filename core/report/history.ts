/**
 * Following each action across the yearly sheets of a contract: matching year to year (by code
 * first, then by similar title within the same objective), the status-by-year table, the
 * transitions between consecutive years, and each action's line of statuses (the report's GANTT).
 * Every match says why; what cannot be matched is reported as appeared / disappeared, not guessed.
 *
 * Cost: titles are compared only within an objective and only between actions that share a word
 * (an inverted index of title words), so matching stays near-linear in the number of actions.
 */
import { countStatuses, type StatusCounts } from '../base/status-counts';
import { type Diagnostic, diag } from '../check/diagnostics';
import type { Action, PlanNode, TrackingSheet } from '../base/model';
import { isRealise, STATUSES, type StatusId } from '../base/status';
import { normalize } from '../base/text';
import { fr } from '../base/typography';

export type MatchKind = 'code' | 'code_title' | 'title' | 'no_title';

export interface MatchReason {
  kind: MatchKind;
  /** 1 for the same code or the same title; the title similarity otherwise (0.6–1). */
  score: number;
  /** French, for the user: « même numéro 1.2.2 », « titre semblable (0.82) dans l'objectif 1.2 »… */
  explanation: string;
}

export interface TrackEntry {
  year: number;
  sheet: string;
  row: number;
  /** Address of the status cell (or the title cell when there is no status column). */
  cell: string | null;
  code: string | null;
  title: string;
  status: StatusId | null;
  statusText: string;
  remarks: string;
}

export interface Track {
  /** One entry per year of the history, null where the action is absent. */
  entries: (TrackEntry | null)[];
  /** `links[i]`: why entries[i] and entries[i+1] are the same action (null when not both present). */
  links: (MatchReason | null)[];
  /** Latest code, title and objective seen. */
  code: string | null;
  title: string;
  objectif: PlanNode | null;
  /** First year present; null when present from the first year of the history. */
  appeared: number | null;
  /** Last year present when the action is gone before the last year; null otherwise. */
  disappeared: number | null;
}

export interface Transition {
  from: StatusId | null;
  to: StatusId | null;
  count: number;
}

export interface YearPair {
  fromYear: number;
  toYear: number;
  matched: number;
  appeared: number;
  disappeared: number;
  transitions: Transition[];
}

export interface History {
  years: number[];
  /** The sheet each year was read from. */
  sheets: string[];
  tracks: Track[];
  /** The report's « état récapitulatif … par années ». */
  statusByYear: { year: number; total: number; counts: StatusCounts }[];
  pairs: YearPair[];
}

/** Minimum title similarity for two actions of one objective to be taken as the same. */
export const TITLE_THRESHOLD = 0.6;

/**
 * Builds the history from yearly sheets. Sheets without a year are left out; when two sheets give
 * the same year, the later one in the list wins.
 */
export function buildHistory(sheets: readonly TrackingSheet[]): History {
  const byYear = new Map<number, TrackingSheet>();
  for (const s of sheets) if (s.year !== null) byYear.set(s.year, s);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const yearly = years.map((y) => byYear.get(y) as TrackingSheet);

  const tracks: Track[] = [];
  let previous: { action: Action; track: Track }[] = [];
  const pairs: YearPair[] = [];
  yearly.forEach((sheet, yi) => {
    const current = sheet.actions;
    const matches =
      yi === 0
        ? new Map<Action, { prev: Action; reason: MatchReason }>()
        : matchYears(
            previous.map((p) => p.action),
            current,
          );
    const trackOf = new Map(previous.map((p) => [p.action, p.track]));
    const next: { action: Action; track: Track }[] = [];
    for (const action of current) {
      const m = matches.get(action);
      let track = m ? trackOf.get(m.prev) : undefined;
      if (!track) {
        track = newTrack(years.length, yi === 0 ? null : years[yi]);
        tracks.push(track);
      } else if (m) {
        track.links[yi - 1] = m.reason;
      }
      track.entries[yi] = entryOf(action, years[yi], sheet.parts ? action.source.sheet : sheet.name);
      track.code = action.code ?? track.code;
      track.title = action.title || track.title;
      track.objectif = action.objectif ?? track.objectif;
      next.push({ action, track });
    }
    if (yi > 0) {
      const matchedPrev = new Set([...matches.values()].map((m) => m.prev));
      for (const p of previous) if (!matchedPrev.has(p.action)) p.track.disappeared = years[yi - 1];
      pairs.push(
        pairOf(
          years[yi - 1],
          years[yi],
          previous.map((p) => p.action),
          current,
          matches,
        ),
      );
    }
    previous = next;
  });
  return {
    years,
    sheets: yearly.map((s) => s.name),
    tracks,
    statusByYear: yearly.map((s, i) => ({ year: years[i], total: s.actions.length, counts: countStatuses(s.actions) })),
    pairs,
  };
}

function newTrack(n: number, appeared: number | null): Track {
  return {
    // fill rather than Array.from({ length }): ten times faster, and a large history makes one per action.
    entries: new Array<TrackEntry | null>(n).fill(null),
    links: new Array<MatchReason | null>(Math.max(0, n - 1)).fill(null),
    code: null,
    title: '',
    objectif: null,
    appeared,
    disappeared: null,
  };
}

function entryOf(a: Action, year: number, sheet: string): TrackEntry {
  return {
    year,
    sheet,
    row: a.source.row,
    cell: a.source.cells.status ?? a.source.cells.title ?? null,
    code: a.code,
    title: a.title,
    status: a.status,
    statusText: a.statusText,
    remarks: a.notes.remarques ?? a.notes.avancees ?? '',
  };
}

function pairOf(
  fromYear: number,
  toYear: number,
  prev: readonly Action[],
  curr: readonly Action[],
  matches: Map<Action, { prev: Action; reason: MatchReason }>,
): YearPair {
  const counts = new Map<string, Transition>();
  for (const [a, m] of matches) {
    const key = `${m.prev.status}>${a.status}`;
    const t = counts.get(key) ?? { from: m.prev.status, to: a.status, count: 0 };
    t.count++;
    counts.set(key, t);
  }
  const order = (s: StatusId | null) => (s === null ? 99 : Object.keys(STATUSES).indexOf(s));
  const transitions = [...counts.values()].sort((x, y) => order(x.from) - order(y.from) || order(x.to) - order(y.to));
  return {
    fromYear,
    toYear,
    matched: matches.size,
    appeared: curr.length - matches.size,
    disappeared: prev.length - matches.size,
    transitions,
  };
}

// ---------------------------------------------------------------------------------------------
// Matching two consecutive years

const STOP_WORDS = new Set([
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'en',
  'a',
  'au',
  'aux',
  'pour',
  'sur',
  'par',
  'un',
  'une',
  'avec',
  'dans',
]);

export function titleWords(title: string): string[] {
  return normalize(title)
    .split(' ')
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/**
 * Similarity of two titles, 0–1: word overlap (Jaccard), raised when one title is the other with
 * words added (« Projet de territoire » → « Projet de territoire (pilier 3 du projet de territoire) »).
 */
export function titleSimilarity(a: string, b: string): number {
  return wordSimilarity(new Set(titleWords(a)), new Set(titleWords(b)));
}

function wordSimilarity(wa: ReadonlySet<string>, wb: ReadonlySet<string>): number {
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  const jaccard = common / (wa.size + wb.size - common);
  const smaller = Math.min(wa.size, wb.size);
  const containment = smaller >= 2 ? (common / smaller) * 0.9 : 0;
  return Math.max(jaccard, containment);
}

function objectiveKey(a: Action): string {
  if (a.objectif?.code) return a.objectif.code;
  if (a.objectif?.title) return `~${normalize(a.objectif.title)}`;
  return '~';
}

function codeKey(a: Action): string | null {
  return a.code ? normalize(a.code) : null;
}

/** Matches each action of `curr` to at most one of `prev`. */
export function matchYears(
  prev: readonly Action[],
  curr: readonly Action[],
): Map<Action, { prev: Action; reason: MatchReason }> {
  const words = new Map<Action, Set<string>>();
  const wordsOf = (a: Action) => {
    let w = words.get(a);
    if (!w) {
      w = new Set(titleWords(a.title));
      words.set(a, w);
    }
    return w;
  };
  const similarity = (a: Action, b: Action) => wordSimilarity(wordsOf(a), wordsOf(b));
  const result = new Map<Action, { prev: Action; reason: MatchReason }>();
  const usedPrev = new Set<Action>();
  const take = (c: Action, p: Action, reason: MatchReason) => {
    result.set(c, { prev: p, reason });
    usedPrev.add(p);
  };

  // 1. Same code: unique on both sides, or, for a code used twice, the most similar title.
  const prevByCode = groupByKey(prev, codeKey);
  const currByCode = groupByKey(curr, codeKey);
  for (const [code, cs] of currByCode) {
    const ps = prevByCode.get(code);
    if (!ps) continue;
    if (cs.length === 1 && ps.length === 1) {
      take(cs[0], ps[0], { kind: 'code', score: 1, explanation: `même numéro ${cs[0].code}` });
      continue;
    }
    const pairs: { c: Action; p: Action; s: number }[] = [];
    for (const c of cs) for (const p of ps) pairs.push({ c, p, s: similarity(c, p) });
    pairs.sort((x, y) => y.s - x.s);
    for (const { c, p, s } of pairs) {
      if (result.has(c) || usedPrev.has(p) || s < TITLE_THRESHOLD) continue;
      take(c, p, {
        kind: 'code_title',
        score: round2(s),
        explanation: fr`même numéro ${c.code} (utilisé deux fois) et titre semblable (${round2(s)})`,
      });
    }
  }

  // 2. Similar title within the same objective, through an index of title words.
  const prevByObjective = groupByKey(
    prev.filter((p) => !usedPrev.has(p)),
    objectiveKey,
  );
  const candidates: { c: Action; p: Action; s: number; exact: boolean }[] = [];
  for (const c of curr) {
    if (result.has(c)) continue;
    const pool = prevByObjective.get(objectiveKey(c));
    if (!pool) continue;
    if (wordsOf(c).size === 0) {
      for (const p of pool) if (wordsOf(p).size === 0) candidates.push({ c, p, s: 1, exact: false });
      continue;
    }
    const index = wordIndex(pool, wordsOf);
    const seen = new Set<Action>();
    for (const w of wordsOf(c)) {
      for (const p of index.get(w) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        const exact = normalize(p.title) === normalize(c.title);
        const s = exact ? 1 : similarity(c, p);
        if (s >= TITLE_THRESHOLD) candidates.push({ c, p, s, exact });
      }
    }
  }
  candidates.sort((x, y) => y.s - x.s || Number(y.exact) - Number(x.exact));
  for (const { c, p, s, exact } of candidates) {
    if (result.has(c) || usedPrev.has(p)) continue;
    // A code that changed is fine (Piste → 1.2.2); two different numbered codes are not the same fiche.
    if (c.code && p.code && codeKey(c) !== codeKey(p) && !exact) continue;
    const where = c.objectif?.code ? ` dans l'objectif ${c.objectif.code}` : '';
    if (wordsOf(c).size === 0) {
      take(c, p, { kind: 'no_title', score: 1, explanation: fr`ligne sans intitulé, seule de son objectif${where}` });
    } else {
      take(c, p, {
        kind: 'title',
        score: round2(s),
        explanation: exact ? fr`même titre${where}` : fr`titre semblable (${round2(s)})${where}`,
      });
    }
  }
  // 3. Within an objective, the one action left on each side when one of them has no title
  //    (the seed's 2.2 « polluants souterrains » row lost its title after 2020).
  const leftPrev = groupByKey(
    prev.filter((p) => !usedPrev.has(p)),
    objectiveKey,
  );
  const leftCurr = groupByKey(
    curr.filter((c) => !result.has(c)),
    objectiveKey,
  );
  for (const [key, cs] of leftCurr) {
    const ps = leftPrev.get(key);
    if (key === '~' || !ps || cs.length !== 1 || ps.length !== 1) continue;
    const [c, p] = [cs[0], ps[0]];
    if ((wordsOf(c).size > 0 && wordsOf(p).size > 0) || (c.code && p.code && codeKey(c) !== codeKey(p))) continue;
    take(c, p, {
      kind: 'no_title',
      score: 1,
      explanation: fr`seule action restante de l'objectif ${c.objectif?.code ?? c.objectif?.title ?? ''}, l'une sans intitulé`,
    });
  }
  return result;
}

/** Index of title words → actions, built lazily per objective pool. */
const indexCache = new WeakMap<readonly Action[], Map<string, Action[]>>();

function wordIndex(pool: readonly Action[], wordsOf: (a: Action) => Set<string>): Map<string, Action[]> {
  const cached = indexCache.get(pool);
  if (cached) return cached;
  const index = new Map<string, Action[]>();
  for (const p of pool) {
    for (const w of wordsOf(p)) {
      const list = index.get(w) ?? [];
      list.push(p);
      index.set(w, list);
    }
  }
  indexCache.set(pool, index);
  return index;
}

function groupByKey(actions: readonly Action[], key: (a: Action) => string | null): Map<string, Action[]> {
  const out = new Map<string, Action[]>();
  for (const a of actions) {
    const k = key(a);
    if (k === null) continue;
    const list = out.get(k) ?? [];
    list.push(a);
    out.set(k, list);
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Year-to-year checks

/** Progress rank: higher is further along; abandonment is outside the scale. */
function rank(status: StatusId | null): number | null {
  if (status === null || status === 'abandonne') return null;
  if (isRealise(status)) return 3;
  return { en_cours: 2, reflexion: 1, non_commence: 0 }[status as 'en_cours' | 'reflexion' | 'non_commence'];
}

function label(status: StatusId | null): string {
  return status ? STATUSES[status].label : 'sans état';
}

/**
 * Two sheets of one workbook that give the same year (often last year's sheet copied as « 2022 (2) »
 * to start the new one): the history keeps the later one (see buildHistory), so the earlier one is
 * flagged, naming both.
 */
export function checkSameYearSheets(sheets: readonly TrackingSheet[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The follow-up across years exists only when the workbook holds at least two years.
  const followed = new Set(sheets.map((s) => s.year).filter((y) => y !== null)).size >= 2;
  sheets.forEach((sheet, i) => {
    if (sheet.year === null) return;
    const later = sheets.slice(i + 1).find((s) => s.year === sheet.year);
    if (!later) return;
    const kept = followed ? `, et le suivi d'une année à l'autre ne retient que « ${later.name} »` : '';
    if (sameStates(sheet, later)) {
      out.push(
        diag(
          'YEAR_SHEET_DUPLICATE',
          sheet.name,
          null,
          `Les feuilles « ${sheet.name} » et « ${later.name} » donnent toutes deux l'année ${sheet.year} : ` +
            `le bilan les présente toutes les deux${kept}. ` +
            `Si l'une est une copie, renommez-la avec sa bonne année ou supprimez-la.`,
          null,
          sheet.year,
        ),
      );
      return;
    }
    // Not the same actions in the same states: which one is the year's bilan, the tool cannot tell.
    for (const [one, other] of [
      [sheet, later],
      [later, sheet],
    ]) {
      out.push(
        diag(
          'YEAR_SHEETS_DIFFER',
          one.name,
          null,
          `Les feuilles « ${sheet.name} » et « ${later.name} » donnent toutes deux l'année ${sheet.year}, avec des ` +
            `actions ou des états différents : le bilan de « ${one.name} » ne peut pas être pris pour celui de ` +
            `${sheet.year} sans savoir laquelle est la bonne${kept}. Si « ${other.name} » est une copie ou une autre ` +
            `année, renommez-la avec sa bonne année ou supprimez-la ; si ce sont deux parties du même tableau ` +
            `(un axe par feuille), vérifiez que chaque feuille a bien sa colonne des intitulés.`,
          null,
          sheet.year,
        ),
      );
    }
  });
  return out;
}

/** Two readings of one year hold the same actions (number and title) in the same states. */
function sameStates(a: TrackingSheet, b: TrackingSheet): boolean {
  const states = (s: TrackingSheet) =>
    s.actions
      .map((x) => `${x.code ?? ''}|${normalize(x.title)}|${x.status ?? ''}`)
      .sort()
      .join('\n');
  return states(a) === states(b);
}

export function checkHistory(history: History): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const track of history.tracks) {
    for (let i = 1; i < track.entries.length; i++) {
      const before = track.entries[i - 1];
      const after = track.entries[i];
      if (!before || !after || !track.links[i - 1]) continue;
      const rb = rank(before.status);
      const ra = rank(after.status);
      if (rb !== null && ra !== null && ra < rb) {
        out.push(
          diag(
            'STATUS_REGRESSION',
            after.sheet,
            after.cell,
            `« ${short(after.title || before.title)} » passe de « ${label(before.status)} » (${before.year}) à ` +
              `« ${label(after.status)} » (${after.year}), ligne ${after.row} : vérifiez l'état ou expliquez le recul en remarque.`,
            null,
            after.year,
          ),
        );
      }
    }
    for (let i = 2; i < track.entries.length; i++) {
      const run = [track.entries[i - 2], track.entries[i - 1], track.entries[i]];
      if (run.some((e) => !e || e.status !== 'en_cours')) continue;
      if (!track.links[i - 2] || !track.links[i - 1]) continue;
      const remarks = run.map((e) => normalize(e?.remarks ?? ''));
      if (remarks[0] === remarks[1] && remarks[1] === remarks[2]) {
        const last = run[2] as TrackEntry;
        out.push(
          diag(
            'STALE_IN_PROGRESS',
            last.sheet,
            last.cell,
            `« ${short(last.title)} » est « En cours » depuis ${run[0]?.year} avec la même remarque chaque année ` +
              `(ligne ${last.row} en ${last.year}) : faites le point avec le porteur et mettez la remarque à jour.`,
            null,
            last.year,
          ),
        );
      }
    }
  }
  return out;
}

function short(text: string): string {
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

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

/**
 * The first reason the engine sees has a fractional score, so that every reason is laid out to
 * hold one: made first with a score of 1, the thousands of reasons of a large contract were all
 * rebuilt one by one the first time a later one held 0.82 (V8's field representation going from
 * small integer to double), which cost the layout about a tenth of its time.
 */
export const FRACTIONAL_SCORE_SHAPE: MatchReason = { kind: 'title', score: 0.5, explanation: '' };

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
  // The previous year's actions and their tracks, by index: a matched action continues its track.
  let previous: YearActions | null = null;
  let previousTracks: Track[] = [];
  const pairs: YearPair[] = [];
  // Each title's words are worked out once for the whole history: most titles stay from year to year.
  const wordsOfTitle = memoTitleWords();
  // A code matched year after year has one reason (« même numéro 1.2.3 ») for all its years.
  const codeReasons = new Map<string, MatchReason>();
  yearly.forEach((sheet, yi) => {
    const current = sheet.actions;
    const year = yearActions(current, wordsOfTitle);
    const matches = previous ? matchIndices(previous, year, codeReasons) : [];
    const currentTracks = current.map((action, ci) => {
      const m = matches[ci];
      let track = m ? previousTracks[m.prev] : undefined;
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
      return track;
    });
    if (previous) {
      // A previous action matched by none of this year's has its track without an entry this year.
      previousTracks.forEach((track) => {
        if (track.entries[yi] === null) track.disappeared = years[yi - 1];
      });
      pairs.push(pairOf(years[yi - 1], years[yi], previous.actions, current, matches));
    }
    previous = year;
    previousTracks = currentTracks;
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
  matches: readonly (IndexMatch | null)[],
): YearPair {
  // Keyed by the two states' ranks in legend order: a number, not a string built per match.
  const counts = new Map<number, Transition>();
  let matched = 0;
  matches.forEach((m, ci) => {
    if (!m) return;
    matched++;
    const from = prev[m.prev].status;
    const to = curr[ci].status;
    const key = legendOrder(from) * 100 + legendOrder(to);
    const t = counts.get(key);
    if (t) t.count++;
    else counts.set(key, { from, to, count: 1 });
  });
  const transitions = [...counts.values()].sort(
    (x, y) => legendOrder(x.from) - legendOrder(y.from) || legendOrder(x.to) - legendOrder(y.to),
  );
  return {
    fromYear,
    toYear,
    matched,
    appeared: curr.length - matched,
    disappeared: prev.length - matched,
    transitions,
  };
}

/** Rank of each state in legend order; « sans état » (null) last. */
const LEGEND_ORDER = new Map<StatusId | null, number>(Object.keys(STATUSES).map((s, i) => [s as StatusId, i]));

function legendOrder(s: StatusId | null): number {
  return LEGEND_ORDER.get(s) ?? 99;
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
  wa.forEach((w) => {
    if (wb.has(w)) common++;
  });
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
  const result = new Map<Action, { prev: Action; reason: MatchReason }>();
  const wordsOfTitle = memoTitleWords();
  matchIndices(yearActions(prev, wordsOfTitle), yearActions(curr, wordsOfTitle)).forEach((m, ci) => {
    if (m) result.set(curr[ci], { prev: prev[m.prev], reason: m.reason });
  });
  return result;
}

/** A current action's match: the index of the previous year's action, and why. */
interface IndexMatch {
  prev: number;
  reason: MatchReason;
}

/**
 * What matching needs of one year's actions, worked out once per year: a year is matched twice,
 * with the year before and the year after.
 */
interface YearActions {
  actions: readonly Action[];
  /**
   * Positions of the actions by code (codeKey): the position alone for a code of one action
   * (nearly all of them: a large year's thousands of codes make no array), a list for a code used
   * more than once.
   */
  byCode: Map<string, number | number[]>;
  /** The title words of the action at a position, made when first asked for. */
  words: (i: number) => ReadonlySet<string>;
}

function yearActions(actions: readonly Action[], wordsOfTitle: (title: string) => ReadonlySet<string>): YearActions {
  return {
    actions,
    byCode: positionsByCode(actions),
    words: (i) => wordsOfTitle(actions[i].title),
  };
}

/** titleWords as a set, once per title. */
function memoTitleWords(): (title: string) => ReadonlySet<string> {
  const byTitle = new Map<string, ReadonlySet<string>>();
  return (title) => {
    let words = byTitle.get(title);
    if (!words) {
      words = new Set(titleWords(title));
      byTitle.set(title, words);
    }
    return words;
  };
}

/**
 * matchYears by position: for each action of `curr`, its match in `prev` or null. Positions rather
 * than Maps and Sets keyed by actions: the history of a large contract makes tens of thousands of
 * lookups, and an array index costs no hashing.
 */
function matchIndices(
  prev: YearActions,
  curr: YearActions,
  codeReasons = new Map<string, MatchReason>(),
): (IndexMatch | null)[] {
  const m: Matching = {
    prev,
    curr,
    codeReasons,
    matched: new Array<IndexMatch | null>(curr.actions.length).fill(null),
    usedPrev: new Uint8Array(prev.actions.length),
  };
  matchByCode(m);
  matchByTitle(m);
  matchLastLeft(m);
  return m.matched;
}

/**
 * Two years being matched: each current action's match so far, and which previous ones are taken.
 * The loops below over actions and their groups are forEach rather than for…of: run once per
 * action in a cold process, for…of allocates an iterator result at each step (and a pair for
 * each Map entry) until the optimizing compiler takes the loop over.
 */
interface Matching {
  prev: YearActions;
  curr: YearActions;
  /** The reason of a match by a code of one action on each side, by code: matches never change a reason. */
  codeReasons: Map<string, MatchReason>;
  matched: (IndexMatch | null)[];
  usedPrev: Uint8Array;
}

function take(m: Matching, c: number, p: number, reason: MatchReason): void {
  m.matched[c] = { prev: p, reason };
  m.usedPrev[p] = 1;
}

function similarity(m: Matching, c: number, p: number): number {
  return wordSimilarity(m.curr.words(c), m.prev.words(p));
}

/** 1. Same code: unique on both sides, or, for a code used twice, the most similar title. */
function matchByCode(m: Matching): void {
  const curr = m.curr.actions;
  m.curr.byCode.forEach((cs, code) => {
    const ps = m.prev.byCode.get(code);
    if (ps === undefined) return;
    if (typeof cs === 'number' && typeof ps === 'number') {
      take(m, cs, ps, codeReason(m, curr[cs].code ?? ''));
      return;
    }
    const pairs: { c: number; p: number; s: number }[] = [];
    for (const c of listOf(cs)) for (const p of listOf(ps)) pairs.push({ c, p, s: similarity(m, c, p) });
    pairs.sort((x, y) => y.s - x.s);
    for (const { c, p, s } of pairs) {
      if (m.matched[c] || m.usedPrev[p] || s < TITLE_THRESHOLD) continue;
      take(m, c, p, {
        kind: 'code_title',
        score: round2(s),
        explanation: fr`même numéro ${curr[c].code} (utilisé deux fois) et titre semblable (${round2(s)})`,
      });
    }
  });
}

function codeReason(m: Matching, code: string): MatchReason {
  let reason = m.codeReasons.get(code);
  if (!reason) {
    reason = { kind: 'code', score: 1, explanation: `même numéro ${code}` };
    m.codeReasons.set(code, reason);
  }
  return reason;
}

/** 2. Similar title within the same objective, through an index of title words. */
function matchByTitle(m: Matching): void {
  const prev = m.prev.actions;
  const curr = m.curr.actions;
  const prevByObjective = groupIndices(prev, objectiveKey, (p) => !m.usedPrev[p]);
  const indexes = new Map<string, Map<string, number[]>>();
  const candidates: { c: number; p: number; s: number; exact: boolean }[] = [];
  // The current action for which each previous one was last looked at: no Set per action.
  const seenFor = new Int32Array(prev.length).fill(-1);
  for (let c = 0; c < curr.length; c++) {
    if (m.matched[c]) continue;
    const key = objectiveKey(curr[c]);
    const pool = prevByObjective.get(key);
    if (!pool) continue;
    const words = m.curr.words(c);
    if (words.size === 0) {
      for (const p of pool) if (m.prev.words(p).size === 0) candidates.push({ c, p, s: 1, exact: false });
      continue;
    }
    let index = indexes.get(key);
    if (!index) {
      index = wordIndex(pool, m.prev.words);
      indexes.set(key, index);
    }
    const title = curr[c].title;
    words.forEach((w) => {
      (index.get(w) ?? NONE).forEach((p) => {
        if (seenFor[p] === c) return;
        seenFor[p] = c;
        // The same text needs no normalizing to be the same title.
        const exact = prev[p].title === title || normalize(prev[p].title) === normalize(title);
        const s = exact ? 1 : similarity(m, c, p);
        if (s >= TITLE_THRESHOLD) candidates.push({ c, p, s, exact });
      });
    });
  }
  candidates.sort((x, y) => y.s - x.s || Number(y.exact) - Number(x.exact));
  candidates.forEach(({ c, p, s, exact }) => {
    if (m.matched[c] || m.usedPrev[p]) return;
    const ca = curr[c];
    const pa = prev[p];
    // A code that changed is fine (Piste → 1.2.2); two different numbered codes are not the same fiche.
    if (ca.code && pa.code && codeKey(ca) !== codeKey(pa) && !exact) return;
    const where = ca.objectif?.code ? ` dans l'objectif ${ca.objectif.code}` : '';
    if (m.curr.words(c).size === 0) {
      take(m, c, p, {
        kind: 'no_title',
        score: 1,
        explanation: fr`ligne sans intitulé, seule de son objectif${where}`,
      });
    } else {
      take(m, c, p, {
        kind: 'title',
        score: round2(s),
        explanation: exact ? fr`même titre${where}` : fr`titre semblable (${round2(s)})${where}`,
      });
    }
  });
}

/**
 * 3. Within an objective, the one action left on each side when one of them has no title
 *    (the seed's 2.2 « polluants souterrains » row lost its title after 2020).
 */
function matchLastLeft(m: Matching): void {
  const prev = m.prev.actions;
  const curr = m.curr.actions;
  // A pair is taken only when one of its two actions has no title words: without such an action
  // left on either side (most years), nothing is grouped.
  if (!someLeftUntitled(m)) return;
  const leftPrev = groupIndices(prev, objectiveKey, (p) => !m.usedPrev[p]);
  const leftCurr = groupIndices(curr, objectiveKey, (c) => !m.matched[c]);
  leftCurr.forEach((cs, key) => {
    const ps = leftPrev.get(key);
    if (key === '~' || !ps || cs.length !== 1 || ps.length !== 1) return;
    const c = cs[0];
    const p = ps[0];
    const ca = curr[c];
    const pa = prev[p];
    const bothTitled = m.curr.words(c).size > 0 && m.prev.words(p).size > 0;
    if (bothTitled || (ca.code && pa.code && codeKey(ca) !== codeKey(pa))) return;
    take(m, c, p, {
      kind: 'no_title',
      score: 1,
      explanation: fr`seule action restante de l'objectif ${ca.objectif?.code ?? ca.objectif?.title ?? ''}, l'une sans intitulé`,
    });
  });
}

/** Whether an action not matched yet, of either year, has a title without words. */
function someLeftUntitled(m: Matching): boolean {
  for (let c = 0; c < m.curr.actions.length; c++) if (!m.matched[c] && m.curr.words(c).size === 0) return true;
  for (let p = 0; p < m.prev.actions.length; p++) if (!m.usedPrev[p] && m.prev.words(p).size === 0) return true;
  return false;
}

const NONE: readonly number[] = [];

/** Index of title words → positions in the pool, built for an objective's pool when first needed. */
function wordIndex(pool: readonly number[], wordsOf: (i: number) => ReadonlySet<string>): Map<string, number[]> {
  const index = new Map<string, number[]>();
  pool.forEach((p) =>
    wordsOf(p).forEach((w) => {
      const list = index.get(w);
      if (list) list.push(p);
      else index.set(w, [p]);
    }),
  );
  return index;
}

/** YearActions.byCode: the positions of the actions by code, in order; those without a code left out. */
function positionsByCode(actions: readonly Action[]): Map<string, number | number[]> {
  const out = new Map<string, number | number[]>();
  actions.forEach((a, i) => {
    const k = codeKey(a);
    if (k === null) return;
    const found = out.get(k);
    if (found === undefined) out.set(k, i);
    else if (typeof found === 'number') out.set(k, [found, i]);
    else found.push(i);
  });
  return out;
}

function listOf(positions: number | readonly number[]): readonly number[] {
  return typeof positions === 'number' ? [positions] : positions;
}

/** Positions of the actions by key (those with a null key, or not kept, left out), in order. */
function groupIndices(
  actions: readonly Action[],
  key: (a: Action) => string | null,
  keep: (i: number) => boolean = () => true,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  actions.forEach((a, i) => {
    if (!keep(i)) return;
    const k = key(a);
    if (k === null) return;
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
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
  return PROGRESS_RANKS[status as keyof typeof PROGRESS_RANKS];
}

const PROGRESS_RANKS = { en_cours: 2, reflexion: 1, non_commence: 0 } as const;

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
  // forEach rather than for…of: no iterator result per track in a cold process (see Matching).
  history.tracks.forEach((track) => {
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
      // Most tracks are not three years « En cours »: say so before building anything.
      if (!inProgress(track.entries[i - 2]) || !inProgress(track.entries[i - 1]) || !inProgress(track.entries[i]))
        continue;
      if (!track.links[i - 2] || !track.links[i - 1]) continue;
      const run = [track.entries[i - 2], track.entries[i - 1], track.entries[i]];
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
  });
  return out;
}

function inProgress(entry: TrackEntry | null): boolean {
  return entry?.status === 'en_cours';
}

function short(text: string): string {
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

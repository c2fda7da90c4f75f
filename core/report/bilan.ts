/**
 * The yearly bilan of one sheet, as the « Bilan AAAA par action » of the PETR report shows it:
 * counts per status in legend order, the share of actions done and abandoned, and the same per axe,
 * per objective, per kind (fiche / piste) and per porteur. Pure data for any writer.
 *
 * Rounding: percentages are whole numbers rounded half up (37.5 → 38) from the exact counts, which
 * are kept; « réalisées » counts both réalisé kinds and the unspecified one. With the 2023 table of
 * the report (29 réalisées, 5 abandonnées out of 76) this gives its own « 38 % … et 7 % abandonnées ».
 */
import type { Action, ActionKind, PlanNode, TrackingSheet } from '../base/model';
import { countStatuses, emptyCounts, type StatusCounts } from '../base/status-counts';
import { STATUS_IDS, STATUSES } from '../base/status';
import { normalize } from '../base/text';
import { count, fr } from '../base/typography';

/** localeCompare(…, 'fr'), with one collator made once rather than one per comparison. */
const compareFrench = new Intl.Collator('fr').compare;

/** Whole percentage, rounded half up; 0 when there is nothing to divide by. */
export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((100 * part) / total + 0.5);
}

/**
 * The share of each state (and « sans état ») as French public statistics give it (INSEE: « les
 * résultats étant arrondis, les totaux peuvent ne pas correspondre à la somme des éléments »): each
 * its own value rounded to the nearest whole percent, so that a reader who recalculates one finds
 * it (« En cours » 28 of 71 is 39 %). The shares may add up to 99 or 101: the total line says
 * 100 %, and a note under the table says they are rounded (ROUNDING_NOTE).
 */
export function statusShares(counts: StatusCounts): StatusCounts {
  const total = totalOf(counts);
  const out = emptyCounts();
  for (const k of Object.keys(out) as (keyof StatusCounts)[]) out[k] = percent(counts[k], total);
  return out;
}

/**
 * The « % réalisé »: all the done actions together (clos, pérenne or unspecified), rounded once, as
 * the report writes it (20 of 71: 28 %); not the sum of the done states' rounded shares.
 */
export function donePercentOf(counts: StatusCounts): number {
  return percent(doneCount(counts), totalOf(counts));
}

/** Said under every table of shares, as INSEE says it. */
export const ROUNDING_NOTE = 'Les pourcentages étant arrondis, leur somme peut différer de 100 %.';

function totalOf(counts: StatusCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function doneCount(counts: StatusCounts): number {
  return STATUS_IDS.filter((id) => STATUSES[id].done).reduce((n, id) => n + counts[id], 0);
}

export interface GroupBilan {
  /** Stable key: the objective/axe code, or the normalized title when there is no code. */
  key: string;
  code: string | null;
  /** The group's title as the sheet writes it, without its code ('' when it has none). */
  title: string;
  label: string;
  total: number;
  counts: StatusCounts;
  done: number;
  donePercent: number;
}

/** Spellings of one organisation brought together in « Par porteur »: the one shown, and all of them. */
export interface PorteurMerge {
  label: string;
  /** Every spelling met, the one shown first. */
  spellings: string[];
}

export interface YearBilan {
  sheet: string;
  year: number | null;
  total: number;
  counts: StatusCounts;
  /** Whole percentage of each state, each rounded on its own (statusShares); the shares shown everywhere. */
  shares: StatusCounts;
  /** Réalisées of every kind. */
  done: number;
  /** The « % réalisé »: the done actions together, rounded once (donePercentOf). */
  donePercent: number;
  abandoned: number;
  abandonedPercent: number;
  withoutStatus: number;
  /** « À ce jour, 38 % des actions sont réalisées, soit 29 actions et 7 % abandonnées. » */
  conclusion: string;
  /** Actions neither done nor abandoned: those that remain to be carried out (those without a state included). */
  remaining: number;
  /** « Il reste à mener 50 actions. », as the report follows its conclusion (« dont 4 sans état renseigné »). */
  remainingSentence: string;
  byAxe: GroupBilan[];
  byObjectif: GroupBilan[];
  byKind: Record<ActionKind, GroupBilan>;
  /**
   * Per porteur as split from the porteur cell (an action with two porteurs counts for each), close
   * spellings of one organisation together (`porteurMerges` says which); « Sans porteur » last.
   */
  byPorteur: GroupBilan[];
  /** The spellings brought together in `byPorteur`. */
  porteurMerges: PorteurMerge[];
  /** Per porteur as written (case, accents and punctuation aside): `byPorteur` without merges. */
  byPorteurExact: GroupBilan[];
}

export function yearBilan(sheet: TrackingSheet): YearBilan {
  const counts = countStatuses(sheet.actions);
  const total = sheet.actions.length;
  const done = doneCount(counts);
  const abandoned = counts.abandonne;
  const shares = statusShares(counts);
  const porteurs = porteurMatching(sheet.actions);
  const byPorteur = porteurGroups(sheet.actions, porteurs.labelOf);
  return {
    sheet: sheet.name,
    year: sheet.year,
    total,
    counts,
    shares,
    done,
    donePercent: donePercentOf(counts),
    abandoned,
    abandonedPercent: shares.abandonne,
    withoutStatus: counts.sans_etat,
    conclusion: conclusionSentence(counts),
    remaining: total - done - abandoned,
    remainingSentence: remainingSentence(total - done - abandoned, counts.sans_etat),
    byAxe: groupBy(
      sheet.actions,
      nodeRefs((a) => a.axe),
    ),
    byObjectif: groupBy(
      sheet.actions,
      nodeRefs((a) => a.objectif),
    ),
    byKind: kindGroups(sheet.actions),
    byPorteur,
    porteurMerges: porteurs.merges,
    // When every spelling is shown as written, the groups as written are the same ones.
    byPorteurExact: porteurs.renames ? porteurGroups(sheet.actions, (p) => p) : [...byPorteur],
  };
}

/**
 * The report's closing sentence: the done actions together and the abandoned ones, each share
 * rounded on its own, as the table shows them.
 */
export function conclusionSentence(counts: StatusCounts): string {
  const total = totalOf(counts);
  if (total === 0) return 'Aucune action dans le tableau.';
  const done = doneCount(counts);
  const actions = done <= 1 ? 'action' : 'actions';
  return fr`À ce jour, ${donePercentOf(counts)} % des actions sont réalisées, soit ${done} ${actions} et ${percent(counts.abandonne, total)} % abandonnées.`;
}

/**
 * The report's sentence after its conclusion: the actions neither done nor abandoned, saying how
 * many of them have no state (they are counted: nothing says they are done).
 */
export function remainingSentence(remaining: number, withoutStatus = 0): string {
  if (remaining <= 0) return 'Toutes les actions sont réalisées ou abandonnées.';
  const without = Math.min(withoutStatus, remaining);
  if (without === 0) return `Il reste à mener ${count(remaining, 'action')}.`;
  if (without === remaining) return `Il reste à mener ${count(remaining, 'action')}, sans état renseigné.`;
  return `Il reste à mener ${count(remaining, 'action')}, dont ${without} sans état renseigné.`;
}

interface GroupRef {
  code: string | null;
  title: string;
}

const NO_REFS: readonly GroupRef[] = [];

/**
 * A group's actions as the bilan needs them: how many, and how many in each state, counted as the
 * actions are filed (one pass over the sheet, no list of actions kept per group).
 */
interface Tally {
  total: number;
  counts: StatusCounts;
}

function newTally(): Tally {
  return { total: 0, counts: emptyCounts() };
}

function count1(tally: Tally, a: Action): void {
  tally.total++;
  tally.counts[a.status ?? 'sans_etat']++;
}

/** A group being filled: the ref it is shown under and its tally. */
interface Filling extends Tally {
  ref: GroupRef;
}

function groupBy(actions: readonly Action[], refs: (a: Action) => readonly GroupRef[]): GroupBilan[] {
  const groups = new Map<string, Filling>();
  const none = newTally();
  const keyOf = groupKeys();
  // The refs met last and their group: the same refs again (nodeRefs) go to it without a lookup.
  let last: { refs: readonly GroupRef[]; group: Filling } | undefined;
  // forEach rather than for…of: no iterator result per action in a cold process.
  actions.forEach((a) => {
    const rs = refs(a);
    if (rs.length === 0) count1(none, a);
    else if (rs.length === 1) {
      if (last?.refs !== rs) last = { refs: rs, group: fillingOf(groups, keyOf(rs[0]), rs[0]) };
      count1(last.group, a);
    } else {
      // An action counts once in a group, even when two of its refs fall in it (« PETR, PETR CDL »).
      const keys = rs.map(keyOf);
      keys.forEach((key, i) => {
        if (keys.indexOf(key) === i) count1(fillingOf(groups, key, rs[i]), a);
      });
    }
  });
  const out = [...groups.entries()].map(([key, g]) => group(key, g.ref.code, g.ref.title, labelOf(g.ref), g));
  if (none.total > 0) out.push(group('~', null, '', 'Non rattachées', none));
  return out;
}

/** The group of a key, made on first use; shown under the first ref of the group that has a title. */
function fillingOf(groups: Map<string, Filling>, key: string, ref: GroupRef): Filling {
  let g = groups.get(key);
  if (!g) {
    g = { ref, total: 0, counts: emptyCounts() };
    groups.set(key, g);
  } else if (!g.ref.title && ref.title) {
    g.ref = ref;
  }
  return g;
}

/**
 * An action's axe or objective as a list of refs. Consecutive actions of one node get the same
 * list (rows are grouped by objective), which groupBy files without looking its key up again;
 * filing the same ref again changes nothing of its group but the tally.
 */
function nodeRefs(nodeOf: (a: Action) => PlanNode | null): (a: Action) => readonly GroupRef[] {
  let lastNode: PlanNode | null = null;
  let lastRefs: readonly GroupRef[] = NO_REFS;
  return (a) => {
    const node = nodeOf(a);
    if (!node) return NO_REFS;
    if (node !== lastNode) {
      lastNode = node;
      lastRefs = [node];
    }
    return lastRefs;
  };
}

/**
 * A group's key: the ref's code, or its normalized title when it has none. The keys of titles are
 * kept: thousands of actions name a few dozen porteurs.
 */
function groupKeys(): (ref: GroupRef) => string {
  const byTitle = new Map<string, string>();
  return (ref) => {
    if (ref.code !== null && ref.code !== undefined) return ref.code;
    let key = byTitle.get(ref.title);
    if (key === undefined) {
      key = `~${normalize(ref.title)}`;
      byTitle.set(ref.title, key);
    }
    return key;
  };
}

function labelOf(ref: GroupRef): string {
  return [ref.code, ref.title].filter(Boolean).join(' ');
}

function group(key: string, code: string | null, title: string, label: string, tally: Tally): GroupBilan {
  const { total, counts } = tally;
  const done = doneCount(counts);
  return { key, code, title, label, total, counts, done, donePercent: percent(done, total) };
}

const KIND_LABELS: Record<ActionKind, string> = {
  fiche: 'Fiches-actions',
  piste: "Pistes d'action",
  action: 'Actions sans numéro',
};

function kindGroups(actions: readonly Action[]): Record<ActionKind, GroupBilan> {
  const tallies: Record<ActionKind, Tally> = { fiche: newTally(), piste: newTally(), action: newTally() };
  actions.forEach((a) => {
    // Only the three kinds have a group.
    const tally = tallies[a.kind] as Tally | undefined;
    if (tally) count1(tally, a);
  });
  const kinds: ActionKind[] = ['fiche', 'piste', 'action'];
  return Object.fromEntries(
    kinds.map((k) => [k, group(k, null, KIND_LABELS[k], KIND_LABELS[k], tallies[k])]),
  ) as Record<ActionKind, GroupBilan>;
}

/** Per porteur, each spelling under the name `labelOf` gives it; the largest first, « Sans porteur » last. */
function porteurGroups(actions: readonly Action[], labelOf: (porteur: string) => string): GroupBilan[] {
  // One ref per spelling, not one per action naming it; and the list of that ref alone, for the
  // actions of one porteur (most): no list made per action, and groupBy finds the same list again.
  const refs = new Map<string, readonly [GroupRef]>();
  const refsOf = (p: string) => {
    let one = refs.get(p);
    if (!one) {
      one = [{ code: null, title: labelOf(p) }];
      refs.set(p, one);
    }
    return one;
  };
  const groups = groupBy(actions, (a) =>
    a.porteurs.length === 1 ? refsOf(a.porteurs[0]) : a.porteurs.map((p) => refsOf(p)[0]),
  );
  const none = groups.find((g) => g.key === '~');
  const named = groups
    .filter((g) => g.key !== '~')
    .sort((a, b) => b.total - a.total || compareFrench(a.label, b.label));
  if (none) named.push({ ...none, label: 'Sans porteur' });
  return named;
}

// ---------------------------------------------------------------------------------------------
// Porteurs: close spellings of one organisation

/** Words that do not tell two organisations apart (« MDS de Saint Mihiel », « MDS Saint Mihiel »). */
const LINK_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'sur']);

/** Abbreviations written for the same word. */
const ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte', sts: 'saints' };

const NOT_A_LETTER = new RegExp('[^\\p{L}\\p{N}]+', 'u');
const CAPITALS = new RegExp('^\\p{Lu}{2,}$', 'u');

/** The words of a porteur as written: letters and digits, accents kept (for the capitals test). */
function wordsOf(porteur: string): string[] {
  return porteur.split(NOT_A_LETTER).filter(Boolean);
}

/** An acronym: capitals only (« PETR », « CDL »), at least two letters. */
function isAcronym(word: string): boolean {
  return CAPITALS.test(word);
}

/**
 * The words of a porteur that tell it apart: without case, accents, punctuation and link words,
 * abbreviations spelled out, a plural « s » or « x » dropped from a word of five letters or more.
 */
function porteurWords(porteur: string): string[] {
  const out: string[] = [];
  for (const word of wordsOf(porteur)) {
    let w = normalize(word.replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE')).replace(
      /\s+/g,
      '',
    );
    if (LINK_WORDS.has(w)) continue;
    w = ABBREVIATIONS[w] ?? w;
    // However the word is written (« RURALES » or « rurales »); not a short one (« CCAS », « eaux »).
    if (w.length >= 5 && /[sx]$/.test(w)) w = w.slice(0, -1);
    out.push(w);
  }
  return out;
}

/**
 * The key two spellings of one organisation share: its words joined without spaces, so that
 * « Interm'aides 55 » and « Intermaides 55 » meet. Null when nothing is left (« ? »).
 */
export function porteurKey(porteur: string): string | null {
  const words = porteurWords(porteur);
  return words.length > 0 ? words.join('') : null;
}

/**
 * Which spellings of a sheet's porteurs name the same organisation, and the name each is shown
 * under. Conservative, since a wrong merge is worse than none:
 * - spellings with the same key (porteurKey) are one organisation: « MDS de Saint Mihiel » and
 *   « MDS St Mihiel », « Familles Rurales » and « Famille rurale »;
 * - an acronym alone (three letters or more: « PETR ») and the same acronym followed by one more
 *   (« PETR CDL ») are one organisation, when no other porteur starts with that acronym (with
 *   « MDS Verdun » and « MDS St Mihiel », « MDS » alone could be either, and stays apart).
 * Nothing else: not a typing error (« CIPIE » / « CPIE »), not a word more (« Collectivités PETR »).
 * Each group is shown under its spelling of the most actions (then the longest, then in French order).
 */
export function porteurMatching(actions: readonly Action[]): {
  labelOf: (porteur: string) => string;
  merges: PorteurMerge[];
  /** Some spelling is shown under another one (labelOf is not the identity). */
  renames: boolean;
} {
  // Spellings by key, with the actions naming each.
  const uses = new Map<string, number>();
  const byKey = new Map<string, string[]>();
  actions.forEach((a) => {
    for (let i = 0; i < a.porteurs.length; i++) {
      const p = a.porteurs[i];
      // A porteur written twice in one cell names its action once.
      if (a.porteurs.indexOf(p) !== i) continue;
      const used = uses.get(p) ?? 0;
      uses.set(p, used + 1);
      // Each spelling is filed under its key once: a porteur names hundreds of actions.
      if (used > 0) continue;
      const key = porteurKey(p);
      if (key === null) continue;
      const spellings = byKey.get(key) ?? [];
      spellings.push(p);
      byKey.set(key, spellings);
    }
  });
  // An acronym alone joins its only longer form « ACRONYM ACRONYM ».
  const target = new Map<string, string>();
  for (const [key, spellings] of byKey) {
    const words = wordsOf(spellings[0]);
    if (words.length !== 1 || !isAcronym(words[0]) || words[0].length < 3) continue;
    if (!spellings.every((s) => wordsOf(s).length === 1 && isAcronym(wordsOf(s)[0]))) continue;
    const first = porteurWords(spellings[0])[0];
    const longer = [...byKey.entries()].filter(([k, ss]) => k !== key && porteurWords(ss[0])[0] === first);
    if (longer.length !== 1) continue;
    const [otherKey, others] = longer[0];
    const fits = others.every((s) => {
      const w = wordsOf(s);
      return w.length === 2 && isAcronym(w[0]) && isAcronym(w[1]);
    });
    if (fits) target.set(key, otherKey);
  }
  const groups = new Map<string, string[]>();
  for (const [key, spellings] of byKey) {
    const into = target.get(key) ?? key;
    groups.set(into, [...(groups.get(into) ?? []), ...spellings]);
  }
  const label = new Map<string, string>();
  const merges: PorteurMerge[] = [];
  let renames = false;
  for (const spellings of groups.values()) {
    const ordered = [...spellings].sort(
      (a, b) =>
        (uses.get(b) ?? 0) - (uses.get(a) ?? 0) ||
        b.length - a.length ||
        compareFrench(a, b) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const s of spellings) label.set(s, ordered[0]);
    if (spellings.length > 1) renames = true;
    // Spellings that differ only by case are one already (normalize), and are not said.
    const distinct = ordered.filter((s, i) => ordered.findIndex((t) => normalize(t) === normalize(s)) === i);
    if (distinct.length > 1) merges.push({ label: ordered[0], spellings: distinct });
  }
  merges.sort((a, b) => compareFrench(a.label, b.label));
  return { labelOf: (p) => label.get(p) ?? p, merges, renames };
}

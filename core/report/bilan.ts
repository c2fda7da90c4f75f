/**
 * The yearly bilan of one sheet, as the « Bilan AAAA par action » of the PETR report shows it:
 * counts per status in legend order, the share of actions done and abandoned, and the same per axe,
 * per objective, per kind (fiche / piste) and per porteur. Pure data for any writer.
 *
 * Rounding: percentages are whole numbers rounded half up (37.5 → 38) from the exact counts, which
 * are kept; « réalisées » counts both réalisé kinds and the unspecified one. With the 2023 table of
 * the report (29 réalisées, 5 abandonnées out of 76) this gives its own « 38 % … et 7 % abandonnées ».
 */
import type { Action, ActionKind, TrackingSheet } from '../base/model';
import { countStatuses, emptyCounts, type StatusCounts } from '../base/status-counts';
import { STATUS_IDS, STATUSES } from '../base/status';
import { normalize } from '../base/text';
import { count, fr } from '../base/typography';

/** Whole percentage, rounded half up; 0 when there is nothing to divide by. */
export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((100 * part) / total + 0.5);
}

/**
 * Whole numbers proportional to the parts that add up to exactly `target` (largest remainder
 * method): each part gets its exact share rounded down, then the units still missing go to the
 * parts with the largest remainders (ties to the earlier part). All 0 when the parts are 0.
 */
export function largestRemainderPercents(parts: readonly number[], target = 100): number[] {
  const total = parts.reduce((a, b) => a + b, 0);
  if (total <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (target * p) / total);
  const out = exact.map(Math.floor);
  let missing = target - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i]++;
    missing--;
  }
  return out;
}

/**
 * The share of each state (and « sans état ») in whole percentages that add up to 100. The done
 * states are shared out together first, then their share is split between clos, pérenne and
 * réalisé: so the « % réalisé » of the conclusion is both the rounded share of the done actions
 * (28 % for 20 of 71, as the report says) and the sum of the shares shown for them.
 */
export function statusShares(counts: StatusCounts): StatusCounts {
  const doneIds = STATUS_IDS.filter((id) => STATUSES[id].done);
  const others = [...STATUS_IDS.filter((id) => !STATUSES[id].done), 'sans_etat' as const];
  const [doneShare, ...otherShares] = largestRemainderPercents([
    doneIds.reduce((n, id) => n + counts[id], 0),
    ...others.map((k) => counts[k]),
  ]);
  const doneShares = largestRemainderPercents(
    doneIds.map((id) => counts[id]),
    doneShare,
  );
  const out = emptyCounts();
  doneIds.forEach((id, i) => (out[id] = doneShares[i]));
  others.forEach((k, i) => (out[k] = otherShares[i]));
  return out;
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

export interface YearBilan {
  sheet: string;
  year: number | null;
  total: number;
  counts: StatusCounts;
  /** Whole percentage of each state, adding up to 100 (statusShares); the shares shown everywhere. */
  shares: StatusCounts;
  /** Réalisées of every kind. */
  done: number;
  donePercent: number;
  abandoned: number;
  abandonedPercent: number;
  withoutStatus: number;
  /** « À ce jour, 38 % des actions sont réalisées, soit 29 actions et 7 % abandonnées. » */
  conclusion: string;
  /** Actions neither done nor abandoned: those that remain to be carried out. */
  remaining: number;
  /** « Il reste à mener 50 actions. », as the report follows its conclusion. */
  remainingSentence: string;
  byAxe: GroupBilan[];
  byObjectif: GroupBilan[];
  byKind: Record<ActionKind, GroupBilan>;
  /** Per porteur as split from the porteur cell (an action with two porteurs counts for each); « Sans porteur » last. */
  byPorteur: GroupBilan[];
}

export function yearBilan(sheet: TrackingSheet): YearBilan {
  const counts = countStatuses(sheet.actions);
  const total = sheet.actions.length;
  const done = doneCount(counts);
  const abandoned = counts.abandonne;
  const shares = statusShares(counts);
  return {
    sheet: sheet.name,
    year: sheet.year,
    total,
    counts,
    shares,
    done,
    donePercent: doneCount(shares),
    abandoned,
    abandonedPercent: shares.abandonne,
    withoutStatus: counts.sans_etat,
    conclusion: conclusionSentence(counts),
    remaining: total - done - abandoned,
    remainingSentence: remainingSentence(total - done - abandoned),
    byAxe: groupBy(sheet.actions, (a) => (a.axe ? [{ code: a.axe.code, title: a.axe.title }] : [])),
    byObjectif: groupBy(sheet.actions, (a) => (a.objectif ? [{ code: a.objectif.code, title: a.objectif.title }] : [])),
    byKind: kindGroups(sheet.actions),
    byPorteur: porteurGroups(sheet.actions),
  };
}

/**
 * The report's closing sentence, with the same percentages as the shares of the table (the sum of
 * the done states' shares, which add up to 100 with the others).
 */
export function conclusionSentence(counts: StatusCounts): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return 'Aucune action dans le tableau.';
  const done = doneCount(counts);
  const shares = statusShares(counts);
  const actions = done <= 1 ? 'action' : 'actions';
  return fr`À ce jour, ${doneCount(shares)} % des actions sont réalisées, soit ${done} ${actions} et ${shares.abandonne} % abandonnées.`;
}

/** The report's sentence after its conclusion: the actions neither done nor abandoned. */
export function remainingSentence(remaining: number): string {
  if (remaining <= 0) return 'Toutes les actions sont réalisées ou abandonnées.';
  return `Il reste à mener ${count(remaining, 'action')}.`;
}

interface GroupRef {
  code: string | null;
  title: string;
}

function groupBy(actions: readonly Action[], refs: (a: Action) => GroupRef[]): GroupBilan[] {
  const groups = new Map<string, { ref: GroupRef; actions: Action[] }>();
  const none: Action[] = [];
  for (const a of actions) {
    const rs = refs(a);
    if (rs.length === 0) none.push(a);
    for (const ref of rs) {
      const key = ref.code ?? `~${normalize(ref.title)}`;
      const g = groups.get(key) ?? { ref, actions: [] };
      if (!g.ref.title && ref.title) g.ref = ref;
      g.actions.push(a);
      groups.set(key, g);
    }
  }
  const out = [...groups.entries()].map(([key, g]) => group(key, g.ref.code, g.ref.title, labelOf(g.ref), g.actions));
  if (none.length > 0) out.push(group('~', null, '', 'Non rattachées', none));
  return out;
}

function labelOf(ref: GroupRef): string {
  return [ref.code, ref.title].filter(Boolean).join(' ');
}

function group(key: string, code: string | null, title: string, label: string, actions: readonly Action[]): GroupBilan {
  const counts = countStatuses(actions);
  const done = doneCount(counts);
  return { key, code, title, label, total: actions.length, counts, done, donePercent: percent(done, actions.length) };
}

const KIND_LABELS: Record<ActionKind, string> = {
  fiche: 'Fiches-actions',
  piste: "Pistes d'action",
  action: 'Actions sans numéro',
};

function kindGroups(actions: readonly Action[]): Record<ActionKind, GroupBilan> {
  const kinds: ActionKind[] = ['fiche', 'piste', 'action'];
  return Object.fromEntries(
    kinds.map((k) => [
      k,
      group(
        k,
        null,
        KIND_LABELS[k],
        KIND_LABELS[k],
        actions.filter((a) => a.kind === k),
      ),
    ]),
  ) as Record<ActionKind, GroupBilan>;
}

function porteurGroups(actions: readonly Action[]): GroupBilan[] {
  const groups = groupBy(actions, (a) => a.porteurs.map((p) => ({ code: null, title: p })));
  const none = groups.find((g) => g.key === '~');
  const named = groups
    .filter((g) => g.key !== '~')
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'fr'));
  if (none) named.push({ ...none, label: 'Sans porteur' });
  return named;
}

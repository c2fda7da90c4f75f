/** Counts of actions per state, in legend order, « sans état » last: the one shape every count has. */
import type { Action } from './model';
import type { StatusId } from './status';

export type StatusCounts = Record<StatusId | 'sans_etat', number>;

/** Counts per status of a sheet's actions, in legend order; actions with no status → `sans_etat`. */
export function countStatuses(actions: readonly Action[]): StatusCounts {
  const counts = emptyCounts();
  for (const a of actions) counts[a.status ?? 'sans_etat']++;
  return counts;
}

/** Counts added up (several years, several sheets). */
export function sumCounts(list: readonly StatusCounts[]): StatusCounts {
  const total = emptyCounts();
  for (const counts of list) for (const k of Object.keys(total) as (keyof StatusCounts)[]) total[k] += counts[k];
  return total;
}

export function emptyCounts(): StatusCounts {
  // Written out (in STATUS_IDS's order, checked by the test of status counts): counts are made per
  // group and per porteur, and a literal gives every one of them the same shape.
  return {
    realise_clos: 0,
    realise_perenne: 0,
    realise: 0,
    en_cours: 0,
    reflexion: 0,
    non_commence: 0,
    abandonne: 0,
    sans_etat: 0,
  };
}

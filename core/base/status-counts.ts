/** Counts of actions per state, in legend order, « sans état » last: the one shape every count has. */
import type { Action } from './model';
import { STATUS_IDS, type StatusId } from './status';

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
  return Object.fromEntries([...STATUS_IDS, 'sans_etat'].map((k) => [k, 0])) as StatusCounts;
}

/**
 * The yearly bilan numbers of one sheet: counts per status in legend order and what follows from them.
 */
import type { Action } from './model';
import { STATUS_IDS, type StatusId } from './status';

export type StatusCounts = Record<StatusId | 'sans_etat', number>;

/** Counts per status of a sheet's actions, in legend order; actions with no status → `sans_etat`. */
export function countStatuses(actions: readonly Action[]): StatusCounts {
  const counts = Object.fromEntries([...STATUS_IDS, 'sans_etat'].map((k) => [k, 0])) as StatusCounts;
  for (const a of actions) counts[a.status ?? 'sans_etat']++;
  return counts;
}

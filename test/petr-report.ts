/**
 * The figures of the PETR report (seed 002), which the samples are built from: what tests expect
 * of them, written once, independently of the reader.
 */
import type { StatusCounts } from '../core/base/status-counts';

type Expected = [
  clos: number,
  perenne: number,
  enCours: number,
  reflexion: number,
  nonCommence: number,
  abandonne: number,
];

export function counts(
  [clos, perenne, enCours, reflexion, nonCommence, abandonne]: Expected,
  sansEtat = 0,
): StatusCounts {
  return {
    realise_clos: clos,
    realise_perenne: perenne,
    realise: 0,
    en_cours: enCours,
    reflexion,
    non_commence: nonCommence,
    abandonne,
    sans_etat: sansEtat,
  };
}

// From the PETR report (seed 002). 2022 and 2023: the legend's own counts; 2023's legend says 8
// réflexions (77 in all) where its table has 7 (76, the number the final report gives).
export const PETR: Record<number, { total: number; counts: StatusCounts }> = {
  2020: { total: 71, counts: counts([5, 11, 29, 13, 13, 0]) },
  2021: { total: 71, counts: counts([7, 12, 28, 10, 13, 1]) },
  2022: { total: 71, counts: counts([9, 11, 28, 12, 10, 1]) },
  2023: { total: 76, counts: counts([6, 23, 21, 7, 14, 5]) },
};

/**
 * One year kept on several sheets: many coordinators keep one sheet per axe. Readings of the same
 * year whose actions are distinct make one reading (the year is the unit, not the sheet), each
 * sheet kept as a part with its own header and legend. Readings of the same year that repeat the
 * same actions are copies (« 2022 (2) »): they stay apart, and the checks say so.
 */
import type { Action, TrackingSheet } from '../base/model';
import { normalize } from '../base/text';

/** Share of shared actions above which two readings of one year are a copy, not two parts. */
const COPY_OVERLAP = 0.3;

/**
 * An action as the same in two readings: its number and its title. A number alone is not enough:
 * parts of one year may number their actions alike (« 1 », « 2 » on every axe's sheet, or a
 * formula's result).
 */
function actionKey(a: Action): string {
  return `c:${a.code ?? ''}|t:${normalize(a.title)}`;
}

/** Shared actions over the smaller of the two readings (0 when either is empty). */
export function overlap(a: TrackingSheet, b: TrackingSheet): number {
  const keys = new Set(a.actions.map(actionKey));
  const other = new Set(b.actions.map(actionKey));
  const smaller = Math.min(keys.size, other.size);
  if (smaller === 0) return 0;
  let shared = 0;
  for (const k of other) if (keys.has(k)) shared++;
  return shared / smaller;
}

/** The readings with those of one year on distinct sheets and with distinct actions joined, in order. */
export function joinSameYear(sheets: readonly TrackingSheet[]): TrackingSheet[] {
  const byYear = new Map<number, TrackingSheet[]>();
  for (const s of sheets) {
    if (s.year === null) continue;
    byYear.set(s.year, [...(byYear.get(s.year) ?? []), s]);
  }
  const joined = new Map<TrackingSheet, TrackingSheet | null>();
  for (const group of byYear.values()) {
    if (group.length < 2) continue;
    const names = new Set(group.map((s) => s.name));
    const distinct =
      names.size === group.length &&
      group.every((a, i) => group.slice(i + 1).every((b) => overlap(a, b) < COPY_OVERLAP));
    if (!distinct) continue;
    const one = joinParts(group);
    group.forEach((s, i) => joined.set(s, i === 0 ? one : null));
  }
  const out: TrackingSheet[] = [];
  for (const s of sheets) {
    const j = joined.get(s);
    if (j === undefined) out.push(s);
    else if (j !== null) out.push(j);
  }
  return out;
}

function joinParts(parts: readonly TrackingSheet[]): TrackingSheet {
  const first = parts[0];
  return {
    name: parts.map((p) => p.name).join(' + '),
    year: first.year,
    yearSource: first.yearSource,
    yearCell: first.yearCell ?? null,
    header: first.header,
    legend: parts.flatMap((p) => p.legend),
    kindLegend: parts.flatMap((p) => p.kindLegend),
    contractTitle: parts.map((p) => p.contractTitle).find((t) => t) ?? null,
    actions: parts.flatMap((p) => p.actions),
    skippedRows: [],
    parts: [...parts],
  };
}

/** The sheets a reading was read from: its own name, or its parts'. */
export function sheetNames(sheet: TrackingSheet): string[] {
  return sheet.parts ? [sheet.name, ...sheet.parts.map((p) => p.name)] : [sheet.name];
}

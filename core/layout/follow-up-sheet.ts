/** « Suivi pluriannuel »: one row per action followed, a state-coloured column per year, what happened to it. */
import type { LayoutCell, SheetLayout } from './sheet-layout';
import type { History, Track } from '../report/history';
import { isRealise, type Palette, type StatusId } from '../base/status';
import { cutShown } from '../base/text';
import { header, statusCell, label, MUTED_TEXT, LAST, compareCodes, look, styled, typesetLabel } from './cells';

export type Evolution = 'regression' | 'progress' | 'same' | 'appeared' | 'disappeared' | 'revived' | 'abandoned';

function progressRank(status: StatusId | null): number | null {
  if (status === null || status === 'abandonne') return null;
  if (isRealise(status)) return 3;
  return { en_cours: 2, reflexion: 1, non_commence: 0 }[status as 'en_cours' | 'reflexion' | 'non_commence'];
}

/** What happened to an action over the years, in French, and whether it went back at some point. */
export function trackEvolution(track: Track, years: readonly number[]): { text: string; regression: boolean } {
  const parts: string[] = [];
  let regression = false;
  if (track.appeared !== null) parts.push(`apparue en ${track.appeared}`);
  for (let i = 1; i < track.entries.length; i++) {
    const a = track.entries[i - 1];
    const b = track.entries[i];
    if (!a || !b) continue;
    const ra = progressRank(a.status);
    const rb = progressRank(b.status);
    if (ra !== null && rb !== null && rb < ra) {
      regression = true;
      parts.push(`recul ${years[i - 1]} → ${years[i]}`);
    } else if (a.status === 'abandonne' && b.status !== 'abandonne' && b.status !== null) {
      parts.push(`reprise en ${years[i]}`);
    } else if (b.status === 'abandonne' && a.status !== 'abandonne') {
      parts.push(`abandonnée en ${years[i]}`);
    } else if (isRealise(b.status) && !isRealise(a.status)) {
      parts.push(`réalisée en ${years[i]}`);
    }
  }
  if (track.disappeared !== null) parts.push(`absente après ${track.disappeared}`);
  return { text: parts.join(' ; '), regression };
}

/** The looks of the table's cells, made once for its thousands of rows (see cells.ts `styled`). */
const ROW_LOOKS = {
  code: look({ border: true, align: 'center' }),
  wrapped: look({ border: true, wrap: true }),
  absent: look({ border: true, align: 'center', colour: MUTED_TEXT }),
  evolution: look({ border: true, wrap: true, bold: false, colour: undefined }),
  regression: look({ border: true, wrap: true, bold: true, colour: '#C00000' }),
};

/** « — » of a year without the action, one cell shared by every row (cells are never changed once made). */
const ABSENT_CELL = styled('—', ROW_LOOKS.absent);

/** « Suivi pluriannuel »: one row per action followed, a status-coloured column per year (the report's GANTT). */
export function followUpLayout(history: History, palette: Palette): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  rows.push([label('Suivi pluriannuel des actions', { bold: true, size: 14, heading: 1 })]);
  rows.push([
    label(
      "Chaque ligne suit une action d'une année sur l'autre (même numéro, ou titre semblable dans le même objectif ; " +
        'le détail est en annexe). Les reculs sont signalés en rouge.',
      { italic: true },
    ),
  ]);
  rows.push([]);
  const headerRow = rows.length;
  rows.push(header(['Objectif', 'N°', 'Action', ...history.years.map(String), 'Évolution']));
  for (const track of sortedTracks(history)) {
    const evolution = trackEvolution(track, history.years);
    const row: (LayoutCell | null)[] = [
      styled(cutShown(track.objectif?.code ?? ''), ROW_LOOKS.code),
      styled(cutShown(track.code ?? ''), ROW_LOOKS.code),
      track.title
        ? styled(cutShown(track.title), ROW_LOOKS.wrapped)
        : label('(sans intitulé)', { border: true, wrap: true, italic: true }),
    ];
    // A cell per year pushed in place: no array of them made and spread for each of thousands of rows.
    for (const e of track.entries) row.push(e ? statusCell(e.status, palette) : ABSENT_CELL);
    row.push(styled(typesetLabel(evolution.text), evolution.regression ? ROW_LOOKS.regression : ROW_LOOKS.evolution));
    rows.push(row);
  }
  return {
    name: 'Suivi pluriannuel',
    widths: [9, 9, 50, ...history.years.map(() => 18), 34],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders: [headerRow],
    // The title and its explanation with the table's first lines.
    groups: [{ top: 0, bottom: Math.min(headerRow + 2, rows.length - 1) }],
  };
}

/** Sorted once per history: the follow-up and the sources sheets list the tracks in the same order. */
const sorted = new WeakMap<History, readonly Track[]>();

/**
 * The tracks by objective code, then by action code (a history's tracks are not changed once made).
 * Each distinct code is ranked once in compareCodes order, then the tracks are sorted on their
 * ranks: the collator compares a few thousand codes instead of the sort's tens of thousands of pairs.
 */
export function sortedTracks(history: History): readonly Track[] {
  let tracks = sorted.get(history);
  if (!tracks) {
    const objectiveOf = (t: Track) => t.objectif?.code ?? LAST;
    const codeOf = (t: Track) => t.code ?? LAST;
    const objectiveRanks = codeRanks(history.tracks.map(objectiveOf));
    const codeRanksOf = codeRanks(history.tracks.map(codeOf));
    const keyed = history.tracks.map((track) => ({
      track,
      objective: objectiveRanks.get(objectiveOf(track)) ?? 0,
      code: codeRanksOf.get(codeOf(track)) ?? 0,
    }));
    // Stable, as the sort on the codes themselves was: tracks of equal codes keep their order.
    keyed.sort((a, b) => a.objective - b.objective || a.code - b.code);
    tracks = keyed.map((k) => k.track);
    sorted.set(history, tracks);
  }
  return tracks;
}

/** Each distinct code's place in compareCodes order; codes the collator finds equal share one. */
function codeRanks(codes: readonly string[]): Map<string, number> {
  const distinct = [...new Set(codes)].sort(compareCodes);
  const ranks = new Map<string, number>();
  let rank = 0;
  distinct.forEach((code, i) => {
    if (i > 0 && compareCodes(distinct[i - 1], code) !== 0) rank = i;
    ranks.set(code, rank);
  });
  return ranks;
}

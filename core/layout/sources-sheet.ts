/** « Sources et rapprochements » (annex): where each year was read from, and how actions were matched across years. */
import type { CellRange } from '../base/grid';
import type { LayoutCell, SheetLayout } from './sheet-layout';
import type { WorkbookAnalysis } from '../report/analysis';
import type { MatchReason, TrackEntry } from '../report/history';
import { describeLayout, layoutReport } from '../read/reading-description';
import { count } from '../base/typography';
import { cutShown } from '../base/text';
import { text, header, label, look, styled, typesetLabel } from './cells';
import { sortedTracks } from './follow-up-sheet';

/** The looks of the links' cells, made once for their thousands of rows (see cells.ts `styled`). */
const LINK_LOOKS = {
  years: look({ border: true, align: 'center' }),
  empty: look({ border: true }),
  wrapped: look({ border: true, wrap: true }),
};

/** The empty cell under « Années » merged over two columns, one shared by every row (cells are never changed once made). */
const EMPTY_CELL = styled(null, LINK_LOOKS.empty);

/** « 1.2.3 Titre », the code or the title alone, or '' (no array made per cell of thousands of rows). */
function codeAndTitle(entry: TrackEntry): string {
  if (!entry.code) return entry.title;
  return entry.title ? `${entry.code} ${entry.title}` : entry.code;
}

/** Where each year was read from (sheet, header, columns), for the annex: the reading over two columns. */
function sourceLines(analysis: WorkbookAnalysis, rows: (LayoutCell | null)[][], merges: CellRange[]): void {
  for (const { sheet, bilan } of analysis.sheets) {
    merges.push({ top: rows.length, left: 3, bottom: rows.length, right: 4 });
    rows.push([
      text(sheet.year ?? '', { border: true, align: 'center' }),
      text(bilan.total, { border: true, align: 'right' }),
      text(cutShown(sheet.name), { border: true, wrap: true }),
      text(describeLayout(layoutReport(sheet)), { border: true, wrap: true }),
      text(null, { border: true }),
    ]);
  }
}

/**
 * « Sources et rapprochements » (annex): the sheet each year comes from and how it was read, and
 * the actions matched from one year to the next otherwise than by their number, with the
 * resemblance of their titles (0 to 1).
 */
export function sourcesLayout(analysis: WorkbookAnalysis, options: { file?: string } = {}): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  const merges: CellRange[] = [];
  const groups: { top: number; bottom: number }[] = [];
  rows.push([label('Sources et rapprochements', { bold: true, size: 14, heading: 1 })]);
  rows.push([
    label(
      "Annexe technique : d'où vient chaque année du bilan et comment les actions ont été suivies d'une année à l'autre.",
      { italic: true },
    ),
  ]);
  // The workbook's file name, which names no contract (core/read/contract-title.ts), is said here.
  if (options.file) rows.push([label(`Classeur lu : « ${cutShown(options.file)} ».`)]);
  rows.push([]);
  const sourcesTop = rows.length;
  rows.push([label('Sources', { bold: true, heading: 2 })]);
  tableHeaders.push(rows.length);
  merges.push({ top: rows.length, left: 3, bottom: rows.length, right: 4 });
  rows.push(header(['Année', 'Actions', 'Feuille (classeur)', 'Lecture du tableau', '']));
  sourceLines(analysis, rows, merges);
  groups.push({ top: sourcesTop, bottom: Math.min(rows.length - 1, sourcesTop + 4) });
  const history = analysis.history;
  if (history) {
    // « 2021 → 2022 », made once per pair of years.
    const yearPairs = history.years.map((year, i) => `${year} → ${history.years[i + 1]}`);
    const links: { link: MatchReason; from: TrackEntry; to: TrackEntry; years: string }[] = [];
    for (const track of sortedTracks(history)) {
      track.links.forEach((link, i) => {
        const from = track.entries[i];
        const to = track.entries[i + 1];
        if (link && from && to && link.kind !== 'code') links.push({ link, from, to, years: yearPairs[i] });
      });
    }
    const byCode = history.tracks.reduce((n, t) => n + t.links.filter((l) => l?.kind === 'code').length, 0);
    rows.push([]);
    const linksTop = rows.length;
    rows.push([label("Rapprochements d'une année à l'autre", { bold: true, heading: 2 })]);
    rows.push([
      label(
        `${count(byCode, 'rapprochement', 'rapprochements')} par le même numéro d'action ; ` +
          `${count(links.length, 'autre', 'autres')} ci-dessous, avec la ressemblance des titres (de 0 à 1).`,
        { italic: true },
      ),
    ]);
    if (links.length > 0) {
      tableHeaders.push(rows.length);
      // The years over the two narrow columns.
      merges.push({ top: rows.length, left: 0, bottom: rows.length, right: 1 });
      rows.push(header(['Années', '', 'Action (première année)', 'Action (année suivante)', 'Raison']));
      for (const { link, from, to, years } of links) {
        merges.push({ top: rows.length, left: 0, bottom: rows.length, right: 1 });
        rows.push([
          styled(years, LINK_LOOKS.years),
          EMPTY_CELL,
          styled(cutShown(codeAndTitle(from)) || '(sans intitulé)', LINK_LOOKS.wrapped),
          styled(cutShown(codeAndTitle(to)) || '(sans intitulé)', LINK_LOOKS.wrapped),
          styled(typesetLabel(link.explanation), LINK_LOOKS.wrapped),
        ]);
      }
    }
    groups.push({ top: linksTop, bottom: Math.min(rows.length - 1, linksTop + 4) });
  }
  return {
    name: 'Sources et rapprochements',
    // « Actions » as narrow as its numbers; the reading of a sheet over the last two columns.
    widths: [12, 9, 36, 36, 58],
    rows,
    merges,
    freezeRows: 0,
    printTitleRow: null,
    headerRow: tableHeaders[0] ?? null,
    tableHeaders,
    groups,
    annex: true,
  };
}

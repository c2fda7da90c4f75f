/** « Sources et rapprochements » (annex): where each year was read from, and how actions were matched across years. */
import type { LayoutCell, SheetLayout } from './sheet-layout';
import type { WorkbookAnalysis } from '../report/analysis';
import { describeLayout, layoutReport } from '../read/reading-description';
import { count } from '../base/typography';
import { cutShown } from '../base/text';
import { text, header, label } from './cells';
import { sortedTracks } from './follow-up-sheet';

/** Where each year was read from (file, sheet, header, columns), for the annex. */
function sourceLines(analysis: WorkbookAnalysis): (LayoutCell | null)[][] {
  return analysis.sheets.map(({ sheet, bilan }) => [
    text(sheet.year ?? '', { border: true, align: 'center' }),
    text(cutShown(sheet.name), { border: true, wrap: true }),
    text(bilan.total, { border: true, align: 'right' }),
    text(describeLayout(layoutReport(sheet)), { border: true, wrap: true }),
  ]);
}

/**
 * « Sources et rapprochements » (annex): the sheet each year comes from and how it was read, and
 * the actions matched from one year to the next otherwise than by their number, with the
 * resemblance of their titles (0 to 1).
 */
export function sourcesLayout(analysis: WorkbookAnalysis): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  rows.push([label('Sources et rapprochements', { bold: true, size: 14 })]);
  rows.push([
    label(
      "Annexe technique : d'où vient chaque année du bilan et comment les actions ont été suivies d'une année à l'autre.",
      { italic: true },
    ),
  ]);
  rows.push([]);
  rows.push([label('Sources', { bold: true })]);
  tableHeaders.push(rows.length);
  rows.push(header(['Année', 'Feuille (classeur)', 'Actions', 'Lecture du tableau']));
  rows.push(...sourceLines(analysis));
  const history = analysis.history;
  if (history) {
    const links = sortedTracks(history).flatMap((track) =>
      track.links.flatMap((link, i) => {
        const from = track.entries[i];
        const to = track.entries[i + 1];
        return link && from && to && link.kind !== 'code'
          ? [{ link, from, to, years: `${history.years[i]} → ${history.years[i + 1]}` }]
          : [];
      }),
    );
    const byCode = history.tracks.reduce((n, t) => n + t.links.filter((l) => l?.kind === 'code').length, 0);
    rows.push([]);
    rows.push([label("Rapprochements d'une année à l'autre", { bold: true })]);
    rows.push([
      label(
        `${count(byCode, 'rapprochement', 'rapprochements')} par le même numéro d'action ; ` +
          `${count(links.length, 'autre', 'autres')} ci-dessous, avec la ressemblance des titres (de 0 à 1).`,
        { italic: true },
      ),
    ]);
    if (links.length > 0) {
      tableHeaders.push(rows.length);
      rows.push(header(['Années', 'Action (première année)', 'Action (année suivante)', 'Raison']));
      for (const { link, from, to, years } of links) {
        rows.push([
          text(years, { border: true, align: 'center' }),
          text(cutShown([from.code, from.title].filter(Boolean).join(' ')) || '(sans intitulé)', {
            border: true,
            wrap: true,
          }),
          text(cutShown([to.code, to.title].filter(Boolean).join(' ')) || '(sans intitulé)', {
            border: true,
            wrap: true,
          }),
          label(link.explanation, { border: true, wrap: true }),
        ]);
      }
    }
  }
  return {
    name: 'Sources et rapprochements',
    widths: [12, 40, 40, 60],
    rows,
    merges: [],
    freezeRows: 0,
    printTitleRow: null,
    headerRow: tableHeaders[0] ?? null,
    tableHeaders,
    groups: [],
    annex: true,
  };
}

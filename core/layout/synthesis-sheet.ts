/** « Synthèse »: statuses × years with their chart, the last year per axe, objective, porteur and kind. */
import type { CellRange } from '../base/grid';
import type { LayoutCell, LayoutChart, SheetLayout } from './sheet-layout';
import type { WorkbookAnalysis } from '../report/analysis';
import { textColourOn } from '../base/contrast';
import { type StatusCounts } from '../base/status-counts';
import { type GroupBilan, percent, ROUNDING_NOTE, type YearBilan } from '../report/bilan';
import { type ContractTitle, contractLabel } from '../read/contract-title';
import { count, typeset } from '../base/typography';
import { incompleteNotice } from '../check/diagnostics';
import { type Palette, STATUS_IDS, STATUSES } from '../base/status';
import { cutShown } from '../base/text';
import { text, pct, header, statusCell, label, groupLabel, INCOMPLETE_LOOK, WITHOUT_STATUS_FILL } from './cells';

/** Rows kept empty under the first block of the Synthèse for the chart (about 300 px). */
export const CHART_ROWS = 16;

/** The rows a block is made of, and the blocks kept together on a page (its heading with its table). */
interface Blocks {
  rows: (LayoutCell | null)[][];
  tableHeaders: number[];
  groups: { top: number; bottom: number }[];
}

/** Most rows of a block kept whole on one page; a longer one keeps its heading with its first lines. */
const KEPT_WHOLE = 30;

/** Keeps the rows from `top` to the last one on a page, or the first few when they are many. */
function keep(out: Blocks, top: number): void {
  const bottom = out.rows.length - 1;
  if (bottom <= top) return;
  out.groups.push({ top, bottom: bottom - top < KEPT_WHOLE ? bottom : top + 3 });
}

/** A block « label | Actions | Réalisées | % réalisé » of group bilans; false when it has none. */
function groupBlock(
  out: Blocks,
  title: string,
  first: string,
  groups: readonly { key?: string; label: string; total: number; done: number; donePercent: number }[],
): boolean {
  const { rows, tableHeaders } = out;
  // A table without that grouping (no objectives, say) would show one « Non rattachées » row: none.
  if (groups.every((g) => g.key === '~')) return false;
  rows.push([]);
  const top = rows.length;
  rows.push([label(title, { bold: true, heading: 2 })]);
  tableHeaders.push(rows.length);
  rows.push(header([first, 'Actions', 'Réalisées', '% réalisé']));
  for (const g of groups) {
    rows.push([
      text(g.label, { border: true, wrap: true }),
      text(g.total, { border: true, align: 'right' }),
      text(g.done, { border: true, align: 'right' }),
      pct(g.donePercent),
    ]);
  }
  keep(out, top);
  return true;
}

/**
 * « Par porteur »: one row per porteur of two actions or more, then the porteurs of a single
 * action together on one row that names them (a territory counts dozens of them), and the
 * actions without porteur. Close spellings of one organisation are counted together and said
 * under the table, unless `exact` (SynthesisOptions.exactPorteurs).
 */
function porteurBlock(out: Blocks, title: string, bilan: YearBilan, exact: boolean): void {
  const groups = exact ? bilan.byPorteurExact : bilan.byPorteur;
  const named = groups.filter((g) => g.key !== '~');
  const several = named.filter((g) => g.total >= 2);
  const single = named.filter((g) => g.total < 2);
  const none = groups.find((g) => g.key === '~');
  const lines = several.map((g) => ({
    label: cutShown(g.label),
    total: g.total,
    done: g.done,
    donePercent: g.donePercent,
  }));
  if (single.length > 0) {
    const done = single.reduce((n, g) => n + g.done, 0);
    lines.push({
      label: typeset(
        `${count(single.length, 'autre porteur', 'autres porteurs')} d'une seule action : ${single.map((g) => cutShown(g.label)).join(', ')}`,
      ),
      total: single.length,
      done,
      donePercent: percent(done, single.length),
    });
  }
  if (none) lines.push({ label: 'Sans porteur', total: none.total, done: none.done, donePercent: none.donePercent });
  if (!groupBlock(out, title, 'Porteur', lines)) return;
  const notes = ['Une action portée par plusieurs structures compte pour chacune.'];
  if (!exact && bilan.porteurMerges.length > 0) {
    const said = bilan.porteurMerges.map((m) => m.spellings.map((p) => `« ${cutShown(p)} »`).join(' et '));
    notes.push(`Écritures comptées comme une même structure : ${said.join(' ; ')}.`);
  }
  const lastLine = out.rows.length - 1;
  for (const note of notes) out.rows.push([label(note, { italic: true })]);
  // The notes stay with the end of the table: in its group when it is kept whole.
  const block = out.groups[out.groups.length - 1];
  if (block && block.bottom === lastLine) block.bottom = out.rows.length - 1;
  else out.groups.push({ top: lastLine, bottom: out.rows.length - 1 });
}

/** Titles of axes and objectives from every year of the contract: a year that writes only « Axe 1 » gets its title from another. */
function titlesByCode(analysis: WorkbookAnalysis): { axe: Map<string, string>; objectif: Map<string, string> } {
  const axe = new Map<string, string>();
  const objectif = new Map<string, string>();
  // The latest year's wording first.
  for (const s of [...analysis.sheets].reverse()) {
    for (const a of s.sheet.actions) {
      if (a.axe?.code && a.axe.title && !axe.has(a.axe.code)) axe.set(a.axe.code, a.axe.title);
      if (a.objectif?.code && a.objectif.title && !objectif.has(a.objectif.code))
        objectif.set(a.objectif.code, a.objectif.title);
    }
  }
  return { axe, objectif };
}

/** A group with its title from another year when this one does not give it. */
function titled(g: GroupBilan, titles: ReadonlyMap<string, string>): GroupBilan {
  return !g.title && g.code && titles.has(g.code) ? { ...g, title: titles.get(g.code) ?? '' } : g;
}

/**
 * « État d'avancement des actions par année »: statuses × years, counts then shares, the total and
 * the done row, and the empty rows the chart is drawn over. Returns the header row and the chart.
 */
export function pushStatusYearBlock(
  rows: (LayoutCell | null)[][],
  tableHeaders: number[],
  analysis: WorkbookAnalysis,
  palette: Palette,
  /** Empty columns before the block. */
  offset = 0,
  /** Where the block's rows kept on one page are said (the table, its note and the chart). */
  groups: { top: number; bottom: number }[] = [],
): { headerRow: number; chart: LayoutChart | undefined } {
  const years = analysis.sheets.map((s) => s.bilan);
  const push = (row: (LayoutCell | null)[]) =>
    rows.push(row.length > 0 ? [...Array<null>(offset).fill(null), ...row] : row);
  const top = rows.length;
  push([label("État d'avancement des actions par année", { bold: true, heading: 2 })]);
  // Counts first, then shares: the counts of the years side by side are the chart's data.
  const headerRow = rows.length;
  tableHeaders.push(headerRow);
  const yearLabels = years.map((y) => String(y.year ?? y.sheet));
  push(header(['État', ...yearLabels, ...yearLabels.map((y) => `% ${y}`)]));
  const anyRealise = years.some((y) => y.counts.realise > 0);
  const anyWithout = years.some((y) => y.counts.sans_etat > 0);
  const ids = STATUS_IDS.filter((id) => id !== 'realise' || anyRealise);
  const series: LayoutChart['series'] = [];
  for (const id of ids) {
    series.push({ row: rows.length, colour: palette[id], status: id });
    push([
      text(STATUSES[id].label, { fill: palette[id], colour: textColourOn(palette[id]), border: true }),
      ...years.map((y) => text(y.counts[id], { border: true, align: 'right' })),
      ...years.map((y) => pct(y.shares[id])),
    ]);
  }
  if (anyWithout) {
    series.push({ row: rows.length, colour: WITHOUT_STATUS_FILL, status: null });
    push([
      label('Sans état', { border: true, italic: true }),
      ...years.map((y) => text(y.counts.sans_etat, { border: true, align: 'right' })),
      ...years.map((y) => pct(y.shares.sans_etat)),
    ]);
  }
  push([
    label('Total', { bold: true, border: true }),
    ...years.map((y) => text(y.total, { bold: true, border: true, align: 'right' })),
    ...years.map((y) => pct(y.total > 0 ? 100 : 0, { bold: true })),
  ]);
  push([
    label('Réalisées (clos, pérenne ou sans précision)', { bold: true, border: true }),
    ...years.map((y) => text(y.done, { bold: true, border: true, align: 'right' })),
    ...years.map((y) => pct(y.donePercent, { bold: true })),
  ]);
  push([]);
  // Each share is its own value rounded (core/report/bilan.ts statusShares): said, as INSEE says it.
  push([label(ROUNDING_NOTE, { italic: true })]);
  groups.push({ top, bottom: rows.length - 1 });
  push([]);
  const chart: LayoutChart | undefined =
    years.length > 0
      ? {
          title: typeset("État d'avancement des actions par année"),
          categoriesRow: headerRow,
          labelCol: offset,
          firstCol: offset + 1,
          lastCol: offset + years.length,
          series,
          donePercents: years.map((y) => y.donePercent),
          atRow: rows.length,
          rowSpan: CHART_ROWS,
          valueAxisTitle: typeset("Nombre d'actions"),
        }
      : undefined;
  if (chart) {
    for (let i = 0; i < CHART_ROWS; i++) rows.push([]);
    groups.push({ top: chart.atRow, bottom: rows.length - 1 });
  }
  return { headerRow, chart };
}

/** Options of the Synthèse. */
export interface SynthesisOptions {
  /** Each spelling of a porteur counted apart (meant for a `--porteurs-exacts` option). */
  exactPorteurs?: boolean;
}

/** « Synthèse »: statuses × years with the chart, the last year per axe, objective, porteur and type, transitions between years. */
export function synthesisLayout(
  analysis: WorkbookAnalysis,
  palette: Palette,
  contract: ContractTitle,
  options: SynthesisOptions = {},
): SheetLayout {
  const out: Blocks = { rows: [], tableHeaders: [], groups: [] };
  const { rows, tableHeaders, groups } = out;
  const merges: CellRange[] = [];
  const years = analysis.sheets.map((s) => s.bilan);
  rows.push([label(`Synthèse — ${cutShown(contractLabel(contract))}`, { bold: true, size: 14, heading: 1 })]);
  // Years whose reading is not to be trusted are named before any number.
  for (const s of analysis.sheets) {
    const notice = incompleteNotice(s.diagnostics);
    if (!notice) continue;
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: 6 });
    rows.push([label(`${s.sheet.year ?? s.sheet.name} — ${notice}`, INCOMPLETE_LOOK)]);
  }
  rows.push([]);
  const { headerRow, chart } = pushStatusYearBlock(rows, tableHeaders, analysis, palette, 0, groups);
  const last = analysis.sheets[analysis.sheets.length - 1];
  if (last) {
    const lastYear = String(last.bilan.year ?? last.sheet.name);
    const titles = titlesByCode(analysis);
    groupBlock(
      out,
      `Par axe — ${lastYear}`,
      'Axe',
      last.bilan.byAxe.map((g) => ({ ...g, label: cutShown(groupLabel(titled(g, titles.axe), 'Axe')) })),
    );
    groupBlock(
      out,
      `Fiches-actions et pistes — ${lastYear}`,
      'Type',
      Object.values(last.bilan.byKind).filter((g) => g.total > 0),
    );
    // The conclusion under the summaries, before the detail per objective and porteur, with the
    // table above it.
    rows.push([]);
    rows.push([text(last.bilan.conclusion, { bold: true })]);
    rows.push([text(last.bilan.remainingSentence, { bold: true })]);
    const above = groups[groups.length - 1];
    if (above) groups.push({ top: Math.max(above.top, rows.length - 5), bottom: rows.length - 1 });
    groupBlock(
      out,
      `Par objectif — ${lastYear}`,
      'Objectif',
      last.bilan.byObjectif.map((g) => ({ ...g, label: cutShown(groupLabel(titled(g, titles.objectif), 'Objectif')) })),
    );
    porteurBlock(out, `Par porteur — ${lastYear}`, last.bilan, options.exactPorteurs === true);
  }
  if (analysis.history) {
    for (const pair of analysis.history.pairs) {
      rows.push([]);
      const top = rows.length;
      rows.push([label(`Évolutions ${pair.fromYear} → ${pair.toYear}`, { bold: true, heading: 2 })]);
      rows.push([
        label(
          `${count(pair.matched, 'action suivie', 'actions suivies')}, ` +
            `${count(pair.appeared, 'nouvelle', 'nouvelles')}, ${count(pair.disappeared, 'disparue', 'disparues')}.`,
          { italic: true },
        ),
      ]);
      // The later state over three narrow columns (B:D), so that its label fits as the earlier one does in A.
      const wide = (r: number) => merges.push({ top: r, left: 1, bottom: r, right: 3 });
      tableHeaders.push(rows.length);
      wide(rows.length);
      rows.push(header([`État ${pair.fromYear}`, `État ${pair.toYear}`, '', '', 'Actions']));
      for (const t of pair.transitions) {
        wide(rows.length);
        rows.push([
          statusCell(t.from, palette, { align: 'left' }),
          statusCell(t.to, palette, { align: 'left' }),
          text(null, { border: true }),
          text(null, { border: true }),
          text(t.count, { border: true, align: 'right' }),
        ]);
      }
      keep(out, top);
    }
  }
  return {
    name: 'Synthèse',
    widths: [46, ...years.flatMap(() => [11, 11]), 11],
    rows,
    merges,
    freezeRows: 0,
    printTitleRow: null,
    headerRow,
    tableHeaders,
    groups,
    chart,
    printFooter: cutShown(contractLabel(contract)),
  };
}

/** The data of the stacked bar chart of statuses per year (html writer, add-in chart). */
export function statusesPerYear(analysis: WorkbookAnalysis): { label: string; counts: StatusCounts; total: number }[] {
  return analysis.sheets.map((s) => ({
    label: String(s.bilan.year ?? s.sheet.name),
    counts: s.bilan.counts,
    total: s.bilan.total,
  }));
}

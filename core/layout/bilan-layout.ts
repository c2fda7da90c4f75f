/**
 * The bilan tables as plain layouts (cells, fills, merges), laid out like the PETR report so a
 * coordinator can paste them into the report to the ARS. Every writer (xlsx, html, the add-in's
 * « Bilan AAAA » sheet) renders these; none of them re-derives a number.
 */
import type { CellRange } from '../base/grid';
import type { LayoutCell, LayoutChart, SheetLayout, WorkbookLayout } from './sheet-layout';
import { freeSheetName } from '../base/sheet-name';
import type { SheetAnalysis, WorkbookAnalysis } from '../report/analysis';
import { textColourOn } from '../base/contrast';
import { type StatusCounts } from '../base/status-counts';
import { type GroupBilan, percent, statusShares } from '../report/bilan';
import { bilanTitle, type ContractTitle, contractLabel, contractTitle } from '../read/contract-title';
import { describeLayout, layoutReport } from '../read/reading-description';
import { count, NBSP, typeset } from '../base/typography';
import { CATALOGUE, type Diagnostic, incompleteNotice, SEVERITY_LABELS, sortDiagnostics } from '../check/diagnostics';
import { anyGrouped, FULL_LIST_COMMAND, GROUP_THRESHOLD, groupDiagnostics, lineCell } from '../check/diagnostic-groups';
import type { History, Track } from '../report/history';
import type { Action } from '../base/model';
import type { RegionSynthesis } from '../report/region-synthesis';
import { isRealise, type Palette, STATUS_IDS, STATUSES, type StatusId } from '../base/status';
import { cutShown, cutToCell } from '../base/text';

/** The second column's header when the table is grouped by axe (no objectives). */
export const AXE_TITLE_HEADER = "INTITULÉ DE L'AXE";

export const TABLE_HEADER = [
  'AXES',
  'OBJECTIFS',
  'ACTIONS',
  'n° ou piste',
  'PORTEUR',
  'ETAT AVANCEMENT ACTION',
  'REMARQUES',
];

/** The statuses a legend shows: the six of the report, « réalisé » unspecified only when used. */
export function legendStatuses(counts: StatusCounts): StatusId[] {
  return STATUS_IDS.filter((id) => id !== 'realise' || counts.realise > 0);
}

/** A cell of a layout; a text longer than an Excel cell holds (remarks joined over rows) is cut, with a marker. */
function text(value: string | number | null, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return { value: typeof value === 'string' ? cutToCell(value) : value, ...extra };
}

/** A whole percentage as a number cell (see LayoutCell.percent). */
function pct(value: number, extra: Omit<LayoutCell, 'value' | 'percent'> = {}): LayoutCell {
  return { value, percent: true, align: 'right', border: true, ...extra };
}

function header(values: readonly string[]): LayoutCell[] {
  return values.map((v) => text(v, { bold: true, border: true, fill: '#D9E1F2', wrap: true, align: 'center' }));
}

function statusCell(status: StatusId | null, palette: Palette, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  if (!status) return label('Sans état', { border: true, italic: true, ...extra });
  const fill = palette[status];
  return text(STATUSES[status].label, { fill, colour: textColourOn(fill), border: true, align: 'center', ...extra });
}

function remarksOf(a: Action): string {
  const n = a.notes;
  return [n.remarques, n.avancees, n.preconisations, n.objectifsAtteints, n.resteAFaire]
    .filter((t) => t && t.trim())
    .join('\n');
}

function codeText(a: Action): string {
  if (a.kind === 'piste') return a.code ?? 'Piste';
  if (a.kind === 'action' && !a.code) return 'Action';
  return a.code ?? '';
}

/** Our own text (labels, sentences), typeset the French way; the user's text goes through `text`. */
function label(value: string, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return text(typeset(value), extra);
}

/** « Axe 1 – Commencer la vie en bonne santé », « Objectif 1.1 », or the title alone. */
export function groupLabel(g: Pick<GroupBilan, 'code' | 'title' | 'label'>, kind: 'Axe' | 'Objectif'): string {
  if (g.code && g.title) return `${g.code} – ${g.title}`;
  if (g.code) return `${kind} ${g.code}`;
  return g.label;
}

/** Text of the kind legend when the source sheet has one, and what the italics mean. */
const KIND_LEGEND_LINES: { kind: 'fiche' | 'piste'; text: string; italic: boolean }[] = [
  { kind: 'fiche', text: 'Action définie au moment de la signature de la convention', italic: false },
  { kind: 'piste', text: "Piste d'action (en italique dans le tableau)", italic: true },
];

/** Options of a « Bilan AAAA » sheet. */
export interface YearSheetOptions {
  /** The sheet's name (default « Bilan AAAA »). */
  name?: string;
  /** The contract, named under the title. */
  contract?: ContractTitle;
}

/** How « Bilan incomplet : … » stands out, on screen and in black and white. */
const INCOMPLETE_LOOK: Omit<LayoutCell, 'value'> = {
  bold: true,
  wrap: true,
  border: true,
  fill: '#FFE0E0',
  colour: '#9C0006',
};

/** « Bilan AAAA »: title, legend with counts and swatches, the grouped table, the conclusion. */
export function yearSheetLayout(
  analysis: SheetAnalysis,
  palette: Palette,
  options: YearSheetOptions = {},
): SheetLayout {
  const { sheet, bilan } = analysis;
  const year = sheet.year ?? '';
  const rows: (LayoutCell | null)[][] = [];
  const merges: CellRange[] = [];
  const groups: { top: number; bottom: number }[] = [];
  const contract = options.contract ?? contractTitle([sheet], undefined, '');
  rows.push([label(`Bilan ${year} par action`.replace('  ', ' '), { bold: true, size: 14, heading: 1 })]);
  const named = contract.name ? `${cutShown(contractLabel(contract))} — ` : '';
  rows.push([text(`${named}${count(bilan.total, 'action')}`, { italic: true })]);
  const incomplete = incompleteNotice(analysis.diagnostics);
  if (incomplete) {
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: TABLE_HEADER.length - 1 });
    rows.push([label(incomplete, INCOMPLETE_LOOK)]);
  }
  rows.push([]);
  rows.push([label('Avancement des actions :', { bold: true, heading: 2 })]);
  // One line per status: the count, then the legend sentence on its colour (merged over B:D).
  for (const id of legendStatuses(bilan.counts)) {
    const fill = palette[id];
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    rows.push([
      text(bilan.counts[id], { align: 'right', bold: true }),
      label(STATUSES[id].legend, { fill, colour: textColourOn(fill), border: true }),
    ]);
  }
  if (bilan.counts.sans_etat > 0) {
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    rows.push([
      text(bilan.counts.sans_etat, { align: 'right', bold: true }),
      label('Sans état renseigné', { border: true, italic: true }),
    ]);
  }
  // The type-of-action legend of the source, with what tells the types apart here.
  const kinds = new Set(sheet.kindLegend.map((k) => k.kind));
  if (kinds.size > 0) {
    rows.push([]);
    rows.push([label("Type d'action :", { bold: true, heading: 2 })]);
    for (const line of KIND_LEGEND_LINES) {
      if (!kinds.has(line.kind)) continue;
      merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
      rows.push([null, label(line.text, { italic: line.italic, border: true })]);
    }
  }
  rows.push([]);
  const headerRow = rows.length;
  // Actions are grouped by objective; a table without objectives (the axe written on every row)
  // is grouped by axe, under a header that says so.
  const byAxe = !sheet.actions.some((a) => a.objectif) && sheet.actions.some((a) => a.axe);
  rows.push(header(byAxe ? [TABLE_HEADER[0], AXE_TITLE_HEADER, ...TABLE_HEADER.slice(2)] : TABLE_HEADER));
  let groupStart = -1;
  let groupKey: string | null = null;
  const closeGroup = (end: number) => {
    if (groupStart < 0) return;
    groups.push({ top: groupStart, bottom: end });
    if (end > groupStart) {
      merges.push(
        { top: groupStart, left: 0, bottom: end, right: 0 },
        { top: groupStart, left: 1, bottom: end, right: 1 },
      );
    }
  };
  for (const a of sheet.actions) {
    // An action outside any objective goes with its axe.
    const group = a.objectif ?? a.axe;
    const key = group ? `${group.code ?? ''}|${group.title}` : '';
    const r = rows.length;
    const row: (LayoutCell | null)[] = [null, null];
    if (key !== groupKey) {
      closeGroup(r - 1);
      groupStart = r;
      groupKey = key;
      row[0] = text(cutShown(group?.code ?? ''), { border: true, bold: true, align: 'center', wrap: true });
      row[1] = text(cutShown(group?.title ?? ''), { border: true, wrap: true });
    } else {
      row[0] = text(null, { border: true });
      row[1] = text(null, { border: true });
    }
    const piste = a.kind !== 'fiche';
    row.push(
      a.title
        ? text(cutShown(a.title), { border: true, wrap: true, italic: piste })
        : label('(sans intitulé)', { border: true, wrap: true, italic: true }),
      text(cutShown(codeText(a)), { border: true, align: 'center', italic: piste }),
      text(cutShown(a.porteur), { border: true, wrap: true }),
      statusCell(a.status, palette),
      // Remarks are the coordinator's account of the year: whole, up to what an Excel cell holds.
      text(remarksOf(a), { border: true, wrap: true }),
    );
    rows.push(row);
  }
  closeGroup(rows.length - 1);
  rows.push([]);
  if (incomplete) rows.push([label(incomplete, INCOMPLETE_LOOK)]);
  rows.push([text(bilan.conclusion, { bold: true })]);
  rows.push([text(bilan.remainingSentence, { bold: true })]);
  const byKind = bilan.byKind;
  const parts = [
    count(byKind.fiche.total, 'fiche-action', 'fiches-actions'),
    count(byKind.piste.total, "piste d'action", "pistes d'action"),
  ];
  if (byKind.action.total > 0) parts.push(count(byKind.action.total, 'action sans numéro', 'actions sans numéro'));
  rows.push([
    label(
      `${parts.join(', ')}. En italique : les pistes d'action et les actions sans numéro (non définies à la signature). ` +
        'Pourcentages arrondis à l’unité, de sorte que leur total fasse 100 %.',
      { italic: true },
    ),
  ]);
  return {
    name: options.name ?? `Bilan ${year}`.trim(),
    widths: [7, 26, 46, 9, 24, 17, 71],
    rows,
    merges,
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders: [headerRow],
    groups,
  };
}

/** Column of the states-per-year block under a generated « Bilan AAAA » table: « ACTIONS », wide enough for the states. */
const GENERATED_BLOCK_COL = 2;

/**
 * The « Bilan AAAA » sheet `cls-bilan sync` writes into the user's own workbook: the bilan of the
 * chosen year, then, under its table, the states of every year of the workbook and their native
 * chart (one bar per year).
 */
export function generatedBilanLayout(
  analysis: WorkbookAnalysis,
  chosen: SheetAnalysis,
  palette: Palette,
  options: YearSheetOptions = {},
): SheetLayout {
  const layout = yearSheetLayout(chosen, palette, options);
  const rows = [...layout.rows, []];
  const tableHeaders = [...layout.tableHeaders];
  const { chart } = pushStatusYearBlock(rows, tableHeaders, analysis, palette, GENERATED_BLOCK_COL);
  return { ...layout, rows, tableHeaders, chart };
}

/** The states of every year and their chart, alone: the recap closing the Word bilan. */
export function statusYearLayout(analysis: WorkbookAnalysis, palette: Palette): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  const { chart } = pushStatusYearBlock(rows, tableHeaders, analysis, palette);
  return {
    name: "État d'avancement par année",
    widths: [34, ...analysis.sheets.flatMap(() => [9, 9])],
    rows,
    merges: [],
    freezeRows: 0,
    printTitleRow: null,
    headerRow: null,
    tableHeaders,
    groups: [],
    chart,
  };
}

/** The Word bilan for the report to the ARS and the COPIL: each year's bilan, then the recap of the years. */
export interface WordBilanLayout {
  years: SheetLayout[];
  recap: SheetLayout;
}

export function wordBilanLayout(
  analysis: WorkbookAnalysis,
  options: { palette: Palette; year?: number; contract: ContractTitle },
): WordBilanLayout {
  const years = analysis.sheets
    .filter((s) => options.year === undefined || s.sheet.year === options.year)
    .map((s) => yearSheetLayout(s, options.palette, { contract: options.contract }));
  return { years, recap: statusYearLayout(analysis, options.palette) };
}

/** Rows kept empty under the first block of the Synthèse for the chart (about 300 px). */
const CHART_ROWS = 16;

/** A block « label | Actions | Réalisées | % réalisé » of group bilans. */
function groupBlock(
  rows: (LayoutCell | null)[][],
  tableHeaders: number[],
  title: string,
  first: string,
  groups: readonly { key?: string; label: string; total: number; done: number; donePercent: number }[],
): void {
  // A table without that grouping (no objectives, say) would show one « Non rattachées » row: none.
  if (groups.every((g) => g.key === '~')) return;
  rows.push([]);
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
}

/**
 * « Par porteur »: one row per porteur of two actions or more, then the porteurs of a single
 * action together on one row that names them (a territory counts dozens of them), and the
 * actions without porteur.
 */
function porteurBlock(
  rows: (LayoutCell | null)[][],
  tableHeaders: number[],
  title: string,
  groups: readonly GroupBilan[],
): void {
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
  groupBlock(rows, tableHeaders, title, 'Porteur', lines);
  rows.push([label('Une action portée par plusieurs structures compte pour chacune.', { italic: true })]);
}

/**
 * « État d'avancement des actions par année »: statuses × years, counts then shares, the total and
 * the done row, and the empty rows the chart is drawn over. Returns the header row and the chart.
 */
function pushStatusYearBlock(
  rows: (LayoutCell | null)[][],
  tableHeaders: number[],
  analysis: WorkbookAnalysis,
  palette: Palette,
  /** Empty columns before the block. */
  offset = 0,
): { headerRow: number; chart: LayoutChart | undefined } {
  const years = analysis.sheets.map((s) => s.bilan);
  const push = (row: (LayoutCell | null)[]) =>
    rows.push(row.length > 0 ? [...Array<null>(offset).fill(null), ...row] : row);
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
        }
      : undefined;
  if (chart) for (let i = 0; i < CHART_ROWS; i++) rows.push([]);
  return { headerRow, chart };
}

/** « Synthèse »: statuses × years with the chart, the last year per axe, objective, porteur and type, transitions between years. */
export function synthesisLayout(analysis: WorkbookAnalysis, palette: Palette, contract: ContractTitle): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  const merges: CellRange[] = [];
  const years = analysis.sheets.map((s) => s.bilan);
  rows.push([label(`Synthèse — ${cutShown(contractLabel(contract))}`, { bold: true, size: 14 })]);
  // Years whose reading is not to be trusted are named before any number.
  for (const s of analysis.sheets) {
    const notice = incompleteNotice(s.diagnostics);
    if (!notice) continue;
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: 6 });
    rows.push([label(`${s.sheet.year ?? s.sheet.name} — ${notice}`, INCOMPLETE_LOOK)]);
  }
  rows.push([]);
  const { headerRow, chart } = pushStatusYearBlock(rows, tableHeaders, analysis, palette);
  const last = analysis.sheets[analysis.sheets.length - 1];
  if (last) {
    const lastYear = String(last.bilan.year ?? last.sheet.name);
    groupBlock(
      rows,
      tableHeaders,
      `Par axe — ${lastYear}`,
      'Axe',
      last.bilan.byAxe.map((g) => ({ ...g, label: cutShown(groupLabel(g, 'Axe')) })),
    );
    groupBlock(
      rows,
      tableHeaders,
      `Fiches-actions et pistes — ${lastYear}`,
      'Type',
      Object.values(last.bilan.byKind).filter((g) => g.total > 0),
    );
    // The conclusion under the summaries, before the detail per objective and porteur.
    rows.push([]);
    rows.push([text(last.bilan.conclusion, { bold: true })]);
    rows.push([text(last.bilan.remainingSentence, { bold: true })]);
    groupBlock(
      rows,
      tableHeaders,
      `Par objectif — ${lastYear}`,
      'Objectif',
      last.bilan.byObjectif.map((g) => ({ ...g, label: cutShown(groupLabel(g, 'Objectif')) })),
    );
    porteurBlock(rows, tableHeaders, `Par porteur — ${lastYear}`, last.bilan.byPorteur);
  }
  if (analysis.history) {
    for (const pair of analysis.history.pairs) {
      rows.push([]);
      rows.push([
        label(
          `Évolutions ${pair.fromYear} → ${pair.toYear} : ${count(pair.matched, 'action suivie', 'actions suivies')}, ` +
            `${count(pair.appeared, 'nouvelle', 'nouvelles')}, ${count(pair.disappeared, 'disparue', 'disparues')}`,
          { bold: true },
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
    groups: [],
    chart,
  };
}

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

/** « Suivi pluriannuel »: one row per action followed, a status-coloured column per year (the report's GANTT). */
export function followUpLayout(history: History, palette: Palette): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  rows.push([label('Suivi pluriannuel des actions', { bold: true, size: 14 })]);
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
    rows.push([
      text(cutShown(track.objectif?.code ?? ''), { border: true, align: 'center' }),
      text(cutShown(track.code ?? ''), { border: true, align: 'center' }),
      track.title
        ? text(cutShown(track.title), { border: true, wrap: true })
        : label('(sans intitulé)', { border: true, wrap: true, italic: true }),
      ...track.entries.map((e) =>
        e ? statusCell(e.status, palette) : text('—', { border: true, align: 'center', colour: MUTED_TEXT }),
      ),
      label(evolution.text, {
        border: true,
        wrap: true,
        bold: evolution.regression,
        colour: evolution.regression ? '#C00000' : undefined,
      }),
    ]);
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
    groups: [],
  };
}

function sortedTracks(history: History): Track[] {
  return [...history.tracks].sort(
    (a, b) =>
      compareCodes(a.objectif?.code ?? LAST, b.objectif?.code ?? LAST) || compareCodes(a.code ?? LAST, b.code ?? LAST),
  );
}

/** Grey of « — » (no entry that year): 4.5:1 on white, the least WCAG AA allows for text. */
const MUTED_TEXT = '#595959';

/** Fill of « Sans état » in the chart: a light grey that no state uses. */
export const WITHOUT_STATUS_FILL = '#D9D9D9';

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

/** Sorts after every code. */
const LAST = '\uffff';

const CODE_COLLATOR = new Intl.Collator('fr', { numeric: true });

/** Orders codes like « 1.2.10 » after « 1.2.9 ». */
export function compareCodes(a: string, b: string): number {
  return CODE_COLLATOR.compare(a, b);
}

const SEVERITY_FILLS = { error: '#F8CBAD', warning: '#FFE699', info: '#DDEBF7' } as const;

/** Edits a grouped line shows in « Correction proposée »; the others are counted. */
const FIXES_SHOWN = 5;

/** « F12 : En cours », one edit a line, the edits of a grouped line counted beyond the first ones. */
function fixText(fix: Diagnostic['fix']): string {
  if (!fix) return '';
  const shown = fix.slice(0, FIXES_SHOWN).map((f) => `${f.cell}${NBSP}: ${cutShown(f.value)}`);
  const others = fix.length - shown.length;
  if (others > 0) shown.push(typeset(`… et ${count(others, 'autre correction', 'autres corrections')}`));
  return shown.join('\n');
}

/**
 * « Contrôles »: every diagnostic, by severity, so the coordinator can fix the source. A check that
 * fires more than GROUP_THRESHOLD times on one sheet is one line naming its first rows
 * (core/check/diagnostic-groups.ts); `cls-bilan inspect --tout` lists them all.
 */
export function controlsLayout(diagnostics: readonly Diagnostic[]): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const lines = groupDiagnostics(sortDiagnostics(diagnostics));
  rows.push([label('Contrôles du tableau de suivi', { bold: true, size: 14 })]);
  const grouped = anyGrouped(lines)
    ? ` Un contrôle qui revient plus de ${GROUP_THRESHOLD} fois sur une feuille y tient en une ligne ; « ${FULL_LIST_COMMAND} » les liste tous.`
    : '';
  rows.push([
    text(
      diagnostics.length === 0
        ? 'Aucun problème trouvé.'
        : typeset(
            `${count(diagnostics.length, 'point')} à vérifier, les erreurs d'abord. La cellule indique où corriger dans le classeur d'origine.${grouped}`,
          ),
      { italic: true },
    ),
  ]);
  const widths = [15, 16, 9, 26, 34, 90, 28];
  if (diagnostics.length === 0) {
    const none = { freezeRows: 0, printTitleRow: null, headerRow: null, tableHeaders: [] };
    return { name: 'Contrôles', widths, rows, merges: [], groups: [], annex: true, ...none };
  }
  rows.push([]);
  const headerRow = rows.length;
  rows.push(header(['Gravité', 'Feuille', 'Cellule', 'Code', 'Contrôle', 'Message', 'Correction proposée']));
  for (const d of lines) {
    rows.push([
      text(SEVERITY_LABELS[d.severity], { fill: SEVERITY_FILLS[d.severity], border: true }),
      text(cutShown(d.sheet), { border: true }),
      text(lineCell(d) ?? '', { border: true, align: 'center' }),
      text(d.code, { border: true }),
      text(CATALOGUE[d.code].title, { border: true, wrap: true }),
      text(d.message, { border: true, wrap: true }),
      text(fixText(d.fix), { border: true, wrap: true }),
    ]);
  }
  return {
    name: 'Contrôles',
    widths,
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders: [headerRow],
    groups: [],
    annex: true,
  };
}

/** « +5 pts », « −3 pts », « = », or « — » without a year before. */
export function changeText(change: number | null): string {
  if (change === null) return '—';
  if (change === 0) return '=';
  return typeset(`${change > 0 ? '+' : '−'}${Math.abs(change)} pt${Math.abs(change) > 1 ? 's' : ''}`);
}

/**
 * « Synthèse des contrats »: one line per contract (its last year's states, « % réalisé » and its
 * change, checks, regressions, the link to its bilan), the region's totals, the share of each state
 * per contract with its chart, and the files that could not be read.
 */
export function regionSynthesisLayout(synthesis: RegionSynthesis, palette: Palette): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  const { contracts, totals, failures } = synthesis;
  const anyRealise = contracts.some((c) => c.counts.realise > 0);
  const anyWithout = contracts.some((c) => c.counts.sans_etat > 0);
  const ids = STATUS_IDS.filter((id) => id !== 'realise' || anyRealise);
  rows.push([label('Synthèse des contrats locaux de santé', { bold: true, size: 14, heading: 1 })]);
  rows.push([
    label(
      `${count(totals.contracts, 'contrat')}, ${count(totals.actions, 'action')} ; pour chaque contrat, l'état des actions de sa dernière année. ` +
        'Les nombres sont ceux du bilan de chaque contrat.',
      { italic: true },
    ),
  ]);
  rows.push([]);
  const headerRow = rows.length;
  tableHeaders.push(headerRow);
  const statusHeader = (id: StatusId) =>
    label(STATUSES[id].label, {
      bold: true,
      border: true,
      wrap: true,
      align: 'center',
      fill: palette[id],
      colour: textColourOn(palette[id]),
    });
  rows.push([
    ...header(['Contrat', 'Fichier', 'Années', 'Dernière année', 'Actions']),
    ...ids.map(statusHeader),
    ...(anyWithout ? header(['Sans état']) : []),
    ...header(['% réalisé', 'Évolution sur un an', 'Erreurs', 'Avertissements', 'Reculs', 'Bilan']),
  ]);
  const number = (n: number, extra: Omit<LayoutCell, 'value'> = {}) =>
    text(n, { border: true, align: 'right', ...extra });
  for (const c of contracts) {
    const span =
      c.years.length === 0
        ? '—'
        : c.years.length === 1
          ? String(c.years[0])
          : `${c.years[0]}–${c.years[c.years.length - 1]}`;
    rows.push([
      text(cutShown(c.name), { border: true, wrap: true, bold: true }),
      text(cutShown(c.file), { border: true, wrap: true }),
      text(span, { border: true, align: 'center' }),
      text(c.lastYear ?? '—', { border: true, align: 'center' }),
      number(c.actions),
      ...ids.map((id) => number(c.counts[id])),
      ...(anyWithout ? [number(c.counts.sans_etat)] : []),
      pct(c.donePercent, { bold: true }),
      label(changeText(c.change), {
        border: true,
        align: 'center',
        colour: c.change !== null && c.change < 0 ? '#C00000' : undefined,
      }),
      number(c.errors, c.errors > 0 ? { colour: '#C00000', bold: true } : {}),
      number(c.warnings),
      number(c.regressions),
      c.bilan
        ? text(c.bilan, { border: true, wrap: true, link: c.bilan })
        : label('—', { border: true, align: 'center' }),
    ]);
  }
  rows.push([
    label('Total de la région', { bold: true, border: true }),
    label(count(totals.contracts, 'contrat'), { bold: true, border: true }),
    text(null, { border: true }),
    text(null, { border: true }),
    number(totals.actions, { bold: true }),
    ...ids.map((id) => number(totals.counts[id], { bold: true })),
    ...(anyWithout ? [number(totals.counts.sans_etat, { bold: true })] : []),
    pct(totals.donePercent, { bold: true }),
    text(null, { border: true }),
    number(totals.errors, { bold: true }),
    number(totals.warnings, { bold: true }),
    number(totals.regressions, { bold: true }),
    text(null, { border: true }),
  ]);
  rows.push([]);

  // The share of each state per contract (the bilans' own shares), and their chart.
  rows.push([label('Part de chaque état par contrat (dernière année)', { bold: true, heading: 2 })]);
  const sharesHeader = rows.length;
  tableHeaders.push(sharesHeader);
  rows.push(header(['État', ...contracts.map((c) => cutShown(c.name))]));
  const series: LayoutChart['series'] = [];
  const shares = contracts.map((c) => statusShares(c.counts));
  for (const id of ids) {
    series.push({ row: rows.length, colour: palette[id], status: id });
    rows.push([
      text(STATUSES[id].label, { fill: palette[id], colour: textColourOn(palette[id]), border: true }),
      ...shares.map((s) => pct(s[id])),
    ]);
  }
  if (anyWithout) {
    series.push({ row: rows.length, colour: WITHOUT_STATUS_FILL, status: null });
    rows.push([label('Sans état', { border: true, italic: true }), ...shares.map((s) => pct(s.sans_etat))]);
  }
  rows.push([]);
  const chart: LayoutChart | undefined =
    contracts.length > 0
      ? {
          title: typeset('« % réalisé » des contrats (dernière année)'),
          categoriesRow: sharesHeader,
          labelCol: 0,
          firstCol: 1,
          lastCol: contracts.length,
          series,
          donePercents: contracts.map((c) => c.donePercent),
          atRow: rows.length,
          rowSpan: CHART_ROWS + 4,
          unit: 'percent',
        }
      : undefined;
  if (chart) for (let i = 0; i < chart.rowSpan; i++) rows.push([]);

  if (failures.length > 0) {
    rows.push([label('Fichiers non lus', { bold: true, heading: 2 })]);
    tableHeaders.push(rows.length);
    rows.push(header(['Fichier', 'Raison']));
    for (const f of failures) {
      rows.push([text(f.file, { border: true, wrap: true }), text(f.message, { border: true, wrap: true })]);
    }
  }
  return {
    name: 'Synthèse des contrats',
    widths: [36, 28, 11, 10, 9, ...ids.map(() => 11), ...(anyWithout ? [9] : []), 10, 11, 9, 10, 8, 40],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders,
    groups: [],
    chart,
  };
}

/** Options of a bilan workbook. */
export interface BilanLayoutOptions {
  palette: Palette;
  /** Keep only this year's « Bilan AAAA » sheet (the synthesis and the follow-up keep every year). */
  year?: number;
  contract: ContractTitle;
}

/**
 * The whole bilan workbook: one « Bilan AAAA » per year, Synthèse, Suivi pluriannuel (several
 * years), then the annex: Contrôles, Sources et rapprochements.
 */
export function bilanWorkbookLayout(analysis: WorkbookAnalysis, options: BilanLayoutOptions): WorkbookLayout {
  const sheets: SheetLayout[] = [];
  const add = (layout: SheetLayout) =>
    sheets.push({
      ...layout,
      name: freeSheetName(
        layout.name,
        sheets.map((s) => s.name),
      ),
    });
  for (const s of analysis.sheets) {
    if (options.year === undefined || s.sheet.year === options.year) {
      add(yearSheetLayout(s, options.palette, { contract: options.contract }));
    }
  }
  add(synthesisLayout(analysis, options.palette, options.contract));
  if (analysis.history) add(followUpLayout(analysis.history, options.palette));
  // The annex, after the bilan: the checks, then where each year comes from.
  add(controlsLayout([...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)]));
  add(sourcesLayout(analysis));
  return { sheets };
}

/** What names a contract's documents: `--contrat`, and the source's file name. */
export interface DocumentNaming {
  /** `--contrat`: the contract's name as the user gives it. */
  contractOption?: string;
  /** The workbook's name without extension, the contract's name of last resort. */
  fileStem: string;
}

/** What makes a bilan document: the palette, the year kept, and what names it. */
export interface BilanDocumentOptions extends DocumentNaming {
  palette: Palette;
  year?: number;
}

/** The contract a workbook's documents (its bilan, its line of the region's synthesis) are about. */
export function documentContract(analysis: WorkbookAnalysis, naming: DocumentNaming): ContractTitle {
  return contractTitle(
    analysis.sheets.map((s) => s.sheet),
    naming.contractOption,
    naming.fileStem,
  );
}

/** A workbook's bilan as a document: the contract it is about, its title, and its sheets. */
export function bilanDocument(
  analysis: WorkbookAnalysis,
  options: BilanDocumentOptions,
): { contract: ContractTitle; title: string; layout: WorkbookLayout } {
  const contract = documentContract(analysis, options);
  const shown = analysis.sheets.filter((s) => options.year === undefined || s.sheet.year === options.year);
  const title = bilanTitle(
    contract,
    shown.map((s) => s.sheet.year),
  );
  const layout = bilanWorkbookLayout(analysis, { palette: options.palette, year: options.year, contract });
  return { contract, title, layout };
}

/** The data of the stacked bar chart of statuses per year (html writer, add-in chart). */
export function statusesPerYear(analysis: WorkbookAnalysis): { label: string; counts: StatusCounts; total: number }[] {
  return analysis.sheets.map((s) => ({
    label: String(s.bilan.year ?? s.sheet.name),
    counts: s.bilan.counts,
    total: s.bilan.total,
  }));
}

/**
 * The bilan tables as plain layouts (cells, fills, merges), laid out like the PETR report so a
 * coordinator can paste them into the report to the ARS. Every writer (xlsx, html, the add-in's
 * « Bilan AAAA » sheet) renders these; none of them re-derives a number.
 */
import type { SheetAnalysis, WorkbookAnalysis } from './analysis';
import { textColourOn } from './contrast';
import type { StatusCounts } from './bilan';
import { CATALOGUE, type Diagnostic, SEVERITY_LABELS, sortDiagnostics } from './diagnostics';
import type { CellRange } from './grid';
import type { History, Track } from './history';
import type { Action } from './model';
import { isRealise, type Palette, STATUS_IDS, STATUSES, type StatusId } from './status';
import { cutToCell } from './text';

export interface LayoutCell {
  value: string | number | null;
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  wrap?: boolean;
  border?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Font colour, #RRGGBB. */
  colour?: string;
  /**
   * `value` is a whole percentage (7 for 7 %): the xlsx stores it as a number with a percent format
   * (0.07 shown « 7 % »), so that it can be summed and charted; the html shows « 7 % ».
   */
  percent?: boolean;
}

export interface SheetLayout {
  name: string;
  /** Column widths in characters. */
  widths: number[];
  /** `rows[r][c]`; missing cells are empty. */
  rows: (LayoutCell | null)[][];
  merges: CellRange[];
  /** Rows frozen at the top (the header stays visible). */
  freezeRows: number;
  /** 1-based header row repeated on every printed page. */
  printTitleRow: number | null;
  /** Index of the table header row (0-based) in `rows`, for writers that mark it. */
  headerRow: number | null;
}

export interface WorkbookLayout {
  sheets: SheetLayout[];
}

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
  if (!status) return text('Sans état', { border: true, italic: true, ...extra });
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

/** « Bilan AAAA »: title, legend with counts and swatches, the grouped table, the conclusion. */
export function yearSheetLayout(analysis: SheetAnalysis, palette: Palette, name?: string): SheetLayout {
  const { sheet, bilan } = analysis;
  const year = sheet.year ?? '';
  const rows: (LayoutCell | null)[][] = [];
  const merges: CellRange[] = [];
  rows.push([text(`Bilan ${year} par action`.replace('  ', ' '), { bold: true, size: 14 })]);
  rows.push([text(`Feuille source : « ${sheet.name} » — ${bilan.total} actions`, { italic: true })]);
  rows.push([]);
  rows.push([text('Avancement des actions :', { bold: true })]);
  // One line per status: the count, then the legend sentence on its colour (merged over B:D).
  for (const id of legendStatuses(bilan.counts)) {
    const fill = palette[id];
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    rows.push([
      text(bilan.counts[id], { align: 'right', bold: true }),
      text(STATUSES[id].legend, { fill, colour: textColourOn(fill), border: true }),
    ]);
  }
  if (bilan.counts.sans_etat > 0) {
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    rows.push([
      text(bilan.counts.sans_etat, { align: 'right', bold: true }),
      text('Sans état renseigné', { border: true, italic: true }),
    ]);
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
    if (groupStart >= 0 && end > groupStart) {
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
      row[0] = text(group?.code ?? '', { border: true, bold: true, align: 'center', wrap: true });
      row[1] = text(group?.title ?? '', { border: true, wrap: true });
    } else {
      row[0] = text(null, { border: true });
      row[1] = text(null, { border: true });
    }
    const piste = a.kind !== 'fiche';
    row.push(
      text(a.title || '(sans intitulé)', { border: true, wrap: true, italic: piste || !a.title }),
      text(codeText(a), { border: true, align: 'center', italic: piste }),
      text(a.porteur, { border: true, wrap: true }),
      statusCell(a.status, palette),
      text(remarksOf(a), { border: true, wrap: true }),
    );
    rows.push(row);
  }
  closeGroup(rows.length - 1);
  rows.push([]);
  rows.push([text(bilan.conclusion, { bold: true })]);
  rows.push([text(bilan.remainingSentence, { bold: true })]);
  const kinds = bilan.byKind;
  rows.push([
    text(
      `${kinds.fiche.total} fiches-actions, ${kinds.piste.total} pistes d'action` +
        (kinds.action.total > 0 ? `, ${kinds.action.total} actions sans numéro` : '') +
        ` ; pourcentages arrondis à l'unité la plus proche.`,
      { italic: true },
    ),
  ]);
  return {
    name: name ?? `Bilan ${year}`.trim(),
    widths: [8, 30, 50, 11, 26, 22, 60],
    rows,
    merges,
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
  };
}

/** « Synthèse »: statuses × years, the last year per axe and objective, transitions between years. */
export function synthesisLayout(analysis: WorkbookAnalysis, palette: Palette, title: string): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const years = analysis.sheets.map((s) => s.bilan);
  rows.push([text(`Synthèse — ${title}`, { bold: true, size: 14 })]);
  rows.push([]);
  rows.push([text("État d'avancement des actions par année", { bold: true })]);
  const headerRow = rows.length;
  rows.push(header(['État', ...years.flatMap((y) => [String(y.year ?? y.sheet), '%'])]));
  const anyRealise = years.some((y) => y.counts.realise > 0);
  const anyWithout = years.some((y) => y.counts.sans_etat > 0);
  const ids = STATUS_IDS.filter((id) => id !== 'realise' || anyRealise);
  for (const id of ids) {
    rows.push([
      text(STATUSES[id].label, { fill: palette[id], colour: textColourOn(palette[id]), border: true }),
      ...years.flatMap((y) => [text(y.counts[id], { border: true, align: 'right' }), pct(y.shares[id])]),
    ]);
  }
  if (anyWithout) {
    rows.push([
      text('Sans état', { border: true, italic: true }),
      ...years.flatMap((y) => [text(y.counts.sans_etat, { border: true, align: 'right' }), pct(y.shares.sans_etat)]),
    ]);
  }
  rows.push([
    text('Total', { bold: true, border: true }),
    ...years.flatMap((y) => [text(y.total, { bold: true, border: true, align: 'right' }), pct(y.total > 0 ? 100 : 0)]),
  ]);
  rows.push([
    text('Réalisées (clos, pérenne ou sans précision)', { bold: true, border: true }),
    ...years.flatMap((y) => [
      text(y.done, { bold: true, border: true, align: 'right' }),
      pct(y.donePercent, { bold: true }),
    ]),
  ]);
  const last = analysis.sheets[analysis.sheets.length - 1];
  if (last) {
    rows.push([]);
    rows.push([text(last.bilan.conclusion, { bold: true })]);
    rows.push([text(last.bilan.remainingSentence, { bold: true })]);
    for (const [label, groups] of [
      ['axe', last.bilan.byAxe],
      ['objectif', last.bilan.byObjectif],
    ] as const) {
      rows.push([]);
      rows.push([text(`Par ${label} — ${last.bilan.year ?? last.sheet.name}`, { bold: true })]);
      rows.push(header([label === 'axe' ? 'Axe' : 'Objectif', 'Actions', 'Réalisées', '% réalisé']));
      for (const g of groups) {
        rows.push([
          text(g.label || '(sans intitulé)', { border: true, wrap: true }),
          text(g.total, { border: true, align: 'right' }),
          text(g.done, { border: true, align: 'right' }),
          pct(g.donePercent),
        ]);
      }
    }
    rows.push([]);
    rows.push([text(`Fiches-actions et pistes — ${last.bilan.year ?? last.sheet.name}`, { bold: true })]);
    rows.push(header(['Type', 'Actions', 'Réalisées', '% réalisé']));
    for (const g of Object.values(last.bilan.byKind)) {
      if (g.total === 0) continue;
      rows.push([
        text(g.label, { border: true }),
        text(g.total, { border: true, align: 'right' }),
        text(g.done, { border: true, align: 'right' }),
        pct(g.donePercent),
      ]);
    }
  }
  if (analysis.history) {
    for (const pair of analysis.history.pairs) {
      rows.push([]);
      rows.push([
        text(
          `Évolutions ${pair.fromYear} → ${pair.toYear} : ${pair.matched} actions suivies, ${pair.appeared} nouvelle(s), ${pair.disappeared} disparue(s)`,
          { bold: true },
        ),
      ]);
      rows.push(header([`État ${pair.fromYear}`, `État ${pair.toYear}`, 'Actions']));
      for (const t of pair.transitions) {
        rows.push([
          statusCell(t.from, palette, { align: 'left' }),
          statusCell(t.to, palette, { align: 'left' }),
          text(t.count, { border: true, align: 'right' }),
        ]);
      }
    }
  }
  return {
    name: 'Synthèse',
    widths: [44, ...years.flatMap(() => [11, 8]), 11],
    rows,
    merges: [],
    freezeRows: 0,
    printTitleRow: null,
    headerRow,
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
  rows.push([text('Suivi pluriannuel des actions', { bold: true, size: 14 })]);
  rows.push([
    text(
      "Chaque ligne suit une action d'une année sur l'autre (même numéro, ou titre semblable dans le même objectif). " +
        'Les reculs sont signalés en rouge.',
      { italic: true },
    ),
  ]);
  rows.push([]);
  const headerRow = rows.length;
  rows.push(header(['Objectif', 'N°', 'Action', ...history.years.map(String), 'Évolution', 'Rapprochement']));
  const sorted = [...history.tracks].sort(
    (a, b) =>
      compareCodes(a.objectif?.code ?? LAST, b.objectif?.code ?? LAST) || compareCodes(a.code ?? LAST, b.code ?? LAST),
  );
  for (const track of sorted) {
    const evolution = trackEvolution(track, history.years);
    const links = track.links
      .map((l, i) => (l ? `${history.years[i]}→${history.years[i + 1]} : ${l.explanation}` : null))
      .filter((t): t is string => t !== null);
    rows.push([
      text(track.objectif?.code ?? '', { border: true, align: 'center' }),
      text(track.code ?? '', { border: true, align: 'center' }),
      text(track.title || '(sans intitulé)', { border: true, wrap: true, italic: !track.title }),
      ...track.entries.map((e) =>
        e ? statusCell(e.status, palette) : text('—', { border: true, align: 'center', colour: '#808080' }),
      ),
      text(evolution.text, {
        border: true,
        wrap: true,
        bold: evolution.regression,
        colour: evolution.regression ? '#C00000' : undefined,
      }),
      text(links.join('\n'), { border: true, wrap: true, colour: '#595959' }),
    ]);
  }
  return {
    name: 'Suivi pluriannuel',
    widths: [9, 9, 50, ...history.years.map(() => 18), 30, 50],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
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

/** « Contrôles »: every diagnostic, by severity, so the coordinator can fix the source. */
export function controlsLayout(diagnostics: readonly Diagnostic[]): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  rows.push([text('Contrôles du tableau de suivi', { bold: true, size: 14 })]);
  rows.push([
    text(
      diagnostics.length === 0
        ? 'Aucun problème trouvé.'
        : `${diagnostics.length} point(s) à vérifier, les erreurs d'abord. La cellule indique où corriger dans le classeur d'origine.`,
      { italic: true },
    ),
  ]);
  rows.push([]);
  const headerRow = rows.length;
  rows.push(header(['Gravité', 'Feuille', 'Cellule', 'Code', 'Contrôle', 'Message', 'Correction proposée']));
  for (const d of sortDiagnostics(diagnostics)) {
    rows.push([
      text(SEVERITY_LABELS[d.severity], { fill: SEVERITY_FILLS[d.severity], border: true }),
      text(d.sheet, { border: true }),
      text(d.cell ?? '', { border: true, align: 'center' }),
      text(d.code, { border: true }),
      text(CATALOGUE[d.code].title, { border: true, wrap: true }),
      text(d.message, { border: true, wrap: true }),
      text(d.fix ? d.fix.map((f) => `${f.cell} : ${f.value}`).join('\n') : '', { border: true, wrap: true }),
    ]);
  }
  return {
    name: 'Contrôles',
    widths: [15, 16, 9, 26, 34, 90, 28],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
  };
}

/** Options of a bilan workbook. */
export interface BilanLayoutOptions {
  palette: Palette;
  /** Keep only this year's « Bilan AAAA » sheet (the synthesis and the follow-up keep every year). */
  year?: number;
  title: string;
}

/** An Excel sheet name not yet used: at most 31 characters, without \ / ? * [ ] :, compared without case. */
export function freeSheetName(wanted: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The whole bilan workbook: one « Bilan AAAA » per year, Synthèse, Suivi pluriannuel (several years), Contrôles. */
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
    if (options.year === undefined || s.sheet.year === options.year) add(yearSheetLayout(s, options.palette));
  }
  add(synthesisLayout(analysis, options.palette, options.title));
  if (analysis.history) add(followUpLayout(analysis.history, options.palette));
  add(controlsLayout([...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)]));
  return { sheets };
}

/** The data of the stacked bar chart of statuses per year (html writer, add-in chart). */
export function statusesPerYear(analysis: WorkbookAnalysis): { label: string; counts: StatusCounts; total: number }[] {
  return analysis.sheets.map((s) => ({
    label: String(s.bilan.year ?? s.sheet.name),
    counts: s.bilan.counts,
    total: s.bilan.total,
  }));
}

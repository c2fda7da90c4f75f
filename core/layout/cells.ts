/** The cells every layout is made of: texts, percentages, states on their colour, our own labels, the table header, code order. */
import type { LayoutCell } from './sheet-layout';
import { textColourOn } from '../base/contrast';
import { type StatusCounts } from '../base/status-counts';
import type { GroupBilan } from '../report/bilan';
import { typeset } from '../base/typography';
import type { Action } from '../base/model';
import { type Palette, STATUS_IDS, STATUSES, type StatusId } from '../base/status';
import { cutToCell } from '../base/text';
import { memoized } from '../base/memo';

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

/**
 * Every property of a layout cell but its value, each present (undefined when not set): the one
 * shape of the layout's cells. Cells of one shape are read fast by the writers, which go over
 * hundreds of thousands of them in a large bilan; cells of many shapes (`{ value, ...extra }`)
 * made each property read a slow, generic lookup.
 */
export type Look = { [K in Exclude<keyof LayoutCell, 'value'>]-?: LayoutCell[K] };

/** The look of cells, every property present: made once for a table's column, then given to `styled`. */
export function look(extra: Omit<LayoutCell, 'value'>): Look {
  return {
    fill: extra.fill,
    bold: extra.bold,
    italic: extra.italic,
    size: extra.size,
    wrap: extra.wrap,
    border: extra.border,
    align: extra.align,
    colour: extra.colour,
    percent: extra.percent,
    heading: extra.heading,
    link: extra.link,
  };
}

/**
 * A cell of a look made by `look`: what `text` makes, for the loops over a large table's rows
 * (every look read here has the same shape, which is faster than the call's own literal).
 */
export function styled(value: string | number | null, look: Look): LayoutCell {
  return {
    value: typeof value === 'string' ? cutToCell(value) : value,
    fill: look.fill,
    bold: look.bold,
    italic: look.italic,
    size: look.size,
    wrap: look.wrap,
    border: look.border,
    align: look.align,
    colour: look.colour,
    percent: look.percent,
    heading: look.heading,
    link: look.link,
  };
}

/** A cell of a layout; a text longer than an Excel cell holds (remarks joined over rows) is cut, with a marker. */
export function text(value: string | number | null, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return styled(value, look(extra));
}

/** A whole percentage as a number cell (see LayoutCell.percent). */
export function pct(value: number, extra: Omit<LayoutCell, 'value' | 'percent'> = {}): LayoutCell {
  return text(value, { percent: true, align: 'right', border: true, ...extra });
}

export function header(values: readonly string[]): LayoutCell[] {
  return values.map((v) => text(v, { bold: true, border: true, fill: '#D9E1F2', wrap: true, align: 'center' }));
}

const NO_EXTRA: Omit<LayoutCell, 'value'> = {};

/**
 * The plain state cells of each palette, made once and shared by every row in that state: one
 * cell per action (and per year of the follow-up) has one, and a layout cell is never changed once
 * made, so a large bilan allocates a handful of them instead of tens of thousands (less for the
 * garbage collector to copy, and the writers find the same cell again).
 */
const statusCells = new WeakMap<Palette, Map<StatusId | null, LayoutCell>>();

export function statusCell(
  status: StatusId | null,
  palette: Palette,
  extra: Omit<LayoutCell, 'value'> = NO_EXTRA,
): LayoutCell {
  if (extra !== NO_EXTRA) return statusCellOf(status, palette, extra);
  let cells = statusCells.get(palette);
  if (!cells) statusCells.set(palette, (cells = new Map()));
  let cell = cells.get(status);
  // Made again if the palette was changed since (palettes are not, but a stale colour would be wrong).
  if (!cell || (status && cell.fill !== palette[status])) {
    cell = statusCellOf(status, palette, extra);
    cells.set(status, cell);
  }
  return cell;
}

function statusCellOf(status: StatusId | null, palette: Palette, extra: Omit<LayoutCell, 'value'>): LayoutCell {
  if (!status) return label('Sans état', { border: true, italic: true, ...extra });
  const fill = palette[status];
  return text(STATUSES[status].label, { fill, colour: textColourOn(fill), border: true, align: 'center', ...extra });
}

/**
 * The remarks of an action: its notes that say something, one per line (note by note rather than
 * over an array of them: one array per action of a large bilan saved).
 */
export function remarksOf(a: Action): string {
  const n = a.notes;
  let out = withNote('', n.remarques);
  out = withNote(out, n.avancees);
  out = withNote(out, n.preconisations);
  out = withNote(out, n.objectifsAtteints);
  return withNote(out, n.resteAFaire);
}

/** The remarks so far, and a note on a line of its own when it says something. */
function withNote(out: string, note: string | undefined): string {
  if (!note || !note.trim()) return out;
  return out === '' ? note : `${out}\n${note}`;
}

export function codeText(a: Action): string {
  if (a.kind === 'piste') return a.code ?? 'Piste';
  if (a.kind === 'action' && !a.code) return 'Action';
  return a.code ?? '';
}

/** Our own sentences typeset, each once: a large bilan repeats a few hundred over thousands of rows (« apparue en 2021 »). */
export const typesetLabel = memoized(typeset, { limit: 10_000 });

/** Our own text (labels, sentences), typeset the French way; the user's text goes through `text`. */
export function label(value: string, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return text(typesetLabel(value), extra);
}

/** « Axe 1 – Commencer la vie en bonne santé », « Objectif 1.1 », or the title alone. */
export function groupLabel(g: Pick<GroupBilan, 'code' | 'title' | 'label'>, kind: 'Axe' | 'Objectif'): string {
  if (g.code && g.title) return `${g.code} – ${g.title}`;
  if (g.code) return `${kind} ${g.code}`;
  return g.label;
}

/** How « Bilan incomplet : … » stands out, on screen and in black and white. */
export const INCOMPLETE_LOOK: Omit<LayoutCell, 'value'> = {
  bold: true,
  wrap: true,
  border: true,
  fill: '#FFE0E0',
  colour: '#9C0006',
};

/** Grey of « — » (no entry that year): 4.5:1 on white, the least WCAG AA allows for text. */
export const MUTED_TEXT = '#595959';

/** Fill of « Sans état » in the chart: a light grey that no state uses. */
export const WITHOUT_STATUS_FILL = '#D9D9D9';

/** Sorts after every code. */
export const LAST = '\uffff';

const CODE_COLLATOR = new Intl.Collator('fr', { numeric: true });

/** Orders codes like « 1.2.10 » after « 1.2.9 ». */
export function compareCodes(a: string, b: string): number {
  return CODE_COLLATOR.compare(a, b);
}

/** The cells every layout is made of: texts, percentages, states on their colour, our own labels, the table header, code order. */
import type { LayoutCell } from './sheet-layout';
import { textColourOn } from '../base/contrast';
import { type StatusCounts } from '../base/status-counts';
import type { GroupBilan } from '../report/bilan';
import { typeset } from '../base/typography';
import type { Action } from '../base/model';
import { type Palette, STATUS_IDS, STATUSES, type StatusId } from '../base/status';
import { cutToCell } from '../base/text';

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
export function text(value: string | number | null, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return { value: typeof value === 'string' ? cutToCell(value) : value, ...extra };
}

/** A whole percentage as a number cell (see LayoutCell.percent). */
export function pct(value: number, extra: Omit<LayoutCell, 'value' | 'percent'> = {}): LayoutCell {
  return { value, percent: true, align: 'right', border: true, ...extra };
}

export function header(values: readonly string[]): LayoutCell[] {
  return values.map((v) => text(v, { bold: true, border: true, fill: '#D9E1F2', wrap: true, align: 'center' }));
}

export function statusCell(
  status: StatusId | null,
  palette: Palette,
  extra: Omit<LayoutCell, 'value'> = {},
): LayoutCell {
  if (!status) return label('Sans état', { border: true, italic: true, ...extra });
  const fill = palette[status];
  return text(STATUSES[status].label, { fill, colour: textColourOn(fill), border: true, align: 'center', ...extra });
}

export function remarksOf(a: Action): string {
  const n = a.notes;
  return [n.remarques, n.avancees, n.preconisations, n.objectifsAtteints, n.resteAFaire]
    .filter((t) => t && t.trim())
    .join('\n');
}

export function codeText(a: Action): string {
  if (a.kind === 'piste') return a.code ?? 'Piste';
  if (a.kind === 'action' && !a.code) return 'Action';
  return a.code ?? '';
}

/** Our own text (labels, sentences), typeset the French way; the user's text goes through `text`. */
export function label(value: string, extra: Omit<LayoutCell, 'value'> = {}): LayoutCell {
  return text(typeset(value), extra);
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

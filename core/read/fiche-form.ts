/**
 * One fiche-action per sheet: a form of labels and values (« Intitulé : … », « Porteur | CD »,
 * « Etat d'avancement au 31/12/2022 | En cours ») rather than a table. Each such sheet is one action;
 * the sheets of one year are then joined as one reading (same-year.ts), as sheets per axe are.
 * A sheet is read as a form only when it names at least the action, its state and one more field.
 */
import { cleanText, type Grid, toA1 } from '../base/grid';
import { headerCell } from './header';
import { type Action, type ActionNotes, type ColumnRole, NOTE_ROLES, type TrackingSheet } from '../base/model';
import { normalizeColour, type Palette, parseStatus } from '../base/status';
import { readStatusCell } from './status-cell';
import { readStatusKey } from './status-key';
import { splitPorteurs } from '../base/text';

/** Rows looked at for a form's fields. */
const FORM_ROWS = 80;

/** The fields a form names: role → the value and its cell (and the label's year, for the state). */
type Field = { text: string; fill: string | null; cell: string; year: number | null; labelCell: string };
type Fields = Partial<Record<ColumnRole, Field>>;

const LABEL_AND_VALUE = /^([^:]{2,50}?)\s*:\s*(.+)$/;
const FICHE_HEADING = /^fiche[\s-]*action\s*(?:n\s*°|n°|no\.?|n)?\s*(\d+(?:\.\d+){0,3})\s*[:\-–_)]?\s*(.*)$/i;

function fieldsOf(grid: Grid): { fields: Fields; heading: { code: string; title: string; cell: string } | null } {
  const fields: Fields = {};
  let heading: { code: string; title: string; cell: string } | null = null;
  const set = (role: ColumnRole, field: Field) => {
    if (fields[role] === undefined && (field.text !== '' || field.fill)) fields[role] = field;
  };
  for (let r = 0; r < Math.min(grid.cells.length, FORM_ROWS); r++) {
    const row = grid.cells[r] ?? [];
    const filled = row
      .map((cell, c) => ({ c, text: cleanText(cell?.text), fill: normalizeColour(cell?.fill) }))
      .filter((x) => x.text !== '' || x.fill);
    for (let i = 0; i < filled.length; i++) {
      const { c, text } = filled[i];
      if (text === '') continue;
      const h = FICHE_HEADING.exec(text);
      if (h && !heading) {
        heading = { code: h[1], title: h[2].trim(), cell: toA1(r, c) };
        continue;
      }
      const label = headerCell(text);
      if (label && label.role !== 'year' && label.role !== 'tick') {
        const next = filled[i + 1];
        if (next) {
          set(label.role, {
            text: next.text,
            fill: next.fill,
            cell: toA1(r, next.c),
            year: label.year,
            labelCell: toA1(r, c),
          });
          i++;
        }
        continue;
      }
      const inline = LABEL_AND_VALUE.exec(text);
      const inlineLabel = inline ? headerCell(inline[1]) : null;
      if (inline && inlineLabel && inlineLabel.role !== 'year' && inlineLabel.role !== 'tick') {
        const cell = toA1(r, c);
        set(inlineLabel.role, { text: inline[2].trim(), fill: null, cell, year: inlineLabel.year, labelCell: cell });
      }
    }
  }
  return { fields, heading };
}

/** The sheet as a fiche form, or null when it is not one. */
export function readFicheForm(
  grid: Grid,
  palette: Palette,
  year: { year: number | null; source: TrackingSheet['yearSource']; cell: string | null },
): TrackingSheet | null {
  const { fields, heading } = fieldsOf(grid);
  const status = fields.status;
  const titleText = fields.title?.text ?? heading?.title ?? '';
  const named = Object.keys(fields).length + (heading ? 1 : 0);
  if (!status || titleText === '' || named < 3) return null;
  const { status: state, source } = readStatusCell(status.text, status.fill, palette, () => readStatusKey(grid));
  if (state === null && parseStatus(status.text).match === 'unknown') return null;
  const code = fields.code?.text || (heading ? `FA ${heading.code}` : null);
  const notes: ActionNotes = {};
  for (const role of NOTE_ROLES) {
    if (fields[role]) notes[role] = fields[role]?.text ?? '';
  }
  const cells: Partial<Record<ColumnRole, string>> = {};
  for (const [role, f] of Object.entries(fields)) if (f) cells[role as ColumnRole] = f.cell;
  if (!cells.title && heading) cells.title = heading.cell;
  const porteur = fields.porteur?.text ?? '';
  const action: Action = {
    code: code || null,
    kind: code ? 'fiche' : 'action',
    title: titleText,
    porteur,
    porteurs: splitPorteurs(porteur),
    status: state,
    statusText: status.text,
    statusSource: source,
    statusFill: status.fill,
    axe: fields.axe ? { code: /^(?:axe\s*)?(\d+)/i.exec(fields.axe.text)?.[1] ?? null, title: fields.axe.text } : null,
    objectif: fields.objectif
      ? { code: /^(?:objectif\s*)?(\d+\.\d+)/i.exec(fields.objectif.text)?.[1] ?? null, title: fields.objectif.text }
      : null,
    notes,
    source: { sheet: grid.name, row: Number(/\d+$/.exec(cells.title ?? 'A1')?.[0] ?? 1), cells },
  };
  const fromLabel = status.year;
  return {
    name: grid.name,
    year: fromLabel ?? year.year,
    yearSource: fromLabel !== null ? 'header' : year.source,
    yearCell: fromLabel !== null ? status.labelCell : year.cell,
    header: { rows: [], columns: {}, labels: [] },
    legend: [],
    kindLegend: [],
    actions: [action],
    skippedRows: [],
  };
}

/**
 * The state of one status cell, as every reader of a sheet (tables, fiche forms) reads it: the text
 * first; a symbol or a percentage through the sheet's own key; « Réalisé » made clos or pérenne by
 * the fill; an empty cell by its fill alone: a palette (or legend) colour, else, on a sheet without
 * a legend, the colour's family.
 */
import { colourFamily } from './colour-family';
import type { StatusSource } from '../base/model';
import { type Palette, parseStatus, statusFromColour, type StatusId } from '../base/status';
import { needsKey, type StatusKey, statusFromKey } from './status-key';

export function readStatusCell(
  statusText: string,
  fill: string | null,
  palette: Palette,
  /** The sheet's key, read only when a cell needs it. */
  key: () => StatusKey,
  /** Read fills by their colour family too (a sheet without a legend of its own). */
  families = false,
): { status: StatusId | null; source: StatusSource } {
  if (statusText === '') {
    const byColour = statusFromColour(fill, palette);
    if (byColour) return { status: byColour, source: 'colour' };
    const family = families ? colourFamily(fill) : null;
    return family ? { status: family.status, source: 'family' } : { status: null, source: 'none' };
  }
  const parsed = parseStatus(statusText);
  if (parsed.status === null && needsKey(statusText)) {
    const byKey = statusFromKey(statusText, key());
    if (byKey) return { status: byKey, source: 'key' };
  }
  if (parsed.status === 'realise') {
    const kind = statusFromColour(fill, palette, ['realise_clos', 'realise_perenne', 'realise']);
    if (kind && kind !== 'realise') return { status: kind, source: 'text+colour' };
  }
  return { status: parsed.status, source: parsed.status ? 'text' : 'none' };
}

/**
 * « Liste déroulante »: the canonical statuses offered in a data-validation list on the status
 * column, bounded to the table's rows (never a whole column; header rows repeated inside the table
 * are left out), with the French alert shown when something else is typed. Host-neutral.
 */
import { columnIndex, rangeToA1 } from '../base/grid';
import type { TrackingSheet } from '../base/model';
import { STATUS_IDS, STATUSES } from '../base/status';

/** The labels offered: every status but the unspecified « Réalisé » (the list asks clos or pérenne). */
export function dropdownLabels(): string[] {
  return STATUS_IDS.filter((id) => id !== 'realise').map((id) => STATUSES[id].label);
}

/** The list source as Excel's data validation takes it: values separated by commas. */
export function dropdownSource(): string {
  return dropdownLabels().join(',');
}

export const DROPDOWN_ALERT = {
  title: 'État non reconnu',
  message: `Choisissez l'état dans la liste : ${dropdownLabels().join(', ')}.`,
} as const;

export const DROPDOWN_PROMPT = {
  title: 'État d’avancement',
  message: 'Choisissez l’état de l’action dans la liste.',
} as const;

/**
 * The status-column ranges to validate: for each header row, the rows below it down to the last
 * action before the next header. Empty when the table has no status column or no action.
 */
export function dropdownRanges(sheet: TrackingSheet): string[] {
  const letters = sheet.header.columns.status;
  if (!letters) return [];
  const col = columnIndex(letters);
  const headers = [...sheet.header.rows].sort((a, b) => a - b);
  const out: string[] = [];
  headers.forEach((header, i) => {
    const next = headers[i + 1] ?? Infinity;
    const rows = sheet.actions.map((a) => a.source.row).filter((r) => r > header && r < next);
    if (rows.length === 0) return;
    const last = rows.reduce((a, b) => Math.max(a, b), 0);
    out.push(rangeToA1({ top: header, left: col, bottom: last - 1, right: col }));
  });
  return out;
}

/**
 * The legend block « Avancement des actions » that the add-in writes where the user chooses:
 * one line per status with its count and its sentence on the status colour, laid out so the table
 * reader recognises it as the sheet's legend (count, then the coloured sentence) and the
 * LEGEND_COUNT_MISMATCH check keeps its numbers honest afterwards. Host-neutral.
 */
import { countStatuses } from '../base/status-counts';
import { type LayoutCell } from '../layout/sheet-layout';
import { legendStatuses } from '../layout/cells';
import { textColourOn } from '../base/contrast';
import type { Diagnostic, FixEdit } from '../check/diagnostics';
import type { TrackingSheet } from '../base/model';
import { type Palette, STATUSES } from '../base/status';

export const LEGEND_TITLE = 'Avancement des actions';

export interface LegendBlock {
  /** `rows[r][c]`, relative to the chosen top-left cell. */
  rows: LayoutCell[][];
  height: number;
  width: number;
}

/** The block for a sheet's current counts, coloured with the palette. */
export function legendBlock(sheet: TrackingSheet, palette: Readonly<Palette>): LegendBlock {
  const counts = countStatuses(sheet.actions);
  const rows: LayoutCell[][] = [[{ value: `${LEGEND_TITLE} :`, bold: true }, { value: null }]];
  for (const id of legendStatuses(counts)) {
    const fill = palette[id];
    rows.push([
      { value: counts[id], align: 'right', bold: true },
      { value: STATUSES[id].legend, fill, colour: textColourOn(fill), border: true },
    ]);
  }
  if (counts.sans_etat > 0) {
    rows.push([
      { value: counts.sans_etat, align: 'right', bold: true },
      { value: 'Sans état renseigné', italic: true, border: true },
    ]);
  }
  rows.push([
    { value: sheet.actions.length, align: 'right', bold: true },
    { value: 'Total des actions', bold: true },
  ]);
  return { rows, height: rows.length, width: 2 };
}

/**
 * The updates of a legend's written counts, from the LEGEND_COUNT_MISMATCH diagnostics: what
 * « Mettre à jour les nombres de la légende » writes. Empty when the legend is up to date.
 */
export function legendCountUpdates(diagnostics: readonly Diagnostic[]): FixEdit[] {
  return diagnostics.filter((d) => d.code === 'LEGEND_COUNT_MISMATCH' && d.fix).flatMap((d) => d.fix ?? []);
}

/** A block written from `topRow` is read as the legend only above the table's first header row. */
export function legendFitsAbove(sheet: TrackingSheet, topRow: number, height: number): boolean {
  const firstHeader = sheet.header.rows[0] ?? Infinity;
  return topRow + height < firstHeader;
}

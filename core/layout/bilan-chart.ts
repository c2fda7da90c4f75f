/**
 * « Bilan AAAA »: the sheet the add-in creates (the bilan layout of the converter) and, when the
 * workbook holds several years, the data table under its native stacked bar chart of statuses per
 * year. Host-neutral: the add-in writes the cells and asks Excel for the chart.
 */
import type { WorkbookAnalysis } from '../report/analysis';
import { legendStatuses } from './cells';
import { statusesPerYear } from './synthesis-sheet';

import { sumCounts } from '../base/status-counts';
import { type Palette, STATUSES, type StatusId } from '../base/status';

export interface ChartTable {
  title: string;
  /** First row: « Année », then one column per status. */
  header: string[];
  /** One row per year: its label, then the counts. */
  rows: (string | number)[][];
  /** Colour of each series (status column), #RRGGBB. */
  colours: string[];
  statuses: StatusId[];
}

export const CHART_TITLE = "État d'avancement des actions par année";

/** The chart's data; null when fewer than two yearly sheets (a single bar says nothing over time). */
export function statusChartTable(analysis: WorkbookAnalysis, palette: Readonly<Palette>): ChartTable | null {
  const years = statusesPerYear(analysis).filter((_, i) => analysis.sheets[i].sheet.year !== null);
  if (new Set(years.map((y) => y.label)).size < 2) return null;
  const total = sumCounts(years.map((y) => y.counts));
  const statuses = legendStatuses(total).filter((id) => total[id] > 0);
  return {
    title: CHART_TITLE,
    header: ['Année', ...statuses.map((id) => STATUSES[id].label)],
    rows: years.map((y) => [y.label, ...statuses.map((id) => y.counts[id])]),
    colours: statuses.map((id) => palette[id]),
    statuses,
  };
}

/**
 * « Bilan AAAA »: the sheet the add-in creates (the bilan layout of the converter) and, when the
 * workbook holds several years, the data table under its native stacked bar chart of statuses per
 * year. Host-neutral: the add-in writes the cells and asks Excel for the chart.
 */
import type { WorkbookAnalysis } from '../report/analysis';
import { legendStatuses } from './cells';
import { statusesPerYear } from './synthesis-sheet';

import { type LayoutCell, type LayoutChart, layoutChartData } from './sheet-layout';
import { sumCounts } from '../base/status-counts';
import { type Palette, STATUSES, type StatusId } from '../base/status';
import { textColourOn } from '../base/contrast';
import { typeset } from '../base/typography';

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

/** The value axis's title when a chart's layout gives none: the same words in every format. */
export const VALUE_AXIS_TITLES = {
  count: typeset("Nombre d'actions"),
  percent: 'Part des actions (%)',
} as const;

/** Colour of a number written beside its bar, on the chart's white: near black. */
export const BESIDE_LABEL_COLOUR = '#111111';

/**
 * A segment lower than this share of the value axis is too thin for its number (a 9-pt label in
 * a plot about 250 points high): the number is written beside the bar, level with the segment.
 */
export const THIN_SEGMENT = 0.07;

/** Where a segment's number is written: in its middle, or beside its bar (too thin for it). */
export type ChartLabelPlace = 'inside' | 'beside';

/**
 * How a chart is drawn, the same in the xlsx, the html and the docx: decided here from the layout,
 * rendered as it is by each writer.
 */
export interface ChartLook {
  valueAxisTitle: string;
  /** The value axis runs from 0 to `max`, a gridline every `step` (counts, or whole percentages). */
  max: number;
  step: number;
  /**
   * Per series: a solid fill in the state's own palette colour (as the table's cells), and the
   * colour of the numbers on it, the one core/base/contrast.ts reads best on that fill.
   */
  series: { fill: string; labelColour: string }[];
  /** Per series, per category: where its number goes, or null for none (an empty segment). */
  labels: (ChartLabelPlace | null)[][];
}

/** Axis steps that read well: 1, 2, 2.5, 5, 10, 20, 25, 50… (whole numbers only). */
export function niceStep(max: number, maxTicks = 6): number {
  const rough = Math.max(1, max / maxTicks);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * power;
    if (step >= rough && Number.isInteger(step)) return step;
  }
  return 10 * power;
}

/** The value axis's title: the layout's, or the one of its unit. */
export function chartValueAxisTitle(chart: LayoutChart): string {
  return chart.valueAxisTitle ?? VALUE_AXIS_TITLES[chart.unit ?? 'count'];
}

/** The look of a chart over its layout's rows (see ChartLook). */
export function chartLook(chart: LayoutChart, rows: readonly (readonly (LayoutCell | null)[])[]): ChartLook {
  const data = layoutChartData(chart, rows);
  const percent = chart.unit === 'percent';
  const totals = data.categories.map((_, i) => data.series.reduce((n, s) => n + s.values[i], 0));
  const highest = Math.max(1, ...totals);
  const step = percent ? 20 : niceStep(highest);
  // Room above the highest bar for its labels (a bar of shares is 100 % high).
  const max = percent ? 100 : Math.ceil((highest * 1.12) / step) * step;
  return {
    valueAxisTitle: chartValueAxisTitle(chart),
    max,
    step,
    series: chart.series.map((s) => ({ fill: s.colour, labelColour: textColourOn(s.colour) })),
    labels: data.series.map((s) =>
      s.values.map((v) => (v > 0 ? (v / max < THIN_SEGMENT ? 'beside' : 'inside') : null)),
    ),
  };
}

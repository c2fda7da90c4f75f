/**
 * The chart of states per year drawn alike in the xlsx, the html and the docx (issue 25 §2.6,
 * §2.11): each state a solid fill in its palette colour (the table's), its numbers in the contrast
 * colour core gives that fill, a thin segment's number beside its bar in near black, one value axis
 * (title, top, step) in every format. Read back from each format's own XML.
 */
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { BESIDE_LABEL_COLOUR, chartLook } from '../core/layout/bilan-chart';
import type { LayoutChart, SheetLayout, WorkbookLayout } from '../core/layout/sheet-layout';
import { wordBilanLayout } from '../core/layout/word-bilan';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { textColourOn } from '../core/base/contrast';
import { DEFAULT_PALETTE, ooxmlRgb } from '../core/base/status';
import { typeset } from '../core/base/typography';
import { chartSvg } from '../core/write/html';
import { writeXlsx } from '../core/write/xlsx/package';
import { renderDocx } from '../core/write/docx';

const SAMPLE = join(__dirname, '..', 'samples', 'petr-coeur-de-lorraine-2020-2023.xlsx');

interface Made {
  synthesis: SheetLayout;
  chart: LayoutChart;
  xlsxChart: string;
  svg: string;
  docxChart: string;
}

let made: Made;
beforeAll(async () => {
  const analysis = analyzeWorkbook(await readTrackingFile(SAMPLE));
  const { contract, title, layout } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: 'x' });
  const synthesis = layout.sheets.find((s) => s.name === 'Synthèse') as SheetLayout;
  const chart = synthesis.chart as LayoutChart;
  const only: WorkbookLayout = { sheets: [synthesis] };
  const xlsx = unzipSync(await writeXlsx(only, { title, version: '0.0.0', created: new Date(Date.UTC(2024, 0, 1)) }));
  const word = wordBilanLayout(analysis, { palette: DEFAULT_PALETTE, contract });
  const docx = unzipSync(await renderDocx(word, { title }));
  const docxChart = Object.keys(docx).find((p) => /^word\/charts\/chart\d+\.xml$/.test(p)) as string;
  made = {
    synthesis,
    chart,
    xlsxChart: strFromU8(xlsx['xl/charts/chart1.xml']),
    svg: chartSvg(chart, synthesis.rows),
    docxChart: strFromU8(docx[docxChart]),
  };
}, 60_000);

const seriesOf = (xml: string) => [...xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => m[0]);
/** A series' own fill: the first of its shape properties (before its labels). */
const seriesFill = (ser: string) => /<c:spPr>([\s\S]*?)<\/c:spPr>/.exec(ser)?.[1] ?? '';
/** The colour of a series' labels, all of them (`<c:dLbls>`' own text properties, after any single label). */
const labelsColour = (ser: string) => {
  const labels = /<c:dLbls>([\s\S]*?)<\/c:dLbls>/.exec(ser)?.[1] ?? '';
  const own = labels.replace(/<c:dLbl>[\s\S]*?<\/c:dLbl>/g, '');
  return /<c:txPr>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/.exec(own)?.[1];
};
/** The single labels of a series: its point's index, and the label's XML. */
const singleLabels = (ser: string) =>
  [...ser.matchAll(/<c:dLbl>([\s\S]*?)<\/c:dLbl>/g)].map((m) => ({
    idx: Number(/<c:idx val="(\d+)"\/>/.exec(m[1])?.[1]),
    xml: m[1],
  }));

describe('one look for the chart in every format, decided in core', () => {
  test('core: a solid fill in each state’s palette colour, its numbers in the contrast colour', () => {
    const look = chartLook(made.chart, made.synthesis.rows);
    made.chart.series.forEach((s, i) => {
      expect(look.series[i].fill).toBe(s.colour);
      expect(look.series[i].labelColour).toBe(textColourOn(s.colour));
    });
    // The state's colour is the table's: the fill of its name's cell.
    for (const s of made.chart.series) {
      const cell = made.synthesis.rows[s.row][made.chart.labelCol];
      if (cell?.fill) expect(s.colour).toBe(cell.fill);
    }
  });

  test('xlsx: solid palette fills (no dark hatching), labels in the contrast colour', () => {
    const series = seriesOf(made.xlsxChart);
    expect(series).toHaveLength(made.chart.series.length);
    expect(made.xlsxChart).not.toContain('pattFill');
    made.chart.series.forEach((s, i) => {
      expect(seriesFill(series[i])).toMatch(new RegExp(`^<a:solidFill><a:srgbClr val="${ooxmlRgb(s.colour)}"/>`));
      expect(labelsColour(series[i])).toBe(ooxmlRgb(textColourOn(s.colour)));
    });
  });

  test('html: solid palette fills (no pattern), labels in the contrast colour', () => {
    expect(made.svg).not.toContain('<pattern');
    expect(made.svg).not.toContain('url(#');
    const look = chartLook(made.chart, made.synthesis.rows);
    const data = made.synthesis;
    for (const [i, s] of made.chart.series.entries()) {
      expect(made.svg).toContain(`fill="${s.colour}" stroke="#fff"`);
      // Every number written inside a segment of this state is in the state's contrast colour.
      for (let c = made.chart.firstCol; c <= made.chart.lastCol; c++) {
        const n = data.rows[s.row][c]?.value;
        if (look.labels[i][c - made.chart.firstCol] !== 'inside') continue;
        expect(made.svg).toMatch(new RegExp(`font-weight="bold" fill="${textColourOn(s.colour)}">${String(n)}</text>`));
      }
    }
  });

  test('docx: solid palette fills, labels in the contrast colour', () => {
    const series = seriesOf(made.docxChart);
    expect(series).toHaveLength(made.chart.series.length);
    expect(made.docxChart).not.toContain('pattFill');
    made.chart.series.forEach((s, i) => {
      expect(seriesFill(series[i])).toContain(`<a:solidFill><a:srgbClr val="${ooxmlRgb(s.colour)}"/>`);
      expect(labelsColour(series[i])).toBe(ooxmlRgb(textColourOn(s.colour)));
    });
  });

  test('the value axis: the same title, top and step in the three formats', () => {
    const look = chartLook(made.chart, made.synthesis.rows);
    const axisTitle = typeset("Nombre d'actions");
    expect(look.valueAxisTitle).toBe(axisTitle);
    expect(look.max).toBe(100);
    expect(look.step).toBe(20);
    const valAx = (xml: string) => /<c:valAx>[\s\S]*?<\/c:valAx>/.exec(xml)?.[0] ?? '';
    for (const xml of [made.xlsxChart, made.docxChart]) {
      const axis = valAx(xml);
      expect(axis).toContain(`<a:t>${axisTitle}</a:t>`);
      expect(axis).toContain('<c:max val="100"/>');
      expect(axis).toContain('<c:majorUnit val="20"/>');
    }
    expect(made.svg).toContain(`>${axisTitle}</text>`);
    const ticks = [...made.svg.matchAll(/text-anchor="end" font-size="11">(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });

  test('thin segments: « Abandonné » 1 in 2021 and 2022 labelled beside the bar in xlsx and html, never left out', () => {
    const look = chartLook(made.chart, made.synthesis.rows);
    const abandonne = made.chart.series.findIndex((s) => s.status === 'abandonne');
    expect(look.labels[abandonne].slice(1, 3)).toEqual(['beside', 'beside']);
    // Every segment of a count has its number, inside or beside.
    look.labels.forEach((places, i) =>
      places.forEach((place, k) => {
        const n = made.synthesis.rows[made.chart.series[i].row][made.chart.firstCol + k]?.value;
        expect(place === null).toBe(!(typeof n === 'number' && n > 0));
      }),
    );
    // xlsx: a label of its own, moved right of the bar, in near black, for each thin segment.
    const xlsxSeries = seriesOf(made.xlsxChart);
    look.labels.forEach((places, i) => {
      const own = singleLabels(xlsxSeries[i]);
      const thin = places.flatMap((p, k) => (p === 'beside' ? [k] : []));
      expect(own.map((l) => l.idx)).toEqual(thin);
      for (const l of own) {
        expect(l.xml).toMatch(/<c:manualLayout><c:x val="0\.\d+"\/>/);
        expect(l.xml).toContain(`<a:srgbClr val="${ooxmlRgb(BESIDE_LABEL_COLOUR)}"/>`);
      }
    });
    // html: the ones beside the bar, in the same colour.
    const ones = [...made.svg.matchAll(new RegExp(`font-size="10" fill="${BESIDE_LABEL_COLOUR}">1</text>`, 'g'))];
    expect(ones.length).toBeGreaterThanOrEqual(2);
    // docx: no place beside a stacked bar in Word; the thin segment's number from its base, in near black.
    const docxSeries = seriesOf(made.docxChart);
    const own = singleLabels(docxSeries[abandonne]);
    expect(own.map((l) => l.idx)).toEqual(expect.arrayContaining([1, 2]));
    for (const l of own.filter((x) => x.idx === 1 || x.idx === 2)) {
      expect(l.xml).toContain(`<a:srgbClr val="${ooxmlRgb(BESIDE_LABEL_COLOUR)}"/>`);
      expect(l.xml).toContain('<c:dLblPos val="inBase"/>');
    }
  });
});

/**
 * Row heights of our xlsx against LibreOffice Calc with Carlito (metric-compatible with Calibri):
 * every sample's bilan and the region's synthesis are written, opened in Calc, and each row's height
 * is compared, in lines, with the height Calc finds optimal for its text. Neither program re-fits a
 * row written by a program, so a row too short cuts its text on screen and on paper.
 *
 * Needs LibreOffice Calc, Debian's python3-uno (test/libreoffice-row-fit.py) and the Carlito font
 * (fonts-crosextra-carlito): .ci/run installs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PALETTE } from '../core/base/status';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { regionSynthesisLayout } from '../core/layout/region-sheet';
import type { LayoutCell, WorkbookLayout } from '../core/layout/sheet-layout';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { analyzeWorkbook } from '../core/report/analysis';
import { contractSummary, regionSynthesis } from '../core/report/region-synthesis';
import { writeXlsx } from '../core/write/xlsx/package';
import { SAMPLE_FILES, SAMPLES } from './sample-files';

/** Calc's line of 11-pt Carlito, and what a row adds to its lines, in points (measured: 2 lines 23.8, 3 lines 35.0). */
const CALC_LINE = 11.25;
const CALC_PADDING = 1.3;
/** Excel's line of 11-pt Calibri, the unit of the heights we write. */
const EXCEL_LINE = 15;

const points = (hundredthsOfMm: number) => (hundredthsOfMm * 72) / 2540;

/** The largest font size of a row's cells, 11 by default. */
function rowSize(cells: readonly (LayoutCell | null)[] | undefined): number {
  return Math.max(11, ...(cells ?? []).map((c) => (c && c.value !== null ? (c.size ?? 11) : 11)));
}

/** Whether a row holds a cell merged down over further rows (its text has their heights together). */
function spansRows(layout: WorkbookLayout['sheets'][number], r: number): boolean {
  return layout.merges.some((m) => m.top === r && m.bottom > m.top);
}

test('no row is shorter than its text in LibreOffice, and none is more than a line taller', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'cls-row-heights-'));
  const layouts = new Map<string, WorkbookLayout>();
  const contracts = [];
  for (const file of SAMPLE_FILES) {
    const analysis = analyzeWorkbook(await readTrackingFile(join(SAMPLES, file)));
    const stem = file.replace(/\.xlsx$/, '');
    const { layout, title, contract } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: stem });
    const path = join(folder, `${stem}.bilan.xlsx`);
    writeFileSync(path, await writeXlsx(layout, { title, version: '0' }));
    layouts.set(path, layout);
    contracts.push(contractSummary(analysis, contract, file, `${stem}.bilan.xlsx`));
  }
  const synthesis = { sheets: [regionSynthesisLayout(regionSynthesis(contracts, []), DEFAULT_PALETTE)] };
  const synthesisPath = join(folder, 'synthese.xlsx');
  writeFileSync(synthesisPath, await writeXlsx(synthesis, { title: 'Synthèse', version: '0' }));
  layouts.set(synthesisPath, synthesis);

  const fitted = JSON.parse(
    execFileSync('/usr/bin/python3', [join(__dirname, 'libreoffice-row-fit.py'), ...layouts.keys()], {
      encoding: 'utf8',
      timeout: 240_000,
    }),
  ) as Record<string, Record<string, [number, number][]>>;

  const short: string[] = [];
  const tall: string[] = [];
  let multiLine = 0;
  let exact = 0;
  for (const [path, layout] of layouts) {
    for (const sheet of layout.sheets) {
      const rows = fitted[path]?.[sheet.name];
      if (!rows) throw new Error(`LibreOffice did not give the rows of « ${sheet.name} » in ${path}`);
      sheet.rows.forEach((cells, r) => {
        if (spansRows(sheet, r) || !rows[r]) return;
        const scale = rowSize(cells) / 11;
        const ours = Math.round(points(rows[r][0]) / (EXCEL_LINE * scale));
        const calc = Math.max(1, Math.round((points(rows[r][1]) - CALC_PADDING) / (CALC_LINE * scale)));
        if (calc > 1) multiLine++;
        if (calc > 1 && ours === calc) exact++;
        const where = `${path.split('/').pop()} « ${sheet.name} » ligne ${r + 1}`;
        if (ours < calc) short.push(`${where} : ${ours} ligne(s), LibreOffice en montre ${calc}`);
        // Excel's columns are narrower than LibreOffice's (row-height.ts): one line to spare at most.
        if (ours > calc + 1) tall.push(`${where} : ${ours} lignes pour ${calc} dans LibreOffice`);
      });
    }
  }
  expect(multiLine).toBeGreaterThan(300);
  // Most rows get exactly LibreOffice's lines: the widths are the font's, not a guess per letter.
  expect(exact / multiLine).toBeGreaterThan(0.85);
  expect(short).toEqual([]);
  expect(tall).toEqual([]);
}, 300_000);

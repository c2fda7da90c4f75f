/**
 * The annex as a committee member may see it on paper: each check by its French title (its code is
 * for `inspect --json`), a sheet named once in a sentence rather than « Feuil1 » on every line, the
 * workbook's file name (which names no contract) said there; the xlsx « Contrôles » sheet printed
 * across an A4 landscape page at a readable size (LibreOffice's PDF measured); the Sources table's
 * columns as wide as what they hold.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWorkbook, type WorkbookAnalysis } from '../core/report/analysis';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { controlsLayout } from '../core/layout/controls-sheet';
import type { SheetLayout } from '../core/layout/sheet-layout';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { CATALOGUE, type DiagnosticCode } from '../core/check/diagnostics';
import { DEFAULT_PALETTE } from '../core/base/status';
import { typeset } from '../core/base/typography';
import { writeXlsx } from '../core/write/xlsx/package';

const SAMPLES = join(__dirname, '..', 'samples');

async function bilanOf(sample: string): Promise<{ analysis: WorkbookAnalysis; sheets: SheetLayout[] }> {
  const analysis = analyzeWorkbook(await readTrackingFile(join(SAMPLES, sample)));
  const { layout } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: sample.replace(/\.xlsx$/, '') });
  return { analysis, sheets: layout.sheets };
}

const texts = (s: SheetLayout) => s.rows.flat().map((c) => (c && c.value !== null ? String(c.value) : ''));
const named = (sheets: SheetLayout[], name: string) => sheets.find((s) => s.name === name) as SheetLayout;

describe('« Contrôles »', () => {
  test('each check by its French title, no code, the one sheet said once in a sentence', async () => {
    const { sheets } = await bilanOf('petr-bilan-2022.xlsx');
    const controls = named(sheets, 'Contrôles');
    const all = texts(controls);
    for (const code of Object.keys(CATALOGUE) as DiagnosticCode[]) expect(all).not.toContain(code);
    for (const code of ['CODE_DUPLICATE', 'PORTEUR_MISSING', 'STATUS_NONCANONICAL'] as const) {
      expect(all).toContain(CATALOGUE[code].title);
    }
    const header = controls.rows[controls.headerRow ?? -1].map((c) => c?.value);
    expect(header).toEqual(['Gravité', 'Cellule', 'Contrôle', 'Message', 'Correction proposée']);
    expect(all.filter((t) => t.includes('Feuil1'))).toEqual([
      typeset(
        "11 points à vérifier, les erreurs d'abord. Les cellules sont celles de la feuille « Feuil1 » du classeur d'origine.",
      ),
    ]);
  });

  test('findings on several sheets: « sheet, cell » in one column', () => {
    const d = (sheet: string, cell: string) => ({
      code: 'STATUS_MISSING' as const,
      severity: 'warning' as const,
      sheet,
      cell,
      message: 'm',
      fix: null,
    });
    const layout = controlsLayout([d('2021', 'F12'), d('2022', 'F14')]);
    const rows = layout.rows.slice((layout.headerRow ?? 0) + 1).map((r) => r[1]?.value);
    expect(rows).toEqual(['2021, F12', '2022, F14']);
    expect(layout.rows[layout.headerRow ?? 0][1]?.value).toBe('Feuille et cellule');
  });

  test('narrow enough to print across A4 landscape near the size of the bilan', async () => {
    const { sheets } = await bilanOf('petr-bilan-2022.xlsx');
    const widths = named(sheets, 'Contrôles').widths;
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(150);
  });

  test('LibreOffice prints the xlsx « Contrôles » at a readable size (no smaller than about 8 pt)', async () => {
    const { sheets } = await bilanOf('petr-bilan-2022.xlsx');
    const out = mkdtempSync(join(tmpdir(), 'cls-annex-'));
    const xlsx = join(out, 'controles.xlsx');
    writeFileSync(
      xlsx,
      await writeXlsx({ sheets: [named(sheets, 'Contrôles')] }, { title: 'Contrôles', version: 'test' }),
    );
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out, xlsx],
      { stdio: 'ignore', timeout: 180_000 },
    );
    const boxes = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', join(out, 'controles.pdf'), '-'], {
      encoding: 'utf8',
    });
    const heights = [...boxes.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)]
      .map((m) => Number(m[2]) - Number(m[1]))
      .sort((a, b) => a - b);
    // A word's box is about 1.2 × its font size: 11 pt printed at 100 % gives 13.3; the old sheet,
    // fitted into the page at about half size, gave 7.3 (6 pt).
    expect(heights[Math.floor(heights.length / 2)]).toBeGreaterThan(9.5);
  }, 200_000);
});

describe('« Sources et rapprochements »', () => {
  test('names the workbook read, its « Actions » column as narrow as its numbers', async () => {
    const { sheets } = await bilanOf('petr-bilan-2022.xlsx');
    const sources = named(sheets, 'Sources et rapprochements');
    expect(texts(sources)).toContain(typeset('Classeur lu : « petr-bilan-2022 ».'));
    const header = sources.rows[sources.tableHeaders[0]].map((c) => c?.value);
    const actions = header.indexOf('Actions');
    expect(sources.widths[actions]).toBeLessThanOrEqual(10);
    // The reading of the sheet, the longest text, over the widest room.
    const reading = header.indexOf('Lecture du tableau');
    const merge = sources.merges.find((m) => m.top === sources.tableHeaders[0] && m.left === reading);
    const room = sources.widths.slice(reading, (merge?.right ?? reading) + 1).reduce((a, b) => a + b, 0);
    expect(room).toBeGreaterThanOrEqual(80);
  });
});

/**
 * The xlsx bilan on paper (issue 25 §2.8, §2.11): the footer names the contract on the left and
 * « Page N sur M » on the right, nothing said twice; an objective's rows are never split across
 * two pages (manual `<rowBreaks>` before a group that would straddle one), checked on the written
 * sheet and on the PDF LibreOffice prints from it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanDocument } from '../core/layout/bilan-workbook';
import type { SheetLayout, WorkbookLayout } from '../core/layout/sheet-layout';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../core/base/status';
import { writeXlsx } from '../core/write/xlsx/package';
import { convertToPdf } from './libreoffice';

const SAMPLE = join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx');

let layout: WorkbookLayout;
let title: string;
let parts: Record<string, Uint8Array>;
let bytes: Uint8Array;
beforeAll(async () => {
  const analysis = analyzeWorkbook(await readTrackingFile(SAMPLE));
  ({ layout, title } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: 'petr-bilan-2022' }));
  bytes = await writeXlsx(layout, { title, version: '0.0.0', created: new Date(Date.UTC(2024, 0, 1)) });
  parts = unzipSync(bytes);
}, 60_000);

const sheetXml = (i: number) => strFromU8(parts[`xl/worksheets/sheet${i + 1}.xml`]);
const bilanSheet = () => layout.sheets.findIndex((s) => s.name === 'Bilan 2022');

/** The manual breaks of a sheet: the 0-based first row of each new page. */
function breaksOf(xml: string): number[] {
  const block = /<rowBreaks[^>]*>([\s\S]*?)<\/rowBreaks>/.exec(xml)?.[1] ?? '';
  return [...block.matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
}

/** The rows of the table's groups that hold an objective's code in their first cell (« 5.2 »). */
function objectiveGroups(sheet: SheetLayout): { code: string; top: number; bottom: number }[] {
  const header = sheet.headerRow ?? 0;
  return sheet.groups
    .filter((g) => g.top > header)
    .flatMap((g) => {
      const code = sheet.rows[g.top]?.[0]?.value;
      return typeof code === 'string' && /^\d+(\.\d+)*$/.test(code) ? [{ code, ...g }] : [];
    });
}

describe('the xlsx footer', () => {
  test('the contract on the left, « Page N sur M » on the right, « Bilan 2022 » not repeated', () => {
    const footer = /<oddFooter>([\s\S]*?)<\/oddFooter>/.exec(sheetXml(bilanSheet()))?.[1];
    expect(footer).toBe('&amp;LContrat local de santé&amp;RPage &amp;P sur &amp;N');
    for (const [i] of layout.sheets.entries()) {
      const any = /<oddFooter>([\s\S]*?)<\/oddFooter>/.exec(sheetXml(i))?.[1] ?? '';
      // No sheet name (« Bilan 2022 » again) and the French « sur ».
      expect(any).not.toContain('&amp;A');
      expect(any).toContain('&amp;RPage &amp;P sur &amp;N');
      expect(any.match(/Bilan 2022/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
  });
});

describe('an objective kept on one printed page', () => {
  test('manual row breaks, none inside a group of rows', () => {
    const sheet = layout.sheets[bilanSheet()];
    const breaks = breaksOf(sheetXml(bilanSheet()));
    expect(breaks.length).toBeGreaterThan(0);
    for (const g of sheet.groups) {
      const inside = breaks.filter((b) => b > g.top && b <= g.bottom);
      expect({ group: g, inside }).toEqual({ group: g, inside: [] });
    }
  });

  test('printed by LibreOffice: group 5.2 on one page with its label', () => {
    if (spawnSync('soffice', ['--version']).status !== 0)
      throw new Error('LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui');
    const dir = mkdtempSync(join(tmpdir(), 'cls-print-xlsx-'));
    const file = join(dir, 'bilan.xlsx');
    writeFileSync(file, bytes);
    convertToPdf(dir, [file]);
    const pdf = join(dir, 'bilan.pdf');
    const count = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1]);
    expect(count).toBeGreaterThan(1);
    const pages: string[] = [];
    for (let p = 1; p <= count; p++) {
      const text = spawnSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' }).stdout;
      pages.push(text.replace(/\s+/g, ' '));
    }
    const sheet = layout.sheets[bilanSheet()];
    const group = objectiveGroups(sheet).find((g) => g.code === '5.2');
    if (!group) throw new Error('no group 5.2');
    const start = (r: number) =>
      String(sheet.rows[r][2]?.value ?? '')
        .replace(/\s+/g, ' ')
        .slice(0, 18);
    const first = start(group.top);
    const last = start(group.bottom);
    const pageWith = (needle: string) => pages.findIndex((p) => p.includes(needle));
    expect(pageWith(first)).toBeGreaterThanOrEqual(0);
    expect(pageWith(last)).toBe(pageWith(first));
    // The group's label is on that page.
    const objective = String(sheet.rows[group.top][1]?.value ?? '')
      .replace(/\s+/g, ' ')
      .slice(0, 15);
    expect(pages[pageWith(first)]).toContain(objective);
  }, 200_000);
});

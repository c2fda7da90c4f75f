/**
 * The html bilan printed as a committee member prints it: Chromium, « background graphics » off (a
 * browser's default), A4 from the page's own @page rules; the PDF read back with pdftotext and
 * pdftoppm. The states keep their colours, every page says « Page N sur M », no page holds only a
 * heading or a line, and the annex (printed only when its box is ticked) says each check by its
 * French title, never its code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../core/base/status';
import { CATALOGUE, type DiagnosticCode } from '../core/check/diagnostics';
import { renderHtml } from '../core/write/html';

const SAMPLES = join(__dirname, '..', 'samples');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'cls-print-html-'));

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The sample's html bilan, written to a file. */
async function htmlOf(sample: string): Promise<string> {
  const analysis = analyzeWorkbook(await readTrackingFile(join(SAMPLES, sample)));
  const { layout, title } = bilanDocument(analysis, {
    palette: DEFAULT_PALETTE,
    fileStem: sample.replace(/\.xlsx$/, ''),
  });
  const path = join(work, sample.replace(/\.xlsx$/, '.html'));
  writeFileSync(path, renderHtml(layout, { title }));
  return path;
}

/** The page printed to PDF as a browser's print dialog does by default; `annex` ticks the annex's box. */
async function print(html: string, annex = false): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(`file://${html}`);
    if (annex) await page.check('#avec-annexe');
    const pdf = `${html}${annex ? '.annexe' : ''}.pdf`;
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
    return pdf;
  } finally {
    await page.close();
  }
}

/** Each page's text, lines kept. */
function pages(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

/** The lines of a page above its footer (« … Page N sur M »). */
function bodyLines(page: string): string[] {
  return page.split('\n').filter((l) => l.trim() !== '' && !/Page \d+ sur \d+/.test(l));
}

/** Pixels of page 1 within a few units of the colour, from pdftoppm's PPM. */
function pixelsOf(pdf: string, colour: string): number {
  const ppm = join(work, 'page');
  execFileSync('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', '-singlefile', pdf, ppm]);
  const data = readFileSync(`${ppm}.ppm`);
  // « P6\nW H\n255\n » then RGB triplets.
  let at = 0;
  for (let fields = 0; fields < 4;) {
    while (/\s/.test(String.fromCharCode(data[at]))) at++;
    while (!/\s/.test(String.fromCharCode(data[at]))) at++;
    fields++;
  }
  at++;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  let n = 0;
  for (let i = at; i + 2 < data.length; i += 3) {
    if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) n++;
  }
  return n;
}

describe('the 2022 bilan printed from the browser', () => {
  let pdf: string;
  beforeAll(async () => {
    pdf = await print(await htmlOf('petr-bilan-2022.xlsx'));
  }, 120_000);

  test('the states keep their colours with « background graphics » off', () => {
    // « En cours » (#FFC000): its legend line and its 28 cells on page 1.
    expect(pixelsOf(pdf, DEFAULT_PALETTE.en_cours)).toBeGreaterThan(200);
    expect(pixelsOf(pdf, DEFAULT_PALETTE.realise_clos)).toBeGreaterThan(50);
  });

  test('every page says « Page N sur M » and the bilan’s title, in margins the browser leaves', () => {
    const all = pages(pdf);
    expect(all.length).toBeGreaterThan(2);
    all.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} sur ${all.length}`);
      expect(page).toContain('Bilan 2022 — Contrat local de santé');
    });
  });

  test('the annex is left out of the print unless its box is ticked', async () => {
    const text = pages(pdf).join('\n');
    expect(text).toContain('Par porteur — 2022');
    expect(text).not.toContain('Contrôles du tableau de suivi');
    const withAnnex = pages(await print(pdf.replace(/\.pdf$/, ''), true)).join('\n');
    expect(withAnnex).toContain('Contrôles du tableau de suivi');
  }, 120_000);

  test('the printed annex says each check by its French title, never its code', async () => {
    const text = pages(await print(pdf.replace(/\.pdf$/, ''), true)).join('\n');
    const flat = text.replace(/\s+/g, ' ');
    for (const code of Object.keys(CATALOGUE) as DiagnosticCode[]) expect(text).not.toContain(code);
    // 2022 has CODE_DUPLICATE, PORTEUR_MISSING and STATUS_NONCANONICAL (seed 002): their titles, whose
    // first words stay on one line of their cell.
    for (const code of ['CODE_DUPLICATE', 'PORTEUR_MISSING', 'STATUS_NONCANONICAL'] as const) {
      expect(flat).toContain(CATALOGUE[code].title.split(/\s+/).slice(0, 3).join(' '));
    }
    // The sheet is named once, in a sentence, not on every line.
    expect(text.match(/Feuil1/g)?.length ?? 0).toBeLessThanOrEqual(2);
  }, 120_000);
});

describe('the four-year bilan printed from the browser: no page holding only a heading or a line', () => {
  test.each([false, true])(
    'annex printed: %s',
    async (annex) => {
      const html = await htmlOf('petr-coeur-de-lorraine-2020-2023.xlsx');
      const all = pages(await print(html, annex));
      const thin = all.map((p, i) => ({ page: i + 1, lines: bodyLines(p) })).filter((p) => p.lines.length <= 2);
      expect(thin).toEqual([]);
      const text = all.join('\n');
      expect(text).toContain('Suivi pluriannuel des actions');
      // Each heading is followed on its page by what it heads.
      for (const [i, page] of all.entries()) {
        const lines = bodyLines(page);
        const last = lines[lines.length - 1]?.trim() ?? '';
        expect({ page: i + 1, last }).not.toEqual({
          page: i + 1,
          last: expect.stringMatching(
            /^(Suivi pluriannuel des actions|Synthèse —|Par (axe|objectif|porteur) —|Évolutions \d{4})/,
          ),
        });
      }
    },
    180_000,
  );
});

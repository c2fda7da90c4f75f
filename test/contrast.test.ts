/** Text on status fills reaches WCAG AA (4.5:1) in every writer and the pane (core/base/contrast.ts). */
import { join } from 'node:path';
import { analyzeWorkbook } from '../core/report/analysis';
import { contrastRatio, textColourOn } from '../core/base/contrast';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { paneSummary } from '../core/layout/pane-summary';
import { DEFAULT_PALETTE, STATUS_IDS } from '../core/base/status';

test('known ratios: white on #00B050 fails AA, black passes; grey #808080 on white is 3.95', () => {
  expect(contrastRatio('#FFFFFF', '#00B050')).toBeCloseTo(2.87, 2);
  expect(contrastRatio('#808080', '#FFFFFF')).toBeCloseTo(3.95, 2);
  expect(textColourOn('#00B050')).toBe('#000000');
  expect(textColourOn('#1F3864')).toBe('#FFFFFF');
});

test.each(STATUS_IDS)('the text on « %s » reaches 4.5:1', (id) => {
  const fill = DEFAULT_PALETTE[id];
  expect(contrastRatio(textColourOn(fill), fill)).toBeGreaterThanOrEqual(4.5);
});

test('the pane’s badges use the same readable colours (the 2022 sample)', async () => {
  const analysis = analyzeWorkbook(await readTrackingFile(join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx')));
  const { badges } = paneSummary(analysis.sheets[0], DEFAULT_PALETTE);
  expect(badges.length).toBeGreaterThanOrEqual(6);
  for (const b of badges) expect(contrastRatio(b.textColour, b.colour ?? '#F5F5F5')).toBeGreaterThanOrEqual(4.5);
});

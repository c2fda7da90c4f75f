import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { renderXlsx } from '../cli/write-xlsx';
import { rowHeight, wrappedLines } from '../core/layout/row-height';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanWorkbookLayout } from '../core/layout/bilan-workbook';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../core/base/status';

describe('row heights for wrapped text', () => {
  const widths = [10, 50];
  test('one line keeps the default height', () => {
    expect(
      rowHeight(
        [
          { value: 'court', wrap: true },
          { value: 'court aussi', wrap: true },
        ],
        widths,
        [],
        0,
      ),
    ).toBeNull();
  });

  test('long remarks and line breaks add lines, 15 points each', () => {
    const remark = 'x'.repeat(59 * 3); // a 50-wide column holds 59 characters a line
    expect(rowHeight([null, { value: remark, wrap: true }], widths, [], 0)).toBe(45);
    expect(rowHeight([null, { value: 'a\nb\nc\nd', wrap: true }], widths, [], 0)).toBe(60);
  });

  test('cells that do not wrap, and merged cells spanning rows, do not count', () => {
    expect(rowHeight([{ value: 'x'.repeat(500) }], widths, [], 0)).toBeNull();
    expect(
      rowHeight([{ value: 'x'.repeat(500), wrap: true }], widths, [{ top: 0, left: 0, bottom: 1, right: 0 }], 0),
    ).toBeNull();
  });

  test('a cell merged across columns wraps in their whole width', () => {
    const notice = { value: 'x'.repeat(59 * 2), wrap: true };
    // Alone in the 10-wide column (11 characters a line): 11 lines; across 10 + 50: two lines.
    expect(rowHeight([notice], widths, [], 0)).toBe(165);
    expect(rowHeight([notice], widths, [{ top: 0, left: 0, bottom: 0, right: 1 }], 0)).toBe(30);
  });

  test('never above Excel’s 409 points', () => {
    expect(rowHeight([{ value: 'x'.repeat(100000), wrap: true }], widths, [], 0)).toBe(409);
  });
});

describe('fonts of the bilan workbook', () => {
  test('every font in styles.xml has a name and a size (LibreOffice prints unnamed ones in serif)', async () => {
    const file = join(__dirname, '..', 'samples', 'petr-coeur-de-lorraine-2020-2023.xlsx');
    const analysis = analyzeWorkbook(await readTrackingFile(file));
    const layout = bilanWorkbookLayout(analysis, {
      palette: DEFAULT_PALETTE,
      contract: { name: 'Bilan du CLS', period: null, source: 'option' },
    });
    const parts = unzipSync(await renderXlsx(layout, { title: 'Bilan du CLS' }));
    const styles = strFromU8(parts['xl/styles.xml']);
    const fonts = [...styles.matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((m) => m[1] ?? '');
    expect(fonts.length).toBeGreaterThan(3);
    for (const font of fonts) {
      expect(font).toMatch(/<name val="Calibri"\/>/);
      expect(font).toMatch(/<sz val="\d+"\/>/);
    }
    // Bold titles, headers and statuses are among them.
    expect(fonts.some((f) => f.includes('<b/>'))).toBe(true);
  });
});

describe('wrapped lines, word by word', () => {
  test('« ETAT AVANCEMENT ACTION » in bold capitals takes two lines in the 22-wide status column', () => {
    const widths = [22];
    expect(rowHeight([{ value: 'ETAT AVANCEMENT ACTION', wrap: true, bold: true }], widths, [], 0)).toBe(30);
  });

  test('words are not cut: a line ends before a word that does not fit', () => {
    // 10 words of 9 letters, 10 average characters each with the space: 5 lines of 20.
    expect(wrappedLines(Array(10).fill('abcdefghe').join(' '), 20)).toBe(5);
    expect(wrappedLines('court', 20)).toBe(1);
    expect(wrappedLines('x'.repeat(45), 20)).toBe(3);
  });
});

describe('the one-pass wrappedLines gives the lines of the word-by-word rule it implements', () => {
  /** The rule as first written (split into paragraphs and words): the reference. */
  function reference(text: string, capacity: number, bold = false): number {
    const width = (ch: string) =>
      ch === ' ' ? 0.6 : /[A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜWMmw@%]/.test(ch) ? 1.3 : /[iljtfrI.,;:'’!|()]/.test(ch) ? 0.6 : 1;
    const scale = bold ? 1.08 : 1;
    let lines = 0;
    for (const paragraph of text.split('\n')) {
      let used = 0;
      lines++;
      for (const word of paragraph.split(' ')) {
        const w = [...word].reduce((n, ch) => n + width(ch), 0) * scale;
        const space = used > 0 ? 0.6 * scale : 0;
        if (used + space + w <= capacity) {
          used += space + w;
          continue;
        }
        if (used > 0) lines++;
        lines += Math.max(0, Math.ceil(w / capacity) - 1);
        used = w % capacity || (w > 0 ? capacity : 0);
      }
    }
    return lines;
  }

  test('on 20,000 texts of letters, capitals, spaces, line breaks, punctuation and emoji', () => {
    const alphabet = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     .,;:!()’éÉ@%\n-_',
      '😀',
      '\ud800',
    ];
    // A fixed pseudo-random sequence (a linear congruential generator), so that a failure repeats.
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const differing: string[] = [];
    for (let k = 0; k < 20000; k++) {
      const length = next(k % 10 === 0 ? 400 : 80);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[next(alphabet.length)];
      const capacity = 4 + next(120);
      const bold = next(2) === 1;
      if (wrappedLines(text, capacity, bold) !== reference(text, capacity, bold))
        differing.push(JSON.stringify([text, capacity, bold]));
    }
    expect(differing.slice(0, 5)).toEqual([]);
  });
});

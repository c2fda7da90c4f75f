import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { renderXlsx } from '../cli/write-xlsx';
import { BOLD, REGULAR, UNITS_PER_EM } from '../core/layout/carlito-widths';
import { rowHeight, wrappedLines } from '../core/layout/row-height';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanWorkbookLayout } from '../core/layout/bilan-workbook';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { DEFAULT_PALETTE } from '../core/base/status';

/** Carlito's advance of a character, in em (the table the rule reads; an unknown one counts as « M »). */
function advance(ch: string, bold = false): number {
  const code = ch.charCodeAt(0);
  for (const [from, widths] of bold ? BOLD : REGULAR) {
    const w = widths[code - from];
    if (code >= from && w) return w / UNITS_PER_EM;
  }
  return advance('M', bold);
}

/** How many `ch` fit on a line of a column `w` wide at 11 pt: (7 w − 5) pixels of ¾ pt. */
function perLine(ch: string, w: number): number {
  return Math.floor(((7 * w - 5) * 0.75) / 11 / advance(ch));
}

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
    const remark = 'x'.repeat(perLine('x', 50) * 3);
    expect(rowHeight([null, { value: remark, wrap: true }], widths, [], 0)).toBe(45);
    expect(rowHeight([null, { value: remark + 'x', wrap: true }], widths, [], 0)).toBe(60);
    expect(rowHeight([null, { value: 'a\nb\nc\nd', wrap: true }], widths, [], 0)).toBe(60);
  });

  test('cells that do not wrap, and merged cells spanning rows, do not count', () => {
    expect(rowHeight([{ value: 'x'.repeat(500) }], widths, [], 0)).toBeNull();
    expect(
      rowHeight([{ value: 'x'.repeat(500), wrap: true }], widths, [{ top: 0, left: 0, bottom: 1, right: 0 }], 0),
    ).toBeNull();
  });

  test('a larger font takes taller lines, wrapped or not', () => {
    expect(rowHeight([{ value: 'Bilan 2022', size: 14 }], widths, [], 0)).toBe(19.25);
    expect(rowHeight([{ value: 'court', size: 22, wrap: true }], widths, [], 0)).toBe(30);
  });

  test('a cell merged across columns wraps in their whole width', () => {
    const notice = { value: 'x'.repeat(perLine('x', 60) * 2), wrap: true };
    const alone = Math.ceil(notice.value.length / perLine('x', 10));
    expect(rowHeight([notice], widths, [], 0)).toBe(alone * 15);
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
    const word = 'abcdefghe';
    const width = [...word].reduce((n, ch) => n + advance(ch), 0);
    // Two words and a space fit; a third does not: 10 words take 5 lines.
    const capacity = 2 * width + advance(' ') + width / 2;
    expect(wrappedLines(Array(10).fill(word).join(' '), capacity)).toBe(5);
    expect(wrappedLines('court', capacity)).toBe(1);
    // A word longer than the column is cut where the column ends.
    expect(wrappedLines('x'.repeat(45), advance('x') * 20.5)).toBe(3);
  });

  test('a line may end after a hyphen, as in Excel and LibreOffice', () => {
    const capacity = [...'Contrat (petr-'].reduce((n, ch) => n + advance(ch), 0) + 0.01;
    // « (petr- » ends the first line, « bilan-2022) » starts the second, not cut mid-word.
    expect(wrappedLines('Contrat (petr-bilan-2022)', capacity)).toBe(2);
    expect(wrappedLines('Contrat (petrobilanx2022)', capacity)).toBe(3);
  });
});

describe('the one-pass wrappedLines gives the lines of the word-by-word rule it implements', () => {
  /** The rule written plainly (paragraphs, words, parts of hyphenated words): the reference. */
  function reference(text: string, capacity: number, bold = false): number {
    const width = (part: string) => [...part].reduce((n, ch) => n + advance(ch, bold), 0);
    let lines = 0;
    for (const paragraph of text.split('\n')) {
      let used = 0;
      lines++;
      for (const word of paragraph.split(' ')) {
        // A hyphen ends a part when something precedes it in the part; the next part is glued on.
        const parts = word.match(/.[^-]*-|.[^-]*$/gsu) ?? [''];
        parts.forEach((part, i) => {
          const w = width(part);
          const space = used > 0 && i === 0 ? advance(' ', bold) : 0;
          if (used + space + w <= capacity) {
            used += space + w;
            return;
          }
          if (used > 0) lines++;
          lines += Math.max(0, Math.ceil(w / capacity) - 1);
          used = w % capacity || (w > 0 ? capacity : 0);
        });
      }
    }
    return lines;
  }

  test('on 20,000 texts of letters, capitals, spaces, line breaks, hyphens, punctuation and emoji', () => {
    const alphabet = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     .,;:!()’éÉ@%\n-_',
      '😀',
      '中',
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
      const capacity = 2 + next(60) / 2;
      const bold = next(2) === 1;
      if (wrappedLines(text, capacity, bold) !== reference(text, capacity, bold))
        differing.push(JSON.stringify([text, capacity, bold]));
    }
    expect(differing.slice(0, 5)).toEqual([]);
  });
});

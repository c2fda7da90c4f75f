import { rowHeight } from '../cli/write-xlsx';

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
        () => false,
      ),
    ).toBeNull();
  });

  test('long remarks and line breaks add lines, 15 points each', () => {
    const remark = 'x'.repeat(59 * 3); // a 50-wide column holds 59 characters a line
    expect(rowHeight([null, { value: remark, wrap: true }], widths, () => false)).toBe(45);
    expect(rowHeight([null, { value: 'a\nb\nc\nd', wrap: true }], widths, () => false)).toBe(60);
  });

  test('cells that do not wrap, and merged cells spanning rows, do not count', () => {
    expect(rowHeight([{ value: 'x'.repeat(500) }], widths, () => false)).toBeNull();
    expect(rowHeight([{ value: 'x'.repeat(500), wrap: true }], widths, (c) => c === 0)).toBeNull();
  });

  test('never above Excel’s 409 points', () => {
    expect(rowHeight([{ value: 'x'.repeat(100000), wrap: true }], widths, () => false)).toBe(409);
  });
});

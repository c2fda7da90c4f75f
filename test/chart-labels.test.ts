/** The names under the bars of the html chart: whole, cut at spaces and after hyphens. */
import { labelLines } from '../core/write/html';

describe('labels under the bars of the html chart', () => {
  test('a long contract name is written whole, on as many lines as it needs', () => {
    const name = 'Contrat local de santé (petr-coeur-de-lorraine-2020-2023)';
    const lines = labelLines(name, 16, 7);
    expect(lines.join(' ').replace(/- /g, '-')).toBe(name);
    expect(lines.every((l) => l.length <= 16)).toBe(true);
    expect(lines.join('')).not.toContain('…');
  });

  test('a word longer than a line is cut after a hyphen, else where the line ends', () => {
    expect(labelLines('(petr-coeur-de-lorraine)', 16, 7)).toEqual(['(petr-coeur-de-', 'lorraine)']);
    expect(labelLines('x'.repeat(20), 16, 7)).toEqual(['x'.repeat(16), 'xxxx']);
  });

  test('only a name beyond the lines is cut, and says so', () => {
    const lines = labelLines(Array(30).fill('mot').join(' '), 16, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith('…')).toBe(true);
  });
});

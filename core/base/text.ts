/** Small text helpers shared by the status parser, the table reader and the matcher across years. */
import { memoized } from './memo';
import { formatNumber, NBSP } from './typography';

const normalizeMemo = memoized(normalizeUncached, { limit: 50000, maxLength: 300 });

/** Lower case, accents removed, punctuation turned to spaces, white space folded. */
export function normalize(text: string): string {
  return normalizeMemo(text);
}

function normalizeUncached(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`´]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Edit distance (insertions, deletions, substitutions), bounded: returns max+1 as soon as it is exceeded. */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two rows of typed integers, swapped by reference: no holey arrays, no allocation per row.
  let prev = new Int32Array(b.length + 1);
  let curr = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      // Comparisons rather than Math.min: several times faster where Math is another realm's (jest).
      let v = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const up = prev[j] + 1;
      const left = curr[j - 1] + 1;
      if (up < v) v = up;
      if (left < v) v = left;
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const swap = prev;
    prev = curr;
    curr = swap;
  }
  return prev[b.length];
}

/** A porteur cell split into organisations: « PETR, MDS Verdun et Familles Rurales » → 3. */
export function splitPorteurs(porteur: string): string[] {
  return [...porteurParts(porteur)];
}

/** A workbook names the same few porteurs over and over: each cell's text is split once. */
const porteurParts = memoized(
  (porteur: string): readonly string[] =>
    Object.freeze(
      porteur
        .split(/\s*(?:[,;/+\n]|\bet\b)\s*/i)
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  { limit: 5000, maxLength: 300 },
);

/** The longest text an Excel cell holds; longer text is cut, with a marker. */
export const MAX_CELL_TEXT = 32_767;
export const CUT_MARKER = ' […]';

/** A text cut to what an Excel cell holds, the cut said by a marker. */
export function cutToCell(text: string): string {
  return text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT - CUT_MARKER.length)}${CUT_MARKER}` : text;
}

/**
 * The longest user text (a title, a porteur, an objective, a name) a bilan shows: a longer one is
 * cut with an ellipsis, so that the bilans grow with the number of actions, not with the length of
 * a pasted text (2,000 titles of 30,000 characters gave 159 MB of bilans). The whole text stays in
 * the workbook. Remarks are kept whole, up to what an Excel cell holds (cutToCell).
 */
export const MAX_SHOWN_TEXT = 2_000;

/** The first `max` characters of a text, a surrogate pair never split. */
function head(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A user text as a bilan shows it: at most `max` characters, a longer one cut and ended by « … ». */
export function cutShown(text: string, max = MAX_SHOWN_TEXT): string {
  return text.length > max ? `${head(text, max - 1).trimEnd()}…` : text;
}

/** The longest text the json bilan repeats whole. */
export const MAX_JSON_TEXT = 2_000;

/** « … [texte coupé : 30 000 caractères] »: the marker that ends a text the json cut, with its full length. */
export function jsonCutMarker(length: number): string {
  return ` … [texte coupé${NBSP}: ${formatNumber(length)} caractères]`;
}

/** A text as the json bilan gives it: whole up to `max` characters, else its beginning and the marker. */
export function cutForJson(text: string, max = MAX_JSON_TEXT): string {
  return text.length > max ? `${head(text, max)}${jsonCutMarker(text.length)}` : text;
}

/** Small text helpers shared by the status parser, the table reader and the matcher across years. */

const NORMALIZE_CACHE = new Map<string, string>();
const NORMALIZE_CACHE_LIMIT = 50000;

/** Lower case, accents removed, punctuation turned to spaces, white space folded. */
export function normalize(text: string): string {
  const cached = NORMALIZE_CACHE.get(text);
  if (cached !== undefined) return cached;
  const out = normalizeUncached(text);
  // Long texts (remarks) are seldom normalized twice: caching them would only hold memory.
  if (text.length > 300) return out;
  if (NORMALIZE_CACHE.size >= NORMALIZE_CACHE_LIMIT) NORMALIZE_CACHE.clear();
  NORMALIZE_CACHE.set(text, out);
  return out;
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
  return porteur
    .split(/\s*(?:[,;/+\n]|\bet\b)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The longest text an Excel cell holds; longer text is cut, with a marker. */
export const MAX_CELL_TEXT = 32_767;
export const CUT_MARKER = ' […]';

/** A text cut to what an Excel cell holds, the cut said by a marker. */
export function cutToCell(text: string): string {
  return text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT - CUT_MARKER.length)}${CUT_MARKER}` : text;
}

/**
 * `typeset` (core/base/typography.ts) walks a sentence from mark to mark; its rules are four regular
 * expressions, written here as they are stated, and the two must agree on every text: random texts
 * of the characters that matter (letters of every plane, apostrophes, spaces of three widths, the
 * marks, guillemets, lone surrogates), and the sentences a large run writes.
 */
import { formatNumber, typeset } from '../core/base/typography';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** The rules as regular expressions: what typeset must do. */
function byTheRules(text: string): string {
  const apostrophes = (part: string) => part.replace(/(\p{L})'(?=\p{L})/gu, '$1\u2019');
  // Apostrophes are ours only outside « »: the quoted text is the user's.
  let outside = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '«' && c !== '»') continue;
    if (c === '»' && depth === 0) continue;
    outside += depth === 0 ? apostrophes(text.slice(start, i)) : text.slice(start, i);
    start = i;
    depth += c === '«' ? 1 : -1;
  }
  outside += depth === 0 ? apostrophes(text.slice(start)) : text.slice(start);
  return outside
    .replace(/[ \u00a0\u202f]+([:%»])/g, `${NBSP}$1`)
    .replace(/[ \u00a0\u202f]+([;!?])/g, `${NNBSP}$1`)
    .replace(/«[ \u00a0\u202f]+/g, `«${NBSP}`);
}

const PIECES = [
  "'",
  "'",
  ' ',
  ' ',
  NBSP,
  NNBSP,
  ':',
  '%',
  '»',
  '«',
  ';',
  '!',
  '?',
  'a',
  'Z',
  'é',
  'ß',
  '中',
  '1',
  '_',
  '\u0301',
  '\u2019',
  '\ud835\udc00', // 𝐀, a letter outside the BMP
  '\ud83d\ude00', // an emoji, not a letter
  '\ud835', // lone surrogates
  '\udc00',
];

test('typeset does what the four rules say, on 200,000 random texts', () => {
  let seed = 20261202;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const differences: string[] = [];
  for (let k = 0; k < 200_000; k++) {
    let text = '';
    for (let i = next(14); i > 0; i--) text += PIECES[next(PIECES.length)];
    if (typeset(text) !== byTheRules(text)) differences.push(JSON.stringify(text));
  }
  expect(differences.slice(0, 10)).toEqual([]);
});

test('typeset on sentences like the tool’s, and twice is once', () => {
  const sentences = [
    "La fiche-action 1.1.10 « Action 9 : l'autonomie » n'a pas de porteur . Indiquez la structure qui la porte !",
    "Aucune cellule au-dessus du tableau ne nomme le contrat : les bilans l'appellent «  Contrat local de santé  ».",
    "L'état de « Maison d'accueil » recule : 20 % en 2022 ; pourquoi ?",
    "« d'abord » puis l'autre : « »",
    "Écart d'état' '' l' 'a a' : ; ! ? % » «",
  ];
  for (const s of sentences) {
    expect(typeset(s)).toBe(byTheRules(s));
    expect(typeset(typeset(s))).toBe(typeset(s));
  }
  expect(typeset("« Maison d'accueil » n'a pas d'état : 20 %")).toBe(
    `«${NBSP}Maison d'accueil${NBSP}» n\u2019a pas d\u2019état${NBSP}: 20${NBSP}%`,
  );
});

test('formatNumber writes what Intl writes (grouped by hand from 10 000), on 300,000 numbers', () => {
  const intl = [0, 1, 2, 3].map(
    (d) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: d, useGrouping: false }),
  );
  const byIntl = (n: number, d: number) => {
    const text = intl[d].format(n);
    if (Math.abs(n) < 10_000) return text;
    return text.replace(
      /^(-?)(\d+)/,
      (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP),
    );
  };
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const differences: string[] = [];
  for (let k = 0; k < 300_000; k++) {
    const sign = next() < 0.2 ? -1 : 1;
    const shapes = [
      Math.round(next() * 1e6),
      Math.round(next() * 100) / 100,
      Math.round(next() * 1e7) / 1000,
      next() * 10 ** Math.floor(next() * 20 - 6),
      Math.round(next() * 2 ** 53) * 2 ** Math.floor(next() * 20),
    ];
    const n = sign * shapes[k % shapes.length];
    const d = k % 4;
    if (formatNumber(n, d) !== byIntl(n, d)) differences.push(`${n} (${d})`);
  }
  for (const n of [0, -0, 0.5, -0.5, 1e-7, 1e21, 0.1 + 0.2, 9999.995, 12345.678, -1234567.25])
    for (const d of [0, 1, 2, 3]) if (formatNumber(n, d) !== byIntl(n, d)) differences.push(`${n} (${d})`);
  expect(differences.slice(0, 10)).toEqual([]);
});

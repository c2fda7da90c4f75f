/**
 * French typography of the text the tool writes (bilans, checks, the pane, the command line), in
 * one place so that every writer says things the same way:
 * - a non-breaking space before « : », « % » and « » », and after « « »; a narrow one before « ; »,
 *   « ! » and « ? » (U+00A0 and U+202F, as the Imprimerie nationale's rules have it), so that
 *   a line never starts with one of them;
 * - one apostrophe, the typographic one (’);
 * - numbers with a decimal comma and a narrow space between thousands (« 20 000 », « 0,9 »);
 * - real plurals when the count is known (« 1 fichier lu », « 11 points »): French puts 0 and 1
 *   in the singular.
 *
 * The user's own text (titles, remarks, file names, cell values) is never changed: `typeset`
 * applies to whole sentences of ours, `fr` to the literal parts of a template only.
 */

export const NBSP = '\u00a0';
/** Narrow no-break space, before « ; ! ? » and between thousands. */
export const NNBSP = '\u202f';
export const APOSTROPHE = '\u2019';

/** One letter (`\p{L}`), built with `new RegExp`: literals are refused by older webviews' parsers (see taskpane.html). */
const LETTER = new RegExp('^\\p{L}$', 'u');
/** Where the spacing rules look: the marks a space goes before, and the opening guillemet. */
const SPACED_MARKS = /[:%»;!?«]/g;

/**
 * French spacing and apostrophes of a sentence of ours (idempotent). What it quotes between « »
 * is the user's (a title, a file name): its apostrophes are kept as written.
 *
 * The rules, as regular expressions (test/typography.test.ts checks this code against them):
 * `(\p{L})'(?=\p{L})` → `$1’` outside « », then `[ NBSP NNBSP]+([:%»])` → `NBSP$1`,
 * `[ NBSP NNBSP]+([;!?])` → `NNBSP$1` and `«[ NBSP NNBSP]+` → `«NBSP`. Written as one walk from
 * mark to mark: a run typesets thousands of messages, and the four replaces took most of the time.
 */
export function typeset(text: string): string {
  if (text === '') return text;
  return spaced(apostrophesOutsideQuotes(text));
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0xa0 || code === 0x202f;
}

/**
 * Whether some space before a mark or after « « » is not already the one the rules put there: a
 * space of another width, or more than one. Most sentences typeset twice (a template's literal
 * parts, then the whole) have none: one test, compiled by the engine, spares them the walk.
 */
const MISSPACED =
  /(?:[ \u202f]|[ \u00a0\u202f]{2})[:%»]|(?:[ \u00a0]|[ \u00a0\u202f]{2})[;!?]|«(?:[ \u202f]|[ \u00a0\u202f]{2})/;

/** The spaces before « : % » » and « ; ! ? » and after « « », as the rules above have them. */
function spaced(text: string): string {
  if (!MISSPACED.test(text)) return text;
  let out = '';
  let start = 0;
  SPACED_MARKS.lastIndex = 0;
  for (let match = SPACED_MARKS.exec(text); match; match = SPACED_MARKS.exec(text)) {
    const at = match.index;
    if (text.charCodeAt(at) === OPENING_GUILLEMET) {
      let end = at + 1;
      while (end < text.length && isSpace(text.charCodeAt(end))) end++;
      if (end > at + 1) {
        out += `${text.slice(start, at + 1)}${NBSP}`;
        start = end;
        SPACED_MARKS.lastIndex = end;
      }
      continue;
    }
    // Spaces already written out (after a « ») are not looked at again.
    let from = at;
    while (from > start && isSpace(text.charCodeAt(from - 1))) from--;
    if (from === at) continue;
    out += text.slice(start, from) + (NARROW_MARKS.includes(text[at]) ? NNBSP : NBSP);
    start = at;
  }
  return start === 0 ? text : out + text.slice(start);
}

const NARROW_MARKS = ';!?';

function apostrophesOutsideQuotes(text: string): string {
  if (!text.includes("'")) return text;
  if (!text.includes('«')) return curlApostrophes(text);
  let out = '';
  let depth = 0;
  let start = 0;
  // From guillemet to guillemet by indexOf: a run's thousands of messages are not walked character by character.
  for (let i = nextGuillemet(text, 0); i >= 0; i = nextGuillemet(text, i + 1)) {
    const opening = text.charCodeAt(i) === OPENING_GUILLEMET;
    if (!opening && depth === 0) continue;
    const part = text.slice(start, i);
    out += depth === 0 ? curlApostrophes(part) : part;
    start = i;
    depth += opening ? 1 : -1;
  }
  const rest = text.slice(start);
  return out + (depth === 0 ? curlApostrophes(rest) : rest);
}

const OPENING_GUILLEMET = '«'.charCodeAt(0);

/** The next « or » at or after `from`, or -1. */
function nextGuillemet(text: string, from: number): number {
  const opening = text.indexOf('«', from);
  const closing = text.indexOf('»', from);
  if (opening < 0) return closing;
  return closing < 0 ? opening : Math.min(opening, closing);
}

/** Whether the code point ending (`before`) or starting at `i` is a letter; false out of the text. */
function letterAt(text: string, i: number, before: boolean): boolean {
  if (i < 0 || i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code | 32) >= 97 && (code | 32) <= 122;
  // A surrogate pair is one code point: read it whole, from whichever half is at `i`.
  if (before && code >= 0xdc00 && code <= 0xdfff && i > 0) {
    const high = text.charCodeAt(i - 1);
    if (high >= 0xd800 && high <= 0xdbff) return LETTER.test(text.slice(i - 1, i + 1));
  }
  if (!before && code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return LETTER.test(text.slice(i, i + 2));
  }
  return LETTER.test(text[i]);
}

/** Each ' between two letters becomes ’. */
function curlApostrophes(text: string): string {
  let out = '';
  let start = 0;
  for (let at = text.indexOf("'"); at >= 0; at = text.indexOf("'", at + 1)) {
    if (letterAt(text, at - 1, true) && letterAt(text, at + 1, false)) {
      out += text.slice(start, at) + APOSTROPHE;
      start = at + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/**
 * A template of ours with values inserted as they are: fr`Le fichier « ${name} » : ${n} actions`
 * typesets the literal parts only, so a file name with an apostrophe stays the name on disk.
 * A number value is written the French way (see formatNumber).
 */
export function fr(literals: TemplateStringsArray, ...values: readonly unknown[]): string {
  const parts = typesetLiterals(literals);
  let out = parts[0];
  values.forEach((value, i) => {
    out += typeof value === 'number' ? formatNumber(value) : String(value);
    // A space after a value and before « : % » »… is ours too: typeset the junction.
    out += parts[i + 1];
  });
  return out;
}

/** A template's literal parts, typeset once: they are the same object at each call of the template. */
const TYPESET_LITERALS = new WeakMap<TemplateStringsArray, readonly string[]>();

function typesetLiterals(literals: TemplateStringsArray): readonly string[] {
  let parts = TYPESET_LITERALS.get(literals);
  if (!parts) {
    parts = literals.map((literal) => typeset(literal));
    TYPESET_LITERALS.set(literals, parts);
  }
  return parts;
}

/**
 * « 0,9 », « 12,25 », « 20 000 »: a decimal comma, and a narrow no-break space between thousands
 * from five digits on (« 1266 », like a year « 2022 », stays whole, as French style guides allow).
 */
export function formatNumber(n: number, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const text = plainDecimal(n, maxDecimals) ?? numberFormat(maxDecimals).format(n);
  if (Math.abs(n) < 10_000) return text;
  // Intl's own grouping uses U+202F in recent ICU but U+00A0 in older ones: group by hand.
  return text.replace(
    /^(-?)(\d+)/,
    (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP),
  );
}

/**
 * `n` as Intl writes it without grouping, when its shortest decimal (String(n)) already has no more
 * than `maxDecimals` decimals: those digits, with a decimal comma (Intl rounds the same double to
 * the same digits). Null for what Intl must write: more decimals, an exponent, -0 (which Intl
 * signs), or a magnitude where the two may write different digits. Whole numbers and scores such as
 * « 0,82 » are most of what a run writes: most runs then never make an Intl.NumberFormat, whose
 * first one costs some 20 to 30 ms. test/typography.test.ts checks this against Intl.
 */
function plainDecimal(n: number, maxDecimals: number): string | null {
  if (Object.is(n, -0) || Math.abs(n) >= 1e15) return null;
  const text = String(n);
  if (text.includes('e')) return null;
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  return text.length - dot - 1 <= maxDecimals ? `${text.slice(0, dot)},${text.slice(dot + 1)}` : null;
}

/** The formats by number of decimals: an Intl.NumberFormat costs far more to make than to use. */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

function numberFormat(maxDecimals: number): Intl.NumberFormat {
  let format = NUMBER_FORMATS.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: maxDecimals, useGrouping: false });
    NUMBER_FORMATS.set(maxDecimals, format);
  }
  return format;
}

/** « 28 % »: a whole percentage with its non-breaking space. */
export function formatPercent(n: number): string {
  return `${formatNumber(n)}${NBSP}%`;
}

/**
 * The noun agreeing with its count: plural('fichier', 1) → « fichier », plural('fichier', 2) →
 * « fichiers », plural('converti', 3, 'convertis'); 0 and 1 take the singular.
 */
export function plural(singular: string, count: number, pluralForm = `${singular}s`): string {
  return Math.abs(count) >= 2 ? pluralForm : singular;
}

/** « 12 fichiers », « 1 erreur », « 1 266 actions ». */
export function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)} ${plural(singular, n, pluralForm)}`;
}

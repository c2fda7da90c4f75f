/**
 * Text of an OOXML string as Excel shows it. SpreadsheetML text (shared strings and their rich-text
 * runs, inline strings, cached formula results in `<v>`) is an ST_Xstring (ECMA-376 Part 1
 * §22.9.2.19): a character XML cannot carry, and every carriage return, is written `_xHHHH_`
 * (4 hex digits, UTF-16 code unit), and `_x005F_` escapes the underscore that begins a literal
 * `_xHHHH_` (`_x005F_x000D_` reads as the text `_x000D_`). Host-neutral, pure.
 */

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes the `_xHHHH_` escapes of one ST_Xstring, in a single left-to-right pass (so `_x005F_`
 * followed by `x000D_` stays the literal `_x000D_`). Hex digits in either case (the `x` is lower
 * case); anything that is not exactly `_x` + 4 hex digits + `_` is left as written. A character
 * beyond U+FFFF comes as two escapes, its surrogate pair (`_xD83D__xDE00_` → 😀). Decode each `<t>`
 * or `<v>` on its own: an escape never spans two runs.
 */
export function decodeXstring(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// eslint-disable-next-line no-control-regex -- removing the characters XML 1.0 cannot carry is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** NOT_XML without `g`, to test (a global pattern's test would start where the last one stopped). */
// eslint-disable-next-line no-control-regex -- as NOT_XML
const HAS_NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Decoded text as the cell shows it: a carriage return before a line feed (`_x000D_` + LF, what
 * Excel writes for a CR LF pasted in) makes one line break with it, and a lone one is a line break
 * too, so no stray `\r` remains; the control characters XML 1.0 cannot carry (shown as nothing by
 * Excel) are removed, so the text can be written into the XML of any output as it is.
 */
export function shownText(text: string): string {
  const lines = text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
  // Tested first: a workbook has tens of thousands of strings, almost none with a control character.
  return HAS_NOT_XML.test(lines) ? lines.replace(NOT_XML, '') : lines;
}

/** An ST_Xstring of the file → the text Excel shows: escapes decoded, line breaks and controls as shown. */
export function xstringText(raw: string): string {
  return shownText(decodeXstring(raw));
}

/**
 * What an ST_Xstring cannot carry as it is: the control characters XML 1.0 refuses, the carriage
 * return (Excel writes it `_x000D_`, so that XML's line-end handling does not turn it into a line
 * feed), U+FFFE and U+FFFF, and a surrogate half without its other half; and the underscore that
 * begins a literal `_xHHHH_`, which a reader would otherwise decode.
 */
// A whole surrogate pair is matched to be kept; a half alone is escaped. No lookbehind: older webviews refuse it.
/* eslint-disable no-control-regex -- finding the characters XML cannot carry is the point */
const NEEDS_ESCAPE =
  /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)/g;
/* eslint-enable no-control-regex */

/**
 * Text written as an ST_Xstring the way Excel writes it (the inverse of decodeXstring): each
 * character XML cannot carry as `_xHHHH_` (ESC → `_x001B_`, CR → `_x000D_`), and `_x005F_` before a
 * literal `_xHHHH_` (the text `_x0041_` → `_x005F_x0041_`). Tabs and line feeds stay as they are.
 * Markup (`&`, `<`) is the XML writer's to escape, after this.
 */
export function encodeXstring(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) =>
    c.length === 2 ? c : `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

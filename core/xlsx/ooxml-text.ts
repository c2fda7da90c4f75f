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

/**
 * Decoded text as the cell shows it: a carriage return before a line feed (`_x000D_` + LF, what
 * Excel writes for a CR LF pasted in) makes one line break with it, and a lone one is a line break
 * too, so no stray `\r` remains; the control characters XML 1.0 cannot carry (shown as nothing by
 * Excel) are removed, so the text can be written into the XML of any output as it is.
 */
export function shownText(text: string): string {
  const lines = text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
  return lines.replace(NOT_XML, '');
}

/** An ST_Xstring of the file → the text Excel shows: escapes decoded, line breaks and controls as shown. */
export function xstringText(raw: string): string {
  return shownText(decodeXstring(raw));
}

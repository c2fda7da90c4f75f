/** The XML helper of the xlsx part writers: text and attributes escaped as Excel escapes them, children in their schema's order. */
import { encodeXstring } from '../../read/xlsx/ooxml-text';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot carry (and surrogates, checked one by one below). */
// eslint-disable-next-line no-control-regex -- finding the characters XML cannot carry is the point
const MAYBE_NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;

/** The text without what XML cannot carry: control characters, U+FFFE/U+FFFF, a surrogate half alone. */
function xmlChars(text: string): string {
  if (!MAYBE_NOT_XML.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) out += text[i] + text[++i];
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    if (code === 0xfffe || code === 0xffff) continue;
    out += text[i];
  }
  return out;
}

const TEXT_MARKUP = /[&<>]/;
const ATTRIBUTE_MARKUP = /[&<>"\t\n\r]/;

/**
 * Element text as Excel writes it: `&`, `<` and `>` escaped, quotes as they are. What XML cannot
 * carry is left out; text that must keep it (a cell's) goes through `xstring` instead.
 */
export function escapeText(text: string): string {
  const clean = xmlChars(text);
  if (!TEXT_MARKUP.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A double-quoted attribute value: markup and quotes escaped, and tabs and line breaks as
 * character references, so that attribute-value normalisation does not turn them into spaces.
 */
export function escapeAttribute(value: string): string {
  const clean = xmlChars(value);
  if (!ATTRIBUTE_MARKUP.test(clean)) return clean;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * Every character that encodeXstring or escapeText may change, and a few they often keep (`_`, tab,
 * line feed): a text without any (most of a bilan's tens of thousands) is its own ST_Xstring, found
 * in one scan instead of their three.
 */
// eslint-disable-next-line no-control-regex -- control characters are among those that change
const MAYBE_CHANGED = /[\u0000-\u001f&<>_\ud800-\udfff\ufffe\uffff]/;

/**
 * SpreadsheetML text (a cell's `<t>`, a chart's cached `<c:v>`, a footer): an ST_Xstring, each
 * character XML cannot carry written `_xHHHH_` as Excel writes it (ESC → `_x001B_`, a literal
 * `_x0041_` → `_x005F_x0041_`), then its markup escaped.
 */
export function xstring(text: string): string {
  if (!MAYBE_CHANGED.test(text)) return text;
  return escapeText(encodeXstring(text));
}

/**
 * True when a `<t>` gets xml:space="preserve", as Excel, XlsxWriter and openpyxl write it: a text
 * that begins or ends with whitespace, which a reader may otherwise trim. The ECMA-376 schema of
 * `<t>` does not declare the attribute, so xmllint refuses such a part (scripts/validate-ooxml.ts):
 * the one case where we follow Excel over the schema.
 */
export function keepsSpaces(text: string): boolean {
  return text.length > 0 && (isXmlSpace(text.charCodeAt(0)) || isXmlSpace(text.charCodeAt(text.length - 1)));
}

/** XML's white space: space, tab, line feed, carriage return. */
function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** An attribute list in the order given; undefined, null and false attributes are left out, true is `1`. */
export type Attributes = readonly (readonly [string, string | number | boolean | null | undefined])[];

function attributeText(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of attributes) {
    if (value === undefined || value === null || value === false) continue;
    const text = value === true ? '1' : typeof value === 'number' ? String(value) : escapeAttribute(value);
    out += ` ${name}="${text}"`;
  }
  return out;
}

/** `<name a="…"/>`, or `<name a="…">content</name>` when there is content (already XML). */
export function element(name: string, attributes: Attributes = [], content = ''): string {
  const attrs = attributeText(attributes);
  return content === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** `<name a="…">` alone, for a parent whose children are streamed. */
export function startTag(name: string, attributes: Attributes = []): string {
  return `<${name}${attributeText(attributes)}>`;
}

/**
 * The children of an element in the order of its schema's sequence, whatever order the writer made
 * them in: `order` is the sequence's element names (ECMA-376 Part 1, the complex type's
 * xsd:sequence), `children` the XML of those present. A child named outside the sequence is a
 * programming error.
 */
export function inSchemaOrder(order: readonly string[], children: Readonly<Partial<Record<string, string>>>): string {
  for (const name of Object.keys(children)) {
    if (!order.includes(name)) throw new Error(`<${name}> is not in the schema sequence ${order.join(', ')}`);
  }
  let out = '';
  for (const name of order) out += children[name] ?? '';
  return out;
}

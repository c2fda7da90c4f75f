/**
 * Where an element goes in a worksheet (or workbook) part: CT_Worksheet's children have a fixed order, and Excel
 * refuses a file where one is out of place. Used by the bilan writer (its chart's <drawing>) and by
 * `sync` (the status dropdown).
 */
import { WORKSHEET_CHILDREN } from './worksheet';

const WORKSHEET_ORDER: readonly string[] = WORKSHEET_CHILDREN;

/**
 * Where the first of the `tags` elements (with the part's namespace prefix) starts in `xml` at or
 * after `from`: a new element goes there to keep the schema order; -1 when none is present.
 */
export function firstElementAt(xml: string, tags: readonly string[], prefix: string, from = 0): number {
  const p = prefix.replace(':', '\\:');
  let at = -1;
  for (const tag of tags) {
    const m = new RegExp(`<${p}${tag}\\b`).exec(xml.slice(from));
    if (m && (at < 0 || from + m.index < at)) at = from + m.index;
  }
  return at;
}

/** The worksheet's namespace prefix (`x:` in files some tools write), or ''. */
export function worksheetPrefix(xml: string): string {
  return /<(\w+:)?worksheet\b/.exec(xml)?.[1] ?? '';
}

/**
 * The worksheet with `element` (a `tag` element) at its schema place, replacing the existing
 * `tag` element when there is one.
 */
export function withWorksheetElement(xml: string, tag: string, element: string): string {
  const prefix = worksheetPrefix(xml);
  const p = prefix.replace(':', '\\:');
  const existing = new RegExp(`<${p}${tag}\\b[^>]*?/>|<${p}${tag}\\b[^>]*>[\\s\\S]*?</${p}${tag}>`).exec(xml);
  if (existing) return xml.slice(0, existing.index) + element + xml.slice(existing.index + existing[0].length);
  // Only elements that are children of <worksheet>: searched after </sheetData>.
  const from = Math.max(0, xml.indexOf(`</${prefix}sheetData>`));
  let at = firstElementAt(xml, WORKSHEET_ORDER.slice(WORKSHEET_ORDER.indexOf(tag) + 1), prefix, from);
  if (at < 0) at = xml.lastIndexOf(`</${prefix}worksheet>`);
  return xml.slice(0, at) + element + xml.slice(at);
}

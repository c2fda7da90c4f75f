/**
 * Every formula of a workbook package that could quote a word as a string literal, with where it
 * is, for `sync` to keep the labels they quote (core/edit/label-fixes.ts keptLabelChanges): cell
 * formulas of every worksheet (a shared formula's text is on its first cell), conditional formats
 * and data validations (their `<formula>`, `<formula1>`, `<formula2>` and the `<xm:f>` of their
 * Excel 2010 extensions), and defined names. Read with plain text matching; only formulas holding
 * a quote are kept.
 */
import type { WorkbookFormula } from '../../edit/label-fixes';
import { attributesOf, decodeXml } from '../../read/xlsx/xml-attributes';
import type { WorkbookSheet } from './package-xml';

/** Formula elements: a cell's `<f>`, Excel 2010's `<xm:f>`, `<formula>`, `<formula1>`, `<formula2>`. */
const FORMULA = /<((?:\w+:)?(?:f|formula[12]?))\b[^>/]*>([^<]*)<\/\1>/g;

/** Containers of formulas outside the cells, by element local name, as the report names them. */
const CONTAINERS: readonly { name: string; what: string }[] = [
  { name: 'conditionalFormatting', what: 'mise en forme conditionnelle' },
  { name: 'dataValidation', what: 'validation des données' },
];

/** A cell's start tag (any prefix); the last one before a formula is the formula's cell. */
const CELL_START = /<(?:\w+:)?c(?:\s[^>]*)?>/g;

/** The formulas of one worksheet part that hold a string literal, each placed (« Synthèse!B3 »). */
export function sheetFormulas(xml: string, sheetName: string): WorkbookFormula[] {
  const out: WorkbookFormula[] = [];
  const dataStart = xml.search(/<(?:\w+:)?sheetData\b/);
  const dataEndMatch = /<\/(?:\w+:)?sheetData>/.exec(xml);
  const dataEnd = dataEndMatch ? dataEndMatch.index : dataStart;
  const shown = quoteSheet(sheetName);
  for (const m of xml.matchAll(FORMULA)) {
    const raw = m[2];
    if (!raw.includes('"') && !raw.includes('&quot;')) continue;
    const at = m.index;
    let place: string;
    if (dataStart >= 0 && at > dataStart && at < dataEnd) {
      // A formula is the first child of its cell: its start tag is just before.
      const before = xml.slice(Math.max(dataStart, at - 2048), at);
      let tag: string | undefined;
      for (const c of before.matchAll(CELL_START)) tag = c[0];
      const ref = tag ? attributesOf(tag).r : undefined;
      place = ref ? `${shown}!${ref}` : shown;
    } else {
      place = `${shown} (${containerOf(xml, at)})`;
    }
    out.push({ place, formula: decodeXml(raw) });
  }
  return out;
}

/** What holds a formula written outside the cells: conditional format or validation, with its cells. */
function containerOf(xml: string, at: number): string {
  let best = { index: -1, text: 'formule' };
  for (const { name, what } of CONTAINERS) {
    for (const opening of [`<${name}`, `:${name}`]) {
      const index = xml.lastIndexOf(opening, at);
      if (index <= best.index) continue;
      const open = xml.lastIndexOf('<', index);
      const tag = /^<[^>]*>/.exec(xml.slice(open, open + 4096))?.[0];
      if (!tag || !new RegExp(`^<(?:\\w+:)?${name}[\\s>/]`).test(tag)) continue;
      const sqref = attributesOf(tag).sqref;
      best = { index, text: sqref ? `${what} de ${sqref}` : what };
    }
  }
  return best.text;
}

const PLAIN_SHEET_NAME = new RegExp('^[\\p{L}_][\\p{L}\\p{N}_.]*$', 'u');

/** A sheet name as a formula writes it: quoted when it is not a plain word. */
function quoteSheet(name: string): string {
  return PLAIN_SHEET_NAME.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * The defined names of the workbook part whose formula holds a string literal (« nom « Total » »),
 * but the `ignored` ones (our own names: they hold settings, not formulas of the user).
 */
export function definedNameFormulas(
  workbookXml: string,
  sheets: readonly WorkbookSheet[],
  ignored: readonly string[] = [],
): WorkbookFormula[] {
  const out: WorkbookFormula[] = [];
  const skip = new Set(ignored.map((n) => n.toUpperCase()));
  for (const m of workbookXml.matchAll(/<((?:\w+:)?definedName)\b([^>]*)>([^<]*)<\/\1>/g)) {
    const raw = m[3];
    if (!raw.includes('"') && !raw.includes('&quot;')) continue;
    const a = attributesOf(`<x${m[2]}>`);
    if (skip.has((a.name ?? '').toUpperCase())) continue;
    const local = a.localSheetId === undefined ? null : sheets[Number(a.localSheetId)];
    const place = local ? `nom « ${a.name ?? ''} » de la feuille « ${local.name} »` : `nom « ${a.name ?? ''} »`;
    out.push({ place, formula: decodeXml(raw) });
  }
  return out;
}

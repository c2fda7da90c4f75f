/**
 * « Liste déroulante » written into a worksheet part: the core's dropdown plan (ranges, labels,
 * alert and prompt) as a `<dataValidation type="list">`. As the add-in clears the validation of
 * those cells before setting its own, the cells are taken out of the sheet's other validations
 * (an area is cut into at most four rectangles around them); a validation left with no cell is
 * dropped, and a validation this tool wrote before is replaced, never repeated.
 */
import { DROPDOWN_ALERT, DROPDOWN_PROMPT, dropdownSource } from '../../edit/status-dropdown';
import { type CellRange, columnIndex, rangeToA1 } from '../../base/grid';
import { EXCEL_COLUMNS, EXCEL_ROWS } from '../../read/xlsx/limits';
import { attributesOf } from '../../read/xlsx/xml-attributes';
import { escapeAttribute } from '../xlsx/xml';
import { withWorksheetElement, worksheetPrefix } from '../xlsx/worksheet-xml';

/** An sqref area (`B3:B9`, `B3`, `B:B`, `3:9`) → rectangle; null when unreadable. */
export function parseArea(area: string): CellRange | null {
  const m = /^\$?([A-Z]{0,3})\$?(\d*)(?::\$?([A-Z]{0,3})\$?(\d*))?$/i.exec(area.trim());
  if (!m) return null;
  const [, c1, r1, c2 = c1, r2 = r1] = m;
  if ((!c1 && !r1) || (!c2 && !r2)) return null;
  const left = c1 ? columnIndex(c1.toUpperCase()) : 0;
  const right = c2 ? columnIndex(c2.toUpperCase()) : EXCEL_COLUMNS - 1;
  const top = r1 ? Number(r1) - 1 : 0;
  const bottom = r2 ? Number(r2) - 1 : EXCEL_ROWS - 1;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

/** `a` minus `b`: up to four rectangles (above, below, left, right of the overlap). */
export function subtract(a: CellRange, b: CellRange): CellRange[] {
  const top = Math.max(a.top, b.top);
  const bottom = Math.min(a.bottom, b.bottom);
  const left = Math.max(a.left, b.left);
  const right = Math.min(a.right, b.right);
  if (top > bottom || left > right) return [a];
  const out: CellRange[] = [];
  if (a.top < top) out.push({ ...a, bottom: top - 1 });
  if (bottom < a.bottom) out.push({ ...a, top: bottom + 1 });
  if (a.left < left) out.push({ top, bottom, left: a.left, right: left - 1 });
  if (right < a.right) out.push({ top, bottom, left: right + 1, right: a.right });
  return out;
}

/** Our validation, as Excel writes a list with an input prompt and a stop alert. */
function ourValidation(prefix: string, sqref: string): string {
  return (
    `<${prefix}dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" ` +
    `errorTitle="${escapeAttribute(DROPDOWN_ALERT.title)}" error="${escapeAttribute(DROPDOWN_ALERT.message)}" ` +
    `promptTitle="${escapeAttribute(DROPDOWN_PROMPT.title)}" prompt="${escapeAttribute(DROPDOWN_PROMPT.message)}" sqref="${sqref}">` +
    `<${prefix}formula1>${escapeAttribute(`"${dropdownSource()}"`)}</${prefix}formula1></${prefix}dataValidation>`
  );
}

/** The worksheet part with the status dropdown on `ranges` (A1 ranges of the core's plan). */
export function withStatusDropdown(xml: string, ranges: readonly string[]): string {
  if (ranges.length === 0) return xml;
  const prefix = worksheetPrefix(xml);
  const p = prefix.replace(':', '\\:');
  const ours = ranges.map(parseArea).filter((r): r is CellRange => r !== null);
  const block = new RegExp(`<${p}dataValidations\\b[^>]*>([\\s\\S]*?)</${p}dataValidations>`).exec(xml);
  const kept: string[] = [];
  if (block) {
    const items = block[1].match(
      new RegExp(`<${p}dataValidation\\b[^>]*?/>|<${p}dataValidation\\b[^>]*>[\\s\\S]*?</${p}dataValidation>`, 'g'),
    );
    for (const item of items ?? []) {
      const open = item.slice(0, item.indexOf('>') + 1);
      const sqref = attributesOf(open).sqref ?? '';
      const areas = sqref
        .split(/\s+/)
        .filter(Boolean)
        .map((a) => ({ text: a, range: parseArea(a) }));
      const rest: string[] = [];
      for (const area of areas) {
        if (!area.range) {
          rest.push(area.text);
          continue;
        }
        let pieces = [area.range];
        for (const o of ours) pieces = pieces.flatMap((piece) => subtract(piece, o));
        const untouched = pieces.length === 1 && pieces[0] === area.range;
        rest.push(...(untouched ? [area.text] : pieces.map(rangeToA1)));
      }
      if (rest.length === 0) continue;
      kept.push(item.replace(/\ssqref=("[^"]*"|'[^']*')/, ` sqref="${rest.join(' ')}"`));
    }
  }
  kept.push(ourValidation(prefix, ours.map(rangeToA1).join(' ')));
  const head = block ? block[0].slice(0, block[0].indexOf('>') + 1) : `<${prefix}dataValidations>`;
  const element = `${head.replace(/\scount="\d*"/, '').replace(/>$/, ` count="${kept.length}">`)}${kept.join('')}</${prefix}dataValidations>`;
  return withWorksheetElement(xml, 'dataValidations', element);
}

/**
 * The mark of a sheet our tools generated (a « Bilan AAAA » sheet written into the user's own
 * workbook by the add-in or by `cls-bilan sync`). A generated sheet repeats the tracking table's
 * actions and states: read again, it would count every action twice for its year. Both hosts
 * skip a marked sheet when reading, and refresh it in place instead of adding a copy.
 *
 * The mark is a name defined on the sheet itself (a sheet-scoped defined name): it is saved in the
 * file (`<definedName name="CLS_BILAN_GENERE" localSheetId="…">2023</definedName>` in
 * xl/workbook.xml, a table-local named expression in .ods), it follows the sheet when the sheet is
 * renamed or moved, and a copy of the sheet keeps it (a copy of a bilan is a bilan). Its value is
 * the year of the bilan, 0 when the bilan has none.
 */

/** The defined name marking a generated sheet (no space, not a cell reference: Excel accepts it). */
export const GENERATED_SHEET_NAME = 'CLS_BILAN_GENERE';

export interface GeneratedMark {
  /** Year of the bilan the sheet holds; null when it has none. */
  year: number | null;
}

/** The formula the mark is defined with (`=2023`, `=0` for no year). */
export function generatedMarkFormula(year: number | null): string {
  return `=${year ?? 0}`;
}

/**
 * The mark read back from a defined name's text, as each host gives it: `2023`, `=2023`, `of:=2023`
 * (ODS). Anything else is still a mark, with no year: the name alone says the sheet is generated.
 */
export function parseGeneratedMark(text: string | null | undefined): GeneratedMark {
  const m = /^\s*(?:of:)?=?\s*(\d{4})\s*$/.exec(text ?? '');
  return { year: m ? Number(m[1]) : null };
}

/** True when a defined name's name is the mark (Excel compares names without case). */
export function isGeneratedMarkName(name: string | null | undefined): boolean {
  return (name ?? '').trim().toUpperCase() === GENERATED_SHEET_NAME;
}

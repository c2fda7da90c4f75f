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
import { freeSheetName } from './sheet-name';
import { typeset } from './typography';

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

/** Where a bilan goes: the sheet already generated for that year, refreshed in place, or a new one. */
export interface BilanTarget {
  name: string;
  /** True when the sheet exists (a generated bilan of that year): it is refreshed in place. */
  existing: boolean;
}

/**
 * The sheet the bilan of `year` is written to: the generated sheet of that year when there is one
 * (same sheet, same position, whatever the user renamed it to), else a new « Bilan AAAA » under a
 * name no sheet uses (compared without case, as Excel does). A sheet of the user's that happens
 * to be called « Bilan 2023 » is never overwritten.
 */
export function bilanTarget(
  sheets: readonly { name: string; generated?: GeneratedMark | null }[],
  year: number | null,
  wanted: string,
): BilanTarget {
  const own = sheets.find((s) => s.generated && (year === null ? s.name === wanted : s.generated.year === year));
  if (own) return { name: own.name, existing: true };
  return {
    name: freeSheetName(
      wanted,
      sheets.map((s) => s.name),
    ),
    existing: false,
  };
}

/** The message of a pane opened on a generated sheet: it is not a tracking table. */
export function generatedSheetMessage(sheetName: string, mark: GeneratedMark): string {
  const what = mark.year ? `le bilan ${mark.year}` : 'un bilan';
  const button = mark.year ? `« Bilan ${mark.year} »` : '« Bilan »';
  return typeset(
    `La feuille « ${sheetName} » est ${what} créé par le complément : ce n'est pas un tableau de suivi, elle n'est ` +
      `pas analysée. Le bouton ${button} la met à jour ; pour analyser le suivi, ouvrez la feuille de l'année.`,
  );
}

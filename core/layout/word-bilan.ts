/** The Word bilan: each year's bilan, then the recap of the years. */
import type { SheetLayout } from './sheet-layout';
import type { WorkbookAnalysis } from '../report/analysis';
import { type ContractTitle } from '../read/contract-title';
import { type Palette } from '../base/status';
import { statusYearLayout } from './synthesis-sheet';
import { yearSheetLayout } from './year-sheet';

/** The Word bilan for the report to the ARS and the COPIL: each year's bilan, then the recap of the years. */
export interface WordBilanLayout {
  years: SheetLayout[];
  recap: SheetLayout;
}

export function wordBilanLayout(
  analysis: WorkbookAnalysis,
  options: { palette: Palette; year?: number; contract: ContractTitle },
): WordBilanLayout {
  const years = analysis.sheets
    .filter((s) => options.year === undefined || s.sheet.year === options.year)
    .map((s) => yearSheetLayout(s, options.palette, { contract: options.contract }));
  return { years, recap: statusYearLayout(analysis, options.palette) };
}

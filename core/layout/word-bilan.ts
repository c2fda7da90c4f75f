/** The Word bilan: each year's bilan, the synthesis of the years, the follow-up of the actions. */
import type { SheetLayout } from './sheet-layout';
import type { WorkbookAnalysis } from '../report/analysis';
import { type ContractTitle } from '../read/contract-title';
import { type Palette } from '../base/status';
import { followUpLayout } from './follow-up-sheet';
import { synthesisLayout } from './synthesis-sheet';
import { yearSheetLayout } from './year-sheet';

/**
 * The Word bilan for the report to the ARS and the COPIL: the bilan sheets of the xlsx and the
 * html, the annex aside (the checks are for the coordinator). Each part starts on a new page
 * under its own first-level heading (« Bilan 2022 par action », « Synthèse — … », « Suivi
 * pluriannuel des actions »), its blocks under second-level ones: a table of contents files the
 * multi-year synthesis beside the years, not inside the last of them.
 */
export interface WordBilanLayout {
  parts: SheetLayout[];
}

export function wordBilanLayout(
  analysis: WorkbookAnalysis,
  options: { palette: Palette; year?: number; contract: ContractTitle; exactPorteurs?: boolean },
): WordBilanLayout {
  const years = analysis.sheets
    .filter((s) => options.year === undefined || s.sheet.year === options.year)
    .map((s) => yearSheetLayout(s, options.palette, { contract: options.contract }));
  const parts = [
    ...years,
    synthesisLayout(analysis, options.palette, options.contract, { exactPorteurs: options.exactPorteurs }),
  ];
  if (analysis.history) parts.push(followUpLayout(analysis.history, options.palette));
  return { parts };
}

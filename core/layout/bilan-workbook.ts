/** The whole bilan of a workbook: its sheets in order, and the contract and title its documents name. */
import type { SheetLayout, WorkbookLayout } from './sheet-layout';
import { freeSheetName } from '../base/sheet-name';
import type { WorkbookAnalysis } from '../report/analysis';
import { bilanTitle, type ContractTitle, contractTitle } from '../read/contract-title';
import { type Palette } from '../base/status';
import { controlsLayout } from './controls-sheet';
import { followUpLayout } from './follow-up-sheet';
import { sourcesLayout } from './sources-sheet';
import { synthesisLayout } from './synthesis-sheet';
import { yearSheetLayout } from './year-sheet';

/** Options of a bilan workbook. */
export interface BilanLayoutOptions {
  palette: Palette;
  /** Keep only this year's « Bilan AAAA » sheet (the synthesis and the follow-up keep every year). */
  year?: number;
  contract: ContractTitle;
  /** « Par porteur » counts each spelling apart (meant for a `--porteurs-exacts` option). */
  exactPorteurs?: boolean;
}

/**
 * The whole bilan workbook: one « Bilan AAAA » per year, Synthèse, Suivi pluriannuel (several
 * years), then the annex: Contrôles, Sources et rapprochements.
 */
export function bilanWorkbookLayout(analysis: WorkbookAnalysis, options: BilanLayoutOptions): WorkbookLayout {
  const sheets: SheetLayout[] = [];
  const add = (layout: SheetLayout) =>
    sheets.push({
      ...layout,
      name: freeSheetName(
        layout.name,
        sheets.map((s) => s.name),
      ),
    });
  for (const s of analysis.sheets) {
    if (options.year === undefined || s.sheet.year === options.year) {
      add(yearSheetLayout(s, options.palette, { contract: options.contract }));
    }
  }
  add(synthesisLayout(analysis, options.palette, options.contract, { exactPorteurs: options.exactPorteurs }));
  if (analysis.history) add(followUpLayout(analysis.history, options.palette));
  // The annex, after the bilan: the checks, then where each year comes from.
  add(controlsLayout([...analysis.workbookDiagnostics, ...analysis.sheets.flatMap((s) => s.diagnostics)]));
  add(sourcesLayout(analysis, { file: options.contract.file }));
  return { sheets };
}

/** What names a contract's documents: `--contrat`, and the source's file name. */
export interface DocumentNaming {
  /** `--contrat`: the contract's name as the user gives it. */
  contractOption?: string;
  /** The workbook's name without extension, the contract's name of last resort. */
  fileStem: string;
}

/** What makes a bilan document: the palette, the year kept, what names it, how porteurs are counted. */
export interface BilanDocumentOptions extends DocumentNaming {
  palette: Palette;
  year?: number;
  /** « Par porteur » counts each spelling apart. */
  exactPorteurs?: boolean;
}

/** The contract a workbook's documents (its bilan, its line of the region's synthesis) are about. */
export function documentContract(analysis: WorkbookAnalysis, naming: DocumentNaming): ContractTitle {
  return contractTitle(
    analysis.sheets.map((s) => s.sheet),
    naming.contractOption,
    naming.fileStem,
  );
}

/** A workbook's bilan as a document: the contract it is about, its title, and its sheets. */
export function bilanDocument(
  analysis: WorkbookAnalysis,
  options: BilanDocumentOptions,
): { contract: ContractTitle; title: string; layout: WorkbookLayout } {
  const contract = documentContract(analysis, options);
  const shown = analysis.sheets.filter((s) => options.year === undefined || s.sheet.year === options.year);
  const title = bilanTitle(
    contract,
    shown.map((s) => s.sheet.year),
  );
  const layout = bilanWorkbookLayout(analysis, {
    palette: options.palette,
    year: options.year,
    contract,
    exactPorteurs: options.exactPorteurs,
  });
  return { contract, title, layout };
}

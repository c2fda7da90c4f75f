/**
 * The json bilan (`convert --format json`): per sheet the report of `inspect --json` with its
 * bilan, the findings, the history. It grows with the workbook, not with its repetitions: a check
 * that fires on many rows of a sheet is one entry listing every cell (core/check/diagnostic-groups.ts),
 * and a text longer than MAX_JSON_TEXT characters (a 30,000-character state pasted into a cell) is
 * cut, ended by « … [texte coupé : N caractères] ». Host-neutral.
 */
import { allDiagnostics, type WorkbookAnalysis } from '../report/analysis';
import { groupDiagnostics } from '../check/diagnostic-groups';
import type { PaletteSource } from '../base/palette-settings';
import { sheetReport } from '../report/report';
import type { Palette } from '../base/status';
import { cutForJson, MAX_JSON_TEXT } from '../base/text';

export interface BilanJsonSource {
  /** The bilan's fingerprint (cli/fingerprint.ts), first in the file so that a run finds it in its first bytes. */
  fingerprint: string | null;
  version: string;
  /** The workbook's file name. */
  file: string;
  palette: { source: PaletteSource; colours: Palette };
  analysis: WorkbookAnalysis;
}

/** Cuts every long string, wherever it is (a title, a state as written, a porteur, a message). */
function cutLongTexts(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_JSON_TEXT ? cutForJson(value) : value;
}

/** The json bilan's text. */
export function bilanJsonText(source: BilanJsonSource): string {
  const { analysis } = source;
  const json = {
    fingerprint: source.fingerprint,
    version: source.version,
    file: source.file,
    palette: source.palette,
    sheets: analysis.sheets.map((s) => ({
      ...sheetReport(s.sheet, s.diagnostics),
      diagnostics: groupDiagnostics(s.diagnostics),
      bilan: s.bilan,
    })),
    diagnostics: groupDiagnostics(allDiagnostics(analysis)),
    history: analysis.history,
  };
  return `${JSON.stringify(json, cutLongTexts, 2)}\n`;
}

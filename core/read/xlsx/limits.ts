/**
 * The hard limits of the workbook readers (xlsx and ods), checked while they inflate and parse, and
 * the French errors that say which one a file went past.
 */
import { ClsError } from '../../base/errors';
import { toA1 } from '../../base/grid';
import { formatBytes } from './safety';
import { formatNumber } from '../../base/typography';

export interface StreamLimits {
  /** Bytes all parts read may inflate to. */
  maxInflatedBytes: number;
  /**
   * Rows and columns a sheet's data may reach. Columns go as far as Excel's (XFD): a sheet is bound
   * by the cells it keeps, not by where they are.
   */
  maxRows: number;
  maxColumns: number;
  /** Cells kept over the whole workbook. */
  maxCells: number;
  /** Merged areas, column ranges, tables and conditional rules per sheet. */
  maxMerges: number;
  maxRules: number;
}

/** Excel's own bounds. */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = {
  maxInflatedBytes: 200 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: EXCEL_COLUMNS,
  maxCells: 3_000_000,
  maxMerges: 100_000,
  maxRules: 1_000,
};

/**
 * How far a repeated cell that holds only a fill is expanded (in an .ods, the rest of a formatted
 * row is one cell repeated to the last column): LibreOffice's column count before version 7.4.
 * Cells with a value are expanded up to `maxColumns`, and counted.
 */
export const FILL_REPEAT_COLUMNS = 1_024;

export { CUT_MARKER, MAX_CELL_TEXT } from '../../base/text';

/** More bytes inflated than the budget allows. */
export function tooLargeInflated(fileName: string, limits: Readonly<StreamLimits>): ClsError {
  return new ClsError({
    code: 'TOO_LARGE',
    file: fileName,
    message:
      `« ${fileName} » est trop volumineux une fois décompressé (plus de ${formatBytes(limits.maxInflatedBytes)}). ` +
      `Supprimez les feuilles, images ou lignes inutiles (ou découpez le classeur), enregistrez-le puis réessayez.`,
  });
}

/** Data past the rows or columns a tracking table may have: the cell named is one with data. */
export function tooLargeSheet(
  fileName: string,
  sheet: string,
  r: number,
  c: number,
  limits: Readonly<StreamLimits>,
): ClsError {
  const cell = toA1(r, c);
  return new ClsError({
    code: 'TOO_LARGE',
    file: fileName,
    sheet,
    cell,
    message:
      `La feuille « ${sheet} » du classeur « ${fileName} » contient des données jusqu'à la cellule ${cell}, ` +
      `au-delà de ce que peut contenir un tableau de suivi (${formatNumber(limits.maxRows)} lignes, ` +
      `${formatNumber(limits.maxColumns)} colonnes). Supprimez les lignes ou colonnes superflues en fin de ` +
      `feuille (ou déplacez ces données dans un autre classeur), enregistrez et réessayez.`,
  });
}

/** More filled cells than a workbook of tracking tables has. */
export function tooManyCells(fileName: string, sheet: string, limits: Readonly<StreamLimits>): ClsError {
  return new ClsError({
    code: 'TOO_LARGE',
    file: fileName,
    sheet,
    message:
      `« ${fileName} » contient plus de ${formatNumber(limits.maxCells)} cellules remplies ` +
      `(limite atteinte dans la feuille « ${sheet} »), bien plus qu'un tableau de suivi. Supprimez les feuilles ou ` +
      `les lignes inutiles, enregistrez et réessayez.`,
  });
}

/** More merged areas, or merged areas covering more cells, than a tracking table has. */
export function tooManyMerges(fileName: string, sheet: string, limits: Readonly<StreamLimits>): ClsError {
  return new ClsError({
    code: 'TOO_LARGE',
    file: fileName,
    sheet,
    message:
      `La feuille « ${sheet} » de « ${fileName} » contient trop de cellules fusionnées (plus de ` +
      `${formatNumber(limits.maxMerges)} zones, ou des zones qui couvrent toute la feuille). Annulez les ` +
      `fusions inutiles (Accueil > Fusionner et centrer), enregistrez et réessayez.`,
  });
}

/// <reference types="office-js" />
/**
 * Failures shown in the pane, in French: the project's own ClsError as it is, Excel's errors
 * (protected sheet, payload too large, cell being edited…) turned into what to do.
 */
import { isClsError } from '../../core/base/errors';

/** A failure the pane shows as it is. */
export class PaneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaneError';
  }
}

const EXCEL_MESSAGES: Record<string, string> = {
  AccessDenied:
    'Excel a refusé la modification : la feuille ou le classeur est protégé, ou vous n’avez que le droit de lecture. ' +
    'Ôtez la protection (Révision > Ôter la protection de la feuille) ou demandez une copie modifiable, puis recommencez.',
  ResponsePayloadSizeLimitExceeded:
    'La feuille est trop volumineuse pour être lue en une fois par Excel sur le web (limite de 5 Mo). ' +
    'Supprimez les lignes et colonnes vides en fin de feuille, ou ouvrez le classeur dans Excel pour ordinateur.',
  RequestPayloadSizeLimitExceeded:
    'La modification est trop volumineuse pour Excel sur le web (limite de 5 Mo). ' +
    'Ouvrez le classeur dans Excel pour ordinateur, ou travaillez sur une feuille plus petite.',
  InvalidOperationInCellEditMode:
    'Une cellule est en cours de saisie : validez-la (Entrée) ou annulez (Échap), puis recommencez.',
  ItemNotFound: 'La feuille ou la cellule n’existe plus (feuille supprimée ou renommée ?). Relancez l’analyse.',
  InvalidArgument: 'Excel a refusé une adresse de cellule. Relancez l’analyse, puis recommencez.',
  MergedRangeConflict: 'Des cellules fusionnées empêchent l’écriture : choisissez un autre emplacement.',
  UnsupportedOperation: 'Cette opération n’est pas possible sur cette feuille (feuille de graphique ou protégée ?).',
  InvalidSelection:
    'Excel ne peut pas travailler sur cette sélection : un autre classeur est peut-être au premier plan, ou ' +
    'plusieurs zones ou un objet sont sélectionnés. Revenez sur ce classeur, cliquez sur une seule cellule de la ' +
    'feuille, puis recommencez.',
  InactiveWorkbook:
    'Ce classeur n’est pas au premier plan dans Excel : revenez sur sa fenêtre (ou son onglet), puis recommencez.',
  RangeExceedsLimit:
    'La feuille est trop grande pour être lue d’un bloc par Excel (plus de 5 millions de cellules, mises en forme ' +
    'comprises) : supprimez les lignes et colonnes inutiles en fin de feuille (sélectionnez-les, clic droit > ' +
    'Supprimer), enregistrez, puis recommencez.',
  ApiNotFound:
    'Cette version d’Excel ne propose pas une fonction nécessaire au complément (ExcelApi 1.13). ' +
    'Utilisez Microsoft 365 ou Excel sur le web.',
};

/** The code of an error Excel gave, or undefined. */
export function excelCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True for what Excel answers while the user is viewing another workbook: InactiveWorkbook, or
 * InvalidSelection from Worksheet.names and getActiveCell
 * (https://github.com/OfficeDev/office-js/issues/6365, https://github.com/OfficeDev/office-js/issues/5319;
 * https://learn.microsoft.com/javascript/api/excel/excel.errorcodes).
 */
export function isOtherWorkbookInFront(e: unknown): boolean {
  const code = excelCode(e);
  return code === 'InactiveWorkbook' || code === 'InvalidSelection';
}

/** The French message for anything thrown while talking to Excel. */
export function frenchMessage(e: unknown): string {
  if (e instanceof PaneError || isClsError(e)) return e.message;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && EXCEL_MESSAGES[code]) return EXCEL_MESSAGES[code];
  const detail = e instanceof Error ? e.message : String(e);
  return (
    'Erreur inattendue d’Excel : rien n’a été modifié par cette opération, ou elle a été annulée. ' +
    `Réessayez ; si le problème continue, transmettez ce message à l’équipe (détail technique : ${
      typeof code === 'string' ? `${code} — ` : ''
    }${detail.slice(0, 200)}).`
  );
}

export function protectedSheetError(sheetName: string): PaneError {
  return new PaneError(
    `La feuille « ${sheetName} » est protégée : le complément n’y écrit rien. ` +
      'Ôtez la protection (Révision > Ôter la protection de la feuille), puis recommencez.',
  );
}

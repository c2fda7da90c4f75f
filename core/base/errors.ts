/**
 * The one error type for failures a user must read: a stable code, a French message that says
 * what is wrong and what to do, and where (file, sheet, cell). Readers and writers throw it; the
 * CLI and the task pane show its message as it is. Anything else is a programming error.
 */
import { typeset } from './typography';

export type ClsErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'EMPTY_FILE'
  | 'NOT_ZIP'
  | 'TEXT_FILE'
  | 'TRUNCATED_ZIP'
  | 'LEGACY_XLS'
  | 'ENCRYPTED'
  | 'ODS'
  | 'NOT_XLSX'
  | 'TOO_LARGE'
  | 'XLSX_INVALID'
  | 'NO_TABLE'
  | 'YEAR_TWICE'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_IS_INPUT'
  | 'WRITE_FAILED'
  | 'WORKBOOK_OPEN'
  | 'PROTECTED'
  | 'SYNC_REFUSED'
  | 'SYNC_CHECK_FAILED'
  | 'SYNC_RUNNING'
  | 'WORKBOOK_CHANGED'
  | 'READ_ONLY'
  | 'HARD_LINKED'
  | 'BACKUP_FAILED'
  | 'TIMEOUT'
  | 'OUT_OF_MEMORY'
  | 'INTERNAL';

export interface ClsErrorInfo {
  code: ClsErrorCode;
  message: string;
  file?: string;
  sheet?: string;
  cell?: string;
  /** Technical detail of an unexpected failure: shown only with --debug, never in the message. */
  detail?: string;
}

export class ClsError extends Error {
  readonly code: ClsErrorCode;
  readonly file?: string;
  readonly sheet?: string;
  readonly cell?: string;
  /** Technical detail (the system's own words), for --debug only. */
  readonly detail?: string;

  constructor(info: ClsErrorInfo) {
    super(typeset(info.message));
    this.name = 'ClsError';
    this.code = info.code;
    this.file = info.file;
    this.sheet = info.sheet;
    this.cell = info.cell;
    if (info.detail) this.detail = info.detail;
  }
}

export function isClsError(e: unknown): e is ClsError {
  return e instanceof ClsError;
}

/** Plain-data form of any thrown value, for reports and worker messages. */
export function toErrorInfo(e: unknown, file?: string): ClsErrorInfo {
  if (isClsError(e)) {
    const info: ClsErrorInfo = { code: e.code, message: e.message, file: e.file ?? file, sheet: e.sheet, cell: e.cell };
    if (e.detail) info.detail = e.detail;
    return info;
  }
  return {
    code: 'INTERNAL',
    message: internalMessage(file),
    file,
    detail: describe(e),
  };
}

/** The French apology for an unexpected failure; its technical detail goes to the --debug log. */
export function internalMessage(file?: string): string {
  return typeset(
    `Erreur inattendue${file ? ` en lisant « ${file} »` : ''}. Ce n'est pas de votre fait : ` +
      `relancez avec --debug pour obtenir le détail technique, et transmettez-le à l'équipe avec ce fichier.`,
  );
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0].slice(0, 200);
  return String(e).slice(0, 200);
}

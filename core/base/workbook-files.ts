/**
 * The workbooks a folder is searched for, by every host (the command's folders, the page's drops):
 * an old .xls is not read but listed with how to save it again, never skipped without a word.
 */
export const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xltx', '.ods', '.fods', '.xls'] as const;

/** A workbook's file name: one of those extensions, and not one of Excel's « ~$ » lock files. */
export function isWorkbookName(name: string): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('~$') && WORKBOOK_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** A workbook's file name without its extension (« suivi.xlsm » → « suivi »). */
export function workbookStem(name: string): string {
  const lower = name.toLowerCase();
  const ext = WORKBOOK_EXTENSIONS.find((e) => lower.endsWith(e));
  return ext ? name.slice(0, name.length - ext.length) : name;
}

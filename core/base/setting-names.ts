/**
 * The names of the settings the add-in and `cls-bilan sync` store in the workbook (the web
 * extension part, Office.context.document.settings in the pane).
 */

/** The palette the user chose (JSON of state id → #RRGGBB). */
export const PALETTE_SETTING = 'clsSuiviPalette';

/** The backup of the fills the colouring replaced, to restore them. */
export const FILL_BACKUP_SETTING = 'clsSuiviCouleursOrigine';

/** The settings this project writes; a web extension part holding one of them is ours. */
export const ADDIN_SETTING_NAMES: readonly string[] = [PALETTE_SETTING, FILL_BACKUP_SETTING];

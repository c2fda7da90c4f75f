/**
 * The settings the add-in and `cls-bilan sync` store in the workbook (the web extension part,
 * `context.workbook.settings` in the pane): their names, how the backup of original fills is laid
 * out over them (one setting per sheet), the add-in Ids they belong to, and the size they may take.
 *
 * Office keeps settings « per add-in and per document. That is, they are available only to the
 * add-in that created them »: https://learn.microsoft.com/javascript/api/office/office.settings
 * (https://learn.microsoft.com/office/dev/add-ins/develop/persisting-add-in-state-and-settings).
 * The development manifest (manifest.xml) and the production one (tools/production-manifest.js)
 * have two Ids; the Node tool reads and writes the settings of both.
 */

/** The palette the user chose (JSON of state id → #RRGGBB). */
export const PALETTE_SETTING = 'clsSuiviPalette';

/**
 * The backup of the fills the colouring replaced, as one value `{ version: 1, sheets: { key: … } }`.
 * Stored so by earlier versions; now the name of the joined view (`joinBackupSettings`), each sheet
 * being stored in a setting of its own (`sheetBackupSettingName`).
 */
export const FILL_BACKUP_SETTING = 'clsSuiviCouleursOrigine';

/** One sheet's backup: `clsSuiviCouleursOrigine.<key>` (the key: the sheet's id when it was saved). */
const SHEET_BACKUP_PREFIX = `${FILL_BACKUP_SETTING}.`;

/** The settings this project writes; a web extension part holding one of them is ours. */
export const ADDIN_SETTING_NAMES: readonly string[] = [PALETTE_SETTING, FILL_BACKUP_SETTING];

/** The Ids of the add-in's manifests (`<Id>`), as a web extension part's `<we:reference id>` names them. */
export const ADDIN_IDS = {
  /** manifest.xml (npm start, the development server). */
  development: 'c5cce923-6e75-4ac0-8662-a328e287b514',
  /** The published manifest (npm run build:addin with ADDIN_URL; tools/production-manifest.js). */
  production: '708b5602-8203-40c0-ae23-f781920ef62b',
} as const;

/** Every Id the add-in is known by, the one users run first: its settings are read first. */
export const KNOWN_ADDIN_IDS: readonly string[] = [ADDIN_IDS.production, ADDIN_IDS.development];

/** True for a name of a setting this project writes (a sheet's backup included). */
export function isAddinSettingName(name: string): boolean {
  return ADDIN_SETTING_NAMES.includes(name) || name.startsWith(SHEET_BACKUP_PREFIX);
}

/** The setting holding one sheet's backup. */
export function sheetBackupSettingName(key: string): string {
  return `${SHEET_BACKUP_PREFIX}${key}`;
}

/** The sheet key of a sheet backup setting's name, or null for any other setting. */
export function sheetBackupKey(name: string): string | null {
  return name.startsWith(SHEET_BACKUP_PREFIX) && name.length > SHEET_BACKUP_PREFIX.length
    ? name.slice(SHEET_BACKUP_PREFIX.length)
    : null;
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The backup as one value: what an earlier version stored, as much as its shape allows. */
export interface JoinedBackup {
  version: 1;
  sheets: Record<string, unknown>;
}

/**
 * The backup of every sheet as one value, from the stored settings (name → value as stored, JSON
 * text or already parsed): the sheets of the single setting earlier versions wrote, then each
 * sheet's own setting (which wins). Null when none is stored.
 */
export function joinBackupSettings(settings: Iterable<readonly [string, unknown]>): JoinedBackup | null {
  let found = false;
  const legacy: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [name, value] of settings) {
    if (name === FILL_BACKUP_SETTING) {
      const v = parsed(value);
      if (isRecord(v) && v.version === 1 && isRecord(v.sheets)) Object.assign(legacy, v.sheets);
      found = true;
      continue;
    }
    const key = sheetBackupKey(name);
    if (key === null) continue;
    found = true;
    const v = parsed(value);
    if (!isRecord(v) || v.version !== 1) continue;
    const entry: Record<string, unknown> = { ...v };
    delete entry.version;
    own[key] = entry;
  }
  return found ? { version: 1, sheets: { ...legacy, ...own } } : null;
}

/**
 * The settings writes that store `backup` (a joined value, or null for none): one setting per sheet
 * (`{ "version": 1, "sheetName": …, "fills": …, "written": … }` as JSON text), null for each stored
 * backup setting it no longer has, the single setting of earlier versions included. `stored`: the
 * names of the settings stored now. A sheet's setting whose text is unchanged is left out.
 */
export function backupSettingWrites(
  backup: Readonly<JoinedBackup> | null,
  stored: ReadonlyMap<string, unknown>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const keep = new Set<string>();
  for (const [key, entry] of Object.entries(backup?.sheets ?? {})) {
    const name = sheetBackupSettingName(key);
    keep.add(name);
    const text = JSON.stringify({ version: 1, ...(isRecord(entry) ? entry : {}) });
    if (stored.get(name) !== text) out[name] = text;
  }
  for (const name of stored.keys()) {
    if ((name === FILL_BACKUP_SETTING || sheetBackupKey(name) !== null) && !keep.has(name)) out[name] = null;
  }
  return out;
}

/**
 * The size the add-in's settings may take, in bytes of their JSON. Office refuses settings past
 * about 1 MB with « The argument is invalid or missing or has an incorrect format »
 * (https://github.com/OfficeDev/office-js/issues/3957; « We only support 2MB maximum for settings »:
 * https://github.com/OfficeDev/office-js/issues/621): the pane keeps well under it.
 */
export const SETTINGS_BUDGET_BYTES = 800_000;

/** Bytes of `text` in UTF-8 (core has no TextEncoder: it compiles without DOM types). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The size of settings as Office stores them: the JSON of the name → value map, in UTF-8 bytes. */
export function settingsBytes(settings: Iterable<readonly [string, unknown]>): number {
  const all: Record<string, unknown> = {};
  for (const [name, value] of settings) all[name] = value;
  return utf8Length(JSON.stringify(all));
}

/** The settings once `writes` are applied (null: deleted). */
export function withSettingWrites(
  settings: ReadonlyMap<string, unknown>,
  writes: Readonly<Record<string, string | null>>,
): Map<string, unknown> {
  const out = new Map(settings);
  for (const [name, value] of Object.entries(writes)) {
    if (value === null) out.delete(name);
    else out.set(name, value);
  }
  return out;
}

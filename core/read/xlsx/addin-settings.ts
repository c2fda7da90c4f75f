/**
 * The settings the add-in keeps in the workbook (`context.workbook.settings`: the palette, the
 * backup of original fills), as Office stores them in the file: properties of the add-in's web
 * extension part, `xl/webextensions/webextension*.xml`,
 * `<we:property name="clsSuiviPalette" value="&quot;{…}&quot;"/>`, each value JSON-encoded
 * (MS-OWEXML 2.2.1 CT_OsfWebExtensionProperty). Read here for `sync`, `convert` and `inspect`, so
 * the colours a coordinator chose in Excel are the colours of every output. Host-neutral.
 *
 * Office keeps settings per add-in Id (https://learn.microsoft.com/javascript/api/office/office.settings):
 * the part of each Id the add-in is known by (core/base/setting-names.ts, production first) is ours,
 * and the settings are those of the first found. The sheets' backups, one setting each, are also
 * given joined under FILL_BACKUP_SETTING, as earlier versions stored them.
 */
import {
  ADDIN_IDS,
  FILL_BACKUP_SETTING,
  isAddinSettingName,
  joinBackupSettings,
  KNOWN_ADDIN_IDS,
} from '../../base/setting-names';
import { DEFAULT_STREAM_LIMITS, type StreamLimits, tooLargeInflated } from './limits';
import { attributesOf } from './xml-attributes';
import { byteBudget, ZipReader } from './zip-reader';

/** The development add-in's id (manifest.xml <Id>), as the web extension part's <we:reference id> names it. */
export const ADDIN_ID: string = ADDIN_IDS.development;

/** The properties of a web extension part: name → stored text (still JSON-encoded). */
export function webExtensionProperties(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?property\b[^>]*>/g)) {
    const { name, value } = attributesOf(m[0]);
    if (name !== undefined && value !== undefined && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** The id of the add-in a web extension part belongs to (braces and case left out), or ''. */
export function webExtensionAddinId(xml: string): string {
  const m = /<(?:\w+:)?reference\b[^>]*>/.exec(xml);
  return (m ? (attributesOf(m[0]).id ?? '') : '').replace(/[{}]/g, '').toLowerCase();
}

/** True when the part is the web extension of this add-in (by one of its ids, or by the settings it holds). */
export function isOurWebExtension(xml: string): boolean {
  if (KNOWN_ADDIN_IDS.includes(webExtensionAddinId(xml))) return true;
  return [...webExtensionProperties(xml).keys()].some(isAddinSettingName);
}

/** The order in which our parts are read: production Id, development Id, then any other part holding our settings. */
function idRank(xml: string): number {
  const rank = KNOWN_ADDIN_IDS.indexOf(webExtensionAddinId(xml));
  return rank < 0 ? KNOWN_ADDIN_IDS.length : rank;
}

/** A stored value as the add-in gets it back: the JSON it was saved as, else the text itself. */
export function settingValue(stored: string | undefined): unknown {
  if (stored === undefined) return null;
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return stored;
  }
}

export interface AddinSettings {
  /** The web extension part the settings were read from; null when the workbook has none of ours. */
  part: string | null;
  /** Every web extension part of ours (one per add-in Id), the one read first. */
  parts: string[];
  /**
   * Setting name → value (JSON-decoded); the sheets' backups also joined under FILL_BACKUP_SETTING,
   * as JSON text.
   */
  values: Map<string, unknown>;
}

/** The add-in's settings found in a package, given its part names and a reader of small parts. */
export function findAddinSettings(names: readonly string[], text: (part: string) => string | null): AddinSettings {
  const ours: { part: string; rank: number; xml: string }[] = [];
  for (const part of names.filter((n) => /^xl\/webextensions\/webextension[^/]*\.xml$/i.test(n)).sort()) {
    const xml = text(part);
    if (xml && isOurWebExtension(xml)) ours.push({ part, rank: idRank(xml), xml });
  }
  ours.sort((a, b) => a.rank - b.rank);
  const first = ours[0];
  if (!first) return { part: null, parts: [], values: new Map() };
  const values = new Map<string, unknown>();
  for (const [name, stored] of webExtensionProperties(first.xml)) values.set(name, settingValue(stored));
  const joined = joinBackupSettings(values);
  if (joined) values.set(FILL_BACKUP_SETTING, JSON.stringify(joined));
  return { part: first.part, parts: ours.map((o) => o.part), values };
}

/**
 * The add-in's settings in a workbook's bytes (none in an .ods, which has no web extension parts).
 * Parts are read through the same budgeted inflater as the cells, so a hostile settings part can
 * not grow past the reader's limit.
 */
export function readAddinSettings(
  bytes: Uint8Array,
  fileName: string,
  limits: Partial<StreamLimits> = {},
): AddinSettings {
  const all = { ...DEFAULT_STREAM_LIMITS, ...limits };
  const zip = new ZipReader(bytes, fileName, byteBudget(all.maxInflatedBytes), () => {
    throw tooLargeInflated(fileName, all);
  });
  return findAddinSettings(zip.names(), (n) => zip.text(n));
}

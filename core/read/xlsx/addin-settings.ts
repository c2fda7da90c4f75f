/**
 * The settings the add-in keeps in the workbook (`context.workbook.settings`: the palette, the
 * backup of original fills), as Office stores them in the file: properties of the add-in's web
 * extension part, `xl/webextensions/webextension*.xml`,
 * `<we:property name="clsSuiviPalette" value="&quot;{…}&quot;"/>`, each value JSON-encoded
 * (MS-OWEXML 2.2.1 CT_OsfWebExtensionProperty). Read here for `sync`, `convert` and `inspect`, so
 * the colours a coordinator chose in Excel are the colours of every output. Host-neutral.
 */
import { ADDIN_SETTING_NAMES } from '../../base/setting-names';
import { DEFAULT_STREAM_LIMITS, type StreamLimits, tooLargeInflated } from './limits';
import { attributesOf } from './xml-attributes';
import { byteBudget, ZipReader } from './zip-reader';

/** The add-in's id (manifest.xml <Id>), as the web extension part's <we:reference id> names it. */
export const ADDIN_ID = 'c5cce923-6e75-4ac0-8662-a328e287b514';

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

/** True when the part is the web extension of this add-in (by its id, or by the settings it holds). */
export function isOurWebExtension(xml: string): boolean {
  if (webExtensionAddinId(xml) === ADDIN_ID) return true;
  const properties = webExtensionProperties(xml);
  return ADDIN_SETTING_NAMES.some((n) => properties.has(n));
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
  /** The web extension part holding them; null when the workbook has none of ours. */
  part: string | null;
  /** Setting name → value (JSON-decoded). */
  values: Map<string, unknown>;
}

/** The add-in's settings found in a package, given its part names and a reader of small parts. */
export function findAddinSettings(names: readonly string[], text: (part: string) => string | null): AddinSettings {
  const parts = names.filter((n) => /^xl\/webextensions\/webextension[^/]*\.xml$/i.test(n)).sort();
  for (const part of parts) {
    const xml = text(part);
    if (!xml || !isOurWebExtension(xml)) continue;
    const values = new Map<string, unknown>();
    for (const [name, stored] of webExtensionProperties(xml)) values.set(name, settingValue(stored));
    return { part, values };
  }
  return { part: null, values: new Map() };
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

/**
 * Writes the add-in's settings into the workbook file the way Office keeps them, so that the add-in
 * finds in Excel what `sync` saved (the backup of original fills: « Restaurer les couleurs
 * d'origine » then undoes a Node sync). Office gives an add-in the settings of its own Id only
 * (https://learn.microsoft.com/javascript/api/office/office.settings: « available only to the add-in
 * that created them »), and the add-in has two (development and production, core/base/setting-names.ts):
 * every web extension part of ours is edited in place and names every Id of the add-in (the others
 * as alternate references). A workbook that never had the add-in gets one part, referring to the
 * production add-in (the one users run), the development one as its alternate reference, attached
 * to a hidden task pane entry (MS-OWEXML; [MS-XLSX] webextensions/taskpanes parts).
 *
 * The backup of original fills is given as one value (FILL_BACKUP_SETTING, as `sync` computes it)
 * and stored one setting per sheet (core/base/setting-names.ts backupSettingWrites), as the add-in
 * stores it.
 */
import { randomUuid } from '../../base/uuid';
import {
  ADDIN_IDS,
  backupSettingWrites,
  FILL_BACKUP_SETTING,
  type JoinedBackup,
  KNOWN_ADDIN_IDS,
} from '../../base/setting-names';
import {
  type AddinSettings,
  settingValue,
  webExtensionAddinId,
  webExtensionProperties,
} from '../../read/xlsx/addin-settings';
import { attributesOf } from '../../read/xlsx/xml-attributes';
import { escapeAttribute } from '../xlsx/xml';
import {
  freeRelId,
  parseRelationships,
  relativeTarget,
  relsPathOf,
  withOverride,
  withRelationship,
} from './package-xml';
import type { ZipPackage } from './zip-package';

const WE_NS = 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11';
const WETP_NS = 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TASKPANES = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
const REL_WEBEXTENSION = 'http://schemas.microsoft.com/office/2011/relationships/webextension';
const CT_WEBEXTENSION = 'application/vnd.ms-office.webextension+xml';
const CT_TASKPANES = 'application/vnd.ms-office.webextensiontaskpanes+xml';
const TASKPANES = 'xl/webextensions/taskpanes.xml';

/** A setting's stored form: the value JSON-encoded, as Office stores each setting. */
function propertyXml(prefix: string, name: string, value: string): string {
  return `<${prefix}property name="${escapeAttribute(name)}" value="${escapeAttribute(JSON.stringify(value))}"/>`;
}

/** The web extension part with these settings set (null: removed), other properties kept. */
export function withProperties(xml: string, settings: Readonly<Record<string, string | null>>): string {
  const prefix = /<(\w+:)?webextension\b/.exec(xml)?.[1] ?? '';
  let out = xml;
  for (const [name, value] of Object.entries(settings)) {
    let replaced = false;
    out = out.replace(
      /<(?:\w+:)?property\b[^>]*?\/>|<(?:\w+:)?property\b[^>]*>[\s\S]*?<\/(?:\w+:)?property>/g,
      (el) => {
        if (attributesOf(el.slice(0, el.indexOf('>') + 1)).name !== name) return el;
        replaced = true;
        return value === null ? '' : propertyXml(prefix, name, value);
      },
    );
    if (replaced || value === null) continue;
    const element = propertyXml(prefix, name, value);
    const close = `</${prefix}properties>`;
    if (out.includes(close)) out = out.replace(close, `${element}${close}`);
    else if (new RegExp(`<${prefix}properties\\s*/>`).test(out)) {
      out = out.replace(new RegExp(`<${prefix}properties\\s*/>`), `<${prefix}properties>${element}${close}`);
    } else {
      // <we:properties> follows <we:reference> and <we:alternateReferences> (CT_OsfWebExtension).
      out = out.replace(
        new RegExp(
          `(<${prefix}alternateReferences\\s*/>|</${prefix}alternateReferences>|<${prefix}reference\\b[^>]*/>)`,
        ),
        `$1<${prefix}properties>${element}${close}`,
      );
    }
  }
  return out;
}

function referenceXml(id: string): string {
  return `<we:reference id="${id}" version="1.0.0.0" store="EXCatalog" storeType="EXCatalog"/>`;
}

/**
 * A new web extension part for the add-in of `id`, holding these settings; `alternates`: other Ids
 * of the same add-in, as alternate references.
 */
export function newWebExtensionXml(
  settings: Readonly<Record<string, string | null>>,
  id: string = ADDIN_IDS.production,
  alternates: readonly string[] = [],
): string {
  const properties = Object.entries(settings)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([name, value]) => propertyXml('we:', name, value))
    .join('');
  const alternate =
    alternates.length > 0
      ? `<we:alternateReferences>${alternates.map(referenceXml).join('')}</we:alternateReferences>`
      : '<we:alternateReferences/>';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<we:webextension xmlns:we="${WE_NS}" id="{${randomUuid().toUpperCase()}}">` +
    referenceXml(id) +
    `${alternate}<we:properties>${properties}</we:properties><we:bindings/>` +
    `<we:snapshot xmlns:r="${REL_NS}"/></we:webextension>`
  );
}

/** The settings stored in a part (name → value as the add-in gets it). */
function storedSettings(xml: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, stored] of webExtensionProperties(xml)) out.set(name, settingValue(stored));
  return out;
}

/**
 * The writes for one part: FILL_BACKUP_SETTING (the joined backup) turned into one setting per
 * sheet over what the part stores; the other settings as they are.
 */
function partWrites(
  settings: Readonly<Record<string, string | null>>,
  stored: ReadonlyMap<string, unknown>,
): Record<string, string | null> {
  if (!(FILL_BACKUP_SETTING in settings)) return { ...settings };
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(settings)) if (name !== FILL_BACKUP_SETTING) out[name] = value;
  const joined = settings[FILL_BACKUP_SETTING];
  const backup = joined === null ? null : (settingValue(joined) as JoinedBackup | null);
  return { ...out, ...backupSettingWrites(backup, stored) };
}

/**
 * The part with every other Id of the add-in among its alternate references, so that whichever
 * manifest the user runs, the part is the add-in's: « alternateReferences: alternate references to
 * the web extension » (MS-OWEXML 2.2.1 CT_OsfWebExtension). Parts of other add-ins are not ours and
 * never come here.
 */
export function withAlternateReferences(xml: string): string {
  const prefix = /<(\w+:)?webextension\b/.exec(xml)?.[1] ?? '';
  const primary = webExtensionAddinId(xml);
  const listed = new Set<string>();
  const block = new RegExp(
    `<${prefix}alternateReferences\\s*/>|<${prefix}alternateReferences\\b[^>]*>[\\s\\S]*?</${prefix}alternateReferences>`,
  );
  const found = block.exec(xml)?.[0];
  for (const m of (found ?? '').matchAll(/<(?:\w+:)?reference\b[^>]*>/g)) {
    listed.add((attributesOf(m[0]).id ?? '').replace(/[{}]/g, '').toLowerCase());
  }
  const missing = KNOWN_ADDIN_IDS.filter((id) => id !== primary && !listed.has(id));
  if (missing.length === 0) return xml;
  const added = missing.map((id) => referenceXml(id).replace(/we:/g, prefix)).join('');
  if (found !== undefined) {
    const close = `</${prefix}alternateReferences>`;
    const next = found.endsWith('/>')
      ? `<${prefix}alternateReferences>${added}${close}`
      : found.replace(close, `${added}${close}`);
    return xml.replace(found, next);
  }
  // <we:alternateReferences> follows <we:reference> (CT_OsfWebExtension).
  return xml.replace(
    new RegExp(`(<${prefix}reference\\b[^>]*/>|<${prefix}reference\\b[^>]*>[\\s\\S]*?</${prefix}reference>)`),
    `$1<${prefix}alternateReferences>${added}</${prefix}alternateReferences>`,
  );
}

/**
 * Sets the add-in's settings in the package: in every web extension part of ours, each then naming
 * every Id of the add-in (its own, the others as alternate references); a workbook without any gets
 * one, for the production Id.
 */
export function writeAddinSettings(
  pkg: ZipPackage,
  found: AddinSettings,
  settings: Readonly<Record<string, string | null>>,
): void {
  for (const part of found.parts) {
    const xml = pkg.text(part) ?? '';
    pkg.set(part, withAlternateReferences(withProperties(xml, partWrites(settings, storedSettings(xml)))));
  }
  if (found.parts.length > 0) return;
  const writes = partWrites(settings, new Map());
  if (Object.values(writes).every((v) => v === null)) return;
  addWebExtensionPart(pkg, newWebExtensionXml(writes, ADDIN_IDS.production, [ADDIN_IDS.development]));
}

/** Adds a web extension part to the package, attached to a hidden task pane entry. */
function addWebExtensionPart(pkg: ZipPackage, xml: string): void {
  let n = 1;
  while (pkg.has(`xl/webextensions/webextension${n}.xml`)) n++;
  const part = `xl/webextensions/webextension${n}.xml`;
  pkg.set(part, xml);
  let types = pkg.text('[Content_Types].xml') ?? '';
  types = withOverride(types, part, CT_WEBEXTENSION);
  // The task pane entry that attaches the web extension to the workbook, hidden.
  const paneRels = relsPathOf(TASKPANES);
  const relsXml = pkg.text(paneRels);
  const relId = freeRelId(relsXml ?? '', 'rId');
  pkg.set(paneRels, withRelationship(relsXml, relId, REL_WEBEXTENSION, relativeTarget(TASKPANES, part)));
  const pane =
    `<wetp:taskpane dockstate="right" visibility="0" width="350" row="0">` +
    `<wetp:webextensionref xmlns:r="${REL_NS}" r:id="${relId}"/></wetp:taskpane>`;
  const existing = pkg.text(TASKPANES);
  if (existing) {
    pkg.set(
      TASKPANES,
      existing.replace(
        /<\/(\w+:)?taskpanes>\s*$/,
        (close) => `${pane.replace(/wetp:/g, /<(\w+:)?taskpanes\b/.exec(existing)?.[1] ?? '')}${close}`,
      ),
    );
  } else {
    pkg.set(
      TASKPANES,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="${WETP_NS}">${pane}</wetp:taskpanes>`,
    );
    types = withOverride(types, TASKPANES, CT_TASKPANES);
    const rootRels = pkg.text('_rels/.rels');
    if (!parseRelationships(rootRels, '').some((r) => r.type === REL_TASKPANES)) {
      pkg.set('_rels/.rels', withRelationship(rootRels, freeRelId(rootRels ?? '', 'rId'), REL_TASKPANES, TASKPANES));
    }
  }
  pkg.set('[Content_Types].xml', types);
}

/**
 * Writes the add-in's settings into the workbook file the way Office keeps them, so that the add-in
 * finds in Excel what `sync` saved (the backup of original fills: « Restaurer les couleurs
 * d'origine » then undoes a Node sync). The add-in's existing web extension part is edited in
 * place; a workbook that never had the add-in gets one, referring to the add-in by its manifest id,
 * attached to a hidden task pane entry (MS-OWEXML; [MS-XLSX] webextensions/taskpanes parts).
 */
import { randomUUID } from 'node:crypto';
import { ADDIN_ID, type AddinSettings } from '../../core/read/xlsx/addin-settings';
import { attributesOf } from '../../core/read/xlsx/xml-attributes';
import { escapeAttribute } from '../../core/write/xlsx/xml';
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

/** A new web extension part for the add-in, holding these settings. */
export function newWebExtensionXml(settings: Readonly<Record<string, string | null>>): string {
  const properties = Object.entries(settings)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([name, value]) => propertyXml('we:', name, value))
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<we:webextension xmlns:we="${WE_NS}" id="{${randomUUID().toUpperCase()}}">` +
    `<we:reference id="${ADDIN_ID}" version="1.0.0.0" store="EXCatalog" storeType="EXCatalog"/>` +
    `<we:alternateReferences/><we:properties>${properties}</we:properties><we:bindings/>` +
    `<we:snapshot xmlns:r="${REL_NS}"/></we:webextension>`
  );
}

/** Sets the add-in's settings in the package (creating its web extension part when needed). */
export function writeAddinSettings(
  pkg: ZipPackage,
  found: AddinSettings,
  settings: Readonly<Record<string, string | null>>,
): void {
  if (found.part) {
    const xml = pkg.text(found.part) ?? '';
    pkg.set(found.part, withProperties(xml, settings));
    return;
  }
  if (Object.values(settings).every((v) => v === null)) return;
  let n = 1;
  while (pkg.has(`xl/webextensions/webextension${n}.xml`)) n++;
  const part = `xl/webextensions/webextension${n}.xml`;
  pkg.set(part, newWebExtensionXml(settings));
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

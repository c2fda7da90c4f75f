/**
 * What `sync` needs to know of a package's structure, read from its small XML parts with plain
 * text matching (they are a few kilobytes): relationships, the workbook's sheets and defined
 * names, content types; and the edits of those parts that add or refresh a generated sheet.
 */
import { WORKBOOK_CHILDREN } from '../xlsx/workbook';
import { resolvePath } from '../../read/xlsx/stream-reader';
import { attributesOf } from '../../read/xlsx/xml-attributes';
import { firstElementAt } from '../xlsx/worksheet-xml';
import { escapeAttribute } from '../xlsx/xml';

/** An attribute by its local name (`r:id` → `id`). */
export function attr(attributes: Record<string, string>, name: string): string | undefined {
  if (attributes[name] !== undefined) return attributes[name];
  for (const [k, v] of Object.entries(attributes)) if (k.split(':').pop() === name) return v;
  return undefined;
}

export interface Relationship {
  id: string;
  type: string;
  /** Path inside the package (resolved); the raw target for external ones. */
  target: string;
  external: boolean;
}

/** The relationships part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`). */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export function parseRelationships(xml: string | null, part: string): Relationship[] {
  if (!xml) return [];
  const folder = part.slice(0, part.lastIndexOf('/') + 1);
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributesOf(m[0]);
    if (!a.Id || !a.Target) continue;
    const external = a.TargetMode === 'External';
    out.push({ id: a.Id, type: a.Type ?? '', target: external ? a.Target : resolvePath(folder, a.Target), external });
  }
  return out;
}

export function emptyRelationships(): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
}

/** A relationship id not used in `xml`. */
export function freeRelId(xml: string, base: string): string {
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!xml.includes(`"${id}"`)) return id;
  }
}

/** The rels part with one more relationship (target relative to the part's folder). */
export function withRelationship(xml: string | null, id: string, type: string, target: string): string {
  const base = xml ?? emptyRelationships();
  const element = `<Relationship Id="${id}" Type="${type}" Target="${escapeAttribute(target)}"/>`;
  return base.replace(/<\/(\w+:)?Relationships>\s*$/, (close) => `${element}${close}`);
}

/** The rels part without the relationship `id`. */
export function withoutRelationship(xml: string, id: string): string {
  return xml.replace(/<(?:\w+:)?Relationship\b[^>]*>/g, (tag) => (attributesOf(tag).Id === id ? '' : tag));
}

/** A path relative to the folder of `from` (`xl/workbook.xml`, `xl/worksheets/sheet9.xml` → `worksheets/sheet9.xml`). */
export function relativeTarget(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let i = 0;
  while (i < fromParts.length && i < toParts.length - 1 && fromParts[i] === toParts[i]) i++;
  return [...Array<string>(fromParts.length - i).fill('..'), ...toParts.slice(i)].join('/');
}

export interface WorkbookSheet {
  name: string;
  sheetId: number;
  relId: string;
  /** 0-based position in <sheets> (the `localSheetId` of sheet-scoped names). */
  index: number;
  /** The worksheet part, when the relationship resolves. */
  part: string | null;
}

/**
 * The key of a worksheet in the backup of original fills: its persisted id (`xr:uid`), else the id
 * Excel gives a sheet without one, from its position (see core/colouring backupKeyOf).
 */
export function worksheetKey(xml: string, index: number): string {
  const uid = /<(?:\w+:)?worksheet\b[^>]*\sxr:uid="(\{[0-9A-Fa-f-]+\})"/.exec(xml)?.[1];
  return uid ?? `{00000000-0001-0000-${index.toString(16).padStart(4, '0').toUpperCase()}-000000000000}`;
}

export function parseSheets(workbookXml: string, rels: readonly Relationship[]): WorkbookSheet[] {
  const out: WorkbookSheet[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributesOf(m[0]);
    const relId = attr(a, 'id') ?? '';
    const rel = rels.find((r) => r.id === relId);
    out.push({
      name: a.name ?? '',
      sheetId: Number(a.sheetId ?? 0),
      relId,
      index: out.length,
      part: rel && !rel.external ? rel.target : null,
    });
  }
  return out;
}

/** True when the workbook's structure is protected (Révision > Protéger le classeur). */
export function isStructureProtected(workbookXml: string): boolean {
  const m = /<(?:\w+:)?workbookProtection\b[^>]*>/.exec(workbookXml);
  if (!m) return false;
  const v = attributesOf(m[0]).lockStructure;
  return v === '1' || v === 'true';
}

/** CT_Workbook's children after <definedNames> (ECMA-376 Part 1, 18.2.27). */
const AFTER_DEFINED_NAMES = WORKBOOK_CHILDREN.slice(WORKBOOK_CHILDREN.indexOf('definedNames') + 1);

/** The workbook part without a sheet-scoped defined name (names compared without case, as Excel does). */
export function withoutDefinedName(workbookXml: string, name: string, localSheetId: number): string {
  const element = /<(\w+:)?definedName\b([^>]*)>[\s\S]*?<\/\1?definedName>/g;
  return workbookXml.replace(element, (whole, _prefix: string | undefined, attrs: string) => {
    const a = attributesOf(`<x${attrs}>`);
    const same = (a.name ?? '').toUpperCase() === name.toUpperCase() && a.localSheetId === String(localSheetId);
    return same ? '' : whole;
  });
}

/** The workbook part with a sheet-scoped defined name added (at its schema place). */
export function withDefinedName(workbookXml: string, name: string, localSheetId: number, value: string): string {
  const prefix = /<(\w+:)?workbook\b/.exec(workbookXml)?.[1] ?? '';
  const element = `<${prefix}definedName name="${escapeAttribute(name)}" localSheetId="${localSheetId}">${escapeAttribute(value)}</${prefix}definedName>`;
  const close = `</${prefix}definedNames>`;
  const at = workbookXml.indexOf(close);
  if (at >= 0) return workbookXml.slice(0, at) + element + workbookXml.slice(at);
  const selfClosed = new RegExp(`<${prefix.replace(':', '\\:')}definedNames\\s*/>`).exec(workbookXml);
  const block = `<${prefix}definedNames>${element}</${prefix}definedNames>`;
  if (selfClosed) {
    return workbookXml.slice(0, selfClosed.index) + block + workbookXml.slice(selfClosed.index + selfClosed[0].length);
  }
  const found = firstElementAt(workbookXml, AFTER_DEFINED_NAMES, prefix);
  const insertAt = found >= 0 ? found : workbookXml.lastIndexOf(`</${prefix}workbook>`);
  return workbookXml.slice(0, insertAt) + block + workbookXml.slice(insertAt);
}

/** The workbook part with one more sheet at the end of <sheets>. */
export function withSheet(workbookXml: string, name: string, sheetId: number, relId: string): string {
  const prefix = /<(\w+:)?workbook\b/.exec(workbookXml)?.[1] ?? '';
  const rPrefix = /xmlns:(\w+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(
    workbookXml,
  )?.[1];
  const ns = rPrefix ? '' : ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const element = `<${prefix}sheet name="${escapeAttribute(name)}" sheetId="${sheetId}"${ns} ${rPrefix ?? 'r'}:id="${relId}"/>`;
  const close = `</${prefix}sheets>`;
  const at = workbookXml.indexOf(close);
  return workbookXml.slice(0, at) + element + workbookXml.slice(at);
}

/** The content types with an override for `part` (replacing one that exists). */
export function withOverride(typesXml: string, part: string, contentType: string): string {
  const name = `/${part}`;
  const same = [...typesXml.matchAll(/<(?:\w+:)?Override\b[^>]*>/g)].some((m) => {
    const a = attributesOf(m[0]);
    return a.PartName === name && a.ContentType === contentType;
  });
  if (same) return typesXml;
  const cleaned = withoutOverride(typesXml, part);
  return cleaned.replace(
    /<\/(\w+:)?Types>\s*$/,
    (close) => `<Override PartName="${escapeAttribute(name)}" ContentType="${contentType}"/>${close}`,
  );
}

export function withoutOverride(typesXml: string, part: string): string {
  const name = `/${part}`.toLowerCase();
  return typesXml.replace(/<(?:\w+:)?Override\b[^>]*>/g, (tag) =>
    (attributesOf(tag).PartName ?? '').toLowerCase() === name ? '' : tag,
  );
}

/** True when the content types give `part` a type (by override or by its extension's default). */
export function hasContentType(typesXml: string, part: string, extension: string): boolean {
  const name = `/${part}`.toLowerCase();
  for (const m of typesXml.matchAll(/<(?:\w+:)?(Override|Default)\b[^>]*>/g)) {
    const a = attributesOf(m[0]);
    if (m[1] === 'Override' && (a.PartName ?? '').toLowerCase() === name) return true;
    if (m[1] === 'Default' && (a.Extension ?? '').toLowerCase() === extension) return true;
  }
  return false;
}

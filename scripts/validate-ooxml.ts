/**
 * Validates the XML parts of .xlsx packages against the ECMA-376 transitional schemas with xmllint,
 * offline (--nonet): the schemas and the few they import are in test/schemas/ecma-376/ (see its
 * LICENCE.md for where each came from).
 *
 *   npx tsx scripts/validate-ooxml.ts FILE.xlsx...          (exit 1 if a part does not validate)
 *   npx tsx scripts/validate-ooxml.ts --raw FILE.xlsx...    (no markup-compatibility processing)
 *   npx tsx scripts/validate-ooxml.ts --all-errors FILE.xlsx...
 *
 * Each part is picked by its content type in [Content_Types].xml (Override by part name, else Default
 * by extension); parts of a type without a schema here (images, VML, printer settings…) are listed as
 * skipped, not validated.
 *
 * Markup compatibility (ECMA-376 Part 3): Excel and exceljs mark extensions as ignorable
 * (mc:Ignorable="x14ac" with x14ac:dyDescent on rows, mc:AlternateContent…). The schemas know nothing
 * of them, so a part is first processed as a consumer that understands only the transitional namespaces
 * would: attributes and elements of ignorable namespaces are dropped (their content kept where
 * mc:ProcessContent says so), the mc: attributes are removed, and an mc:AlternateContent is replaced by
 * its first mc:Choice whose Requires namespaces are all understood, else its mc:Fallback. A namespace
 * named in mc:MustUnderstand that is not understood is reported as an error. --raw validates the
 * bytes as written instead. extLst content needs no processing: the schemas take it with
 * processContents="lax". xml:space="preserve" on a <t> is accepted too (see serialize).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';

export interface PartResult {
  /** The part's name in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
  /** The schema file (in the schema folder) the part was validated against. */
  schema: string;
  /** xmllint's messages for this part (and markup-compatibility errors); empty when it validates. */
  errors: string[];
}

export interface ValidateOptions {
  /** Process markup compatibility before validating (default true). */
  mce?: boolean;
  /** Folder holding the XSDs (default: test/schemas/ecma-376 of this repository). */
  schemaDir?: string;
}

const CT = 'application/vnd.openxmlformats-officedocument.';
const SML = `${CT}spreadsheetml.`;

/** Content type → schema file. */
const SCHEMAS: ReadonlyArray<readonly [string, string]> = [
  [`${SML}sheet.main+xml`, 'sml.xsd'],
  [`${SML}template.main+xml`, 'sml.xsd'],
  ['application/vnd.ms-excel.sheet.macroEnabled.main+xml', 'sml.xsd'],
  ['application/vnd.ms-excel.template.macroEnabled.main+xml', 'sml.xsd'],
  [`${SML}worksheet+xml`, 'sml.xsd'],
  [`${SML}chartsheet+xml`, 'sml.xsd'],
  [`${SML}styles+xml`, 'sml.xsd'],
  [`${SML}sharedStrings+xml`, 'sml.xsd'],
  [`${SML}comments+xml`, 'sml.xsd'],
  [`${SML}table+xml`, 'sml.xsd'],
  [`${SML}calcChain+xml`, 'sml.xsd'],
  [`${CT}drawingml.chart+xml`, 'dml-chart.xsd'],
  [`${CT}drawingml.chartshapes+xml`, 'dml-chartDrawing.xsd'],
  [`${CT}drawing+xml`, 'dml-spreadsheetDrawing.xsd'],
  [`${CT}theme+xml`, 'dml-main.xsd'],
  [`${CT}extended-properties+xml`, 'shared-documentPropertiesExtended.xsd'],
  [`${CT}custom-properties+xml`, 'shared-documentPropertiesCustom.xsd'],
  ['application/vnd.openxmlformats-package.core-properties+xml', 'opc-coreProperties.xsd'],
  ['application/vnd.openxmlformats-package.relationships+xml', 'opc-relationships.xsd'],
];
/** The same by lower-case content type (media types compare case-insensitively). */
const SCHEMA_BY_CONTENT_TYPE: ReadonlyMap<string, string> = new Map(
  SCHEMAS.map(([contentType, schema]) => [contentType.toLowerCase(), schema]),
);

const CONTENT_TYPES_PART = '[Content_Types].xml';
const CONTENT_TYPES_SCHEMA = 'opc-contentTypes.xsd';

/** The schema for a content type (parameters such as `;charset=` ignored), or undefined. */
export function schemaForContentType(contentType: string): string | undefined {
  return SCHEMA_BY_CONTENT_TYPE.get(contentType.split(';')[0].trim().toLowerCase());
}

/** The folder of the XSDs: test/schemas/ecma-376, from scripts/ or from dist/scripts/. */
export function defaultSchemaDir(): string {
  for (const up of ['..', '../..']) {
    const dir = resolve(__dirname, up, 'test', 'schemas', 'ecma-376');
    if (existsSync(join(dir, 'sml.xsd'))) return dir;
  }
  throw new Error('validate-ooxml: test/schemas/ecma-376/sml.xsd not found');
}

// ---------------------------------------------------------------------------------------------
// Content types

interface ContentTypes {
  defaults: Map<string, string>; // lower-case extension → content type
  overrides: Map<string, string>; // lower-case part name without the leading / → content type
}

function readContentTypes(xml: string): ContentTypes {
  const types: ContentTypes = { defaults: new Map(), overrides: new Map() };
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    const attr = (name: string): string | undefined => tag.attributes[name]?.value;
    const contentType = attr('ContentType');
    if (contentType === undefined) return;
    if (tag.local === 'Default') {
      const extension = attr('Extension');
      if (extension !== undefined) types.defaults.set(extension.toLowerCase(), contentType);
    } else if (tag.local === 'Override') {
      const partName = attr('PartName');
      if (partName !== undefined) types.overrides.set(partName.replace(/^\//, '').toLowerCase(), contentType);
    }
  });
  parser.write(xml).close();
  return types;
}

function contentTypeOf(types: ContentTypes, part: string): string | undefined {
  const override = types.overrides.get(part.toLowerCase());
  if (override !== undefined) return override;
  const dot = part.lastIndexOf('.');
  return dot < 0 ? undefined : types.defaults.get(part.slice(dot + 1).toLowerCase());
}

export interface PackagePart {
  part: string;
  contentType: string | undefined;
  /** Undefined when no schema here covers the content type. */
  schema: string | undefined;
}

/** Every file of the package with its content type and schema. */
export function classifyParts(files: Record<string, Uint8Array>): PackagePart[] {
  const ctBytes = files[CONTENT_TYPES_PART];
  if (ctBytes === undefined) throw new Error(`no ${CONTENT_TYPES_PART} in the package`);
  const types = readContentTypes(strFromU8(ctBytes));
  return Object.keys(files)
    .filter((name) => !name.endsWith('/'))
    .sort()
    .map((part) => {
      if (part === CONTENT_TYPES_PART) return { part, contentType: undefined, schema: CONTENT_TYPES_SCHEMA };
      const contentType = contentTypeOf(types, part);
      return { part, contentType, schema: contentType === undefined ? undefined : schemaForContentType(contentType) };
    });
}

// ---------------------------------------------------------------------------------------------
// Markup compatibility (ECMA-376 Part 3)

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** The namespaces the transitional schemas here define: what this consumer "understands". */
const UNDERSTOOD: ReadonlySet<string> = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes',
  'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties',
  'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties',
  'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes',
  'http://schemas.openxmlformats.org/drawingml/2006/main',
  'http://schemas.openxmlformats.org/drawingml/2006/chart',
  'http://schemas.openxmlformats.org/drawingml/2006/chartDrawing',
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  'http://schemas.openxmlformats.org/drawingml/2006/picture',
  'http://schemas.openxmlformats.org/drawingml/2006/diagram',
  'http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas',
  'http://schemas.openxmlformats.org/package/2006/content-types',
  'http://schemas.openxmlformats.org/package/2006/relationships',
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties',
  'http://purl.org/dc/elements/1.1/',
  'http://purl.org/dc/terms/',
  'http://purl.org/dc/dcmitype/',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/XML/1998/namespace',
  MC,
]);

interface XmlElement {
  kind: 'element';
  name: string;
  uri: string;
  local: string;
  attributes: SaxesAttributeNS[];
  /** In-scope namespace declarations (prefix → URI), inherited ones included. */
  scope: Map<string, string>;
  children: XmlNode[];
}
type XmlNode = XmlElement | { kind: 'text'; text: string } | { kind: 'pi'; target: string; body: string };

function parseTree(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const root: XmlElement = {
    kind: 'element',
    name: '',
    uri: '',
    local: '',
    attributes: [],
    scope: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]),
    children: [],
  };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1];
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const scope = new Map(top().scope);
    for (const [prefix, uri] of Object.entries(tag.ns)) scope.set(prefix, uri);
    const element: XmlElement = {
      kind: 'element',
      name: tag.name,
      uri: tag.uri,
      local: tag.local,
      attributes: Object.values(tag.attributes),
      scope,
      children: [],
    };
    top().children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const text = (t: string): void => {
    if (stack.length > 1) top().children.push({ kind: 'text', text: t });
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('processinginstruction', (pi) => {
    top().children.push({ kind: 'pi', target: pi.target, body: pi.body });
  });
  parser.write(xml).close();
  if (failure !== undefined) throw failure;
  const element = root.children.find((c): c is XmlElement => c.kind === 'element');
  if (element === undefined) throw new Error('no root element');
  return element;
}

function mcAttribute(element: XmlElement, local: string): string | undefined {
  return element.attributes.find((a) => a.uri === MC && a.local === local)?.value;
}

function prefixes(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter((p) => p !== '');
}

interface McContext {
  ignorable: ReadonlySet<string>;
  /** `uri local` or `uri *`: ignorable elements whose content is kept. */
  processContent: ReadonlySet<string>;
}

/**
 * The element as a consumer understanding only UNDERSTOOD reads it; errors for namespaces it must
 * understand and does not. Returns the nodes replacing it (none, itself, or its children).
 */
function processMce(element: XmlElement, outer: McContext, errors: string[]): XmlNode[] {
  const ignorable = new Set(outer.ignorable);
  for (const prefix of prefixes(mcAttribute(element, 'Ignorable'))) {
    const uri = element.scope.get(prefix);
    if (uri === undefined) errors.push(`mc:Ignorable names the undeclared prefix "${prefix}" on <${element.name}>`);
    else ignorable.add(uri);
  }
  const processContent = new Set(outer.processContent);
  for (const qname of prefixes(mcAttribute(element, 'ProcessContent'))) {
    const [prefix, local] = qname.split(':');
    const uri = element.scope.get(prefix);
    if (uri !== undefined && local !== undefined) processContent.add(`${uri} ${local}`);
  }
  for (const prefix of prefixes(mcAttribute(element, 'MustUnderstand'))) {
    const uri = element.scope.get(prefix);
    if (uri === undefined || !UNDERSTOOD.has(uri)) {
      errors.push(`mc:MustUnderstand on <${element.name}> names a namespace not understood: ${prefix} = ${uri ?? '?'}`);
    }
  }
  const context: McContext = { ignorable, processContent };
  const ignored = (uri: string): boolean => uri !== '' && ignorable.has(uri) && !UNDERSTOOD.has(uri);

  if (ignored(element.uri)) {
    if (processContent.has(`${element.uri} ${element.local}`) || processContent.has(`${element.uri} *`)) {
      return processChildren(element, context, errors);
    }
    return [];
  }
  if (element.uri === MC && element.local === 'AlternateContent') {
    const branches = element.children.filter((c): c is XmlElement => c.kind === 'element' && c.uri === MC);
    const chosen =
      branches.find(
        (b) =>
          b.local === 'Choice' &&
          prefixes(b.attributes.find((a) => a.uri === '' && a.local === 'Requires')?.value).every((p) => {
            const uri = b.scope.get(p);
            return uri !== undefined && UNDERSTOOD.has(uri);
          }),
      ) ?? branches.find((b) => b.local === 'Fallback');
    return chosen === undefined ? [] : processChildren(chosen, context, errors);
  }
  element.attributes = element.attributes.filter((a) => a.uri !== MC && !ignored(a.uri));
  element.children = processChildren(element, context, errors);
  return [element];
}

function processChildren(element: XmlElement, context: McContext, errors: string[]): XmlNode[] {
  return element.children.flatMap((child) => (child.kind === 'element' ? processMce(child, context, errors) : [child]));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * Serializes the tree. Namespace declarations are written where the source had them, and again on an
 * element whose declaring ancestor was dropped (an unwrapped mc:AlternateContent, say).
 */
function serialize(element: XmlElement, parentScope: Map<string, string>): string {
  const declared = new Map(parentScope);
  const parts: string[] = [];
  for (const attribute of element.attributes) {
    // xml:space="preserve" on a text element (<t>): what Excel, LibreOffice, XlsxWriter and openpyxl
    // write for text with spaces or line breaks at an end, and what Excel needs to keep them, though
    // the schema's ST_Xstring takes no attribute. Accepted, as every consumer does.
    if (attribute.name === 'xml:space' && element.name.replace(/^.*:/, '') === 't') continue;
    if (attribute.uri === XMLNS) {
      const prefix = attribute.prefix === '' ? '' : attribute.local;
      declared.set(prefix, attribute.value);
    }
    parts.push(` ${attribute.name}="${escapeAttribute(attribute.value)}"`);
  }
  for (const [prefix, uri] of element.scope) {
    if (prefix === 'xml' || declared.get(prefix) === uri) continue;
    parts.push(prefix === '' ? ` xmlns="${escapeAttribute(uri)}"` : ` xmlns:${prefix}="${escapeAttribute(uri)}"`);
    declared.set(prefix, uri);
  }
  const content = element.children
    .map((child) => {
      if (child.kind === 'text') return escapeText(child.text);
      if (child.kind === 'pi') return `<?${child.target}${child.body === '' ? '' : ` ${child.body}`}?>`;
      return serialize(child, declared);
    })
    .join('');
  return content === ''
    ? `<${element.name}${parts.join('')}/>`
    : `<${element.name}${parts.join('')}>${content}</${element.name}>`;
}

/**
 * The part as a consumer that understands only the transitional namespaces reads it. Throws if the part
 * is not well-formed (it is then validated as is, for xmllint to say where).
 */
export function applyMarkupCompatibility(xml: string): { xml: string; errors: string[] } {
  const root = parseTree(xml);
  const errors: string[] = [];
  const nodes = processMce(root, { ignorable: new Set(), processContent: new Set() }, errors);
  const element = nodes.find((n): n is XmlElement => n.kind === 'element');
  if (element === undefined) return { xml: '', errors: [...errors, 'the root element is ignorable'] };
  return {
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${serialize(element, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]))}\n`,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// xmllint

/** Runs one xmllint for several parts against one schema; its messages by part. */
function runXmllint(cwd: string, schemaPath: string, parts: string[]): Map<string, string[]> {
  const byPart = new Map<string, string[]>(parts.map((p) => [p, []]));
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schemaPath, ...parts], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error !== undefined) {
    throw new Error(`validate-ooxml: could not run xmllint (${run.error.message}); install libxml2-utils`);
  }
  const failed = new Set<string>();
  let current: string | undefined;
  const general: string[] = [];
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l !== '');
  // Longest names first, so that a part name that is a prefix of another is not matched for it.
  const byLength = [...parts].sort((a, b) => b.length - a.length);
  for (const line of lines) {
    const part = byLength.find((p) => line.startsWith(`${p}:`) || line.startsWith(`${p} `));
    if (part !== undefined) {
      current = part;
      if (line === `${part} validates`) continue;
      if (line === `${part} fails to validate`) {
        failed.add(part);
        continue;
      }
      byPart.get(part)?.push(line);
    } else if (current !== undefined) {
      byPart.get(current)?.push(line); // a parser error's context and caret lines
    } else {
      general.push(line); // the schema's own errors, before any part
    }
  }
  for (const part of parts) {
    const messages = byPart.get(part) ?? [];
    if (general.length > 0 && (failed.has(part) || messages.length > 0 || run.status !== 0)) {
      messages.unshift(...general);
    }
    if (messages.length === 0 && (failed.has(part) || (run.status !== 0 && !lines.includes(`${part} validates`)))) {
      messages.push(`xmllint exited with status ${run.status ?? 'null'} without a message for this part`);
    }
    byPart.set(part, messages);
  }
  return byPart;
}

/** Validates every XML part of the package that a schema here covers. */
export function validatePackage(bytes: Uint8Array, options: ValidateOptions = {}): PartResult[] {
  const mce = options.mce ?? true;
  const schemaDir = options.schemaDir ?? defaultSchemaDir();
  const files = unzipSync(bytes);
  const parts = classifyParts(files).filter((p): p is PackagePart & { schema: string } => p.schema !== undefined);
  const work = mkdtempSync(join(tmpdir(), 'validate-ooxml-'));
  try {
    const mceErrors = new Map<string, string[]>();
    for (const { part } of parts) {
      const path = resolve(work, part);
      if (!path.startsWith(`${work}${sep}`)) throw new Error(`part name outside the package: ${part}`);
      mkdirSync(dirname(path), { recursive: true });
      let content: Uint8Array | string = files[part];
      if (mce) {
        try {
          const processed = applyMarkupCompatibility(strFromU8(files[part]));
          content = processed.xml;
          mceErrors.set(part, processed.errors);
        } catch {
          // Not well-formed: xmllint says where, on the bytes as written.
        }
      }
      writeFileSync(path, content);
    }
    const bySchema = new Map<string, string[]>();
    for (const { part, schema } of parts) bySchema.set(schema, [...(bySchema.get(schema) ?? []), part]);
    const messages = new Map<string, string[]>();
    for (const [schema, schemaParts] of bySchema) {
      for (const [part, lines] of runXmllint(work, join(schemaDir, schema), schemaParts)) messages.set(part, lines);
    }
    return parts.map(({ part, schema }) => ({
      part,
      schema,
      errors: [...(mceErrors.get(part) ?? []), ...(messages.get(part) ?? [])],
    }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

const SHOWN_ERRORS = 10;

function main(argv: string[]): number {
  const raw = argv.includes('--raw');
  const allErrors = argv.includes('--all-errors');
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--raw' && a !== '--all-errors');
  if (files.length === 0 || unknown.length > 0) {
    process.stderr.write('usage: npx tsx scripts/validate-ooxml.ts [--raw] [--all-errors] FILE.xlsx...\n');
    return 2;
  }
  let failures = 0;
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    process.stdout.write(`${file}${raw ? ' (raw, no markup-compatibility processing)' : ''}\n`);
    let results: PartResult[];
    try {
      results = validatePackage(bytes, { mce: !raw });
    } catch (err) {
      process.stdout.write(`  FAIL  ${err instanceof Error ? err.message : String(err)}\n`);
      failures++;
      continue;
    }
    for (const { part, schema, errors } of results) {
      if (errors.length === 0) {
        process.stdout.write(`  OK    ${part}  (${schema})\n`);
        continue;
      }
      failures++;
      process.stdout.write(`  FAIL  ${part}  (${schema}): ${errors.length} message(s)\n`);
      const shown = allErrors ? errors : errors.slice(0, SHOWN_ERRORS);
      for (const line of shown) process.stdout.write(`        ${line}\n`);
      if (shown.length < errors.length) process.stdout.write(`        … ${errors.length - shown.length} more\n`);
    }
    for (const { part, contentType } of classifyParts(unzipSync(bytes))) {
      if (contentType !== undefined && schemaForContentType(contentType) === undefined) {
        process.stdout.write(`  SKIP  ${part}  (${contentType}: no schema here)\n`);
      } else if (contentType === undefined && part !== CONTENT_TYPES_PART) {
        process.stdout.write(`  SKIP  ${part}  (no content type in ${CONTENT_TYPES_PART})\n`);
      }
    }
  }
  process.stdout.write(failures === 0 ? 'All parts validate.\n' : `${failures} failure(s).\n`);
  return failures === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

/**
 * The workbook's styles part, extended in place: `sync` appends the number formats, fills, fonts,
 * borders and cell formats it needs after the existing ones (updating their counts) and never edits
 * or reorders an existing one, so every other cell of the workbook keeps its look. A status cell
 * gets a copy of its own cell format with only the fill changed (its font, borders, number format
 * and alignment stay); the generated bilan sheet gets the formats of its layout cells from the one
 * style table of core/write/xlsx/styles.ts (the same looks as convert's bilans, in the workbook's
 * own font).
 */
import type { LayoutCell } from '../../layout/sheet-layout';
import { ClsError } from '../../base/errors';
import { lookCache } from '../look-cache';
import {
  type CellLook,
  cellLook,
  FIRST_CUSTOM_FORMAT,
  fontXml,
  numFmtXml,
  solidFillXml,
  thinBorderXml,
  xfXml,
} from '../xlsx/styles';

export { solidFillXml };

interface Collection {
  /** Element name (fills, fonts, borders, cellXfs). */
  tag: string;
  /** Item element name (fill, font, border, xf). */
  item: string;
  /** The items present in the file. */
  existing: string[];
  /** The items this sync appends. */
  added: string[];
}

export class StylesPatch {
  private readonly p: string;
  private readonly collections: Record<'fills' | 'fonts' | 'borders' | 'cellXfs', Collection>;
  /** `xf index|colour` → the new xf's index. */
  private readonly fillCopies = new Map<string, number>();
  /** Serialised item → index, for what this sync appends (no duplicates). */
  private readonly appended = new Map<string, number>();
  private readonly fontName: string;
  /** The number formats present (id → format code) and those this sync appends. */
  private readonly numFmts: Map<number, string>;
  private readonly addedNumFmts: [number, string][] = [];
  /** The xf of each layout cell's look, made once per look. */
  private readonly lookXf = lookCache((cell) => this.lookStyle(cellLook(cell)));

  constructor(
    private readonly xml: string,
    private readonly fileName: string,
  ) {
    const root = /<(\w+:)?styleSheet\b/.exec(xml);
    if (!root) this.invalid();
    this.p = root[1] ?? '';
    this.collections = {
      fills: this.collection('fills', 'fill'),
      fonts: this.collection('fonts', 'font'),
      borders: this.collection('borders', 'border'),
      cellXfs: this.collection('cellXfs', 'xf'),
    };
    const first = this.collections.fonts.existing[0] ?? '';
    this.fontName = decodeAttribute(/<(?:\w+:)?name\s+val="([^"]*)"/.exec(first)?.[1] ?? 'Calibri');
    this.numFmts = new Map();
    const numFmts = /<(\w+:)?numFmts\b[^>]*>([\s\S]*?)<\/(?:\w+:)?numFmts>/.exec(xml)?.[2] ?? '';
    for (const m of numFmts.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
      const id = /\snumFmtId="(\d+)"/.exec(m[0])?.[1];
      const code = /\sformatCode="([^"]*)"/.exec(m[0])?.[1];
      if (id !== undefined && code !== undefined) this.numFmts.set(Number(id), decodeAttribute(code));
    }
  }

  /** True when something was appended. */
  get changed(): boolean {
    return this.addedNumFmts.length > 0 || Object.values(this.collections).some((c) => c.added.length > 0);
  }

  /**
   * The index of a cell format like `xf` (a cell's `s`) but with a solid fill of `colour`, or with
   * no fill (null: `--restaurer` giving back a cell its original « no fill »).
   */
  withFill(xf: number, colour: string | null): number {
    const key = `${xf}|${colour ?? 'none'}`;
    const known = this.fillCopies.get(key);
    if (known !== undefined) return known;
    const xfs = this.collections.cellXfs;
    const base =
      xfs.existing[xf] ?? xfs.existing[0] ?? `<${this.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
    const fillId = colour === null ? this.noFill() : this.add('fills', solidFillXml(colour, this.p));
    const copy = setAttributes(base, { fillId: String(fillId), applyFill: '1' });
    const index = this.add('cellXfs', copy);
    this.fillCopies.set(key, index);
    return index;
  }

  /** The index of a fill that paints nothing (`patternType="none"`, the first fill as Excel writes it). */
  private noFill(): number {
    const none = this.collections.fills.existing.findIndex((f) =>
      /^<(?:\w+:)?fill>\s*<(?:\w+:)?patternFill\s+patternType="none"\s*\/>\s*<\/(?:\w+:)?fill>$/.test(f),
    );
    return none >= 0
      ? none
      : this.add('fills', `<${this.p}fill><${this.p}patternFill patternType="none"/></${this.p}fill>`);
  }

  /** The index of the cell format of a layout cell of the generated bilan sheet. */
  layoutStyle(cell: LayoutCell | null): number {
    return cell ? this.lookXf(cell) : 0;
  }

  private lookStyle(look: CellLook): number {
    const p = this.p;
    return this.add(
      'cellXfs',
      xfXml(
        look,
        {
          numFmtId: look.numFmt ? this.numFmtId(look.numFmt) : 0,
          fontId: this.add('fonts', fontXml(look.font, this.fontName, p)),
          fillId: look.fill ? this.add('fills', solidFillXml(look.fill, p)) : 0,
          borderId: look.border ? this.add('borders', thinBorderXml(p)) : 0,
        },
        p,
      ),
    );
  }

  /** The id of a custom number format: the workbook's own with that code, else one appended. */
  private numFmtId(code: string): number {
    for (const [id, known] of this.numFmts) if (known === code && id >= FIRST_CUSTOM_FORMAT) return id;
    const id = Math.max(FIRST_CUSTOM_FORMAT - 1, ...this.numFmts.keys()) + 1;
    this.numFmts.set(id, code);
    this.addedNumFmts.push([id, code]);
    return id;
  }

  /** The styles part with the appended items and updated counts. */
  toXml(): string {
    let xml = this.xml;
    if (this.addedNumFmts.length > 0) {
      const added = this.addedNumFmts.map(([id, code]) => numFmtXml(id, code, this.p)).join('');
      const count = this.numFmts.size;
      const p = this.p.replace(':', '\\:');
      const open = new RegExp(`<${p}numFmts\\b[^>]*?(/?)>`).exec(xml);
      if (open) {
        const close = `</${this.p}numFmts>`;
        const head = setAttributes(open[0].replace(/\s*\/>$/, '>'), { count: String(count) });
        const start = open.index;
        const bodyStart = start + open[0].length;
        const closeAt = open[1] === '/' ? bodyStart : xml.indexOf(close, bodyStart);
        if (closeAt < 0) this.invalid();
        const end = open[1] === '/' ? bodyStart : closeAt + close.length;
        xml = xml.slice(0, start) + head + xml.slice(bodyStart, closeAt) + added + close + xml.slice(end);
      } else {
        // numFmts comes first in a styleSheet (CT_Stylesheet's sequence).
        const root = /<(?:\w+:)?styleSheet\b[^>]*>/.exec(xml);
        if (!root) this.invalid();
        const at = root.index + root[0].length;
        xml = xml.slice(0, at) + `<${this.p}numFmts count="${count}">${added}</${this.p}numFmts>` + xml.slice(at);
      }
    }
    for (const c of Object.values(this.collections)) {
      if (c.added.length === 0) continue;
      const { open, body, close, start, end } = this.section(xml, c.tag);
      const count = c.existing.length + c.added.length;
      const head = setAttributes(open.replace(/\s*\/>$/, '>'), { count: String(count) });
      xml = xml.slice(0, start) + head + body + c.added.join('') + (close || `</${this.p}${c.tag}>`) + xml.slice(end);
    }
    return xml;
  }

  private add(name: keyof StylesPatch['collections'], item: string): number {
    const key = `${name}:${item}`;
    const known = this.appended.get(key);
    if (known !== undefined) return known;
    const c = this.collections[name];
    // An identical item (written by an earlier sync) is reused: a second sync adds nothing.
    const same = c.existing.indexOf(item);
    if (same >= 0) {
      this.appended.set(key, same);
      return same;
    }
    c.added.push(item);
    const index = c.existing.length + c.added.length - 1;
    this.appended.set(key, index);
    return index;
  }

  private collection(tag: string, item: string): Collection {
    const { body } = this.section(this.xml, tag);
    const p = this.p.replace(':', '\\:');
    const items =
      body.match(new RegExp(`<${p}${item}\\b[^>]*?/>|<${p}${item}\\b[^>]*>[\\s\\S]*?</${p}${item}>`, 'g')) ?? [];
    return { tag, item, existing: items, added: [] };
  }

  /** The element `tag` of the styles part: its start tag, content and end tag, and where it is. */
  private section(xml: string, tag: string): { open: string; body: string; close: string; start: number; end: number } {
    const p = this.p.replace(':', '\\:');
    const m = new RegExp(`<${p}${tag}\\b[^>]*?(/?)>`).exec(xml);
    if (!m) this.invalid();
    const start = m.index;
    const afterOpen = start + m[0].length;
    if (m[1] === '/') return { open: m[0], body: '', close: '', start, end: afterOpen };
    const closeTag = `</${this.p}${tag}>`;
    const closeAt = xml.indexOf(closeTag, afterOpen);
    if (closeAt < 0) this.invalid();
    return {
      open: m[0],
      body: xml.slice(afterOpen, closeAt),
      close: closeTag,
      start,
      end: closeAt + closeTag.length,
    };
  }

  private invalid(): never {
    throw new ClsError({
      code: 'XLSX_INVALID',
      file: this.fileName,
      message:
        `La feuille de styles de « ${this.fileName} » est incomplète : le classeur ne peut pas être synchronisé. ` +
        `Ouvrez-le et enregistrez-le à nouveau avec Excel ou LibreOffice, puis réessayez.`,
    });
  }
}

/** An attribute value as written → its text (the five entities and character references). */
function decodeAttribute(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-fA-F]+)|#(\d+)|(quot|amp|lt|gt|apos));/g,
    (_: string, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      if (dec) return String.fromCodePoint(Number(dec));
      const entities: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
      return entities[name ?? ''] ?? '';
    },
  );
}

/** An element's start tag with these attributes set (replaced when present, else added). */
export function setAttributes(element: string, attributes: Readonly<Record<string, string>>): string {
  const end = element.indexOf('>');
  let open = element.slice(0, end + 1);
  const rest = element.slice(end + 1);
  for (const [name, value] of Object.entries(attributes)) {
    const re = new RegExp(`(\\s${name}=)("[^"]*"|'[^']*')`);
    if (re.test(open)) open = open.replace(re, `$1"${value}"`);
    else open = open.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
  }
  return open + rest;
}

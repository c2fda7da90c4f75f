/**
 * The workbook's styles part, extended in place: `sync` appends the fills, fonts, borders and cell
 * formats it needs after the existing ones (updating their counts) and never edits or reorders an
 * existing one, so every other cell of the workbook keeps its look. A status cell gets a copy of
 * its own cell format with only the fill changed (its font, borders, number format and alignment
 * stay); the generated bilan sheet gets formats made from its layout cells.
 */
import type { LayoutCell } from '../../core/layout/sheet-layout';
import { ClsError } from '../../core/base/errors';
import { ooxmlArgb } from '../../core/base/status';
import { escapeXml } from '../xml-text';

/** The solid fill of a status colour, as Excel writes one. */
export function solidFillXml(colour: string, p = ''): string {
  return `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${ooxmlArgb(colour)}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
}

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
    this.fontName = /<(?:\w+:)?name\s+val="([^"]*)"/.exec(first)?.[1] ?? 'Calibri';
  }

  /** True when something was appended. */
  get changed(): boolean {
    return Object.values(this.collections).some((c) => c.added.length > 0);
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
    const p = this.p;
    if (!cell) return 0;
    const colour = cell.colour ? `<${p}color rgb="${ooxmlArgb(cell.colour)}"/>` : '';
    const font = this.add(
      'fonts',
      `<${p}font>${cell.bold ? `<${p}b/>` : ''}${cell.italic ? `<${p}i/>` : ''}<${p}sz val="${cell.size ?? 11}"/>${colour}` +
        `<${p}name val="${escapeXml(this.fontName)}"/><${p}family val="2"/></${p}font>`,
    );
    const fill = cell.fill ? this.add('fills', solidFillXml(cell.fill, p)) : 0;
    const side = (s: string) => `<${p}${s} style="thin"><${p}color rgb="FFA6A6A6"/></${p}${s}>`;
    const border = cell.border
      ? this.add(
          'borders',
          `<${p}border>${side('left')}${side('right')}${side('top')}${side('bottom')}<${p}diagonal/></${p}border>`,
        )
      : 0;
    const horizontal = cell.align ? ` horizontal="${cell.align}"` : '';
    const alignment = `<${p}alignment${horizontal} vertical="top"${cell.wrap ? ' wrapText="1"' : ''}/>`;
    return this.add(
      'cellXfs',
      `<${p}xf numFmtId="${cell.percent ? 9 : 0}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0" ` +
        `applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">${alignment}</${p}xf>`,
    );
  }

  /** The styles part with the appended items and updated counts. */
  toXml(): string {
    let xml = this.xml;
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

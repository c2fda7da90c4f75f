/** The styles part and the one style table of every xlsx we write: a layout cell's look → font, fill, border, number format, xf. */
import type { LayoutCell } from '../../layout/sheet-layout';
import { ooxmlArgb } from '../../base/status';
import { lookCache } from '../look-cache';
import { element, escapeAttribute, inSchemaOrder, XML_DECLARATION } from './xml';

/** The font of every cell (Excel's default), named so that every reader shows the same. */
export const FONT_NAME = 'Calibri';
export const FONT_SIZE = 11;
/** The thin grey of table borders, in convert's bilans and in sync's generated sheet alike. */
export const BORDER_COLOUR = '#808080';
/** Excel's own colour of a hyperlink. */
export const LINK_COLOUR = '#0563C1';
/** « 7 % », with the French non-breaking space: the percent cells' format and the chart's labels. */
export const PERCENT_FORMAT = '0"\u00a0"%';
/** The first number format id a workbook may define (ids below are Excel's built-in formats). */
export const FIRST_CUSTOM_FORMAT = 164;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** CT_Stylesheet's sequence (ECMA-376 Part 1, §18.8.39). */
const STYLESHEET_CHILDREN = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
] as const;

export interface FontLook {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  /** Points. */
  size: number;
  /** #RRGGBB, or null for the automatic colour. */
  colour: string | null;
}

export interface AlignmentLook {
  horizontal: LayoutCell['align'] | null;
  wrap: boolean;
}

/** What a cell looks like, as the styles part says it. */
export interface CellLook {
  font: FontLook;
  /** Solid fill, #RRGGBB. */
  fill: string | null;
  /** Thin borders all round, in BORDER_COLOUR. */
  border: boolean;
  /** A custom number format code. */
  numFmt: string | null;
  /** Alignment (always top), for cells that wrap, align or have borders. */
  alignment: AlignmentLook | null;
}

/** The look of a layout cell: the one rule of every xlsx we write. */
export function cellLook(cell: LayoutCell): CellLook {
  return {
    font: {
      bold: cell.bold === true,
      italic: cell.italic === true,
      underline: Boolean(cell.link),
      size: cell.size ?? FONT_SIZE,
      colour: cell.link ? LINK_COLOUR : (cell.colour ?? null),
    },
    fill: cell.fill ?? null,
    border: cell.border === true,
    numFmt: cell.percent ? PERCENT_FORMAT : null,
    alignment:
      cell.wrap || cell.align || cell.border ? { horizontal: cell.align ?? null, wrap: cell.wrap === true } : null,
  };
}

/**
 * A `<font>`, children in Excel's order. `p` is the namespace prefix of the styles part it goes in
 * (sync appends to a workbook whose part may use one). Every font is named and sized: a bare
 * `<font><b/></font>` makes LibreOffice print in a serif font.
 */
export function fontXml(font: FontLook, name: string = FONT_NAME, p = ''): string {
  return (
    `<${p}font>` +
    (font.bold ? `<${p}b/>` : '') +
    (font.italic ? `<${p}i/>` : '') +
    (font.underline ? `<${p}u/>` : '') +
    `<${p}sz val="${font.size}"/>` +
    (font.colour ? `<${p}color rgb="${ooxmlArgb(font.colour)}"/>` : '') +
    `<${p}name val="${escapeAttribute(name)}"/><${p}family val="2"/></${p}font>`
  );
}

/** The solid fill of a colour (a solid pattern shows its foreground colour only: no background colour). */
export function solidFillXml(colour: string, p = ''): string {
  return `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${ooxmlArgb(colour)}"/></${p}patternFill></${p}fill>`;
}

/** Thin borders all round, in BORDER_COLOUR (CT_Border's sequence: left, right, top, bottom, diagonal). */
export function thinBorderXml(p = ''): string {
  const side = (s: string) => `<${p}${s} style="thin"><${p}color rgb="${ooxmlArgb(BORDER_COLOUR)}"/></${p}${s}>`;
  return `<${p}border>${side('left')}${side('right')}${side('top')}${side('bottom')}<${p}diagonal/></${p}border>`;
}

/** A `<numFmt>`. */
export function numFmtXml(id: number, code: string, p = ''): string {
  return `<${p}numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`;
}

/** The indexes an xf points at. */
export interface XfIds {
  numFmtId: number;
  fontId: number;
  fillId: number;
  borderId: number;
}

/** The cell format (`<xf>` of cellXfs) of a look, over the indexes of its font, fill, border and number format. */
export function xfXml(look: CellLook, ids: XfIds, p = ''): string {
  const alignment = look.alignment
    ? `<${p}alignment${look.alignment.horizontal ? ` horizontal="${look.alignment.horizontal}"` : ''} vertical="top"${look.alignment.wrap ? ' wrapText="1"' : ''}/>`
    : '';
  return (
    `<${p}xf numFmtId="${ids.numFmtId}" fontId="${ids.fontId}" fillId="${ids.fillId}" borderId="${ids.borderId}" xfId="0"` +
    (look.numFmt ? ' applyNumberFormat="1"' : '') +
    ' applyFont="1"' +
    (look.fill ? ' applyFill="1"' : '') +
    (look.border ? ' applyBorder="1"' : '') +
    (alignment ? ' applyAlignment="1"' : '') +
    (alignment ? `>${alignment}</${p}xf>` : '/>')
  );
}

/** A list of distinct XML items, each with its index. */
class Items {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[]) {
    for (const item of initial) this.add(item);
  }

  add(item: string): number {
    let at = this.index.get(item);
    if (at === undefined) {
      at = this.list.length;
      this.list.push(item);
      this.index.set(item, at);
    }
    return at;
  }
}

/** The default font, no fill and the gray125 fill Excel reserves, no border, the default cell format. */
const DEFAULT_FONT: FontLook = { bold: false, italic: false, underline: false, size: FONT_SIZE, colour: null };

/**
 * The style table of a new workbook: each distinct look of its layout cells becomes one xf (found
 * again per cell with lookCache), its font, fill, border and number format shared between xfs.
 */
export class StyleTable {
  private readonly fonts = new Items([fontXml(DEFAULT_FONT)]);
  private readonly fills = new Items([
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ]);
  private readonly borders = new Items(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
  private readonly numFmts = new Map<string, number>();
  private readonly xfs = new Items(['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']);
  /** The xf index of a layout cell. */
  readonly xfOf: (cell: LayoutCell) => number = lookCache((cell) => this.xfOfLook(cellLook(cell)));

  xfOfLook(look: CellLook): number {
    let numFmtId = 0;
    if (look.numFmt) {
      numFmtId = this.numFmts.get(look.numFmt) ?? FIRST_CUSTOM_FORMAT + this.numFmts.size;
      this.numFmts.set(look.numFmt, numFmtId);
    }
    const ids: XfIds = {
      numFmtId,
      fontId: this.fonts.add(fontXml(look.font)),
      fillId: look.fill ? this.fills.add(solidFillXml(look.fill)) : 0,
      borderId: look.border ? this.borders.add(thinBorderXml()) : 0,
    };
    return this.xfs.add(xfXml(look, ids));
  }

  /** The styles part. */
  xml(): string {
    const list = (name: string, items: readonly string[]) => element(name, [['count', items.length]], items.join(''));
    const formats = [...this.numFmts].map(([code, id]) => numFmtXml(id, code));
    return (
      XML_DECLARATION +
      element(
        'styleSheet',
        [['xmlns', MAIN_NS]],
        inSchemaOrder(STYLESHEET_CHILDREN, {
          numFmts: formats.length > 0 ? list('numFmts', formats) : undefined,
          fonts: list('fonts', this.fonts.list),
          fills: list('fills', this.fills.list),
          borders: list('borders', this.borders.list),
          cellStyleXfs: list('cellStyleXfs', ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>']),
          cellXfs: list('cellXfs', this.xfs.list),
          cellStyles: list('cellStyles', ['<cellStyle name="Normal" xfId="0" builtinId="0"/>']),
          dxfs: element('dxfs', [['count', 0]]),
          tableStyles: element('tableStyles', [
            ['count', 0],
            ['defaultTableStyle', 'TableStyleMedium2'],
            ['defaultPivotStyle', 'PivotStyleLight16'],
          ]),
        }),
      )
    );
  }
}

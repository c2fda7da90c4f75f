/**
 * LibreOffice Calc's own format (.ods) into the same Grid as an .xlsx, streamed like it (zip-reader
 * with its byte budget, our XML tokenizer): cell text from its paragraphs (comments left out),
 * numbers from `office:value`, dates and percentages as the xlsx reader shows them, times as shown
 * (their value in days, as an .xlsx serial), background colours from the automatic styles and the
 * named styles they inherit from (styles.xml), merges from the span attributes, repeated rows and
 * columns expanded only where they hold something and never past the limits, hidden rows, columns
 * and sheets. The flat variant (.fods: the same XML in one `office:document`) is read the same way.
 * Host-neutral.
 */
import { ClsError } from '../../base/errors';
import { isGeneratedMarkName, parseGeneratedMark } from '../../base/generated-sheet';
import { isTaughtColumnsName } from '../taught-columns';
import type { Grid, GridCell } from '../../base/grid';
import { normalizeColour } from '../../base/status';
import { dateCell, numberText } from '../number-format';
import { cutToCell } from '../../base/text';
import {
  DEFAULT_STREAM_LIMITS,
  FILL_REPEAT_COLUMNS,
  type StreamLimits,
  tooLargeInflated,
  tooManyMerges,
} from './limits';
import { type CellCount, SheetCells } from './sheet-cells';
import { streamPart } from './xml-stream';
import { XmlDecoder } from './xml-decode';
import { type ByteBudget, byteBudget, type PartSource, ZipReader } from './zip-reader';

/** The one part of a flat .fods, as the reader names it. */
export const FLAT_PART = '';

/** A flat OpenDocument file (.fods): one XML document, read as a package of one part. */
class FlatDocument implements PartSource {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly budget: ByteBudget,
    private readonly onTooLarge: () => never,
  ) {}

  has(name: string): boolean {
    return name === FLAT_PART;
  }

  text(name: string): string | null {
    if (name !== FLAT_PART) return null;
    const pieces: string[] = [];
    this.stream(name, (t) => pieces.push(t));
    return pieces.join('');
  }

  stream(name: string, onText: (text: string) => void): boolean {
    if (name !== FLAT_PART) return false;
    const decoder = new XmlDecoder(onText);
    const step = 256 * 1024;
    for (let i = 0; i < this.bytes.length; i += step) {
      const chunk = this.bytes.subarray(i, i + step);
      this.budget.remaining -= chunk.length;
      if (this.budget.remaining < 0) this.onTooLarge();
      decoder.push(chunk);
    }
    decoder.push(new Uint8Array(0), true);
    return true;
  }
}

/** `PK` and a zip signature: a packaged .ods (else a flat .fods). */
function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)
  );
}

interface CellStyle {
  fill: string | null;
  parent: string | null;
}

/** Styles by name: a background colour, or none, and the style it inherits from. */
type StyleTable = Map<string, CellStyle>;

export class OdsReader {
  private readonly zip: PartSource;
  private readonly flat: boolean;
  /** Cells kept over the whole workbook. */
  private readonly count: CellCount = { kept: 0 };

  constructor(
    bytes: Uint8Array,
    private readonly fileName: string,
    private readonly limits: Readonly<StreamLimits> = DEFAULT_STREAM_LIMITS,
  ) {
    const budget = byteBudget(limits.maxInflatedBytes);
    const onTooLarge = () => {
      throw tooLargeInflated(fileName, limits);
    };
    this.flat = !isZip(bytes);
    this.zip = this.flat
      ? new FlatDocument(bytes, budget, onTooLarge)
      : new ZipReader(bytes, fileName, budget, onTooLarge);
  }

  read(): Grid[] {
    const styles: StyleTable = new Map();
    const hiddenTables = new Set<string>();
    const grids: Grid[] = [];
    if (this.flat) {
      // One document: the named styles, the automatic styles, then the body, in that order.
      this.parse(FLAT_PART, this.contentHandlers(styles, hiddenTables, grids), true);
      return grids;
    }
    this.parse('styles.xml', this.styleHandlers(styles, hiddenTables), false);
    this.parse('content.xml', this.contentHandlers(styles, hiddenTables, grids), true);
    return grids;
  }

  private styleHandlers(styles: StyleTable, hiddenTables: Set<string>) {
    let current: string | null = null;
    return {
      open: (name: string, a: Attributes) => {
        if (name === 'style') {
          current = a['style:name'] ?? null;
          if (current && a['style:family'] === 'table-cell') {
            styles.set(current, { fill: null, parent: a['style:parent-style-name'] ?? null });
          } else if (current && a['style:family'] !== 'table') current = null;
        } else if (name === 'table-cell-properties' && current) {
          const style = styles.get(current);
          const colour = a['fo:background-color'];
          if (style && colour && colour !== 'transparent') style.fill = normalizeColour(colour);
        } else if (name === 'table-properties' && current && a['table:display'] === 'false') {
          hiddenTables.add(current);
        }
      },
      close: (name: string) => {
        if (name === 'style') current = null;
      },
    };
  }

  private fillOf(styles: StyleTable, name: string | null): string | null {
    // Follow the parents (a few at most; a loop is cut).
    for (let depth = 0, n = name; n && depth < 8; depth++) {
      const style = styles.get(n);
      if (!style) return null;
      if (style.fill) return style.fill;
      n = style.parent;
    }
    return null;
  }

  private contentHandlers(styles: StyleTable, hiddenTables: Set<string>, grids: Grid[]) {
    const limits = this.limits;
    const styleHandlers = this.styleHandlers(styles, hiddenTables);
    // The sheet being read.
    let grid: Grid | null = null;
    let sheetCells: SheetCells | null = null;
    let hiddenCols: number[] = [];
    let columnStyles: (string | null)[] = [];
    let row = -1;
    let rowRepeat = 1;
    let rowHidden = false;
    let col = 0;
    let rowCells: { col: number; repeat: number; cell: GridCell; hasValue: boolean }[] = [];
    // The cell being read.
    let cellAttrs: Attributes | null = null;
    let paragraphs: string[] = [];
    let paragraph: string[] | null = null;
    let annotation = 0;

    const endCell = () => {
      const a = cellAttrs;
      cellAttrs = null;
      if (!a || !grid) return;
      const repeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1);
      const styleName = a['table:style-name'] ?? columnStyles[col] ?? null;
      const fill = this.fillOf(styles, styleName);
      const content = cellContent(a, paragraphs);
      const spanCols = Number(a['table:number-columns-spanned'] ?? 1) || 1;
      const spanRows = Number(a['table:number-rows-spanned'] ?? 1) || 1;
      if (spanCols > 1 || spanRows > 1) {
        if (grid.merges.length >= limits.maxMerges) throw tooManyMerges(this.fileName, grid.name, limits);
        grid.merges.push({ top: row, left: col, bottom: row + spanRows - 1, right: col + spanCols - 1 });
      }
      if (content || fill) {
        const cell: GridCell = content ?? { text: '', value: null };
        if (fill) cell.fill = fill;
        // A repeated cell with content is expanded, up to the column limit; one with only a fill
        // (the rest of a formatted row), up to LibreOffice's former last column.
        const last = content ? limits.maxColumns : Math.min(limits.maxColumns, FILL_REPEAT_COLUMNS);
        const times = Math.min(repeat, Math.max(1, last - col));
        rowCells.push({ col, repeat: times, cell, hasValue: content !== null });
      }
      col += repeat;
    };

    const endRow = () => {
      if (!grid) return;
      // Rows repeated with content are expanded up to the row limit; empty repeats only move on.
      const times = rowCells.length > 0 ? Math.min(rowRepeat, Math.max(1, limits.maxRows - row)) : 1;
      for (let k = 0; k < times; k++) {
        const r = row + k;
        if (rowHidden && r < limits.maxRows) grid.hiddenRows.push(r);
        for (const placed of rowCells) {
          for (let i = 0; i < placed.repeat; i++) {
            sheetCells?.keep(r, placed.col + i, i === 0 && k === 0 ? placed.cell : { ...placed.cell }, placed.hasValue);
          }
        }
      }
      if (rowHidden && rowCells.length === 0) {
        for (let k = 1; k < Math.min(rowRepeat, 1000); k++) if (row + k < limits.maxRows) grid.hiddenRows.push(row + k);
      }
      row += rowRepeat - 1;
      rowCells = [];
    };

    const endTable = () => {
      if (!grid || !sheetCells) return;
      grid.cells = sheetCells.cells();
      grid.merges = sheetCells.clipMerges(grid.merges);
      grid.hiddenRows = [...new Set(grid.hiddenRows)].sort((a, b) => a - b);
      grid.hiddenCols = hiddenCols;
      grids.push(grid);
      grid = null;
    };

    return {
      open: (name: string, a: Attributes) => {
        if (annotation > 0) {
          if (name === 'annotation') annotation++;
          return;
        }
        switch (name) {
          case 'table':
            grid = {
              name: a['table:name'] ?? `Feuille ${grids.length + 1}`,
              cells: [],
              merges: [],
              hiddenRows: [],
              hiddenCols: [],
            };
            if (hiddenTables.has(a['table:style-name'] ?? '')) grid.hidden = true;
            sheetCells = new SheetCells(this.fileName, grid.name, limits, this.count);
            hiddenCols = [];
            columnStyles = [];
            row = -1;
            break;
          case 'table-column': {
            const repeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1);
            const start = columnStyles.length;
            const end = Math.min(start + repeat, limits.maxColumns);
            for (let c = start; c < end; c++) {
              columnStyles.push(a['table:default-cell-style-name'] ?? null);
              if (a['table:visibility'] === 'collapse') hiddenCols.push(c);
            }
            break;
          }
          case 'table-row':
            row += 1;
            rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1);
            rowHidden = a['table:visibility'] === 'collapse' || a['table:visibility'] === 'filter';
            col = 0;
            rowCells = [];
            break;
          case 'table-cell':
          case 'covered-table-cell':
            // A cell covered by a merge shows nothing (its value, if any, lives in the merge's first cell).
            cellAttrs = name === 'covered-table-cell' ? { ...a, 'office:value-type': 'covered' } : a;
            paragraphs = [];
            break;
          case 'annotation':
            annotation = 1;
            break;
          case 'named-expression':
            // A named expression inside the table is the table's own: the generated-sheet mark.
            if (grid && isGeneratedMarkName(a['table:name']))
              grid.generated = parseGeneratedMark(a['table:expression']);
            if (grid && isTaughtColumnsName(a['table:name'])) grid.taught = (a['table:expression'] ?? '').slice(0, 500);
            break;
          case 'p':
          case 'h':
            if (cellAttrs) paragraph = [];
            break;
          case 's':
            if (paragraph) paragraph.push(' '.repeat(Math.min(Number(a['text:c'] ?? 1) || 1, 100)));
            break;
          case 'tab':
            paragraph?.push('\t');
            break;
          case 'line-break':
            paragraph?.push('\n');
            break;
          default:
            // Automatic styles live in content.xml too.
            styleHandlers.open(name, a);
        }
      },
      close: (name: string) => {
        if (annotation > 0) {
          if (name === 'annotation') annotation--;
          return;
        }
        switch (name) {
          case 'p':
          case 'h':
            if (paragraph) paragraphs.push(paragraph.join(''));
            paragraph = null;
            break;
          case 'table-cell':
          case 'covered-table-cell':
            endCell();
            break;
          case 'table-row':
            endRow();
            break;
          case 'table':
            endTable();
            break;
          default:
            styleHandlers.close(name);
        }
      },
      text: (t: string) => {
        if (annotation === 0 && paragraph) paragraph.push(t);
      },
    };
  }

  /**
   * Streams a part; its handlers take each tag's attributes as an object (the tokenizer's are read on
   * demand and hold one tag's only: a cell's are kept until its end).
   */
  private parse(path: string, handlers: OdsHandlers, required: boolean): void {
    const found = streamPart(
      this.zip,
      path,
      { open: (name, a) => handlers.open(name, a.record()), close: handlers.close, text: handlers.text },
      this.fileName,
    );
    if (!found && required) this.invalid(`la partie « ${path} » est absente`);
  }

  private invalid(why: string): never {
    throw new ClsError({
      code: 'XLSX_INVALID',
      file: this.fileName,
      message:
        `« ${this.fileName} » n'a pas pu être lu : le classeur LibreOffice semble endommagé (${why}). ` +
        `Ouvrez-le dans LibreOffice Calc, enregistrez-en une copie (« Fichier > Enregistrer sous ») et réessayez avec cette copie.`,
    });
  }
}

/** A tag's attributes by their name as written (`table:name`). */
type Attributes = Record<string, string>;

interface OdsHandlers {
  open: (name: string, attributes: Attributes) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** Text and value of a cell, as the xlsx reader gives them for the same cell. */
function cellContent(a: Attributes, paragraphs: readonly string[]): GridCell | null {
  const type = a['office:value-type'] ?? '';
  const shown = paragraphs.join('\n');
  switch (type) {
    case 'float':
    case 'currency': {
      const n = Number(a['office:value']);
      return Number.isFinite(n) ? { text: numberText(n), value: n } : textOf(shown);
    }
    case 'percentage': {
      const n = Number(a['office:value']);
      if (!Number.isFinite(n)) return textOf(shown);
      const decimals = /[.,](\d+)\s*%/.exec(shown)?.[1]?.length ?? 0;
      return { text: numberText(n, decimals > 0 ? `0.${'0'.repeat(decimals)}%` : '0%'), value: n };
    }
    case 'date': {
      const date = new Date(`${(a['office:date-value'] ?? '').slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? textOf(shown) : dateCell(date);
    }
    case 'time': {
      // A time or a duration (« PT36H00M00S »): shown as written, its value in days.
      const days = durationDays(a['office:time-value'] ?? '');
      return days === null || shown === '' ? textOf(shown) : { text: cutToCell(shown), value: days };
    }
    case 'boolean':
      return a['office:boolean-value'] === 'true' ? { text: 'VRAI', value: true } : { text: 'FAUX', value: false };
    case 'covered':
      return null;
    default:
      return textOf(shown);
  }
}

/** An ISO 8601 duration as ODF writes times (`PT12H30M00S`, `-PT1H`, `P1DT2H`) → days. */
function durationDays(text: string): number | null {
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim() === 'PT') return null;
  const seconds =
    Number(m[2] ?? 0) * 86_400 +
    Number(m[3] ?? 0) * 3600 +
    Number(m[4] ?? 0) * 60 +
    Number((m[5] ?? '0').replace(',', '.'));
  return (m[1] ? -seconds : seconds) / 86_400;
}

function textOf(text: string): GridCell | null {
  if (text === '') return null;
  const kept = cutToCell(text);
  return { text: kept, value: kept };
}

export function readOds(bytes: Uint8Array, fileName: string, limits: Partial<StreamLimits> = {}): Grid[] {
  return new OdsReader(bytes, fileName, { ...DEFAULT_STREAM_LIMITS, ...limits }).read();
}

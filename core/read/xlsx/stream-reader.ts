/**
 * Our own reader of .xlsx / .xlsm / .xltx: workbook bytes → `Grid[]`, streaming each part through a
 * streaming XML tokenizer (xml-tokenizer.ts) as it is inflated (zip-reader.ts), reading only what the Grid needs: sheets and
 * their state, shared strings (rich text joined, phonetic runs left out), text as Excel shows it
 * (`_xHHHH_` escapes decoded, see ooxml-text.ts), number formats (dates read as dates, percentages
 * as shown), fills with theme, tint and indexed colours, cells with or without their `r` attribute,
 * merges, hidden rows and columns, Excel tables, and the simple conditional formats that paint
 * states.
 *
 * Every limit is checked while parsing: bytes inflated, rows and columns with data, cells kept,
 * merges, column ranges and rules. A range (a merge, a `<col>`) is clipped, never expanded cell by
 * cell beyond the sheet's data. Host-neutral: Uint8Array, fflate and our tokenizer only.
 */
import { ClsError } from '../../base/errors';
import { type CellRange, type Grid, type GridCell, type GridTable, parseRange } from '../../base/grid';
import {
  applyConditionalFills,
  type ConditionalFill,
  type FillRule,
  fillTest,
  type FillTest,
  ruleText,
} from '../conditional-fill';
import { type ExcelColour, parseThemeColours, resolveColour, type ThemeColours } from './colours';
import { byteBudget, resolvePath, ZipReader } from './zip-reader';
import { type Attributes, localName, streamPart, type XmlHandlers } from './xml-stream';
import { checkWorkbookBytes, encryptedError, isEncryptedPackage } from './safety';
import { decryptWorkbook } from './office-crypto';
import { isDateFormat, numberText, parseIsoDateTime, serialCell } from '../number-format';
import { readOds } from './ods-reader';
import { cutToCell } from '../../base/text';
import { decodeXstring, shownText, xstringText } from './ooxml-text';
import { type GeneratedMark, isGeneratedMarkName, parseGeneratedMark } from '../../base/generated-sheet';
import { isTaughtColumnsName } from '../taught-columns';
import {
  DEFAULT_STREAM_LIMITS,
  EXCEL_COLUMNS,
  EXCEL_ROWS,
  type StreamLimits,
  tooLargeInflated,
  tooManyMerges,
} from './limits';
import { type CellCount, SheetCells } from './sheet-cells';

export { DEFAULT_STREAM_LIMITS, MAX_CELL_TEXT, type StreamLimits } from './limits';
export { resolvePath } from './zip-reader';

/** Excel's built-in number formats the reader cares about (dates, percentages). */
const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  9: '0%',
  10: '0.00%',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

interface Style {
  numFmt: string | null;
  fill: string | null;
}

interface Styles {
  xfs: Style[];
  dxfFills: (string | null)[];
}

/** A sheet as xl/workbook.xml lists it. */
interface SheetEntry {
  name: string;
  rid: string;
  hidden: boolean;
  generated?: GeneratedMark;
  /** The columns taught for the sheet (core/read/taught-columns.ts), as stored. */
  taught?: string;
}

interface Relationship {
  type: string;
  target: string;
}

/** An attribute by its local name (`r:id`, `id`). */
function attr(attributes: Attributes, name: string): string | undefined {
  const value = attributes.get(name);
  if (value !== undefined) return value;
  for (const [k, v] of attributes.entries()) if (localName(k) === name) return v;
  return undefined;
}

export class StreamReader {
  private readonly zip: ZipReader;
  /** Cells kept over the whole workbook. */
  private readonly count: CellCount = { kept: 0 };

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly limits: Readonly<StreamLimits> = DEFAULT_STREAM_LIMITS,
  ) {
    this.zip = new ZipReader(bytes, fileName, byteBudget(limits.maxInflatedBytes), () => {
      throw tooLargeInflated(fileName, limits);
    });
  }

  read(): Grid[] {
    const main = this.mainPart();
    const rels = this.relationships(main);
    const sheets = this.sheets(main);
    const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? null;
    const theme = parseThemeColours(this.optionalText(byType('/theme')));
    const strings = this.sharedStrings(byType('/sharedStrings'));
    const styles = this.styles(byType('/styles'), theme);
    const grids: Grid[] = [];
    for (const sheet of sheets.list) {
      const rel = rels.get(sheet.rid);
      // Chart sheets and dialog sheets hold no cells.
      if (!rel || !rel.type.endsWith('/worksheet')) continue;
      const grid = this.sheet(sheet.name, sheet.hidden, rel.target, strings, styles, theme, sheets.date1904);
      if (sheet.generated) grid.generated = sheet.generated;
      if (sheet.taught !== undefined) grid.taught = sheet.taught;
      grids.push(grid);
    }
    return grids;
  }

  // -------------------------------------------------------------------------------------------
  // Parts and relationships

  /** The workbook part, as the package's relationships name it (xl/workbook.xml as a rule). */
  private mainPart(): string {
    const rels = this.relationshipsOf('_rels/.rels', '');
    const office = [...rels.values()].find((r) => r.type.endsWith('/officeDocument'));
    // As the safety check: the relationship's target, else xl/workbook.xml.
    const path = office && this.zip.has(office.target) ? office.target : 'xl/workbook.xml';
    if (!this.zip.has(path)) this.invalid(`la partie « ${path} » du classeur est absente`);
    return path;
  }

  private relationships(part: string): Map<string, Relationship> {
    const slash = part.lastIndexOf('/');
    const folder = part.slice(0, slash + 1);
    return this.relationshipsOf(`${folder}_rels/${part.slice(slash + 1)}.rels`, folder);
  }

  /** rId → type and target path (targets resolved against the part's folder). */
  private relationshipsOf(relsPath: string, folder: string): Map<string, Relationship> {
    const out = new Map<string, Relationship>();
    this.parse(relsPath, {
      open: (name, a) => {
        if (name !== 'Relationship' || attr(a, 'TargetMode') === 'External') return;
        const id = attr(a, 'Id');
        const target = attr(a, 'Target');
        if (id && target) out.set(id, { type: attr(a, 'Type') ?? '', target: resolvePath(folder, target) });
      },
    });
    return out;
  }

  private optionalText(path: string | null): string | null {
    return path ? this.zip.text(path) : null;
  }

  /**
   * The sheets in tab order, the date system, and the generated-sheet marks: a sheet-scoped defined
   * name whose `localSheetId` is the sheet's 0-based position in `<sheets>`.
   */
  private sheets(main: string): { list: SheetEntry[]; date1904: boolean } {
    const list: SheetEntry[] = [];
    let date1904 = false;
    const marks = new Map<number, string[]>();
    const taught = new Map<number, string[]>();
    let mark: string[] | null = null;
    // Depth of the element being read: the date system is the main `<workbookPr>`'s, a child of
    // `<workbook>` (depth 1), never an extension's (`<x15:workbookPr>` inside `<extLst>`).
    let depth = 0;
    this.parse(main, {
      open: (name, a) => {
        depth++;
        if (name === 'workbookPr' && depth === 2) {
          const system = a.get('date1904');
          date1904 = system === '1' || system === 'true';
        }
        const sheetId = name === 'definedName' ? (a.get('localSheetId') ?? '') : '';
        if (/^\d{1,5}$/.test(sheetId)) {
          const definedName = a.get('name');
          const into = isGeneratedMarkName(definedName) ? marks : isTaughtColumnsName(definedName) ? taught : null;
          if (into) {
            mark = [];
            into.set(Number(sheetId), mark);
          }
        }
        if (name !== 'sheet') return;
        const rid = attr(a, 'id');
        if (!rid) return;
        const state = a.get('state') ?? 'visible';
        list.push({ name: a.get('name') ?? '', rid, hidden: state === 'hidden' || state === 'veryHidden' });
      },
      close: (name) => {
        depth--;
        if (name === 'definedName') mark = null;
      },
      text: (t) => {
        if (mark && mark.length < 8) mark.push(t);
      },
    });
    for (const [position, text] of marks) {
      const sheet = list[position];
      if (sheet) sheet.generated = parseGeneratedMark(text.join(''));
    }
    for (const [position, text] of taught) {
      const sheet = list[position];
      if (sheet) sheet.taught = text.join('').slice(0, 500);
    }
    return { list, date1904 };
  }

  /**
   * The shared strings as their cells show them: the runs of rich text joined, phonetic runs
   * (`<rPh>`, the reading of East Asian text) left out, each `<t>` decoded as an ST_Xstring.
   */
  private sharedStrings(path: string | null): string[] {
    const out: string[] = [];
    if (!path) return out;
    // The string being read, null outside `<si>`; strings rather than arrays of pieces: most are one
    // `<t>` of one piece, and a workbook has tens of thousands.
    let current: string | null = null;
    // The `<t>` being read, null outside one (a comment or a CDATA section cuts a text in several events).
    let text: string | null = null;
    let phonetic = 0;
    this.parse(path, {
      open: (name) => {
        if (name === 'si') current = '';
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0 && current !== null) text = '';
      },
      close: (name) => {
        if (name === 'si' && current !== null) {
          out.push(shownText(current));
          current = null;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't' && text !== null) {
          if (current !== null) current += decodeXstring(text);
          text = null;
        }
      },
      text: (t) => {
        if (text !== null) text += t;
      },
    });
    return out;
  }

  private styles(path: string | null, theme: Readonly<ThemeColours>): Styles {
    const formats = new Map<number, string>();
    const fills: (string | null)[] = [];
    const xfs: Style[] = [];
    const dxfFills: (string | null)[] = [];
    if (!path) return { xfs, dxfFills };
    const stack: string[] = [];
    // The fill being read: its pattern and colours.
    let pattern: string | null = null;
    let fg: ExcelColour | undefined;
    let bg: ExcelColour | undefined;
    const xfRaw: { numFmtId: number; fillId: number }[] = [];
    this.parse(path, {
      open: (name, a) => {
        const parent = stack[stack.length - 1];
        stack.push(name);
        if (name === 'numFmt' && parent === 'numFmts') {
          const id = Number(a.get('numFmtId'));
          const code = a.get('formatCode');
          if (Number.isInteger(id) && code !== undefined) formats.set(id, code);
        } else if (name === 'dxf') {
          dxfFills.push(null);
        } else if (name === 'fill') {
          pattern = null;
          fg = undefined;
          bg = undefined;
        } else if (name === 'patternFill') {
          pattern = a.get('patternType') ?? null;
        } else if (name === 'fgColor') {
          fg = colourOf(a);
        } else if (name === 'bgColor') {
          bg = colourOf(a);
        } else if (name === 'xf' && parent === 'cellXfs') {
          xfRaw.push({ numFmtId: Number(a.get('numFmtId') ?? 0), fillId: Number(a.get('fillId') ?? 0) });
        }
      },
      close: (name) => {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (name !== 'fill') return;
        if (parent === 'fills') fills.push(pattern === 'solid' ? resolveColour(fg, theme) : null);
        // A conditional format paints with its background colour (its pattern is solid unless said).
        else if (parent === 'dxf') dxfFills[dxfFills.length - 1] = resolveColour(bg ?? fg, theme);
      },
    });
    for (const raw of xfRaw) {
      const code = formats.get(raw.numFmtId) ?? BUILTIN_FORMATS[raw.numFmtId] ?? null;
      xfs.push({ numFmt: raw.numFmtId === 0 ? null : code, fill: fills[raw.fillId] ?? null });
    }
    return { xfs, dxfFills };
  }

  // -------------------------------------------------------------------------------------------
  // One worksheet

  private sheet(
    name: string,
    hidden: boolean,
    path: string,
    strings: readonly string[],
    styles: Styles,
    theme: Readonly<ThemeColours>,
    date1904: boolean,
  ): Grid {
    const limits = this.limits;
    const sheetCells = new SheetCells(this.fileName, name, limits, this.count);
    const hiddenRows: number[] = [];
    // Hidden column ranges (1-based, as `<col>` gives them), expanded once at the end: each column once.
    const hiddenColRanges: [number, number][] = [];
    const mergeRefs: CellRange[] = [];
    const formats: ConditionalFill[] = [];
    const tableIds: string[] = [];
    let rulesSeen = 0;

    // The cell being read.
    let row = -1;
    let col = -1;
    let type = 'n';
    let styleIndex = 0;
    // The text of `<v>`, null until it opens.
    let value: string | null = null;
    let inline: string[] | null = null;
    let inValue = false;
    // The pieces of the inline string's `<t>` being read.
    let inlineText: string[] | null = null;
    let phonetic = 0;
    let hasFormula = false;
    // The conditional format being read.
    let cfRanges: CellRange[] = [];
    let cfRules: FillRule[] = [];
    let rule: { test: FillTest | null; priority: number; dxf: number; text: string | null } | null = null;
    let inFormula = false;
    let formula: string[] = [];

    const endCell = () => {
      if (col < 0 || row < 0) return;
      const style = styles.xfs[styleIndex];
      const content = hasFormula && value === null ? null : this.content(type, value, inline, strings, style, date1904);
      const fill = style?.fill ?? null;
      if (!content && !fill) return;
      const cell: GridCell = content ?? { text: '', value: null };
      if (fill) cell.fill = fill;
      sheetCells.keep(row, col, cell, content !== null);
    };

    this.parse(path, {
      open: (tag, a) => {
        switch (tag) {
          case 'row': {
            const ref = a.get('r');
            const r = ref !== undefined ? Number(ref) - 1 : row + 1;
            row = Number.isInteger(r) && r >= 0 && r < EXCEL_ROWS ? r : row + 1;
            col = -1;
            const rowHidden = a.get('hidden');
            if ((rowHidden === '1' || rowHidden === 'true') && row < limits.maxRows) hiddenRows.push(row);
            break;
          }
          case 'c': {
            const ref = a.get('r');
            const refCol = ref !== undefined ? cellColumn(ref) : -1;
            if (refCol >= 0) {
              row = cellRow;
              col = refCol;
            } else col += 1;
            if (row < 0) row = 0;
            type = a.get('t') ?? 'n';
            const style = a.get('s');
            styleIndex = style !== undefined ? Number(style) : 0;
            value = null;
            inline = null;
            inlineText = null;
            hasFormula = false;
            break;
          }
          case 'v':
            inValue = true;
            value = '';
            break;
          case 'f':
            hasFormula = true;
            break;
          case 'is':
            inline = [];
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (inline && phonetic === 0) inlineText = [];
            break;
          case 'col': {
            const colHidden = a.get('hidden');
            if (colHidden !== '1' && colHidden !== 'true') break;
            const min = Math.max(1, Number(a.get('min')) || 1);
            const max = Math.min(Number(a.get('max')) || min, EXCEL_COLUMNS, limits.maxColumns);
            if (min <= max) hiddenColRanges.push([min, max]);
            break;
          }
          case 'mergeCell': {
            if (mergeRefs.length >= limits.maxMerges) throw tooManyMerges(this.fileName, name, limits);
            const ref = a.get('ref');
            const range = ref ? parseRange(ref) : null;
            if (range) mergeRefs.push(range);
            break;
          }
          case 'conditionalFormatting':
            cfRanges = (a.get('sqref') ?? '')
              .split(/\s+/)
              .map((ref) => parseRange(ref))
              .filter((r): r is CellRange => r !== null);
            cfRules = [];
            break;
          case 'cfRule': {
            if (++rulesSeen > limits.maxRules) break;
            const dxfId = a.get('dxfId');
            rule = {
              test: fillTest(a.get('type'), a.get('operator')),
              priority: Number(a.get('priority') ?? 0),
              dxf: dxfId !== undefined ? Number(dxfId) : -1,
              text: a.get('text') ?? null,
            };
            formula = [];
            break;
          }
          case 'formula':
            if (rule) {
              inFormula = true;
              formula = [];
            }
            break;
          case 'tablePart': {
            const id = attr(a, 'id');
            if (id && tableIds.length < limits.maxRules) tableIds.push(id);
            break;
          }
        }
      },
      close: (tag) => {
        switch (tag) {
          case 'c':
            endCell();
            break;
          case 'v':
            inValue = false;
            break;
          case 't':
            if (inlineText) inline?.push(decodeXstring(inlineText.join('')));
            inlineText = null;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'formula':
            inFormula = false;
            break;
          case 'cfRule': {
            if (rule && rule.test && rule.dxf >= 0) {
              const fill = styles.dxfFills[rule.dxf] ?? null;
              const text = rule.test !== 'equals' && rule.text ? rule.text : ruleText(rule.test, formula.join(''));
              if (fill && text) cfRules.push({ test: rule.test, text, fill, priority: rule.priority });
            }
            rule = null;
            break;
          }
          case 'conditionalFormatting':
            if (cfRanges.length > 0 && cfRules.length > 0) formats.push({ ranges: cfRanges, rules: cfRules });
            break;
        }
      },
      text: (t) => {
        if (inValue && value !== null) value += t;
        else if (inlineText) inlineText.push(t);
        else if (inFormula && formula.length < 64) formula.push(t);
      },
    });

    const cells = sheetCells.cells();
    const merges = sheetCells.clipMerges(mergeRefs);
    // A merged area's value lives in its top-left cell; the others show nothing (Excel clears them).
    for (const m of merges) {
      for (let r = m.top; r <= m.bottom; r++) {
        const line = cells[r];
        for (let c = m.left; c <= m.right; c++) {
          if (r === m.top && c === m.left) continue;
          const cell = line?.[c];
          if (cell && cell.value !== null) {
            line[c] = cell.fill ? { text: '', value: null, fill: cell.fill } : undefined;
          }
        }
      }
    }
    const grid: Grid = {
      name,
      cells,
      merges,
      hiddenRows,
      hiddenCols: expandColumnRanges(hiddenColRanges),
    };
    if (hidden) grid.hidden = true;
    const tables = this.tables(path, tableIds);
    if (tables.length > 0) grid.tables = tables;
    if (formats.length > 0) applyConditionalFills(grid, formats);
    return grid;
  }

  /** The sheet's Excel tables, from its relationships; a missing table part is passed over. */
  private tables(sheetPath: string, ids: readonly string[]): GridTable[] {
    if (ids.length === 0) return [];
    const rels = this.relationships(sheetPath);
    const out: GridTable[] = [];
    for (const id of ids) {
      const target = rels.get(id)?.target;
      if (!target || !this.zip.has(target)) continue;
      this.parse(target, {
        open: (name, a) => {
          if (name !== 'table') return;
          const ref = a.get('ref');
          const range = ref ? parseRange(ref) : null;
          if (!range) return;
          out.push({
            name: a.get('displayName') ?? a.get('name') ?? id,
            range,
            headerRow: a.get('headerRowCount') !== '0',
            totalsRow: Number(a.get('totalsRowCount') ?? 0) > 0,
          });
        },
      });
    }
    return out;
  }

  /** Displayed text and value of a cell, as the exceljs adapter gave them (see scripts/exceljs-reader.ts). */
  private content(
    type: string,
    raw: string | null,
    inline: string[] | null,
    strings: readonly string[],
    style: Style | undefined,
    date1904: boolean,
  ): GridCell | null {
    switch (type) {
      case 's': {
        const index = raw !== null ? Number(raw) : NaN;
        const text = Number.isInteger(index) ? strings[index] : undefined;
        return text ? textCell(text) : null;
      }
      case 'inlineStr': {
        const text = inline ? shownText(inline.join('')) : xstringText(raw ?? '');
        return text ? textCell(text) : null;
      }
      case 'str': {
        // A formula's cached text is an ST_Xstring too (CT_Cell's `<v>`).
        const text = raw ? xstringText(raw) : '';
        return text ? textCell(text) : null;
      }
      case 'b':
        if (raw === null) return null;
        return raw === '1' || raw === 'true' ? { text: 'VRAI', value: true } : { text: 'FAUX', value: false };
      case 'e':
        return raw ? { text: raw, value: raw } : null;
      case 'd': {
        // Strict OOXML's ISO 8601 date, date-time or time, read as the wall time written.
        const iso = raw ? parseIsoDateTime(raw) : null;
        if (!iso) return null;
        const numFmt =
          style?.numFmt && isDateFormat(style.numFmt) ? style.numFmt : iso.hasDate ? 'dd/mm/yyyy' : 'h:mm:ss';
        return serialCell(iso.hasDate && date1904 ? iso.serial - 1462 : iso.serial, numFmt, date1904);
      }
      default: {
        if (raw === null || raw.trim() === '') return null;
        const n = Number(raw);
        if (!Number.isFinite(n)) return null;
        const numFmt = style?.numFmt ?? undefined;
        if (numFmt && isDateFormat(numFmt)) return serialCell(n, numFmt, date1904);
        return { text: numberText(n, numFmt), value: n };
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // XML

  /** Streams a part through the XML tokenizer; false when the part is absent. */
  private parse(path: string, handlers: XmlHandlers): boolean {
    return streamPart(this.zip, path, handlers, this.fileName);
  }

  // -------------------------------------------------------------------------------------------
  // Failures

  private invalid(why: string): never {
    throw new ClsError({
      code: 'XLSX_INVALID',
      file: this.fileName,
      message:
        `« ${this.fileName} » n'a pas pu être lu : le classeur semble endommagé (${why}). ` +
        `Ouvrez-le dans Excel ou LibreOffice, enregistrez-en une copie (« Fichier > Enregistrer sous », type « Classeur Excel (*.xlsx) ») ` +
        `et réessayez avec cette copie.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** 0-based columns of 1-based ranges, sorted, each once, in time linear in the columns (not the ranges × columns). */
function expandColumnRanges(ranges: [number, number][]): number[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 1;
  for (const [min, max] of ranges) {
    for (let c = Math.max(min, next); c <= max; c++) out.push(c - 1);
    next = Math.max(next, max + 1);
  }
  return out;
}

function colourOf(a: Attributes): ExcelColour | undefined {
  const colour: ExcelColour = {};
  const rgb = a.get('rgb');
  const theme = a.get('theme');
  const indexed = a.get('indexed');
  const tint = a.get('tint');
  if (rgb !== undefined) colour.argb = rgb;
  if (theme !== undefined) colour.theme = Number(theme);
  if (indexed !== undefined) colour.indexed = Number(indexed);
  if (tint !== undefined) colour.tint = Number(tint);
  return Object.keys(colour).length > 0 ? colour : undefined;
}

/** The 0-based row of the reference cellColumn read last. */
let cellRow = 0;

/**
 * The 0-based column of a cell reference (`B12`, `$B$12`: 1 to 3 letters, 1 to 7 digits, inside
 * the sheet), its row left in cellRow; -1 when it is none. Read character by character, without a
 * regular expression's match or an object per cell: it runs for every cell of the workbook.
 */
function cellColumn(ref: string): number {
  const n = ref.length;
  let i = ref.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  const lettersStart = i;
  let col = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  const letters = i - lettersStart;
  if (letters < 1 || letters > 3) return -1;
  if (ref.charCodeAt(i) === 36) i++;
  const digitsStart = i;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    row = row * 10 + (c - 48);
  }
  const digits = n - digitsStart;
  if (digits < 1 || digits > 7) return -1;
  row -= 1;
  if (col < 1 || col > EXCEL_COLUMNS || row < 0 || row >= EXCEL_ROWS) return -1;
  cellRow = row;
  return col - 1;
}

function textCell(text: string): GridCell {
  const kept = cutToCell(text);
  return { text: kept, value: kept };
}

/** Reads every worksheet of an .xlsx / .xlsm / .xltx package. */
export function readWorkbookStreaming(bytes: Uint8Array, fileName: string, limits: Partial<StreamLimits> = {}): Grid[] {
  return new StreamReader(bytes, fileName, { ...DEFAULT_STREAM_LIMITS, ...limits }).read();
}

/**
 * Reads a workbook's bytes into grids: first the checks that name what the file is when it is not
 * a workbook (an .xls, a CSV, a Word file, a truncated download), then the streaming reader of
 * .xlsx / .xlsm / .xltx, or of .ods and .fods. A workbook encrypted with Excel's default password
 * is opened as Excel opens it, without asking; one with a password of its own is refused.
 */
export async function readWorkbook(
  input: Uint8Array,
  fileName: string,
  limits: Partial<StreamLimits> = {},
): Promise<Grid[]> {
  let bytes = input;
  if (isEncryptedPackage(bytes)) {
    const plain = decryptWorkbook(bytes);
    if (!plain) throw encryptedError(fileName);
    bytes = plain;
  }
  try {
    checkWorkbookBytes(bytes, fileName, {
      maxUncompressedBytes: limits.maxInflatedBytes ?? DEFAULT_STREAM_LIMITS.maxInflatedBytes,
      readTheme: false,
    });
  } catch (e) {
    // A LibreOffice Calc workbook: read by its own reader, into the same grids.
    if (e instanceof ClsError && e.code === 'ODS') return readOds(bytes, fileName, limits);
    throw e;
  }
  return readWorkbookStreaming(bytes, fileName, limits);
}

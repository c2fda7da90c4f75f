/// <reference types="office-js" />
/**
 * Reading sheets through office.js into core `Grid`s, in a constant number of round trips:
 *
 * 1. names, ids, protection, the sheet-scoped names (the generated-sheet mark, the taught columns),
 *    the used range by values with its values and number formats (dates come back as serial
 *    numbers, percentages as fractions: core's number formatter turns them into what the file
 *    reader gives), the address of the used range with formatting (fills outside the values count
 *    only to its left and above), the type and priority of the sheet's conditional formats, plus
 *    whatever the caller queues (the workbook settings), in one `context.sync()`;
 * 2. the fills the table reader needs (core/edit/fill-plan.ts: the legend rows and the status and title
 *    columns, not the whole sheet) with `getCellProperties`, the merged areas by blocks of rows
 *    (Excel refuses more than 512 merged areas per query), the rule, fill and ranges of the
 *    conditional formats that paint text (core/read/conditional-fill.ts), the text of a few date
 *    cells (the workbook's date system: dateSystemOf), and the cells' own fills a caller asks for
 *    (the saved cells « Restaurer » checks), in one more.
 *
 * Excel on the web refuses responses over 5 MB. Fills are cut into batches under that budget
 * (one round trip each, so a sheet needs more than two only past ~70,000 status and title cells);
 * when the values alone are too large (over 5 MB, or over the 5,000,000 cells Excel reads at once),
 * the first read is refused and redone in row bands. A sheet whose values spread over more than
 * MAX_VALUE_CELLS cells (a stray entry far below or right of the table) is refused with a French
 * message that says which cells to delete.
 */
import { applyConditionalFills, type ConditionalFill } from '../../core/read/conditional-fill';
import { type GeneratedMark, isGeneratedMarkName, parseGeneratedMark } from '../../core/base/generated-sheet';
import { type CellRange, type Grid, rangeToA1 } from '../../core/base/grid';
import { isTaughtColumnsName } from '../../core/read/taught-columns';
import { PaneError } from './errors';
import { batchRegions, fillRegions, splitRegions } from '../../core/edit/fill-plan';
import {
  clip,
  conditionalFill,
  type ConditionalFormatRead,
  type DateCell,
  dateSystemOf,
  densify,
  emptyGrid,
  type FillProperties,
  fillOf,
  type TintedFill,
  putDates1904,
  putFills,
  putMerges,
  putValues,
  usedRectangle,
} from './grid-from-excel';
import { toA1 } from '../../core/base/grid';
import { formatNumber } from '../../core/base/typography';

export interface ReadLimits {
  /** Cells whose values one round trip brings back when the whole used range is too large. */
  valueCellsPerSync: number;
  /** Cells whose fills one round trip brings back (about 55 bytes of JSON each). */
  fillCellsPerSync: number;
  /** Rows per merged-areas query. */
  mergeRowsPerBlock: number;
}

export const DEFAULT_LIMITS: Readonly<ReadLimits> = {
  valueCellsPerSync: 100_000,
  fillCellsPerSync: 70_000,
  mergeRowsPerBlock: 100,
};

export interface SheetRead {
  id: string;
  name: string;
  protected: boolean;
  /** The range of the sheet's values (0-based), null for a sheet without values. */
  values: CellRange | null;
  /**
   * Where fills and merges are read: the values' range, reaching left of and above it when the
   * sheet is formatted there (a legend's swatches); null for a sheet without values.
   */
  used: CellRange | null;
  grid: Grid;
  /** The numbers read as dates. */
  dates: DateCell[];
  /** True when the workbook counts dates from 1904 (told by the dates' texts), false for 1900, null when unknown. */
  date1904: boolean | null;
  /** The cells' own fills (no conditional format) of the regions asked by `ownFillsOf`, by A1 address (null: no fill). */
  ownFills: Map<string, string | null>;
  /** The fills read with a tint (theme colours made lighter or darker): see withTintsApplied. */
  tinted: TintedFill[];
}

/** Date cells whose text is read to tell the workbook's date system, per sheet at most. */
const DATE_SAMPLES = 6;

/** What a caller reads besides the sheets: queued with the first round trip, and regions of own fills. */
export interface ReadExtras {
  /** Queued with the first round trip (again when it is redone). */
  alsoLoad?: () => void;
  /** Once the first round trip is done: the regions whose own fills to read, per sheet read. */
  ownFillsOf?: (reads: readonly SheetRead[]) => readonly (readonly CellRange[])[];
}

/**
 * Cells of values read for one sheet at most: a tracking table is a few thousand rows by a few
 * dozen columns; a used range far larger comes from a stray entry far from the table.
 */
export const MAX_VALUE_CELLS = 2_000_000;

/**
 * Error codes Excel gives when a request or its response is over the size limit, or a read over
 * the 5,000,000 cells it reads at once (RangeExceedsLimit):
 * https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
 */
const PAYLOAD_CODES = new Set([
  'ResponsePayloadSizeLimitExceeded',
  'RequestPayloadSizeLimitExceeded',
  'RangeExceedsLimit',
]);

export function isPayloadTooLarge(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && PAYLOAD_CODES.has(code);
}

interface Pending {
  ws: Excel.Worksheet;
  /** The used range by values (getUsedRange(true)): what is read. */
  used: Excel.Range;
  /** The used range with formatting: its address only, it may reach row 1,048,576. */
  formatted: Excel.Range;
  names: Excel.NamedItemCollection;
  /** The sheet's conditional formats (their type and priority only: the rest is read in round trip 2). */
  conditional: Excel.ConditionalFormatCollection;
}

/**
 * Reads the given worksheets. `sheets` and `alsoLoad` are called again when the first round trip
 * has to be redone (proxies of a failed batch are not loaded).
 */
export async function readSheets(
  context: Excel.RequestContext,
  sheets: () => Excel.Worksheet[],
  alsoLoad: () => void = () => undefined,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
  extras: Readonly<ReadExtras> = {},
): Promise<SheetRead[]> {
  let pending = queueSheets(sheets(), true);
  alsoLoad();
  extras.alsoLoad?.();
  let reads: SheetRead[];
  try {
    await context.sync();
    reads = pending.map((p) => {
      const read = sheetOf(p);
      if (read.values) {
        putValues(read.grid, read.values.top, read.values.left, p.used.values, p.used.numberFormat, read.dates);
      }
      return read;
    });
  } catch (e) {
    if (!isPayloadTooLarge(e)) throw e;
    pending = queueSheets(sheets(), false);
    alsoLoad();
    extras.alsoLoad?.();
    await context.sync();
    reads = pending.map(sheetOf);
    reads.forEach(refuseStrayValues);
    await readValuesInBands(context, pending, reads, limits);
  }
  reads.forEach((read) => densify(read.grid));
  const own = extras.ownFillsOf?.(reads) ?? [];
  await readFillsAndMerges(context, pending, reads, limits, own);
  reads.forEach((read) => densify(read.grid));
  return reads;
}

function queueSheets(worksheets: Excel.Worksheet[], withValues: boolean): Pending[] {
  return worksheets.map((ws) => {
    ws.load('name,id');
    ws.protection.load('protected');
    // By values: a sheet formatted down to row 1,048,576 is not read as millions of empty cells.
    // https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-getusedrangeornullobject-member(1)
    const used = ws.getUsedRangeOrNullObject(true);
    used.load(withValues ? 'address,values,numberFormat' : 'address');
    const formatted = ws.getUsedRangeOrNullObject(false);
    formatted.load('address');
    const names = ws.names;
    names.load('name,formula');
    // Every conditional format of the sheet (those meeting the whole grid): their type and
    // priority only. Rules and formats are read in round trip 2 through the typed accessor of the
    // formats that can paint a state, as loading `textComparison` of a format of another type fails
    // (https://github.com/OfficeDev/office-js/issues/2180).
    // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-conditionalformats-member
    const conditional = ws.getRange().conditionalFormats;
    conditional.load({ type: true, priority: true });
    return { ws, used, formatted, names, conditional };
  });
}

function sheetOf(p: Pending): SheetRead {
  const values = p.used.isNullObject ? null : usedRectangle(p.used.address);
  const formatted = p.formatted.isNullObject ? null : usedRectangle(p.formatted.address);
  // Fills count where the reader can see them: left of and above the values too (a legend's
  // swatches), never past them (no header names a column there).
  const used =
    values && formatted
      ? {
          top: Math.min(values.top, formatted.top),
          left: Math.min(values.left, formatted.left),
          bottom: values.bottom,
          right: values.right,
        }
      : values;
  const grid = emptyGrid(p.ws.name);
  const mark = generatedMark(p.names);
  if (mark) grid.generated = mark;
  const taught = taughtColumns(p.names);
  if (taught !== null) grid.taught = taught;
  if (used) grid.cells.length = used.bottom + 1;
  return {
    id: p.ws.id,
    name: p.ws.name,
    protected: p.ws.protection.protected,
    values,
    used,
    grid,
    dates: [],
    date1904: null,
    ownFills: new Map(),
    tinted: [],
  };
}

/** The generated-sheet mark among the sheet's own names (core/base/generated-sheet.ts). */
export function generatedMark(names: Excel.NamedItemCollection): GeneratedMark | null {
  const mark = names.items.find((n) => isGeneratedMarkName(n.name));
  return mark ? parseGeneratedMark(String(mark.formula)) : null;
}

/**
 * The columns taught for the sheet (core/read/taught-columns.ts), as the name's formula gives them: a text
 * constant, `="etat=E;intitule=B"` (« Formulas always start with an equal sign »:
 * https://learn.microsoft.com/javascript/api/excel/excel.nameditem#excel-excel-nameditem-formula-member),
 * which core's parseTaughtName reads. Cut as the file reader cuts it.
 */
function taughtColumns(names: Excel.NamedItemCollection): string | null {
  const taught = names.items.find((n) => isTaughtColumnsName(n.name));
  return taught ? String(taught.formula).slice(0, 500) : null;
}

/** Refuses a sheet whose values spread over more cells than a tracking table ever has. */
function refuseStrayValues(read: SheetRead): void {
  const values = read.values;
  if (!values) return;
  const cells = (values.bottom - values.top + 1) * (values.right - values.left + 1);
  if (cells <= MAX_VALUE_CELLS) return;
  throw new PaneError(
    `La feuille « ${read.name} » a des valeurs sur ${rangeToA1(values)}, soit ${formatNumber(cells)} cellules : ` +
      `bien plus qu’un tableau de suivi. Une saisie isolée loin du tableau (tout en bas ou tout à droite) en est ` +
      `souvent la cause : appuyez sur Ctrl+Fin pour la trouver, supprimez les lignes ou colonnes en trop ` +
      `(sélectionnez-les, clic droit > Supprimer), puis recommencez.`,
  );
}

/** Values in row bands of at most `valueCellsPerSync` cells, one round trip per batch. */
async function readValuesInBands(
  context: Excel.RequestContext,
  pending: readonly Pending[],
  reads: readonly SheetRead[],
  limits: Readonly<ReadLimits>,
): Promise<void> {
  const bands: Band[] = [];
  reads.forEach((read, sheet) => {
    if (!read.values) return;
    for (const region of splitRegions([read.values], limits.valueCellsPerSync)) bands.push({ sheet, region });
  });
  await syncInBatches(context, batchBy(bands, limits.valueCellsPerSync), ({ sheet, region }) => {
    const range = rangeOf(pending[sheet].ws, region);
    range.load('values,numberFormat');
    return () =>
      putValues(reads[sheet].grid, region.top, region.left, range.values, range.numberFormat, reads[sheet].dates);
  });
}

/** Fills of the regions the reader needs, and the merged areas; the first batch shares the merges' round trip. */
async function readFillsAndMerges(
  context: Excel.RequestContext,
  pending: readonly Pending[],
  reads: readonly SheetRead[],
  limits: Readonly<ReadLimits>,
  own: readonly (readonly CellRange[])[] = [],
): Promise<void> {
  const bands: Band[] = [];
  reads.forEach((read, sheet) => {
    const used = read.used;
    if (!used) return;
    const regions = fillRegions(read.grid, limits.fillCellsPerSync)
      .map((r) => clip(r, used))
      .filter((r): r is CellRange => r !== null);
    for (const region of splitRegions(regions, limits.fillCellsPerSync)) bands.push({ sheet, region });
  });
  // The own fills a caller asks for, wherever they are (a saved cell may be past the values now).
  own.forEach((regions, sheet) => {
    for (const region of splitRegions([...regions], limits.fillCellsPerSync)) bands.push({ sheet, region, own: true });
  });
  if (reads.every((r) => !r.used) && bands.length === 0) return;
  const formats: ConditionalFill[][] = reads.map(() => []);
  // The merged areas and the conditional formats ride with the first batch of fills (no extra round
  // trip); when Excel refuses them (more than 512 merged areas in one query, a conditional format it
  // fails to describe), the merged areas are read on their own, in smaller blocks, and the
  // conditional formats apart.
  const mergesRead = await syncInBatches(
    context,
    batchBy(bands, limits.fillCellsPerSync),
    ({ sheet, region, own: ownFills }) => {
      // tintAndShade too: a cell without fill may come back as white (see fillOf).
      const props = rangeOf(pending[sheet].ws, region).getCellProperties({
        format: { fill: { color: true, pattern: true, tintAndShade: true } },
      });
      if (ownFills) return () => putOwnFills(reads[sheet].ownFills, region, props.value as FillProperties[][]);
      return () =>
        putFills(reads[sheet].grid, region.top, region.left, props.value as FillProperties[][], reads[sheet].tinted);
    },
    () => {
      const merges = queueMerges(pending, mergeBlocks(reads, limits));
      const conditional = queueConditional(pending, reads);
      const dates = queueDateTexts(pending, reads);
      return () => {
        for (const { sheet, areas } of merges) if (!areas.isNullObject) putMerges(reads[sheet].grid, areas.address);
        putConditional(conditional, formats);
        putDateSystem(dates, reads);
      };
    },
  );
  if (!mergesRead) {
    await readMergesInSmallerBlocks(context, pending, reads, mergeBlocks(reads, limits));
    await readConditionalApart(context, pending, reads, formats);
  }
  // The workbook's date system is one: a sheet that could not tell takes another's answer.
  const system = reads.find((r) => r.date1904 !== null)?.date1904 ?? null;
  for (const read of reads) {
    read.date1904 = system;
    if (system) putDates1904(read.grid, read.dates);
  }
  // Once every fill is in: a conditional format paints over the cell's own fill, as in the file readers.
  reads.forEach((read, sheet) => {
    if (formats[sheet].length > 0) applyConditionalFills(read.grid, formats[sheet]);
  });
}

/**
 * Conditional formats read per sheet, at most (the file reader reads as many rules:
 * core/read/xlsx/limits.ts): a sheet whose formats were copied and pasted cell by cell may hold thousands.
 */
export const MAX_CONDITIONAL_FORMATS = 1_000;

/** The types of conditional format core applies (core/read/conditional-fill.ts); the others are left aside. */
const PAINTING_TYPES = new Set<string>(['ContainsText', 'CellValue']);

interface PendingConditional {
  sheet: number;
  format: Excel.ConditionalFormat;
  detail: Excel.TextConditionalFormat | Excel.CellValueConditionalFormat;
  areas: Excel.RangeAreas;
}

/**
 * Queues the rule, fill colour and ranges of each conditional format that can paint a state. Its
 * typed part is reached by the accessor of its own type, known from round trip 1.
 * https://learn.microsoft.com/javascript/api/excel/excel.textconditionalformat
 * https://learn.microsoft.com/javascript/api/excel/excel.cellvalueconditionalformat
 * https://learn.microsoft.com/javascript/api/excel/excel.conditionalformat#excel-excel-conditionalformat-getranges-member(1)
 */
function queueConditional(pending: readonly Pending[], reads: readonly SheetRead[]): PendingConditional[] {
  const out: PendingConditional[] = [];
  pending.forEach((p, sheet) => {
    if (!reads[sheet].values) return;
    const painting = p.conditional.items
      .filter((f) => PAINTING_TYPES.has(f.type))
      .sort((a, b) => a.priority - b.priority)
      .slice(0, MAX_CONDITIONAL_FORMATS);
    for (const format of painting) {
      const detail = format.type === 'ContainsText' ? format.textComparison : format.cellValue;
      detail.load('rule');
      detail.format.fill.load('color');
      const areas = format.getRanges();
      areas.load('address');
      out.push({ sheet, format, detail, areas });
    }
  });
  return out;
}

function putConditional(queued: readonly PendingConditional[], formats: ConditionalFill[][]): void {
  for (const { sheet, format, detail, areas } of queued) {
    const read: ConditionalFormatRead = {
      type: format.type,
      priority: format.priority,
      rule: detail.rule,
      fill: detail.format.fill.color,
      address: areas.address,
    };
    const fill = conditionalFill(read);
    if (fill) formats[sheet].push(fill);
  }
}

/**
 * The conditional formats in a round trip of their own, when the first batch was refused. Excel
 * fails to describe some conditional formats (two rules of one type on a table column, a duplicated
 * rule: https://github.com/OfficeDev/office-js/issues/6827, https://github.com/OfficeDev/office-js/issues/6835):
 * the sheet is then read without them, with its cells' own fills, rather than not at all.
 */
async function readConditionalApart(
  context: Excel.RequestContext,
  pending: readonly Pending[],
  reads: readonly SheetRead[],
  formats: ConditionalFill[][],
): Promise<void> {
  const queued = queueConditional(pending, reads);
  if (queued.length === 0) return;
  try {
    await context.sync();
  } catch {
    return;
  }
  putConditional(queued, formats);
}

/**
 * Merged areas read block by block; a refused query (Excel answers at most 512 merged areas per
 * range: https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getmergedareasornullobject-member(1))
 * is cut in halves until each block fits.
 */
async function readMergesInSmallerBlocks(
  context: Excel.RequestContext,
  pending: readonly Pending[],
  reads: readonly SheetRead[],
  blocks: Band[],
): Promise<void> {
  let todo = blocks;
  while (todo.length > 0) {
    const merges = queueMerges(pending, todo);
    try {
      await context.sync();
    } catch (e) {
      const halves = todo.flatMap((b) => halve([b]) ?? [[b]]).map((h) => h[0]);
      if (halves.length === todo.length) throw e;
      todo = halves;
      continue;
    }
    for (const { sheet, areas } of merges) if (!areas.isNullObject) putMerges(reads[sheet].grid, areas.address);
    todo = [];
  }
}

interface Band {
  sheet: number;
  region: CellRange;
  /** The cells' own fills, kept apart from the grid (ReadExtras.ownFillsOf). */
  own?: boolean;
}

/** The own fills of a block of cell properties, by A1 address. */
function putOwnFills(
  out: Map<string, string | null>,
  region: CellRange,
  props: readonly (readonly FillProperties[])[],
): void {
  props.forEach((row, i) => row.forEach((p, j) => out.set(toA1(region.top + i, region.left + j), fillOf(p))));
}

interface PendingDates {
  sheet: number;
  samples: { serial: number; range: Excel.Range }[];
}

/** The text of a few date cells of each sheet, to tell the workbook's date system (dateSystemOf). */
function queueDateTexts(pending: readonly Pending[], reads: readonly SheetRead[]): PendingDates[] {
  return reads
    .map((read, sheet) => ({
      sheet,
      samples: read.dates.slice(0, DATE_SAMPLES).map(({ row, col, serial }) => {
        const range = pending[sheet].ws.getRangeByIndexes(row, col, 1, 1);
        range.load('text');
        return { serial, range };
      }),
    }))
    .filter((p) => p.samples.length > 0);
}

function putDateSystem(queued: readonly PendingDates[], reads: readonly SheetRead[]): void {
  for (const { sheet, samples } of queued) {
    reads[sheet].date1904 = dateSystemOf(
      samples.map(({ serial, range }) => ({ serial, text: String(range.text[0][0]) })),
    );
  }
}

/**
 * One round trip per batch. A batch Excel refuses as too large is cut in two and retried (bands
 * first, then rows), so a sheet is read whatever its size. `first` is queued with the first batch
 * (again if that batch is retried) and applied once it succeeds.
 */
async function syncInBatches(
  context: Excel.RequestContext,
  batches: Band[][],
  queue: (band: Band) => () => void,
  first?: () => () => void,
): Promise<boolean> {
  const todo = batches.length > 0 ? [...batches] : [[]];
  let firstDone = first === undefined;
  let firstRead = first === undefined;
  while (todo.length > 0) {
    const batch = todo.shift() ?? [];
    const appliers = batch.map(queue);
    const firstApply = firstDone ? null : (first?.() ?? null);
    if (appliers.length === 0 && !firstApply) continue;
    try {
      await context.sync();
    } catch (e) {
      const halves = isPayloadTooLarge(e) ? halve(batch) : null;
      if (halves) {
        todo.unshift(...halves);
        continue;
      }
      // Another refusal with `first` queued: retry the batch without it; the caller reads it apart.
      if (firstApply) {
        firstDone = true;
        todo.unshift(batch);
        continue;
      }
      throw e;
    }
    appliers.forEach((apply) => apply());
    if (firstApply) {
      firstApply();
      firstDone = true;
      firstRead = true;
    }
  }
  return firstRead;
}

/** A batch cut in two: its bands, or the rows of its only band; null when it is one row already. */
function halve(batch: Band[]): Band[][] | null {
  if (batch.length > 1) {
    const mid = Math.ceil(batch.length / 2);
    return [batch.slice(0, mid), batch.slice(mid)];
  }
  const band = batch[0];
  if (!band || band.region.bottom === band.region.top) return null;
  const mid = Math.floor((band.region.top + band.region.bottom) / 2);
  return [
    [{ ...band, region: { ...band.region, bottom: mid } }],
    [{ ...band, region: { ...band.region, top: mid + 1 } }],
  ];
}

/** The used range of each sheet in blocks of rows, for the merged-area queries. */
function mergeBlocks(reads: readonly SheetRead[], limits: Readonly<ReadLimits>): Band[] {
  const out: Band[] = [];
  reads.forEach((read, sheet) => {
    const used = read.used;
    if (!used) return;
    for (let top = used.top; top <= used.bottom; top += limits.mergeRowsPerBlock) {
      out.push({ sheet, region: { ...used, top, bottom: Math.min(used.bottom, top + limits.mergeRowsPerBlock - 1) } });
    }
  });
  return out;
}

function queueMerges(
  pending: readonly Pending[],
  blocks: readonly Band[],
): { sheet: number; areas: Excel.RangeAreas }[] {
  return blocks.map(({ sheet, region }) => {
    const areas = rangeOf(pending[sheet].ws, region).getMergedAreasOrNullObject();
    areas.load('address');
    return { sheet, areas };
  });
}

function rangeOf(ws: Excel.Worksheet, r: CellRange): Excel.Range {
  return ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1);
}

function batchBy<T extends { region: CellRange }>(items: readonly T[], maxCells: number): T[][] {
  const batches = batchRegions(
    items.map((i) => i.region),
    maxCells,
  );
  const out: T[][] = [];
  let k = 0;
  for (const batch of batches) {
    out.push(items.slice(k, k + batch.length));
    k += batch.length;
  }
  return out;
}

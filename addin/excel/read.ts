/// <reference types="office-js" />
/**
 * Reading sheets through office.js into core `Grid`s, in a constant number of round trips:
 *
 * 1. names, ids, protection, the used range and all its values (plus whatever the caller queues,
 *    e.g. the workbook settings), in one `context.sync()`;
 * 2. the fills the table reader needs (core/fill-plan.ts: the legend rows and the status and title
 *    columns, not the whole sheet) with `getCellProperties`, and the merged areas by blocks of rows
 *    (Excel refuses more than 512 merged areas per query), in one more.
 *
 * Excel on the web refuses responses over 5 MB. Fills are cut into batches under that budget
 * (one round trip each, so a sheet needs more than two only past ~70,000 status and title cells);
 * when the values alone are too large, the first read is refused and redone in row bands.
 */
import type { CellRange, Grid } from '../../core/grid';
import { batchRegions, fillRegions, splitRegions } from '../../core/fill-plan';
import {
  clip,
  densify,
  emptyGrid,
  type FillProperties,
  putFills,
  putMerges,
  putValues,
  usedRectangle,
} from './grid-from-excel';

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
  /** The used range (0-based), null for an empty sheet. */
  used: CellRange | null;
  grid: Grid;
}

/** Error codes Excel gives when a request or its response is over the size limit. */
const PAYLOAD_CODES = new Set(['ResponsePayloadSizeLimitExceeded', 'RequestPayloadSizeLimitExceeded']);

export function isPayloadTooLarge(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && PAYLOAD_CODES.has(code);
}

interface Pending {
  ws: Excel.Worksheet;
  used: Excel.Range;
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
): Promise<SheetRead[]> {
  let pending = queueSheets(sheets(), true);
  alsoLoad();
  let reads: SheetRead[];
  try {
    await context.sync();
    reads = pending.map((p) => {
      const read = sheetOf(p);
      if (read.used) putValues(read.grid, read.used.top, read.used.left, p.used.values);
      return read;
    });
  } catch (e) {
    if (!isPayloadTooLarge(e)) throw e;
    pending = queueSheets(sheets(), false);
    alsoLoad();
    await context.sync();
    reads = pending.map(sheetOf);
    await readValuesInBands(context, pending, reads, limits);
  }
  reads.forEach((read) => densify(read.grid));
  await readFillsAndMerges(context, pending, reads, limits);
  reads.forEach((read) => densify(read.grid));
  return reads;
}

function queueSheets(worksheets: Excel.Worksheet[], withValues: boolean): Pending[] {
  return worksheets.map((ws) => {
    ws.load('name,id');
    ws.protection.load('protected');
    const used = ws.getUsedRangeOrNullObject(false);
    used.load(withValues ? 'address,values' : 'address');
    return { ws, used };
  });
}

function sheetOf(p: Pending): SheetRead {
  const used = p.used.isNullObject ? null : usedRectangle(p.used.address);
  const grid = emptyGrid(p.ws.name);
  if (used) grid.cells.length = used.bottom + 1;
  return { id: p.ws.id, name: p.ws.name, protected: p.ws.protection.protected, used, grid };
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
    if (!read.used) return;
    for (const region of splitRegions([read.used], limits.valueCellsPerSync)) bands.push({ sheet, region });
  });
  await syncInBatches(context, batchBy(bands, limits.valueCellsPerSync), ({ sheet, region }) => {
    const range = rangeOf(pending[sheet].ws, region);
    range.load('values');
    return () => putValues(reads[sheet].grid, region.top, region.left, range.values);
  });
}

/** Fills of the regions the reader needs, and the merged areas; the first batch shares the merges' round trip. */
async function readFillsAndMerges(
  context: Excel.RequestContext,
  pending: readonly Pending[],
  reads: readonly SheetRead[],
  limits: Readonly<ReadLimits>,
): Promise<void> {
  const bands: Band[] = [];
  reads.forEach((read, sheet) => {
    const used = read.used;
    if (!used) return;
    const regions = fillRegions(read.grid)
      .map((r) => clip(r, used))
      .filter((r): r is CellRange => r !== null);
    for (const region of splitRegions(regions, limits.fillCellsPerSync)) bands.push({ sheet, region });
  });
  if (reads.every((r) => !r.used)) return;
  // The merged areas ride with the first batch of fills (no extra round trip); when Excel refuses
  // them (more than 512 areas in one query), they are read on their own, in smaller blocks.
  const mergesRead = await syncInBatches(
    context,
    batchBy(bands, limits.fillCellsPerSync),
    ({ sheet, region }) => {
      const props = rangeOf(pending[sheet].ws, region).getCellProperties({
        format: { fill: { color: true, pattern: true } },
      });
      return () => putFills(reads[sheet].grid, region.top, region.left, props.value as FillProperties[][]);
    },
    () => {
      const merges = queueMerges(pending, mergeBlocks(reads, limits));
      return () => {
        for (const { sheet, areas } of merges) if (!areas.isNullObject) putMerges(reads[sheet].grid, areas.address);
      };
    },
  );
  if (!mergesRead) await readMergesInSmallerBlocks(context, pending, reads, mergeBlocks(reads, limits));
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
    [{ sheet: band.sheet, region: { ...band.region, bottom: mid } }],
    [{ sheet: band.sheet, region: { ...band.region, top: mid + 1 } }],
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

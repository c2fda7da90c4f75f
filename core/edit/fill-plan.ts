/**
 * Which cells' fills the table reader needs, computed from the cell texts alone, so a host that pays
 * per byte read (Excel on the web) loads fills only there: every cell above the first header row
 * (the legend and its swatches) and, below it, the status and title columns (and the column to
 * their right, for rows shifted by one). Host-neutral.
 */
import { columnCount, type CellRange, type Grid } from '../base/grid';
import { headersWithFillColumns } from '../read/table-reader';

/**
 * Rectangles whose fills the reader uses. When the texts show no column of states (a table whose
 * states are only colours, under headers of the user's own words), only the fills can show it: the
 * whole sheet then, when it has at most `wholeSheetCells` cells (one batch of the host's: no extra
 * round trip), else none.
 */
export function fillRegions(grid: Grid, wholeSheetCells = 0): CellRange[] {
  const lastRow = grid.cells.length - 1;
  const width = columnCount(grid);
  if (lastRow < 0 || width === 0) return [];
  const headers = headersWithFillColumns(grid);
  if (!headers.some((h) => h.states)) {
    const whole = { top: 0, left: 0, bottom: lastRow, right: width - 1 };
    return cellCount([whole]) <= wholeSheetCells ? [whole] : [];
  }
  const firstHeader = headers[0].top;
  const columns = new Set<number>();
  for (const h of headers) {
    for (const c of h.columns) {
      // The column to the right too, for rows shifted by one.
      columns.add(c);
      columns.add(c + 1);
    }
  }
  const regions: CellRange[] = [];
  if (firstHeader > 0) regions.push({ top: 0, left: 0, bottom: firstHeader - 1, right: width - 1 });
  for (const [left, right] of runs([...columns].filter((c) => c < width))) {
    regions.push({ top: firstHeader, left, bottom: lastRow, right });
  }
  return regions;
}

/** Sorted column indexes → contiguous [first, last] runs. */
function runs(cols: number[]): [number, number][] {
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c === last[1] + 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/** Number of cells in a list of rectangles. */
export function cellCount(regions: readonly CellRange[]): number {
  return regions.reduce((n, r) => n + (r.bottom - r.top + 1) * (r.right - r.left + 1), 0);
}

/**
 * Cuts rectangles into horizontal bands of at most `maxCells` cells each (a host's per-request
 * budget), keeping whole rows of each rectangle.
 */
export function splitRegions(regions: readonly CellRange[], maxCells: number): CellRange[] {
  const out: CellRange[] = [];
  for (const region of regions) {
    const width = region.right - region.left + 1;
    const rowsPerBand = Math.max(1, Math.floor(maxCells / width));
    for (let top = region.top; top <= region.bottom; top += rowsPerBand) {
      out.push({ ...region, top, bottom: Math.min(region.bottom, top + rowsPerBand - 1) });
    }
  }
  return out;
}

/** Groups bands into batches of at most `maxCells` cells (one host round trip each). */
export function batchRegions(regions: readonly CellRange[], maxCells: number): CellRange[][] {
  const batches: CellRange[][] = [];
  let current: CellRange[] = [];
  let size = 0;
  for (const region of regions) {
    const n = cellCount([region]);
    if (current.length > 0 && size + n > maxCells) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(region);
    size += n;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

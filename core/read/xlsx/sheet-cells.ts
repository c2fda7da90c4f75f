/**
 * The cells of one sheet as a reader (xlsx or ods) finds them, kept under the limits: data past the
 * rows or columns a tracking table may have is refused (naming a cell with data), cells are counted
 * over the whole workbook, and the grid keeps the cells with a value and the fill-only cells within
 * the rows and columns that hold values. Merged areas are clipped to those cells, with a bound on
 * the cells they cover, so that no later lookup grows with a merge over the whole sheet.
 */
import type { CellRange, GridCell } from '../../base/grid';
import { type StreamLimits, tooLargeSheet, tooManyCells, tooManyMerges } from './limits';

/** Columns of fill-only cells kept right of the last column with a value. */
export const FILL_ONLY_COLUMNS = 4;

/** Cells kept so far in a workbook, shared by its sheets. */
export interface CellCount {
  kept: number;
}

export class SheetCells {
  /** Each row's cells by column (an array with holes: cells come column after column, as a rule). */
  private readonly rows = new Map<number, (GridCell | undefined)[]>();
  /** The row kept into last, and its cells: a sheet gives its cells row after row. */
  private lastLine: (GridCell | undefined)[] | null = null;
  private lastLineRow = -1;
  /** Last row and column holding a value (-1 when none). */
  lastRow = -1;
  lastCol = -1;

  constructor(
    private readonly fileName: string,
    private readonly sheet: string,
    private readonly limits: Readonly<StreamLimits>,
    private readonly count: CellCount,
  ) {}

  keep(r: number, c: number, cell: GridCell, hasValue: boolean): void {
    const outside = r >= this.limits.maxRows || c >= this.limits.maxColumns;
    if (outside && hasValue) throw tooLargeSheet(this.fileName, this.sheet, r, c, this.limits);
    if (outside) return;
    let line = r === this.lastLineRow ? this.lastLine : this.rows.get(r);
    if (!line) {
      line = [];
      this.rows.set(r, line);
    }
    this.lastLine = line;
    this.lastLineRow = r;
    if (line[c] === undefined && ++this.count.kept > this.limits.maxCells) {
      throw tooManyCells(this.fileName, this.sheet, this.limits);
    }
    line[c] = cell;
    if (hasValue) {
      if (r > this.lastRow) this.lastRow = r;
      if (c > this.lastCol) this.lastCol = c;
    }
  }

  /**
   * `cells[row][col]`: the cells with a value, and fill-only cells within their rows and up to
   * FILL_ONLY_COLUMNS columns right of them: a column of states given by colour alone may be the
   * table's last, while a row formatted to the sheet's end is not read to its end.
   */
  cells(): (GridCell | undefined)[][] {
    // A loop rather than Array.from({ length }), several times slower over thousands of rows.
    const out: (GridCell | undefined)[][] = [];
    for (let r = 0; r <= this.lastRow; r++) out.push([]);
    const right = this.lastCol + FILL_ONLY_COLUMNS;
    for (const [r, line] of this.rows) {
      if (r > this.lastRow) continue;
      // The row's own array, cut after its last cell up to `right` (its length is that cell's column + 1).
      let last = Math.min(line.length - 1, right);
      while (last >= 0 && line[last] === undefined) last--;
      line.length = last + 1;
      out[r] = line;
    }
    return out;
  }

  /** Merged areas clipped to the cells in use; one-cell leftovers dropped; covered cells bounded. */
  clipMerges(merges: readonly CellRange[]): CellRange[] {
    if (merges.length > this.limits.maxMerges) throw tooManyMerges(this.fileName, this.sheet, this.limits);
    const out: CellRange[] = [];
    let covered = 0;
    for (const m of merges) {
      if (m.top > this.lastRow || m.left > this.lastCol) continue;
      const clipped = { ...m, bottom: Math.min(m.bottom, this.lastRow), right: Math.min(m.right, this.lastCol) };
      if (clipped.top === clipped.bottom && clipped.left === clipped.right) continue;
      covered += (clipped.bottom - clipped.top + 1) * (clipped.right - clipped.left + 1);
      if (covered > this.limits.maxCells) throw tooManyMerges(this.fileName, this.sheet, this.limits);
      out.push(clipped);
    }
    return out;
  }
}

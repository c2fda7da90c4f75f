/**
 * Which live events call for a new analysis besides changes of values and formats: on Excel on the
 * web, a state picked from the dropdown the add-in installs raises no onChanged event
 * (https://github.com/OfficeDev/office-js/issues/3888, https://github.com/OfficeDev/office-js/issues/4066),
 * but the user then leaves the cell: a selection that leaves the state cells of the analysed sheet
 * asks for a new analysis (debounced by the pane like any change).
 */
import { parseAreasAddress } from '../../core/base/a1-areas';
import type { CellRange } from '../../core/base/grid';

function meets(a: CellRange, b: CellRange): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

export class StateCellWatch {
  private previous: { sheetId?: string; areas: CellRange[] } | null = null;
  private areas: CellRange[] = [];
  private sheetId = '';

  /** The analysed sheet and its state cells (the dropdown's ranges, A1). */
  watch(sheetId: string, ranges: readonly string[]): void {
    this.sheetId = sheetId;
    this.areas = ranges.flatMap((r) => parseAreasAddress(r));
  }

  /** A new selection: true when the one before was on a state cell of the analysed sheet. */
  leaves(worksheetId: string | undefined, address: string | undefined): boolean {
    const before = this.previous;
    this.previous = { sheetId: worksheetId, areas: parseAreasAddress(address ?? '') };
    if (!before || before.sheetId !== this.sheetId || this.areas.length === 0) return false;
    return before.areas.some((a) => this.areas.some((s) => meets(a, s)));
  }
}

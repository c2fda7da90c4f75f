/**
 * Telling the pane's own writes from the user's changes, for the live re-analysis.
 *
 * - A change of values (onChanged) says where it comes from where the host supports ExcelApi 1.14:
 *   `triggerSource` is « ThisLocalAddin » for this add-in's own writes.
 *   https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs#excel-excel-worksheetchangedeventargs-triggersource-member
 *   Older hosts do not say: a change reported while the pane writes, or within a short grace
 *   after, is taken as the pane's own.
 * - A change of format (onFormatChanged, ExcelApi 1.9: fills are formats, and colours decide
 *   states here) never says where it comes from.
 *   https://learn.microsoft.com/javascript/api/excel/excel.worksheetformatchangedeventargs
 *   Each write of the pane records the areas it formatted; a format event inside recorded areas
 *   is the pane's own and uses them up, so a later change of the same cells by the user is seen.
 * - A coauthor's change (source « Remote ») is never the pane's own.
 *
 * The pane also turns its events off while it writes (Runtime.enableEvents, operations.ts): what is
 * recorded here is the fallback should a host still report its own writes.
 */
import { parseAreasAddress } from '../../core/base/a1-areas';
import type { CellRange } from '../../core/base/grid';

/** Changes reported this long after the pane's own write are its own (hosts without triggerSource). */
export const OWN_WRITE_GRACE_MS = 1500;

/** Areas kept per sheet at most: past it, the oldest are forgotten. */
const MAX_AREAS_PER_SHEET = 2000;

export type LiveEvent =
  | { kind: 'activated' }
  | { kind: 'workbookActivated' }
  | { kind: 'selectionChanged'; worksheetId?: string; address?: string }
  | { kind: 'changed'; source?: string; triggerSource?: string }
  | { kind: 'formatChanged'; worksheetId?: string; address?: string; source?: string };

function inside(area: CellRange, outer: CellRange): boolean {
  return area.top >= outer.top && area.bottom <= outer.bottom && area.left >= outer.left && area.right <= outer.right;
}

function meets(a: CellRange, b: CellRange): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

export class OwnWrites {
  private writing = 0;
  private lastWriteEnd = Number.NEGATIVE_INFINITY;
  private readonly formatted = new Map<string, CellRange[]>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The pane starts writing. */
  begin(): void {
    this.writing++;
  }

  /** The pane's write is done; `formatted`: the areas it formatted, by sheet id (A1 addresses). */
  end(formatted: readonly { sheetId: string; addresses: readonly string[] }[] = []): void {
    this.writing = Math.max(0, this.writing - 1);
    this.lastWriteEnd = this.now();
    for (const { sheetId, addresses } of formatted) {
      const areas = this.formatted.get(sheetId) ?? [];
      for (const address of addresses) areas.push(...parseAreasAddress(address));
      this.formatted.set(sheetId, areas.slice(-MAX_AREAS_PER_SHEET));
    }
  }

  /** True when the event comes from the pane's own writes (it is then not analysed again). */
  isOwn(event: LiveEvent): boolean {
    if (event.kind === 'activated' || event.kind === 'workbookActivated' || event.kind === 'selectionChanged') {
      return false;
    }
    if (event.source === 'Remote') return false;
    if (event.kind === 'changed') {
      if (event.triggerSource !== undefined) return event.triggerSource === 'ThisLocalAddin';
      return this.writing > 0 || this.now() < this.lastWriteEnd + OWN_WRITE_GRACE_MS;
    }
    return this.consumeFormatted(event.worksheetId, event.address);
  }

  private consumeFormatted(sheetId: string | undefined, address: string | undefined): boolean {
    // While the pane writes, every format change is its own (its areas are recorded at the end).
    if (this.writing > 0) return true;
    if (!sheetId || !address) return false;
    const recorded = this.formatted.get(sheetId);
    if (!recorded || recorded.length === 0) return false;
    const areas = parseAreasAddress(address);
    if (areas.length === 0 || !areas.every((a) => recorded.some((r) => inside(a, r)))) return false;
    this.formatted.set(
      sheetId,
      recorded.filter((r) => !areas.some((a) => meets(a, r))),
    );
    return true;
  }
}

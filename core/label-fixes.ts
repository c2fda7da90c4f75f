/**
 * « Corriger les libellés »: the catalogue's automatic fixes that only rewrite labels (canonical
 * status labels, codes split from titles), as a list of changes to show before writing. Host-neutral.
 */
import type { Diagnostic, DiagnosticCode } from './diagnostics';
import { cellAt, cleanText, fromA1, type Grid } from './grid';

/** The fixes applied by « Corriger les libellés »; other fixes (legend counts, guesses) are not. */
export const LABEL_FIX_CODES: readonly DiagnosticCode[] = ['STATUS_NONCANONICAL', 'CODE_MALFORMED'];

export interface LabelChange {
  cell: string;
  /** The cell's text now. */
  before: string;
  after: string;
  code: DiagnosticCode;
}

/**
 * The changes, in row order, one per cell. Edits that would write what the cell already holds are
 * dropped; two different values proposed for one cell cancel each other (nothing is guessed).
 */
export function labelChanges(grid: Grid, diagnostics: readonly Diagnostic[]): LabelChange[] {
  const byCell = new Map<string, LabelChange | null>();
  for (const d of diagnostics) {
    if (!LABEL_FIX_CODES.includes(d.code) || !d.fix) continue;
    for (const edit of d.fix) {
      const pos = fromA1(edit.cell);
      if (!pos) continue;
      const before = cleanText(cellAt(grid, pos.row, pos.col)?.text);
      if (before === edit.value) continue;
      const previous = byCell.get(edit.cell);
      if (previous === undefined) byCell.set(edit.cell, { cell: edit.cell, before, after: edit.value, code: d.code });
      else if (previous !== null && previous.after !== edit.value) byCell.set(edit.cell, null);
    }
  }
  return [...byCell.values()]
    .filter((c): c is LabelChange => c !== null)
    .sort((a, b) => position(a.cell) - position(b.cell));
}

function position(cell: string): number {
  const p = fromA1(cell);
  return p ? p.row * 16384 + p.col : 0;
}

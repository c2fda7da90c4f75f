/**
 * The fill a user sees where a conditional format paints status cells: many coordinators colour
 * their states with rules (« la cellule est égale à "Réalisé (clos)" », « le texte contient
 * "pérenne" ») rather than by hand, and only that colour tells clos from pérenne. The simple rules
 * are evaluated here on the cells' text; any other rule (formulas, numbers, data bars) is left
 * aside, and the cell keeps its own fill. Host-neutral: adapters hand over the rules they read.
 */
import { type CellRange, type Grid } from '../base/grid';

export type FillTest = 'equals' | 'contains' | 'beginsWith' | 'endsWith';

export interface FillRule {
  test: FillTest;
  /** The text compared with, as the rule gives it (compared without case, as Excel does). */
  text: string;
  /** #RRGGBB. */
  fill: string;
  /** Excel's priority: 1 is applied first; the first rule that matches a cell gives its fill. */
  priority: number;
}

export interface ConditionalFill {
  ranges: CellRange[];
  rules: FillRule[];
}

/**
 * The test a rule makes, from its type and operator as the file writes them (exceljs reports
 * « contains blanks » and the like as type containsText with that operator): null for any other rule.
 */
export function fillTest(type: string | undefined, operator: string | undefined): FillTest | null {
  if (type === 'cellIs') return operator === 'equal' ? 'equals' : null;
  if (type === 'containsText') return operator === undefined || operator === 'containsText' ? 'contains' : null;
  if (type === 'beginsWith') return 'beginsWith';
  if (type === 'endsWith') return 'endsWith';
  return null;
}

/** Cells looked at, at most, over all rules of a sheet (ranges are clipped to the cells in use first). */
export const MAX_CONDITIONAL_CELLS = 2_000_000;

function matches(rule: FillRule, text: string): boolean {
  const t = text.toLocaleLowerCase('fr');
  const r = rule.text.toLocaleLowerCase('fr');
  switch (rule.test) {
    case 'equals':
      return t.trim() === r.trim();
    case 'contains':
      return t.includes(r);
    case 'beginsWith':
      return t.startsWith(r);
    case 'endsWith':
      return t.endsWith(r);
  }
}

/** Paints, in place, the cells whose text a rule matches with that rule's fill. */
export function applyConditionalFills(grid: Grid, formats: readonly ConditionalFill[]): void {
  const width = grid.cells.reduce((w, row) => Math.max(w, row?.length ?? 0), 0);
  // Per cell, the best (lowest) priority that matched.
  const best = new Map<number, number>();
  let budget = MAX_CONDITIONAL_CELLS;
  for (const format of formats) {
    const rules = [...format.rules].sort((a, b) => a.priority - b.priority);
    if (rules.length === 0) continue;
    for (const range of format.ranges) {
      const clipped: CellRange = {
        top: range.top,
        left: range.left,
        bottom: Math.min(range.bottom, grid.cells.length - 1),
        right: Math.min(range.right, width - 1),
      };
      for (let r = clipped.top; r <= clipped.bottom; r++) {
        const row = grid.cells[r];
        if (!row) continue;
        for (let c = clipped.left; c <= Math.min(clipped.right, row.length - 1); c++) {
          if (--budget < 0) return;
          const cell = row[c];
          if (!cell || cell.text === '') continue;
          const rule = rules.find((x) => matches(x, cell.text));
          if (!rule) continue;
          const k = r * 16384 + c;
          const seen = best.get(k);
          if (seen !== undefined && seen <= rule.priority) continue;
          best.set(k, rule.priority);
          cell.fill = rule.fill;
        }
      }
    }
  }
}

/**
 * The text a rule compares with, from how Excel writes it: `"Réalisé"` (cell equals), or the
 * formulas of « text contains / begins with / ends with ». Null for any other formula.
 */
export function ruleText(test: FillTest, formula: string): string | null {
  const f = formula.trim();
  const literal = /^"((?:[^"]|"")*)"$/.exec(f);
  if (test === 'equals') return literal ? literal[1].replace(/""/g, '"') : null;
  const patterns: Record<Exclude<FillTest, 'equals'>, RegExp> = {
    contains: /^NOT\(ISERROR\(SEARCH\("((?:[^"]|"")*)",\s*\$?[A-Z]{1,3}\$?\d+\)\)\)$/i,
    beginsWith: /^LEFT\(\$?[A-Z]{1,3}\$?\d+,\s*(?:LEN\("(?:[^"]|"")*"\)|\d+)\)="((?:[^"]|"")*)"$/i,
    endsWith: /^RIGHT\(\$?[A-Z]{1,3}\$?\d+,\s*(?:LEN\("(?:[^"]|"")*"\)|\d+)\)="((?:[^"]|"")*)"$/i,
  };
  const m = patterns[test].exec(f);
  return m ? m[1].replace(/""/g, '"') : null;
}

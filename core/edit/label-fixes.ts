/**
 * « Corriger les libellés »: the catalogue's automatic fixes that only rewrite labels (canonical
 * status labels, codes split from titles), as a list of changes to show before writing; and which
 * of them to keep unwritten (a word a formula quotes, a word that says more than the state).
 * Host-neutral.
 */
import type { Diagnostic, DiagnosticCode } from '../check/diagnostics';
import { formulaStringLiterals, quotesOldWord } from '../base/formula-literals';
import { cellAt, cleanText, fromA1, type Grid } from '../base/grid';
import { saysMoreThanState } from '../base/status';

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

/** A formula of the workbook, where it is (« Synthèse!B3 », « nom « Total » »…) and its text. */
export interface WorkbookFormula {
  place: string;
  formula: string;
}

/** A formula that quotes a word: where it is, and the literal as written (`fait*`). */
export interface FormulaQuote {
  place: string;
  literal: string;
}

/** A label change left unwritten, and why. */
export interface KeptLabel extends LabelChange {
  /** formula: a formula quotes the word; nuance: the word says more than the state. */
  reason: 'formula' | 'nuance';
  /** For `formula`: the formulas that quote it (the first few). */
  quotes: FormulaQuote[];
}

export interface KeepOptions {
  /** Every formula of the workbook (cells, shared formulas, defined names, conditional formats…). */
  formulas: readonly WorkbookFormula[];
  /** `--seulement libelles`: words that say more than the state are rewritten too. */
  rewriteNuances?: boolean;
}

/** At most this many formulas are named for one kept word. */
const QUOTES_SHOWN = 3;

/**
 * The label changes split into those to write and those to keep. A word that a formula of the
 * workbook quotes as a string literal (compared as Excel does: case-insensitive, wildcards,
 * `"<>fait"`) is kept, whatever was asked: rewriting it would change the formula's result at the
 * next recalculation. A state written with a word that says more than the state (« reporté ») is
 * kept unless `rewriteNuances`.
 */
export function keptLabelChanges(
  changes: readonly LabelChange[],
  options: KeepOptions,
): { changes: LabelChange[]; kept: KeptLabel[] } {
  // The distinct literals, each with the formulas quoting it: a workbook repeats a few of them.
  let literals: Map<string, string[]> | null = null;
  const literalsOf = (): Map<string, string[]> => {
    if (literals) return literals;
    literals = new Map();
    for (const f of options.formulas) {
      for (const literal of formulaStringLiterals(f.formula)) {
        const places = literals.get(literal) ?? [];
        if (places.length < QUOTES_SHOWN && !places.includes(f.place)) places.push(f.place);
        literals.set(literal, places);
      }
    }
    return literals;
  };
  const quotesByWord = new Map<string, FormulaQuote[]>();
  const quotesOf = (before: string, after: string): FormulaQuote[] => {
    const key = `${before}\u0000${after}`;
    const known = quotesByWord.get(key);
    if (known) return known;
    const found: FormulaQuote[] = [];
    for (const [literal, places] of literalsOf()) {
      if (!quotesOldWord(literal, before, after)) continue;
      for (const place of places) if (found.length < QUOTES_SHOWN) found.push({ place, literal });
    }
    quotesByWord.set(key, found);
    return found;
  };
  const written: LabelChange[] = [];
  const kept: KeptLabel[] = [];
  for (const change of changes) {
    const quotes = options.formulas.length > 0 ? quotesOf(change.before, change.after) : [];
    if (quotes.length > 0) kept.push({ ...change, reason: 'formula', quotes });
    else if (!options.rewriteNuances && change.code === 'STATUS_NONCANONICAL' && saysMoreThanState(change.before))
      kept.push({ ...change, reason: 'nuance', quotes: [] });
    else written.push(change);
  }
  return { changes: written, kept };
}

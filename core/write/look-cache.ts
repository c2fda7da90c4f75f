/**
 * Per-look memo for the writers: a large bilan repeats a handful of looks (fill, font, alignment,
 * border) over tens of thousands of cells, so each writer builds a look's style once and finds it
 * again with three map lookups, without building a key string per cell.
 */
import type { LayoutCell } from '../layout/sheet-layout';

const ALIGN_BITS: Record<NonNullable<LayoutCell['align']>, number> = { left: 1, center: 2, right: 3 };

/** Booleans, alignment, font size (in half points) and the percent format of a cell's look packed in one number. */
function lookBits(cell: LayoutCell): number {
  return (
    (cell.bold ? 1 : 0) |
    (cell.italic ? 2 : 0) |
    (cell.wrap ? 4 : 0) |
    (cell.border ? 8 : 0) |
    ((cell.align ? ALIGN_BITS[cell.align] : 0) << 4) |
    (Math.round((cell.size ?? 0) * 2) << 6) |
    (cell.percent ? 1 << 14 : 0) |
    (cell.link ? 1 << 15 : 0)
  );
}

/** `make` is called once per distinct look; later cells with that look get the same result. */
export function lookCache<T>(make: (cell: LayoutCell) => T): (cell: LayoutCell) => T {
  const byFill = new Map<string, Map<string, Map<number, T>>>();
  /** Looks of no fill and no font colour, most of a bilan's cells: found by their bits alone. */
  const plain = new Map<number, T>();
  const lookIn = (byBits: Map<number, T>, cell: LayoutCell): T => {
    const bits = lookBits(cell);
    let made = byBits.get(bits);
    if (made === undefined) {
      made = make(cell);
      byBits.set(bits, made);
    }
    return made;
  };
  return (cell) => {
    if (!cell.fill && !cell.colour) return lookIn(plain, cell);
    const fill = cell.fill ?? '';
    let byColour = byFill.get(fill);
    if (!byColour) byFill.set(fill, (byColour = new Map()));
    const colour = cell.colour ?? '';
    let byBits = byColour.get(colour);
    if (!byBits) byColour.set(colour, (byBits = new Map()));
    return lookIn(byBits, cell);
  };
}

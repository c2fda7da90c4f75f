/**
 * Functions of a text remembered for the texts they were last given. A workbook repeats the same
 * few texts over thousands of cells (states, codes, fills, porteurs, header labels): each is worked
 * out once. The table is bounded: full, it is emptied and fills again, so that a sheet of
 * all-different texts costs a lookup, never memory. What is remembered is shared between callers,
 * hence read-only.
 */
export interface MemoOptions {
  /** Distinct texts remembered at most. */
  limit: number;
  /** Texts longer than this are worked out each time (a long remark is seldom seen twice). */
  maxLength?: number;
}

export function memoized<T>(
  compute: (text: string) => T,
  { limit, maxLength = Infinity }: MemoOptions,
): (text: string) => T {
  const table = new Map<string, T>();
  return (text: string): T => {
    const known = table.get(text);
    if (known !== undefined || table.has(text)) return known as T;
    const value = compute(text);
    if (text.length > maxLength) return value;
    if (table.size >= limit) table.clear();
    table.set(text, value);
    return value;
  };
}

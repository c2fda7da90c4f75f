/** Excel's rules for a sheet's name, as the writers and the hosts need them. */

/** An Excel sheet name not yet used: at most 31 characters, without \ / ? * [ ] :, compared without case. */
export function freeSheetName(wanted: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

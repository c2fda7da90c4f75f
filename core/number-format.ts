/**
 * What a number shows once its format is applied, as far as the reader needs: dates (dd/mm/yyyy,
 * value yyyy-mm-dd), percentages (« 38 % », decimal comma), other numbers as written (15 significant
 * digits, so 0.1 + 0.2 reads 0.3 and a code 1.2 stays 1.2). Host-neutral.
 */
import type { GridCell } from './grid';

export function dateCell(date: Date): GridCell | null {
  if (Number.isNaN(date.getTime())) return null;
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return { text: `${d}/${m}/${y}`, value: `${y}-${m}-${d}` };
}

/** As exceljs decides: a format with y, m, d, h, s or b outside quotes and brackets is a date. */
export function isDateFormat(numFmt: string): boolean {
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

export function numberText(value: number, numFmt?: string): string {
  const percentDecimals = numFmt ? percentFormatDecimals(numFmt) : null;
  if (percentDecimals !== null) {
    return `${(value * 100)
      .toFixed(percentDecimals)
      .replace('.', ',')
      .replace(/^-(0(,0+)?)$/, '$1')} %`;
  }
  return String(Number(value.toPrecision(15)));
}

/** Decimals of a percentage format (`0%` → 0, `0.00%` → 2), or null when the format is not one. */
export function percentFormatDecimals(numFmt: string): number | null {
  const first = numFmt
    .split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  if (!first.includes('%')) return null;
  const decimals = /\.([0#?]+)/.exec(first)?.[1];
  return decimals ? decimals.length : 0;
}

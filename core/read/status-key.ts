/**
 * A sheet's own key for states written as symbols or percentages: « ● = Réalisé », « ○ Non
 * commencé » (a symbol and a state side by side), « 0 % = Non commencé », « 1 à 99 % = En cours »,
 * « 100 % : Réalisé ». Only what the sheet says is used: a symbol or a percentage that no key
 * explains stays unread, and the checks say how to add the key.
 */
import { cleanText, type Grid, toA1 } from '../base/grid';
import { parseStatus, type StatusId } from '../base/status';

export interface StatusKey {
  symbols: { token: string; status: StatusId; cell: string }[];
  percents: { min: number; max: number; status: StatusId; cell: string }[];
}

export const EMPTY_KEY: StatusKey = { symbols: [], percents: [] };

/** A symbol: a few characters, none a letter or a digit (« ● », « ✔ », « ◐ », « +++ »). `new RegExp`: see DECORATION in status.ts. */
const SYMBOL = new RegExp('^[^\\p{L}\\p{N}\\s]{1,4}$', 'u');
/** « 0 % », « 100% », « 1 à 99 % », « de 50 à 99 % », « entre 1 et 49 % », « 1-99 % ». */
const PERCENT_RANGE = /^(?:de\s+|entre\s+)?(\d{1,3})(?:\s*%)?(?:\s*(?:à|a|-|–|et)\s*(\d{1,3}))?\s*%$/i;
/** « X = état », « X : état », « X → état ». */
const KEY_LINE = /^(.{1,20}?)\s*(?:=|:|→|->|–|—)\s*(.{3,60})$/;

function stateOf(label: string): StatusId | null {
  const parsed = parseStatus(label);
  if (!parsed.status) return null;
  return parsed.match === 'canonical' || parsed.match === 'spelling' || parsed.match === 'legend'
    ? parsed.status
    : null;
}

function percentRange(token: string): { min: number; max: number } | null {
  const m = PERCENT_RANGE.exec(token.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] !== undefined ? Number(m[2]) : a;
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

/** The key a sheet carries, anywhere on it (above the table or beside it). */
export function readStatusKey(grid: Grid): StatusKey {
  const key: StatusKey = { symbols: [], percents: [] };
  const add = (token: string, status: StatusId, cell: string): void => {
    const range = percentRange(token);
    if (range) key.percents.push({ ...range, status, cell });
    else if (SYMBOL.test(token) && !key.symbols.some((s) => s.token === token))
      key.symbols.push({ token, status, cell });
  };
  grid.cells.forEach((row, r) => {
    (row ?? []).forEach((cell, c) => {
      const text = cleanText(cell?.text);
      if (text === '' || text.length > 80) return;
      const line = KEY_LINE.exec(text);
      if (line) {
        const status = stateOf(line[2]);
        if (status) add(line[1].trim(), status, toA1(r, c));
        return;
      }
      // A token, and its state in the next cell.
      if (text.length > 20 || !(SYMBOL.test(text) || percentRange(text))) return;
      const next = cleanText(row?.[c + 1]?.text);
      const status = next ? stateOf(next) : null;
      if (status) add(text, status, toA1(r, c));
    });
  });
  return key;
}

/** A percentage written in a cell: « 50 % », « 50% », « 0,5 » with its format shown as « 50 % ». */
export function percentIn(text: string): number | null {
  const m = /^(\d{1,3}(?:[.,]\d+)?)\s*%$/.exec(text.trim());
  return m ? Number(m[1].replace(',', '.')) : null;
}

/** Whether a state cell holds something only a key can read: a symbol or a percentage. */
export function needsKey(text: string): boolean {
  const t = text.trim();
  return SYMBOL.test(t) || percentIn(t) !== null;
}

/** The state a key gives a cell's text, or null. */
export function statusFromKey(text: string, key: StatusKey): StatusId | null {
  const t = text.trim();
  const symbol = key.symbols.find((s) => s.token === t);
  if (symbol) return symbol.status;
  const p = percentIn(t);
  if (p === null) return null;
  // Ranges written with whole numbers cover what lies between them (« 1 à 99 % » holds 99,5 %).
  const found =
    key.percents.find((k) => p >= k.min && p <= k.max) ??
    key.percents.find((k) => p >= k.min && p < k.max + 1 && k.max < 100);
  return found ? found.status : null;
}

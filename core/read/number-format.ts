/**
 * What a number shows once its format is applied, as far as the reader needs: dates (dd/mm/yyyy,
 * value yyyy-mm-dd, with Excel's fictitious 29/02/1900 and both date systems), times and durations
 * as Excel shows them (« 12:30 », « 36:00:00 »; value the serial number), percentages (« 38 % »,
 * decimal comma), other numbers as written (15 significant digits, so 0.1 + 0.2 reads 0.3 and a
 * code 1.2 stays 1.2). Host-neutral.
 */
import type { GridCell } from '../base/grid';

const DAY_MS = 86_400_000;
/** Serial of 1970-01-01 in the 1900 date system (day 0 is 1899-12-30 from 1900-03-01 on). */
const UNIX_EPOCH_SERIAL = 25_569;
/** Days between the two systems' day 0: serial 0 of the 1904 system is serial 1462 of the 1900 one. */
const DAYS_1904 = 1_462;
/** Excel's last date, 31/12/9999, in the 1900 system. */
const MAX_SERIAL = 2_958_465;

export function dateCell(date: Date): GridCell | null {
  if (Number.isNaN(date.getTime())) return null;
  return dayCell(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function dayCell(year: number, month: number, day: number): GridCell {
  const y = String(year).padStart(4, '0');
  const m = String(month).padStart(2, '0');
  const d = String(day).padStart(2, '0');
  return { text: `${d}/${m}/${y}`, value: `${y}-${m}-${d}` };
}

/** The format without what never names a date part: quoted text, escapes, padding, colours and locales. */
function bareFormat(numFmt: string): string {
  return numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
}

/** As exceljs decides: a format with y, m, d, h, s or b outside quotes and brackets is a date (or a time). */
export function isDateFormat(numFmt: string): boolean {
  const bare = bareFormat(numFmt);
  return /\[[hms]+\]/i.test(bare) || /[ymdhMsb]+/.test(bare.replace(/\[[^\]]*\]/g, ''));
}

/** A format that shows only a time or a duration (h, m as minutes, s, [h]…), no day, month or year. */
export function isTimeFormat(numFmt: string): boolean {
  const bare = bareFormat(firstSection(numFmt)).replace(/a\/p|am\/pm/gi, '');
  if (/[ydb]/i.test(bare.replace(/\[[hms]+\]/gi, ''))) return false;
  // « m » alone is the month; with an hour or seconds, it is minutes.
  return /[hs]/i.test(bare);
}

/**
 * The cell Excel shows for a serial number under a date or time format: a time or duration as
 * its format writes it, a date as dd/mm/yyyy. In the 1900 system serial 1 is 01/01/1900, 60 the
 * fictitious 29/02/1900 Excel keeps from Lotus 1-2-3, 61 is 01/03/1900, and 0 shows « 00/01/1900 »;
 * in the 1904 system serial 0 is 01/01/1904. A date Excel cannot show (negative, after 9999) keeps
 * its number.
 */
export function serialCell(serial: number, numFmt: string, date1904 = false): GridCell {
  if (isTimeFormat(numFmt)) return { text: timeText(serial, numFmt), value: serial };
  const serial1900 = date1904 ? serial + DAYS_1904 : serial;
  if (!Number.isFinite(serial) || serial < 0 || serial1900 >= MAX_SERIAL + 1) {
    return { text: numberText(serial), value: serial };
  }
  const day = Math.floor(Math.round(serial1900 * DAY_MS) / DAY_MS);
  if (!date1904) {
    if (day === 0) return { text: '00/01/1900', value: '1900-01-00' };
    if (day === 60) return dayCell(1900, 2, 29);
    // Before the fictitious 29 February, serials are one day ahead of the calendar.
    if (day < 60) return dayCell(1900, day <= 31 ? 1 : 2, day <= 31 ? day : day - 31);
  }
  return dateCell(new Date((day - UNIX_EPOCH_SERIAL) * DAY_MS)) ?? { text: numberText(serial), value: serial };
}

/** A date, date-time or time as Strict OOXML's `t="d"` writes it (ISO 8601). */
export interface IsoDateTime {
  /** Serial number in the 1900 date system (a time alone: the fraction of its day). */
  serial: number;
  /** The text names a day (not only a time). */
  hasDate: boolean;
}

const ISO_DATE_TIME =
  /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:(?:^T?|T|\s)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads an ISO 8601 date, date-time or time as the wall time written (a zone, if any, is not
 * applied: Excel keeps no zone), so that no host's own time zone can move it to another day.
 */
export function parseIsoDateTime(text: string): IsoDateTime | null {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m || (m[1] === undefined && m[4] === undefined)) return null;
  let serial = 0;
  if (m[1] !== undefined) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const utc = new Date(Date.UTC(2000, mo - 1, d));
    utc.setUTCFullYear(y);
    if (mo < 1 || mo > 12 || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d) return null;
    serial = Math.round(utc.getTime() / DAY_MS) + UNIX_EPOCH_SERIAL;
    // Excel counts the fictitious 29/02/1900: the days before it are one serial lower. Its day 0
    // (31/12/1899), or the OLE epoch (30/12/1899) some writers use, with a time is a time alone.
    if (serial < 0) return null;
    if (serial < 61) serial = Math.max(0, serial - 1);
    if (serial === 0 && m[4] === undefined) return null;
  }
  if (m[4] !== undefined) {
    const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
    if (h > 24 || mi > 59 || s > 59 || (h === 24 && (mi > 0 || s > 0 || fraction > 0))) return null;
    serial += (h * 3600 + mi * 60 + s + fraction) / 86_400;
  }
  return { serial, hasDate: serial >= 1 };
}

/** The first section of a number format (the one for positive numbers). */
function firstSection(numFmt: string): string {
  let quoted = false;
  for (let i = 0; i < numFmt.length; i++) {
    const ch = numFmt[i];
    if (ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) return numFmt.slice(0, i);
  }
  return numFmt;
}

type TimeToken =
  | { kind: 'text'; text: string }
  | { kind: 'hour' | 'minute' | 'second'; width: number; elapsed: boolean }
  | { kind: 'fraction'; digits: number }
  | { kind: 'ampm'; am: string; pm: string };

function timeTokens(section: string): TimeToken[] {
  const out: TimeToken[] = [];
  let i = 0;
  while (i < section.length) {
    const ch = section[i];
    const rest = section.slice(i);
    const run = (letter: string) => {
      let n = 0;
      while (section[i + n]?.toLowerCase() === letter) n++;
      return n;
    };
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      out.push({ kind: 'text', text: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end + 1;
    } else if (ch === '\\') {
      out.push({ kind: 'text', text: section[i + 1] ?? '' });
      i += 2;
    } else if (ch === '_') {
      out.push({ kind: 'text', text: ' ' });
      i += 2;
    } else if (ch === '*') {
      i += 2;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end).toLowerCase();
      const unit = /^(h+|m+|s+)$/.exec(inner)?.[1];
      if (unit) {
        const kind = unit[0] === 'h' ? 'hour' : unit[0] === 'm' ? 'minute' : 'second';
        out.push({ kind, width: unit.length, elapsed: true });
      }
      i = end < 0 ? section.length : end + 1;
    } else if (/^am\/pm/i.test(rest)) {
      const lower = rest[0] === 'a';
      out.push({ kind: 'ampm', am: lower ? 'am' : 'AM', pm: lower ? 'pm' : 'PM' });
      i += 5;
    } else if (/^a\/p/i.test(rest)) {
      const lower = rest[0] === 'a';
      out.push({ kind: 'ampm', am: lower ? 'a' : 'A', pm: lower ? 'p' : 'P' });
      i += 3;
    } else if (/[hms]/i.test(ch)) {
      const letter = ch.toLowerCase();
      const width = run(letter);
      out.push({ kind: letter === 'h' ? 'hour' : letter === 'm' ? 'minute' : 'second', width, elapsed: false });
      i += width;
    } else if (ch === '.' && section[i + 1] === '0' && out.some((t) => t.kind === 'second')) {
      let digits = 0;
      while (section[i + 1 + digits] === '0') digits++;
      out.push({ kind: 'fraction', digits: Math.min(digits, 3) });
      i += 1 + digits;
    } else {
      out.push({ kind: 'text', text: ch });
      i++;
    }
  }
  return out;
}

/**
 * A time or duration as Excel shows it under its format: the serial rounded to the seconds shown
 * (or their tenths…), then each part cut (12:30:59 under h:mm shows 12:30); an hour, minute or
 * second in brackets counts the elapsed total ([h]:mm of 1.5 days shows 36:00).
 */
export function timeText(serial: number, numFmt: string): string {
  const tokens = timeTokens(firstSection(numFmt));
  const digits = Math.max(0, ...tokens.map((t) => (t.kind === 'fraction' ? t.digits : 0)));
  const scale = 10 ** digits;
  const total = Math.round(Math.abs(serial) * 86_400 * scale);
  const seconds = Math.floor(total / scale);
  const fraction = total - seconds * scale;
  const twelve = tokens.some((t) => t.kind === 'ampm');
  const hours = Math.floor(seconds / 3600);
  const clockHour = hours % 24;
  const parts: string[] = [];
  for (const t of tokens) {
    switch (t.kind) {
      case 'text':
        parts.push(t.text);
        break;
      case 'hour': {
        const h = t.elapsed ? hours : twelve ? clockHour % 12 || 12 : clockHour;
        parts.push(String(h).padStart(Math.min(t.width, 2), '0'));
        break;
      }
      case 'minute': {
        const minutes = Math.floor(seconds / 60);
        parts.push(String(t.elapsed ? minutes : minutes % 60).padStart(Math.min(t.width, 2), '0'));
        break;
      }
      case 'second':
        parts.push(String(t.elapsed ? seconds : seconds % 60).padStart(Math.min(t.width, 2), '0'));
        break;
      case 'fraction':
        parts.push(`,${String(fraction).padStart(digits, '0').slice(0, t.digits)}`);
        break;
      case 'ampm':
        parts.push(clockHour < 12 ? t.am : t.pm);
        break;
    }
  }
  return `${serial < 0 ? '-' : ''}${parts.join('')}`;
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

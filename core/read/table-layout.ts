/**
 * How a table is laid out, from its header row: which column holds which role, for which year.
 *
 * - A header cell may name its year (« Statut au 31/12/2022 », « Etat 2022 »), or take it from a
 *   group title above it (« SUIVI 2023 » merged over « Statut | Commentaire », a two-row header).
 * - Several state columns with distinct years make a wide multi-year table: one reading per year.
 * - A column headed by a year alone (« 2022 ») holds states or remarks: its data say which.
 * - Two state columns for the same year (« Avancement (%) » beside « Etat d'avancement »): the one
 *   whose cells read as states wins.
 * - One column per state (« Réalisé | En cours | Non commencé »), ticked « X ».
 */
import { decideColumns, holdsStates as holdsStateCells, profileColumns } from './column-content';
import { cellAt, cleanText, type Grid, mergeAt, type MergeIndex, toA1 } from '../base/grid';
import { type ColumnMap, isForecastHeader, type PlacedHeaderCell, UPDATE_PHRASE, yearsIn } from './header';
import type { ColumnRole } from '../base/model';
import { normalizeColour, type Palette, parseStatus, type StatusId } from '../base/status';

export interface YearColumns {
  year: number;
  /** A1 address of the header (or group title) cell that names the year. */
  yearCell: string;
  /** The roles of that year's columns, with the columns shared by every year. */
  map: ColumnMap;
}

export interface TableLayout {
  /** 0-based row of the header. */
  headerRow: number;
  /** 0-based row of group titles merged above the header, when its years were used. */
  groupRow: number | null;
  /** Roles of columns that name no year (or of every column, when the table is not wide). */
  base: ColumnMap;
  /** One entry per year that has a state column, in year order. */
  years: YearColumns[];
  /** One column per state, ticked: state → column. */
  ticks: Partial<Record<StatusId, number>>;
  /** Roles of `base` decided by the cells below the header rather than by its words. */
  inferred: ColumnRole[];
  /** A column of years: one row per action and year (a long table), one reading per year. */
  yearColumn: number | null;
  /** Columns other than the state column whose cells are states too (a forecast, a starting state). */
  otherStateColumns?: number[];
  /** The state column was a guess among these other columns of states: the reading is not to be trusted. */
  statusAlternatives?: number[];
}

/** Rows below the header looked at to tell what a column holds. */
const SAMPLE_ROWS = 60;

export function tableLayout(
  grid: Grid,
  merges: MergeIndex,
  headerRow: number,
  cells: readonly PlacedHeaderCell[],
  right: number,
  /** The header row's texts, by column. */
  texts: readonly string[],
  /** The colours that say a state (the user's palette), for columns of coloured cells. */
  palette: Palette,
): TableLayout {
  const left = Math.min(...cells.map((c) => c.col));
  const group = groupYears(grid, merges, headerRow, left, right);
  type Slot = { col: number; role: ColumnRole; percent: boolean; year: number | null; yearCell: string | null };
  const slots: Slot[] = [];
  const ticks: Partial<Record<StatusId, number>> = {};
  for (const cell of cells) {
    if (cell.role === 'tick') {
      if (cell.status && ticks[cell.status] === undefined) ticks[cell.status] = cell.col;
      continue;
    }
    const fromGroup = cell.year === null ? group.get(cell.col) : undefined;
    const year = cell.year ?? fromGroup?.year ?? null;
    const yearCell = cell.year !== null ? toA1(headerRow, cell.col) : (fromGroup?.cell ?? null);
    const role: ColumnRole =
      cell.role === 'year' ? (holdsStates(grid, headerRow, cell.col) >= 0.5 ? 'status' : 'remarques') : cell.role;
    slots.push({ col: cell.col, role, percent: cell.percent, year, yearCell });
  }
  // A column whose header names a year in words the tool does not know (« Suite donnée 2023 »,
  // « Où en est-on en 2022 ? ») holds that year's states when its cells are states.
  const headed = new Set(cells.map((c) => c.col));
  for (let c = 0; c <= right; c++) {
    const text = texts[c] ?? '';
    if (headed.has(c) || text === '' || isForecastHeader(text) || UPDATE_PHRASE.test(text)) continue;
    const years = yearsIn(text);
    if (years.length !== 1 || holdsStates(grid, headerRow, c) < 0.6) continue;
    slots.push({ col: c, role: 'status', percent: false, year: years[0], yearCell: toA1(headerRow, c) });
  }

  // State columns per year: where two compete, the one whose cells read as states.
  const statusByYear = new Map<number | null, Slot>();
  for (const slot of slots) {
    if (slot.role !== 'status') continue;
    const current = statusByYear.get(slot.year);
    if (!current || betterStatusColumn(grid, headerRow, slot, current)) statusByYear.set(slot.year, slot);
  }
  const yearsWithStatus = [...statusByYear.keys()].filter((y): y is number => y !== null).sort((a, b) => a - b);
  // One year's state column beside a column of percentages (« % réalisation »): the year's is the state.
  const undated = statusByYear.get(null);
  const wide =
    yearsWithStatus.length >= 2 || (yearsWithStatus.length === 1 && (!undated || (undated.percent && !undated.year)));

  const base: ColumnMap = {};
  const perYear = new Map<number, ColumnMap>();
  for (const slot of slots) {
    if (slot.role === 'status' && statusByYear.get(slot.year) !== slot) continue;
    // In a table read year by year, a state column without a year is left out.
    if (wide && slot.role === 'status' && slot.year === null) continue;
    let target = base;
    if (wide && slot.year !== null && yearsWithStatus.includes(slot.year)) {
      target = perYear.get(slot.year) ?? {};
      perYear.set(slot.year, target);
    }
    if (target[slot.role] === undefined) target[slot.role] = slot.col;
  }
  const groupRow = group.size > 0 ? headerRow - 1 : null;
  if (Object.keys(ticks).length > 0)
    return { headerRow, groupRow, base, years: [], ticks, inferred: [], yearColumn: null };
  // The cells below decide what the header's words did not; read year by year, the state columns
  // are the years' and the cells decide only the columns the years share.
  const rows = dataRows(grid, headerRow);
  const from = Math.max(0, Math.min(left - 2, leftmostCell(grid, rows)));
  const to = Math.min(Math.max(right, widestRow(grid, rows)), right + 8);
  const named = new Map<number, ColumnRole | null>();
  for (let c = from; c <= to; c++) if (isForecastHeader(texts[c] ?? '')) named.set(c, null);
  for (const c of cells) named.set(c.col, c.role === 'tick' || c.role === 'year' ? null : c.role);
  for (const slot of slots) if (wide && slot.year !== null) named.set(slot.col, null);
  const profiles = profileColumns(grid, merges, rows, from, to, palette);
  // Rows of actions: a line of an axe or an objective fills one cell.
  const actionRows = rows.filter((r) => (grid.cells[r] ?? []).filter((c) => cleanText(c?.text) !== '').length >= 2);
  const firstYearState = wide ? Math.min(...yearsWithStatus.map((y) => (statusByYear.get(y) as Slot).col)) : undefined;
  const decision = decideColumns(base, named, profiles, actionRows.length, !wide, firstYearState);
  const years: YearColumns[] = wide
    ? yearsWithStatus.map((year) => {
        const slot = statusByYear.get(year) as Slot;
        return {
          year,
          yearCell: slot.yearCell ?? toA1(headerRow, slot.col),
          map: { ...decision.map, ...perYear.get(year) },
        };
      })
    : [];
  return {
    headerRow,
    groupRow,
    base: decision.map,
    years,
    ticks,
    inferred: decision.inferred,
    yearColumn: wide ? null : decision.yearColumn,
    // A state in a column of notes is a row pushed right (seen in the seeds); in a column of states
    // of its own (« Cible », « Statut de départ »), it is that column's.
    statusAlternatives: [
      ...decision.alternatives,
      ...cells.flatMap((c) => (c.role === 'status' && decision.map.status === c.col ? (c.alternatives ?? []) : [])),
      // A guess among columns of states moved by the cells to one of the others stays a guess.
      ...cells.flatMap((c) =>
        c.role === 'status' && decision.map.status !== undefined && c.alternatives?.includes(decision.map.status)
          ? [c.col]
          : [],
      ),
    ],
    otherStateColumns: profiles
      .filter((p) => holdsStateCells(p) && p.col !== decision.map.status && !named.get(p.col))
      .map((p) => p.col),
  };
}

/** Rows looked at to tell what a column holds: at most, the table's first rows. */
const PROFILE_ROWS = 200;

/** The rows of the table under a header: up to two blank rows in a row, or another header. */
function dataRows(grid: Grid, headerRow: number): number[] {
  const out: number[] = [];
  let blank = 0;
  for (let r = headerRow + 1; r < grid.cells.length && out.length < PROFILE_ROWS; r++) {
    const row = grid.cells[r] ?? [];
    const filled = row.some((cell) => cleanText(cell?.text) !== '' || normalizeColour(cell?.fill));
    if (!filled) {
      if (++blank >= 2) break;
      continue;
    }
    blank = 0;
    out.push(r);
  }
  return out;
}

/** The first column holding something on the rows. */
function leftmostCell(grid: Grid, rows: readonly number[]): number {
  let left = Infinity;
  for (const r of rows) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < Math.min(row.length, left); c++) {
      if (cleanText(row[c]?.text) !== '' || normalizeColour(row[c]?.fill)) {
        left = c;
        break;
      }
    }
  }
  return left;
}

function widestRow(grid: Grid, rows: readonly number[]): number {
  let right = 0;
  for (const r of rows) {
    const row = grid.cells[r] ?? [];
    for (let c = row.length - 1; c > right; c--) {
      if (cleanText(row[c]?.text) !== '' || normalizeColour(row[c]?.fill)) {
        right = c;
        break;
      }
    }
  }
  return right;
}

/** Share of the non-empty cells below the header that read as a state (or are only coloured). */
/** A row whose only text is an axe's or an objective's line (« Axe 2 : … », « Objectif 2.1 … »). */
function groupLine(grid: Grid, r: number): boolean {
  const texts = (grid.cells[r] ?? []).map((c) => cleanText(c?.text)).filter((t) => t !== '');
  return texts.length === 1 && /^(?:axe\b|objectif\b|\d+\.\d+(?![.\d])\s*\S)/iu.test(texts[0]);
}

function holdsStates(grid: Grid, headerRow: number, col: number): number {
  let states = 0;
  let seen = 0;
  for (let r = headerRow + 1; r < Math.min(grid.cells.length, headerRow + 1 + SAMPLE_ROWS); r++) {
    // The line of an axe or an objective between actions (banded or not) is no row of states.
    if (groupLine(grid, r)) continue;
    const cell = cellAt(grid, r, col);
    const text = cleanText(cell?.text);
    if (text === '') {
      if (normalizeColour(cell?.fill)) {
        states++;
        seen++;
      }
      continue;
    }
    seen++;
    const parsed = parseStatus(text);
    if (parsed.status && parsed.match !== 'unknown') states++;
  }
  return seen === 0 ? 0 : states / seen;
}

function betterStatusColumn(
  grid: Grid,
  headerRow: number,
  a: { col: number; percent: boolean },
  b: { col: number; percent: boolean },
): boolean {
  const sa = holdsStates(grid, headerRow, a.col);
  const sb = holdsStates(grid, headerRow, b.col);
  if (sa !== sb) return sa > sb;
  return b.percent && !a.percent;
}

/**
 * Years named by group titles in the row above the header (« SUIVI 2023 », « 2022 » merged over
 * « Statut | Commentaire »): column → year and the cell that names it. A row is a group row when
 * it has at least two titles over the table, or a title merged over some (not all) of its columns;
 * a title over the whole table is the sheet's title, read as such elsewhere.
 */
function groupYears(
  grid: Grid,
  merges: MergeIndex,
  headerRow: number,
  left: number,
  right: number,
): Map<number, { year: number; cell: string }> {
  const out = new Map<number, { year: number; cell: string }>();
  const r = headerRow - 1;
  if (r < 0) return out;
  const titles: { col: number; end: number; text: string }[] = [];
  for (let c = left; c <= right; c++) {
    const m = mergeAt(merges, r, c);
    if (m && (m.top !== r || m.left !== c)) continue;
    const text = cleanText(cellAt(grid, r, c)?.text);
    if (text === '') continue;
    titles.push({ col: c, end: m ? m.right : c, text });
  }
  // Group titles are merged over some columns, or are each a short title with a year (« 2021 | 2022 »);
  // a row of data above a repeated header is neither.
  const spansSome = titles.some((t) => t.end > t.col && !(t.col <= left && t.end >= right));
  const allYears = titles.length >= 2 && titles.every((t) => t.text.length < 30 && yearsIn(t.text).length === 1);
  if (!spansSome && !allYears) return out;
  titles.forEach((t, i) => {
    if (t.text.length > 60 || UPDATE_PHRASE.test(t.text)) return;
    const years = yearsIn(t.text);
    if (years.length !== 1) return;
    // An unmerged title covers the columns up to the next title.
    const end = t.end > t.col ? t.end : (titles[i + 1]?.col ?? right + 1) - 1;
    for (let c = t.col; c <= Math.min(end, right); c++) out.set(c, { year: years[0], cell: toA1(r, t.col) });
  });
  return out;
}

/**
 * « Colorer les états » and « Restaurer les couleurs d'origine », as plans a host applies:
 * the status cells grouped by the colour they get (one multi-area write per status and chunk,
 * never one per row), the original fills saved before the first colouring, and the restore plan.
 * Host-neutral; the add-in stores the backup in the workbook and renders the plans.
 */
import { chunkAreas, compressCells, expandRanges, parseAreasAddress } from '../base/a1-areas';
import { type CellRange, rangeToA1 } from '../base/grid';
import {
  backupSettingWrites,
  joinBackupSettings,
  SETTINGS_BUDGET_BYTES,
  settingsBytes,
  withSettingWrites,
} from '../base/setting-names';
import type { TrackingSheet } from '../base/model';
import {
  isStatusId,
  normalizeColour,
  type Palette,
  STATUS_IDS,
  STATUSES,
  type StatusId,
  statusFromColour,
} from '../base/status';

export interface ColourGroup {
  status: StatusId;
  label: string;
  /** The palette colour, #RRGGBB. */
  colour: string;
  /** Number of cells. */
  count: number;
  /** Comma-separated multi-area addresses, each short enough for one host call. */
  chunks: string[];
}

/** A status cell and the fill it has now (null: no fill). */
export interface CellFill {
  cell: string;
  fill: string | null;
}

/** The status cells of the sheet's actions that have a status, with their current fills. */
export function statusCellFills(sheet: TrackingSheet): (CellFill & { status: StatusId })[] {
  const out: (CellFill & { status: StatusId })[] = [];
  const seen = new Set<string>();
  for (const action of sheet.actions) {
    const cell = action.source.cells.status;
    if (!action.status || !cell || seen.has(cell)) continue;
    seen.add(cell);
    out.push({ cell, fill: normalizeColour(action.statusFill), status: action.status });
  }
  return out;
}

/** The colouring plan: per status (legend order), its palette colour and its cells in chunks. */
export function colourGroups(sheet: TrackingSheet, palette: Readonly<Palette>): ColourGroup[] {
  const byStatus = new Map<StatusId, string[]>();
  for (const { cell, status } of statusCellFills(sheet)) {
    const list = byStatus.get(status) ?? [];
    list.push(cell);
    byStatus.set(status, list);
  }
  return STATUS_IDS.filter((id) => byStatus.has(id)).map((id) => {
    const cells = byStatus.get(id) ?? [];
    return {
      status: id,
      label: STATUSES[id].label,
      colour: palette[id],
      count: cells.length,
      chunks: chunkAreas(compressCells(cells)),
    };
  });
}

/** Cells already showing their palette colour are left out of the count of changes. */
export function cellsToChange(sheet: TrackingSheet, palette: Readonly<Palette>): number {
  return statusCellFills(sheet).filter((c) => c.fill !== normalizeColour(palette[c.status])).length;
}

// ---------------------------------------------------------------------------------------------
// The sheet's own colour code

/** A sheet's own colour code: per status, the one fill its cells have (null: no fill). */
export interface OwnColourCode {
  colours: { status: StatusId; fill: string | null; count: number }[];
}

/** White is no colour: a cell « filled » white looks unfilled. */
function shownFill(fill: string | null): string | null {
  const colour = normalizeColour(fill);
  return colour === '#FFFFFF' ? null : colour;
}

/**
 * The colour code a sheet already follows, when it is its own and consistent, else null. Own: some
 * state has a colour that is not ours (none of `ours`, the palettes of the run, gives it to that
 * state), and no status cell was coloured by us (`coloured`: the cells saved in the backup of
 * original fills). Consistent: at least two states coloured, each state's cells one fill (or all
 * unfilled), and no two states the same fill. Such a sheet keeps its colours: recolouring it would
 * make the key its coordinator wrote next to it wrong.
 */
export function ownColourCode(
  cells: readonly (CellFill & { status: StatusId })[],
  ours: readonly Readonly<Partial<Palette>>[],
  coloured: ReadonlySet<string> = new Set(),
): OwnColourCode | null {
  const byStatus = new Map<StatusId, { fill: string | null; count: number }>();
  for (const { cell, fill, status } of cells) {
    if (coloured.has(cell)) return null;
    const shown = shownFill(fill);
    const known = byStatus.get(status);
    if (!known) byStatus.set(status, { fill: shown, count: 1 });
    else if (known.fill !== shown) return null;
    else known.count++;
  }
  const fills = [...byStatus.values()].map((v) => v.fill);
  const filled = fills.filter((f): f is string => f !== null);
  if (filled.length < 2 || new Set(fills).size !== fills.length) return null;
  const theirs = [...byStatus].some(
    ([status, { fill }]) => fill !== null && ours.every((p) => statusFromColour(fill, p, [status]) === null),
  );
  if (!theirs) return null;
  return {
    colours: STATUS_IDS.filter((id) => byStatus.has(id)).map((id) => ({
      status: id,
      fill: byStatus.get(id)?.fill ?? null,
      count: byStatus.get(id)?.count ?? 0,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The original fills, saved in the workbook before the first colouring

/** Key of a fill in a backup: `#RRGGBB`, or `none` for a cell without fill. */
export type FillKey = string;

export interface SheetFillBackup {
  /** Sheet name when saved, for messages (the backup is keyed by the sheet's id, which survives renames). */
  sheetName: string;
  /** Fill → cells that had it, as compressed ranges. */
  fills: Record<FillKey, string[]>;
  /**
   * State → its cells when the last colouring painted them (compressed ranges): « Restaurer » gives
   * a cell its original fill back only while it still shows our colour of that state (a sort or an
   * inserted row brings another action's colour there). Absent from backups saved before it existed
   * and by `cls-bilan sync`: any of our colours is then taken.
   */
  states?: Partial<Record<StatusId, string[]>>;
}

export interface FillBackup {
  version: 1;
  /** By worksheet id. */
  sheets: Record<string, SheetFillBackup>;
}

export const EMPTY_BACKUP: Readonly<FillBackup> = { version: 1, sheets: {} };

/**
 * The key of a sheet's entry in the backup: its id when an entry has it, else the one entry saved
 * under the sheet's name. Excel does not keep a worksheet's id from one session (or one Excel
 * version, or `cls-bilan sync`) to the next, so an id alone would lose the first backup and save
 * the palette colours as « original » ones.
 */
export function backupKeyOf(backup: Readonly<FillBackup>, sheetId: string, sheetName: string): string {
  if (backup.sheets[sheetId]) return sheetId;
  const byName = Object.entries(backup.sheets).filter(([, entry]) => entry.sheetName === sheetName);
  return byName.length === 1 ? byName[0][0] : sheetId;
}

const NO_FILL: FillKey = 'none';

/** Reads a stored backup (JSON text or parsed value); anything unreadable gives an empty backup. */
export function parseFillBackup(raw: unknown): FillBackup {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { version: 1, sheets: {} };
    }
  }
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.sheets)) return { version: 1, sheets: {} };
  const sheets: Record<string, SheetFillBackup> = {};
  for (const [id, entry] of Object.entries(value.sheets)) {
    if (!isRecord(entry) || !isRecord(entry.fills)) continue;
    const fills: Record<FillKey, string[]> = {};
    for (const [key, ranges] of Object.entries(entry.fills)) {
      const fill = key === NO_FILL ? NO_FILL : normalizeColour(key);
      if (!fill || !Array.isArray(ranges)) continue;
      fills[fill] = ranges.filter((r): r is string => typeof r === 'string');
    }
    const sheet: SheetFillBackup = { sheetName: typeof entry.sheetName === 'string' ? entry.sheetName : id, fills };
    const states = isRecord(entry.states) ? stateRanges(entry.states) : null;
    if (states) sheet.states = states;
    sheets[id] = sheet;
  }
  return { version: 1, sheets };
}

/** State → ranges, unknown states left out; null when empty. */
function stateRanges(value: Record<string, unknown>): Partial<Record<StatusId, string[]>> | null {
  const out: Partial<Record<StatusId, string[]>> = {};
  for (const [key, ranges] of Object.entries(value)) {
    if (!isStatusId(key) || !Array.isArray(ranges)) continue;
    out[key] = ranges.filter((r): r is string => typeof r === 'string');
  }
  return Object.keys(out).length > 0 ? out : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The backup after a colouring of `cells`: cells saved before keep their first saved fill (a second
 * colouring must not save the first one's colours); cells seen for the first time are added.
 * `painted`, when given, is what this colouring paints (the groups of `colourGroups`): the state of
 * each cell then replaces what an earlier one recorded. Returns null when nothing needs saving.
 */
export function extendBackup(
  backup: Readonly<FillBackup>,
  sheetId: string,
  sheetName: string,
  cells: readonly CellFill[],
  painted?: readonly ColourGroup[],
): FillBackup | null {
  const existing = backup.sheets[sheetId];
  const paint = painted ? paintedStates(painted) : undefined;
  const saved = new Set<string>();
  const byFill = new Map<FillKey, string[]>();
  if (existing) {
    for (const [fill, ranges] of Object.entries(existing.fills)) {
      const list = expandRanges(ranges);
      list.forEach((c) => saved.add(c));
      byFill.set(fill, list);
    }
  }
  let added = 0;
  for (const { cell, fill } of cells) {
    if (saved.has(cell)) continue;
    saved.add(cell);
    const key = fill ?? NO_FILL;
    const list = byFill.get(key) ?? [];
    list.push(cell);
    byFill.set(key, list);
    added++;
  }
  const samePaint = paint === undefined || JSON.stringify(paint) === JSON.stringify(existing?.states ?? {});
  if (added === 0 && samePaint) return null;
  const fills: Record<FillKey, string[]> = {};
  for (const [fill, list] of byFill) fills[fill] = compressCells(list);
  const entry: SheetFillBackup = { sheetName, fills };
  const keptPaint = paint ?? existing?.states;
  if (keptPaint && Object.keys(keptPaint).length > 0) entry.states = keptPaint;
  return { version: 1, sheets: { ...backup.sheets, [sheetId]: entry } };
}

/** State → the cells a colouring paints for it, compressed (the groups' chunks joined back). */
function paintedStates(groups: readonly ColourGroup[]): Partial<Record<StatusId, string[]>> {
  const out: Partial<Record<StatusId, string[]>> = {};
  for (const g of groups) out[g.status] = compressCells(g.chunks.flatMap((c) => expandRanges(c.split(','))));
  return out;
}

export interface RestoreGroup {
  /** #RRGGBB, or null to clear the fill. */
  fill: string | null;
  count: number;
  chunks: string[];
}

/** What « Restaurer les couleurs d'origine » writes for one sheet; empty when nothing was saved. */
export function restoreGroups(backup: Readonly<FillBackup>, sheetId: string): RestoreGroup[] {
  const entry = backup.sheets[sheetId];
  if (!entry) return [];
  return Object.entries(entry.fills)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fill, ranges]) => ({
      fill: fill === NO_FILL ? null : fill,
      count: expandRanges(ranges).length,
      chunks: chunkAreas(ranges),
    }));
}

/** The backup once a sheet's fills are restored. */
export function withoutSheet(backup: Readonly<FillBackup>, sheetId: string): FillBackup {
  const sheets = { ...backup.sheets };
  delete sheets[sheetId];
  return { version: 1, sheets };
}

export function hasBackup(backup: Readonly<FillBackup>, sheetId: string): boolean {
  return backup.sheets[sheetId] !== undefined;
}

/** The restore of one sheet, checked: the cells to give back their fill, and those left alone. */
export interface CheckedRestore {
  /** Cells still showing one of our colours: their original fill (null: no fill). */
  cells: CellFill[];
  /** Cells saved but no longer showing our colour (recoloured by hand, rows moved): not touched. */
  changed: string[];
}

/**
 * « Restaurer les couleurs d'origine », checked: only a saved cell that still shows our colour
 * (a colour of one of `ours`, the palettes we colour with) gets its original fill back; when the
 * backup records the cell's state at the last colouring (`states`), the colour must be that state's.
 * A cell whose fill changed since the colouring (coloured by hand, or another action's cell after a
 * sort or an inserted row) is left as it is and listed. `shown` gives a cell's fill now (null: none).
 */
export function checkedRestore(
  backup: Readonly<FillBackup>,
  sheetId: string,
  shown: (cell: string) => string | null,
  ours: readonly Readonly<Partial<Palette>>[],
): CheckedRestore {
  const entry = backup.sheets[sheetId];
  const out: CheckedRestore = { cells: [], changed: [] };
  if (!entry) return out;
  const painted = new Map<string, StatusId>();
  for (const [status, ranges] of Object.entries(entry.states ?? {}) as [StatusId, string[]][]) {
    for (const cell of expandRanges(ranges)) painted.set(cell, status);
  }
  const seen = new Set<string>();
  for (const [fill, ranges] of Object.entries(entry.fills).sort(([a], [b]) => a.localeCompare(b))) {
    for (const cell of expandRanges(ranges)) {
      if (seen.has(cell)) continue;
      seen.add(cell);
      const now = normalizeColour(shown(cell));
      const state = painted.get(cell);
      const stillOurs =
        now !== null &&
        ours.some((p) => {
          const shownState = statusFromColour(now, p);
          return shownState !== null && (state === undefined || shownState === state);
        });
      if (stillOurs) {
        out.cells.push({ cell, fill: fill === NO_FILL ? null : fill });
      } else out.changed.push(cell);
    }
  }
  return out;
}

/** The writes of a checked restore: its cells grouped by original fill, those already showing it left out. */
export function checkedRestoreGroups(
  plan: Readonly<CheckedRestore>,
  shown: (cell: string) => string | null,
): RestoreGroup[] {
  const byFill = new Map<FillKey, string[]>();
  for (const { cell, fill } of plan.cells) {
    if (normalizeColour(shown(cell)) === fill) continue;
    const key = fill ?? NO_FILL;
    const list = byFill.get(key) ?? [];
    list.push(cell);
    byFill.set(key, list);
  }
  return [...byFill.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fill, cells]) => ({
      fill: fill === NO_FILL ? null : fill,
      count: cells.length,
      chunks: chunkAreas(compressCells(cells)),
    }));
}

// ---------------------------------------------------------------------------------------------
// The backup in the workbook's settings: one setting per sheet, within the settings' size

/** The backup as the stored settings hold it (name → value as stored): every sheet's, earlier versions' single setting too. */
export function backupFromSettings(settings: Iterable<readonly [string, unknown]>): FillBackup {
  return parseFillBackup(joinBackupSettings(settings));
}

/** The settings writes that store `backup` over the settings stored now (null: delete). */
export function backupWrites(
  backup: Readonly<FillBackup>,
  stored: ReadonlyMap<string, unknown>,
): Record<string, string | null> {
  return backupSettingWrites(backup, stored);
}

/** Whether the settings still fit once `writes` are applied, and their size then. */
export function settingsFit(
  stored: ReadonlyMap<string, unknown>,
  writes: Readonly<Record<string, string | null>>,
): { fits: boolean; bytes: number; budget: number } {
  const bytes = settingsBytes(withSettingWrites(stored, writes));
  return { fits: bytes <= SETTINGS_BUDGET_BYTES, bytes, budget: SETTINGS_BUDGET_BYTES };
}

// ---------------------------------------------------------------------------------------------
// Fill writes cut in two when the host refuses them as too large

/** One fill write: a multi-area address and the fill it gets (null: no fill), with its cell count. */
export interface FillWrite {
  address: string;
  fill: string | null;
  cells: number;
}

function areaCells(areas: readonly CellRange[]): number {
  return areas.reduce((n, a) => n + (a.bottom - a.top + 1) * (a.right - a.left + 1), 0);
}

function writeOf(areas: readonly CellRange[], fill: string | null): FillWrite {
  return { address: areas.map(rangeToA1).join(','), fill, cells: areaCells(areas) };
}

/** The fill writes of colour or restore groups, one per chunk. */
export function fillWrites(
  groups: readonly { fill?: string | null; colour?: string; chunks: readonly string[] }[],
): FillWrite[] {
  return groups.flatMap((g) =>
    g.chunks.map((address) => ({
      address,
      fill: g.colour ?? g.fill ?? null,
      cells: areaCells(parseAreasAddress(address)),
    })),
  );
}

/** Cells of a batch of fill writes. */
export function fillWriteCells(writes: readonly FillWrite[]): number {
  return writes.reduce((n, w) => n + w.cells, 0);
}

/**
 * A batch of fill writes cut in two halves of about as many cells: between writes when there are
 * several, else between the one write's areas, else the rows (or columns) of its one area. Null
 * when it is one cell.
 */
export function halveFillWrites(writes: readonly FillWrite[]): [FillWrite[], FillWrite[]] | null {
  if (writes.length > 1) {
    const total = fillWriteCells(writes);
    let sum = 0;
    let k = 0;
    while (k < writes.length - 1 && sum + writes[k].cells <= total / 2) sum += writes[k++].cells;
    const cut = Math.max(1, k);
    return [writes.slice(0, cut), writes.slice(cut)];
  }
  const only = writes[0];
  if (!only || only.cells <= 1) return null;
  const areas = parseAreasAddress(only.address);
  if (areas.length > 1) {
    const half = Math.ceil(areas.length / 2);
    return [[writeOf(areas.slice(0, half), only.fill)], [writeOf(areas.slice(half), only.fill)]];
  }
  const a = areas[0];
  if (a.bottom > a.top) {
    const mid = Math.floor((a.top + a.bottom) / 2);
    return [[writeOf([{ ...a, bottom: mid }], only.fill)], [writeOf([{ ...a, top: mid + 1 }], only.fill)]];
  }
  const mid = Math.floor((a.left + a.right) / 2);
  return [[writeOf([{ ...a, right: mid }], only.fill)], [writeOf([{ ...a, left: mid + 1 }], only.fill)]];
}

/**
 * A refused fill write is cut in two and retried when it is this large: Excel on the web answers a
 * large one with a general « internal error » rather than a payload code (office-js #2564), and a
 * smaller batch refused so is refused for another reason.
 */
export const LARGE_FILL_WRITE_CELLS = 2_000;

/** Where the saved cells of a sheet's backup are (one rectangle per column), to read their fills before restoring. */
export function restoreRegions(backup: Readonly<FillBackup>, sheetId: string): CellRange[] {
  const entry = backup.sheets[sheetId];
  if (!entry) return [];
  const byCol = new Map<number, { top: number; bottom: number }>();
  for (const ranges of Object.values(entry.fills)) {
    for (const area of ranges.flatMap((r) => parseAreasAddress(r))) {
      for (let c = area.left; c <= area.right; c++) {
        const known = byCol.get(c);
        byCol.set(c, {
          top: Math.min(known?.top ?? area.top, area.top),
          bottom: Math.max(known?.bottom ?? area.bottom, area.bottom),
        });
      }
    }
  }
  return [...byCol.entries()]
    .sort(([a], [b]) => a - b)
    .map(([col, { top, bottom }]) => ({ top, bottom, left: col, right: col }));
}

/** Cells saved in a sheet's backup. */
export function savedCellCount(backup: Readonly<FillBackup>, sheetId: string): number {
  const entry = backup.sheets[sheetId];
  return entry ? Object.values(entry.fills).reduce((n, ranges) => n + expandRanges(ranges).length, 0) : 0;
}

/**
 * The colour code the sheet shows now, per state: the fill more than half of its status cells have. A backup saved by `cls-bilan sync` with a palette given
 * for one run (`--palette`) does not say which colours it painted: they are the sheet's code.
 */
export function shownPalette(sheet: TrackingSheet): Partial<Palette> {
  const byStatus = new Map<StatusId, Map<string, number>>();
  for (const { fill, status } of statusCellFills(sheet)) {
    if (!fill) continue;
    const counts = byStatus.get(status) ?? new Map<string, number>();
    counts.set(fill, (counts.get(fill) ?? 0) + 1);
    byStatus.set(status, counts);
  }
  const out: Partial<Palette> = {};
  for (const [status, counts] of byStatus) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const [fill, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (n * 2 > total) out[status] = fill;
  }
  return out;
}

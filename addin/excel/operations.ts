/// <reference types="office-js" />
/**
 * What each button of the pane does in Excel, as functions of a runner (`Excel.run` in the pane, a
 * fake host in tests and benchmarks). Each one reads what it needs, lets core decide, and writes in
 * one final round trip, after checking what could refuse it (protected sheet, a sheet changed since
 * the preview, settings too large), so that nothing is left half-written.
 *
 * The pane's writes run with its events off (Runtime.enableEvents, ExcelApi 1.8; the manifest asks
 * for 1.13), so that they do not start the live re-analysis: « Toggle JavaScript events in the
 * current task pane or content add-in ».
 * https://learn.microsoft.com/javascript/api/excel/excel.runtime#excel-excel-runtime-enableevents-member
 */
import { analyzeWorkbook, latestReadingOf, type SheetAnalysis } from '../../core/report/analysis';
import { statusChartTable } from '../../core/layout/bilan-chart';
import {
  bilanTarget,
  GENERATED_SHEET_NAME,
  generatedMarkFormula,
  generatedSheetMessage,
} from '../../core/base/generated-sheet';
import { yearSheetLayout } from '../../core/layout/year-sheet';
import { FILL_BACKUP_SETTING, PALETTE_SETTING, sheetBackupSettingName } from '../../core/base/setting-names';
import {
  backupFromSettings,
  backupKeyOf,
  backupWrites,
  checkedRestore,
  checkedRestoreGroups,
  colourGroups,
  type ColourGroup,
  extendBackup,
  type FillBackup,
  fillWriteCells,
  fillWrites,
  type FillWrite,
  halveFillWrites,
  hasBackup,
  LARGE_FILL_WRITE_CELLS,
  restoreRegions,
  savedCellCount,
  settingsFit,
  shownPalette,
  statusCellFills,
  withoutSheet,
} from '../../core/edit/colouring';
import { freeSheetName } from '../../core/base/sheet-name';
import type { FixEdit } from '../../core/check/diagnostics';
import { ClsError } from '../../core/base/errors';
import { cleanText, columnLetters, fromA1, type Grid, rangeToA1 } from '../../core/base/grid';
import { labelChanges, type LabelChange } from '../../core/edit/label-fixes';
import { legendBlock, legendCountUpdates, legendFitsAbove } from '../../core/edit/legend-block';
import {
  legendOffer,
  type LegendOffer,
  parseStoredPalette,
  serializePalette,
  type StoredPalette,
  userPalette,
} from '../../core/base/palette-settings';
import { noTableMessage, paneSummary, type PaneSummary } from '../../core/layout/pane-summary';
import { DEFAULT_PALETTE, type Palette } from '../../core/base/status';
import { DROPDOWN_ALERT, DROPDOWN_PROMPT, dropdownRanges, dropdownSource } from '../../core/edit/status-dropdown';
import { readWorkbookTables, sheetPalette } from '../../core/read/table-reader';
import { TAUGHT_COLUMNS_NAME, taughtColumnsFormula, type TaughtColumns } from '../../core/read/taught-columns';
import { excelCode, PaneError, protectedSheetError } from './errors';
import { withTintsApplied } from './grid-from-excel';
import { applyTint } from '../../core/base/tint';
import { queueLayout } from './layout-writer';
import { type LiveEvent, OwnWrites } from './own-writes';
import { generatedMark, isPayloadTooLarge, readSheets, type ReadLimits, DEFAULT_LIMITS, type SheetRead } from './read';
import { formatNumber } from '../../core/base/typography';

/** The last column (XFD) and row (1,048,576) of a worksheet, 0-based. */
const LAST_COLUMN = 16_383;
const LAST_ROW = 1_048_575;

/** Name of the workbook setting holding the fills saved before the first colouring. */
export const BACKUP_SETTING = FILL_BACKUP_SETTING;

export type Runner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The real host. */
export const excelRun: Runner = (batch) => Excel.run(batch);

/** The pane's own writes, told apart from the user's changes by the live re-analysis. */
export const ownWrites = new OwnWrites();

/** True when the pane can turn its events off (Runtime.enableEvents, ExcelApi 1.8). */
function canSilenceEvents(): boolean {
  return excelApiSupported('1.8');
}

/**
 * One write round trip with the pane's events off: `queue` queues the writes between
 * `enableEvents = false` and `enableEvents = true`, in the same batch. If Excel refuses part of the
 * batch, the rest of it is not run: the events are turned on again in a round trip of their own.
 */
async function quietSync(context: Excel.RequestContext, queue: () => void): Promise<void> {
  const quiet = canSilenceEvents();
  if (quiet) context.runtime.enableEvents = false;
  queue();
  if (quiet) context.runtime.enableEvents = true;
  try {
    await context.sync();
  } catch (e) {
    if (quiet) {
      context.runtime.enableEvents = true;
      await context.sync().catch(() => undefined);
    }
    throw e;
  }
}

/**
 * A write round trip of the pane: quiet (quietSync). Where the host cannot turn the pane's events
 * off (before ExcelApi 1.8), it is recorded as the pane's own instead (own-writes.ts): recording it
 * as well would take the user's next change of the same cells for the pane's.
 */
async function writeBatch(
  context: Excel.RequestContext,
  queue: () => void,
  formatted: () => { sheetId: string; addresses: readonly string[] }[] = () => [],
): Promise<void> {
  if (canSilenceEvents()) await quietSync(context, queue);
  else await writing(() => quietSync(context, queue), formatted);
}

/** Runs a write, recording it (and, once done, the areas it formatted) as the pane's own. */
async function writing<T>(
  work: () => Promise<T>,
  formatted: () => { sheetId: string; addresses: readonly string[] }[] = () => [],
): Promise<T> {
  ownWrites.begin();
  let done = false;
  try {
    const result = await work();
    done = true;
    return result;
  } finally {
    ownWrites.end(done ? formatted() : []);
  }
}

export interface ActiveAnalysis {
  sheetId: string;
  sheetName: string;
  protected: boolean;
  grid: Grid;
  stored: StoredPalette;
  /** Defaults overridden by the workbook's palette. */
  palette: Palette;
  /** The palette used for reading and colouring: the workbook's, then the sheet's own legend. */
  readingPalette: Palette;
  /** The add-in's settings as stored in the workbook (name → value). */
  settings: ReadonlyMap<string, unknown>;
  backup: FillBackup;
  /** This sheet's key in the backup (its id, or the key of the entry saved under its name). */
  backupKey: string;
  hasBackup: boolean;
  /** The saved cells' own fills, when read for « Restaurer » (A1 → #RRGGBB, null: none). */
  ownFills: ReadonlyMap<string, string | null>;
  analysis: SheetAnalysis | null;
  /** French message when the sheet holds no tracking table. */
  noTable: string | null;
  summary: PaneSummary | null;
  labelChanges: LabelChange[];
  legendUpdates: FixEdit[];
  legendOffer: LegendOffer | null;
  /** Ranges the dropdown would cover. */
  dropdownRanges: string[];
}

/**
 * Every setting of the add-in (the palette, each sheet's backup of original fills): one request.
 * https://learn.microsoft.com/javascript/api/excel/excel.settingcollection
 */
function queueSettings(context: Excel.RequestContext): Excel.SettingCollection {
  const settings = context.workbook.settings;
  settings.load('key,value');
  return settings;
}

function storedSettings(settings: Excel.SettingCollection | null): Map<string, unknown> {
  return new Map((settings?.items ?? []).map((s): [string, unknown] => [s.key, s.value]));
}

/** Queues settings writes (null: delete). */
function queueSettingWrites(context: Excel.RequestContext, writes: Readonly<Record<string, string | null>>): void {
  for (const [name, value] of Object.entries(writes)) {
    if (value === null) context.workbook.settings.getItem(name).delete();
    else context.workbook.settings.add(name, value);
  }
}

/**
 * Reads the active sheet and the workbook settings: two round trips for a normal sheet. With
 * `savedFills`, the own fills of the cells saved in the sheet's backup come in the second.
 */
async function readActive(
  context: Excel.RequestContext,
  limits: Readonly<ReadLimits>,
  alsoLoad: () => void = () => undefined,
  savedFills = false,
): Promise<ActiveAnalysis> {
  const held: { settings: Excel.SettingCollection | null } = { settings: null };
  const [read] = await readSheets(
    context,
    () => [context.workbook.worksheets.getActiveWorksheet()],
    () => {
      held.settings = queueSettings(context);
      alsoLoad();
    },
    limits,
    savedFills
      ? {
          ownFillsOf: (reads) => {
            const backup = backupFromSettings(storedSettings(held.settings));
            return reads.map((r) => restoreRegions(backup, backupKeyOf(backup, r.id, r.name)));
          },
        }
      : {},
  );
  return analyseRead(read, storedSettings(held.settings));
}

/** Diagnostics that say the colours and the texts or the legend disagree. */
const COLOUR_DISAGREEMENTS = new Set<string>(['STATUS_COLOUR_MISMATCH', 'READING_UNKNOWN_COLOURS']);

/**
 * The grid to read a sheet from: its fills as Excel gave them, or, when some have a tint, with the
 * tints applied (withTintsApplied), whichever reading agrees best: fewer colours in disagreement with
 * their texts, fewer legend states sharing one colour. As given when they agree as well.
 */
export function tintedReading(read: SheetRead, palette: Readonly<Palette>): Grid {
  const applied = withTintsApplied(read.grid, read.tinted, applyTint);
  if (!applied) return read.grid;
  const disagreements = (grid: Grid): number => {
    try {
      const sheets = analyzeWorkbook(readWorkbookTables([grid], read.name, { palette }), { palette }).sheets;
      const colours = sheets.flatMap((s) => s.diagnostics).filter((d) => COLOUR_DISAGREEMENTS.has(d.code)).length;
      const shared = sheets.reduce((n, s) => {
        const swatches = s.sheet.legend.filter((e) => e.colour).map((e) => `${e.colour}`);
        return n + swatches.length - new Set(swatches).size;
      }, 0);
      return colours + shared;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  };
  return disagreements(applied) < disagreements(read.grid) ? applied : read.grid;
}

/** Core's analysis of one sheet read from Excel, with the add-in's settings as stored. */
export function analyseRead(read: SheetRead, settings: ReadonlyMap<string, unknown>): ActiveAnalysis {
  const stored = parseStoredPalette(settings.get(PALETTE_SETTING) ?? null);
  const backup = backupFromSettings(settings);
  const backupKey = backupKeyOf(backup, read.id, read.name);
  const palette = userPalette(stored.palette);
  const grid = tintedReading(read, palette);
  const base = {
    sheetId: read.id,
    sheetName: read.name,
    protected: read.protected,
    grid,
    stored,
    palette,
    settings,
    backup,
    backupKey,
    hasBackup: hasBackup(backup, backupKey),
    ownFills: read.ownFills,
  };
  let analysis: SheetAnalysis | null = null;
  try {
    // A wide sheet gives one reading per year: the pane works on the latest.
    const sheets = analyzeWorkbook(readWorkbookTables([grid], read.name, { palette }), { palette }).sheets;
    analysis = latestReadingOf(sheets, read.name);
  } catch (e) {
    if (!(e instanceof ClsError) || e.code !== 'NO_TABLE') throw e;
  }
  if (!analysis) {
    return {
      ...base,
      readingPalette: palette,
      analysis: null,
      noTable: grid.generated ? generatedSheetMessage(read.name, grid.generated) : noTableMessage(read.name),
      summary: null,
      labelChanges: [],
      legendUpdates: [],
      legendOffer: null,
      dropdownRanges: [],
    };
  }
  const readingPalette = sheetPalette(palette, analysis.sheet.legend);
  return {
    ...base,
    readingPalette,
    analysis,
    noTable: null,
    summary: paneSummary(analysis, readingPalette),
    labelChanges: labelChanges(grid, analysis.diagnostics),
    legendUpdates: legendCountUpdates(analysis.diagnostics),
    legendOffer: legendOffer(analysis.sheet, palette),
    dropdownRanges: dropdownRanges(analysis.sheet),
  };
}

function requireTable(state: ActiveAnalysis): SheetAnalysis {
  if (!state.analysis) throw new PaneError(state.noTable ?? noTableMessage(state.sheetName));
  return state.analysis;
}

function requireWritable(state: ActiveAnalysis): void {
  if (state.protected) throw protectedSheetError(state.sheetName);
}

// ---------------------------------------------------------------------------------------------
// Analyser: reads only

export async function analyseActiveSheet(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<ActiveAnalysis> {
  return run((context) => readActive(context, limits));
}

/** Selects a cell of the analysed sheet (a diagnostic clicked in the pane). */
export async function selectCell(sheetName: string, cell: string, run: Runner = excelRun): Promise<void> {
  await run(async (context) => {
    // Quiet: the selection it moves is the pane's, not a change to watch.
    await quietSync(context, () => {
      const ws = context.workbook.worksheets.getItem(sheetName);
      ws.activate();
      ws.getRange(cell).select();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Colorer les états / Restaurer les couleurs d'origine

export interface ColourResult {
  state: ActiveAnalysis;
  groups: ColourGroup[];
  cells: number;
  formatOps: number;
  /** True when original fills were saved by this colouring (first colouring or new cells). */
  saved: boolean;
}

/**
 * Writes fills in round trips of their own, cut in two when Excel refuses a batch as too large (a
 * payload code, or the general « internal error » Excel on the web gives for a large fill write:
 * https://github.com/OfficeDev/office-js/issues/2564). `first` is queued before the first batch's
 * fills (again if that batch is cut), `last` after the last one's: settings saved before the fills
 * they protect, forgotten after the fills they restore. Returns the fill writes made.
 */
async function writeFills(
  context: Excel.RequestContext,
  sheet: { id: string; name: string },
  writes: readonly FillWrite[],
  first: () => void,
  last: () => void,
): Promise<number> {
  const ws = context.workbook.worksheets.getItem(sheet.name);
  const todo: FillWrite[][] = [[...writes]];
  let firstDone = false;
  let done = 0;
  while (todo.length > 0) {
    const batch = todo.shift() ?? [];
    const isLast = todo.length === 0;
    try {
      await writeBatch(
        context,
        () => {
          if (!firstDone) first();
          for (const w of batch) {
            const fill = ws.getRanges(w.address).format.fill;
            if (w.fill) fill.color = w.fill;
            else fill.clear();
          }
          if (isLast) last();
        },
        () => [{ sheetId: sheet.id, addresses: batch.map((w) => w.address) }],
      );
    } catch (e) {
      const large =
        isPayloadTooLarge(e) ||
        (excelCode(e) === 'GeneralException' && fillWriteCells(batch) >= LARGE_FILL_WRITE_CELLS);
      const halves = large ? halveFillWrites(batch) : null;
      if (!halves) throw e;
      todo.unshift(...halves);
      continue;
    }
    firstDone = true;
    done += batch.length;
  }
  return done;
}

/** The message when the backup of original fills would not fit in the workbook's settings. */
function backupTooLarge(sheetName: string, bytes: number, budget: number, alone: boolean): PaneError {
  const size = `${formatNumber(Math.ceil(bytes / 1000))} Ko pour ${formatNumber(Math.floor(budget / 1000))} Ko au plus`;
  if (alone) {
    return new PaneError(
      `Les couleurs d’origine de la feuille « ${sheetName} » sont trop nombreuses et trop variées pour être ` +
        `sauvegardées dans le classeur (${size}) : rien n’a été coloré. Enregistrez une copie du classeur ` +
        `(Fichier > Enregistrer une copie) avant de colorer : elle gardera les couleurs d’origine.`,
    );
  }
  return new PaneError(
    `La sauvegarde des couleurs d’origine ne tient plus dans le classeur (${size}) : rien n’a été coloré. ` +
      `Restaurez d’abord les couleurs d’origine des autres feuilles colorées par le complément (leur sauvegarde ` +
      `est alors effacée), ou enregistrez une copie du classeur avant de colorer.`,
  );
}

/** Fills every status cell with its palette colour, after saving the original fills once. */
export async function colourStatuses(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<ColourResult> {
  return run(async (context) => {
    const state = await readActive(context, limits);
    const { sheet } = requireTable(state);
    requireWritable(state);
    const groups = colourGroups(sheet, state.readingPalette);
    const key = state.backupKey;
    const next = extendBackup(state.backup, key, state.sheetName, statusCellFills(sheet), groups);
    const writes = next ? backupWrites(next, state.settings) : {};
    // Office refuses settings past about 1 MB (core/base/setting-names.ts): checked before anything is written.
    const fit = settingsFit(state.settings, writes);
    if (!fit.fits) {
      const own = writes[sheetBackupSettingName(key)] ?? '';
      const alone = !settingsFit(new Map(), { [sheetBackupSettingName(key)]: own }).fits;
      throw backupTooLarge(state.sheetName, fit.bytes, fit.budget, alone);
    }
    // The backup goes first: if Excel stops half-way, the original fills are saved.
    const formatOps = await writeFills(
      context,
      { id: state.sheetId, name: state.sheetName },
      fillWrites(groups),
      () => queueSettingWrites(context, writes),
      () => undefined,
    );
    const backup = next ?? state.backup;
    return {
      state: { ...state, backup, hasBackup: true },
      groups,
      cells: groups.reduce((n, g) => n + g.count, 0),
      formatOps,
      saved: savedCellCount(backup, key) > savedCellCount(state.backup, key),
    };
  });
}

export interface RestoreResult {
  /** Cells given back their original fill. */
  cells: number;
  /** Saved cells no longer showing our colour (rows moved, coloured by hand): left as they are. */
  changed: string[];
  formatOps: number;
}

/**
 * Puts back the fills saved before the first colouring, then forgets them: only on the saved cells
 * that still show the colour of their state (core's checkedRestore, as `cls-bilan sync --restaurer`),
 * the others are left as they are and named. Round trips: the reading (with the saved cells' own
 * fills in the second), one write.
 */
export async function restoreFills(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<RestoreResult> {
  return run(async (context) => {
    const state = await readActive(context, limits, undefined, true);
    const key = state.backupKey;
    if (!state.backup.sheets[key]) {
      throw new PaneError(
        `Aucune couleur d'origine n'est enregistrée pour la feuille « ${state.sheetName} » : ` +
          `elle n'a pas été colorée par le complément, ou ses couleurs ont déjà été restaurées.`,
      );
    }
    const shown = (cell: string): string | null => state.ownFills.get(cell) ?? null;
    // Our colours: the workbook's palette, the default one, the sheet's legend's; for a backup that
    // does not record the states it coloured (saved by `cls-bilan sync`, which may have used a
    // palette given for one run), also the code the sheet shows now.
    const ours = [state.palette, DEFAULT_PALETTE, state.readingPalette];
    if (state.analysis && !state.backup.sheets[key].states) {
      ours.push({ ...state.readingPalette, ...shownPalette(state.analysis.sheet) });
    }
    const plan = checkedRestore(state.backup, key, shown, ours);
    const groups = checkedRestoreGroups(plan, shown);
    if (groups.length > 0) requireWritable(state);
    const writes = backupWrites(withoutSheet(state.backup, key), state.settings);
    // Forgotten last: if Excel stops half-way, the backup is still there to try again.
    const formatOps = await writeFills(
      context,
      { id: state.sheetId, name: state.sheetName },
      fillWrites(groups),
      () => undefined,
      () => queueSettingWrites(context, writes),
    );
    return { cells: plan.cells.length, changed: plan.changed, formatOps };
  });
}

// ---------------------------------------------------------------------------------------------
// Corriger les libellés

/**
 * Writes the previewed changes, after checking that each cell still holds what the preview showed
 * (otherwise nothing is written and the user is asked to look again).
 */
export async function applyLabelChanges(changes: readonly LabelChange[], run: Runner = excelRun): Promise<number> {
  if (changes.length === 0) return 0;
  return run(async (context) => {
    const ws = context.workbook.worksheets.getActiveWorksheet();
    ws.load('name');
    ws.protection.load('protected');
    const cells = changes.map((c) => {
      const range = ws.getRange(c.cell);
      range.load('values');
      return range;
    });
    await context.sync();
    if (ws.protection.protected) throw protectedSheetError(ws.name);
    const changed = changes.filter((c, i) => cleanText(String(cells[i].values[0][0] ?? '')) !== c.before);
    if (changed.length > 0) {
      throw new PaneError(
        `La feuille a changé depuis l'aperçu (${changed.map((c) => c.cell).join(', ')}) : rien n'a été modifié. ` +
          `Relancez l'analyse pour voir les corrections à jour.`,
      );
    }
    await writeBatch(context, () =>
      changes.forEach((c, i) => {
        cells[i].values = [[c.after]];
      }),
    );
    return changes.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Liste déroulante

export async function addStatusDropdown(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<string[]> {
  return run(async (context) => {
    const state = await readActive(context, limits);
    requireTable(state);
    requireWritable(state);
    const ranges = state.dropdownRanges;
    if (ranges.length === 0) {
      throw new PaneError(
        `Le tableau de la feuille « ${state.sheetName} » n'a pas de colonne d'état (ETAT AVANCEMENT ACTION, Avancement, Statut…) : ` +
          `aucune liste déroulante n'a été ajoutée.`,
      );
    }
    const ws = context.workbook.worksheets.getItem(state.sheetName);
    await writeBatch(context, () => {
      for (const address of ranges) {
        const validation = ws.getRange(address).dataValidation;
        validation.clear();
        validation.rule = { list: { inCellDropDown: true, source: dropdownSource() } };
        validation.errorAlert = {
          showAlert: true,
          style: 'Stop',
          title: DROPDOWN_ALERT.title,
          message: DROPDOWN_ALERT.message,
        };
        validation.prompt = { showPrompt: true, title: DROPDOWN_PROMPT.title, message: DROPDOWN_PROMPT.message };
        validation.ignoreBlanks = true;
      }
    });
    return ranges;
  });
}

// ---------------------------------------------------------------------------------------------
// Légende

export interface LegendResult {
  address: string;
  /** False when the block is not above the table: it is written but not read as the sheet's legend. */
  readAsLegend: boolean;
}

/** Writes the legend block with its counts at the selected cell, if the cells there are empty. */
export async function writeLegendAtSelection(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<LegendResult> {
  return run(async (context) => {
    let selection: Excel.Range | null = null;
    const state = await readActive(context, limits, () => {
      // The active cell, not the selected range: getSelectedRange throws when several areas are
      // selected. https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1)
      selection = context.workbook.getActiveCell();
      selection.load('address');
    });
    const { sheet } = requireTable(state);
    requireWritable(state);
    const selected = selection as Excel.Range | null;
    const address = selected ? selected.address : '';
    const bang = address.lastIndexOf('!');
    const start = fromA1((bang >= 0 ? address.slice(bang + 1) : address).split(':')[0].replace(/\$/g, ''));
    if (!start) throw new PaneError('Sélectionnez une cellule de la feuille, puis recommencez.');
    const block = legendBlock(sheet, state.readingPalette);
    const target = { top: start.row, left: start.col, bottom: start.row + block.height - 1, right: start.col + 1 };
    // The sheet ends at column XFD and row 1,048,576: past them Excel refuses the address.
    if (target.right > LAST_COLUMN || target.bottom > LAST_ROW) {
      throw new PaneError(
        `La légende demande ${block.height} lignes et 2 colonnes à partir de ${columnLetters(start.col)}${start.row + 1} : ` +
          `la feuille s’arrête avant. Sélectionnez une cellule plus haut ou plus à gauche, puis recommencez.`,
      );
    }
    const occupied: string[] = [];
    for (let r = target.top; r <= target.bottom; r++) {
      for (let c = target.left; c <= target.right; c++) {
        if (cleanText(state.grid.cells[r]?.[c]?.text) !== '') occupied.push(`${columnLetters(c)}${r + 1}`);
      }
    }
    const where = rangeToA1(target);
    if (occupied.length > 0) {
      throw new PaneError(
        `La zone ${where} n'est pas vide (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? '…' : ''}) : ` +
          `sélectionnez une cellule avec ${block.height} lignes et 2 colonnes libres, puis recommencez.`,
      );
    }
    const ws = context.workbook.worksheets.getItem(state.sheetName);
    await writeBatch(
      context,
      () => queueLayout(ws, target.top, target.left, block.rows),
      () => [{ sheetId: state.sheetId, addresses: [where] }],
    );
    return { address: where, readAsLegend: legendFitsAbove(sheet, target.top, block.height) };
  });
}

/**
 * Rewrites the legend's counts that no longer match the table (the LEGEND_COUNT_MISMATCH fixes),
 * after reading the sheet again: when rows were inserted or a coauthor changed the sheet since the
 * preview, the counts to write or their cells differ, and nothing is written.
 */
export async function updateLegendCounts(
  previewed: readonly FixEdit[],
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<number> {
  if (previewed.length === 0) return 0;
  return run(async (context) => {
    const state = await readActive(context, limits);
    requireTable(state);
    requireWritable(state);
    const key = (edits: readonly FixEdit[]) => edits.map((e) => `${e.cell}=${e.value}`).join(';');
    if (key(state.legendUpdates) !== key(previewed)) {
      throw new PaneError(
        'La feuille a changé depuis l’analyse (lignes insérées, ou modification par une autre personne) : ' +
          'aucun nombre de la légende n’a été modifié. Relancez l’analyse, puis « Mettre à jour les nombres ».',
      );
    }
    const ws = context.workbook.worksheets.getItem(state.sheetName);
    await writeBatch(context, () => {
      for (const edit of state.legendUpdates) ws.getRange(edit.cell).values = [[Number(edit.value)]];
    });
    return state.legendUpdates.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Colonnes du tableau

export interface TaughtColumnsResult {
  /** The sheet read again with the columns saved. */
  state: ActiveAnalysis;
  /** The name's formula as written (core's taughtColumnsFormula). */
  formula: string;
  /** True when the sheet already had columns saved, now replaced. */
  replaced: boolean;
}

/**
 * Saves the columns the user chose for the active sheet as `cls-bilan sync --colonnes` does: the
 * sheet-scoped name CLS_COLONNES holding a text constant (core/read/taught-columns.ts), so that the
 * pane, the command and every later reading take the same columns. A name already there (in any
 * case: Excel compares names without case) is deleted first in the same round trip, as
 * NamedItemCollection.add refuses a name that exists. Then the sheet is read again.
 * Round trips: the reading (two for a normal sheet), one write, the reading again.
 * https://learn.microsoft.com/javascript/api/excel/excel.nameditemcollection#excel-excel-nameditemcollection-add-member(1)
 * https://learn.microsoft.com/javascript/api/excel/excel.nameditemcollection#excel-excel-nameditemcollection-getitemornullobject-member(1)
 * https://learn.microsoft.com/javascript/api/excel/excel.nameditem#excel-excel-nameditem-delete-member(1)
 */
export async function saveTaughtColumns(
  taught: TaughtColumns,
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<TaughtColumnsResult> {
  const formula = taughtColumnsFormula(taught);
  return run(async (context) => {
    let existing: Excel.NamedItem | null = null;
    const state = await readActive(context, limits, () => {
      existing = context.workbook.worksheets.getActiveWorksheet().names.getItemOrNullObject(TAUGHT_COLUMNS_NAME);
      existing.load('name');
    });
    if (state.grid.generated) {
      throw new PaneError(
        `La feuille « ${state.sheetName} » est un bilan créé par le complément : ses colonnes ne se choisissent pas. ` +
          `Ouvrez la feuille du tableau de suivi, puis recommencez.`,
      );
    }
    requireWritable(state);
    const old = existing as Excel.NamedItem | null;
    const replaced = old !== null && !old.isNullObject;
    await writeBatch(context, () => {
      if (old && replaced) old.delete();
      context.workbook.worksheets.getItem(state.sheetName).names.add(TAUGHT_COLUMNS_NAME, formula);
    });
    return { state: await readActive(context, limits), formula, replaced };
  });
}

// ---------------------------------------------------------------------------------------------
// Bilan AAAA

export interface BilanResult {
  sheetName: string;
  year: number | null;
  chart: boolean;
  /** True when the year's generated sheet existed and was refreshed in place. */
  refreshed: boolean;
}

/**
 * Writes the bilan of the active sheet's year (or the latest year) and, when the workbook has
 * several yearly sheets, a native stacked bar chart of statuses per year. The bilan of a year has
 * one sheet, marked as generated (core/base/generated-sheet.ts), looked for on every sheet, hidden
 * ones included. A second click refreshes it: the new bilan is built in a sheet of its own, which
 * then takes the old one's place (its position, name and mark; the old sheet is deleted) in the
 * same round trip, so that a failure while writing leaves the old bilan whole. A workbook whose
 * structure is protected refuses new sheets: there the bilan is rewritten in place, and clicking
 * again rewrites it whole if Excel stopped half-way. A first bilan goes to a new sheet, removed
 * again if Excel refuses part of the writing.
 */
export async function createBilanSheet(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<BilanResult> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/id,items/visibility,items/position');
    const active = sheets.getActiveWorksheet();
    active.load('name');
    context.workbook.protection.load('protected');
    await context.sync();
    const all = sheets.items.map((s) => ({ name: s.name, id: s.id, visibility: s.visibility, position: s.position }));
    const visible = all.filter((s) => s.visibility === 'Visible').map((s) => s.name);
    const hidden = all.filter((s) => s.visibility !== 'Visible').map((s) => s.name);
    const held: {
      settings: Excel.SettingCollection | null;
      hidden: { name: string; names: Excel.NamedItemCollection; ws: Excel.Worksheet; charts: Excel.ChartCollection }[];
    } = { settings: null, hidden: [] };
    let charts: Excel.ChartCollection[] = [];
    const reads = await readSheets(
      context,
      () => {
        const worksheets = visible.map((n) => context.workbook.worksheets.getItem(n));
        // The charts of each sheet, to clear a generated bilan's old chart before refreshing it in place.
        charts = worksheets.map((ws) => ws.charts.load('name'));
        return worksheets;
      },
      () => {
        held.settings = queueSettings(context);
        // Hidden sheets are not read as tables, but a hidden bilan is still the year's bilan: its mark is read.
        held.hidden = hidden.map((name) => {
          const ws = context.workbook.worksheets.getItem(name);
          ws.protection.load('protected');
          const names = ws.names;
          names.load('name,formula');
          return { name, names, ws, charts: ws.charts.load('name') };
        });
      },
      limits,
    );
    const palette = userPalette(parseStoredPalette(storedSettings(held.settings).get(PALETTE_SETTING) ?? null).palette);
    let analysis;
    try {
      analysis = analyzeWorkbook(
        readWorkbookTables(
          reads.map((r) => tintedReading(r, palette)),
          'classeur',
          { palette },
        ),
        { palette },
      );
    } catch (e) {
      if (e instanceof ClsError && e.code === 'NO_TABLE') {
        throw new PaneError("Aucun tableau de suivi dans ce classeur : le bilan n'a pas été créé.");
      }
      throw e;
    }
    const hiddenMarks = new Map(held.hidden.map((h) => [h.name, generatedMark(h.names)]));
    const markOf = (name: string) =>
      reads.find((r) => r.name === name)?.grid.generated ?? hiddenMarks.get(name) ?? null;
    // On a generated bilan, « Bilan » refreshes that bilan's year.
    const activeMark = markOf(active.name);
    const latest = [...analysis.sheets].sort((a, b) => (b.sheet.year ?? 0) - (a.sheet.year ?? 0))[0];
    const chosen =
      latestReadingOf(analysis.sheets, active.name) ??
      (activeMark?.year ? analysis.sheets.find((s) => s.sheet.year === activeMark.year) : undefined) ??
      latest;
    const year = chosen.sheet.year;
    const target = bilanTarget(
      all.map((s) => ({ name: s.name, generated: markOf(s.name) })),
      year,
      year ? `Bilan ${year}` : `Bilan ${chosen.sheet.name}`,
    );
    const name = target.name;
    const old = target.existing ? all.find((s) => s.name === name) : undefined;
    const oldRead = reads.find((r) => r.name === name);
    const oldHidden = held.hidden.find((h) => h.name === name);
    if (old && (oldRead?.protected || oldHidden?.ws.protection.protected)) throw protectedSheetError(name);
    const structureLocked = context.workbook.protection.protected;
    // A protected structure refuses new sheets (not the refresh of one in place).
    if (!old && structureLocked) {
      throw new PaneError(
        'La structure du classeur est protégée : aucune feuille ne peut y être ajoutée, le bilan n’a pas été créé. ' +
          'Ôtez la protection (Révision > Protéger le classeur), puis recommencez.',
      );
    }
    const readingPalette = sheetPalette(palette, chosen.sheet.legend);
    const layout = yearSheetLayout(chosen, readingPalette, { name });
    const chartTable = statusChartTable(analysis, readingPalette);
    const writeBilan = (ws: Excel.Worksheet) => {
      queueLayout(ws, 0, 0, layout.rows, { merges: layout.merges, widths: layout.widths });
      if (layout.freezeRows > 0) ws.freezePanes.freezeRows(layout.freezeRows);
      if (!chartTable) return;
      const left = layout.widths.length + 1;
      const rows = [[chartTable.title], chartTable.header, ...chartTable.rows];
      queueLayout(
        ws,
        0,
        left,
        rows.map((row, r) => row.map((value) => ({ value, bold: r < 2, border: r > 0 }))),
      );
      const data = ws.getRangeByIndexes(1, left, chartTable.rows.length + 1, chartTable.header.length);
      const chart = ws.charts.add('BarStacked', data, 'Columns');
      chart.title.text = chartTable.title;
      chart.legend.position = 'Bottom';
      chartTable.colours.forEach((colour, i) => chart.series.getItemAt(i).format.fill.setSolidColor(colour));
      const anchor = chartTable.rows.length + 3;
      chart.setPosition(
        `${columnLetters(left)}${anchor + 1}`,
        `${columnLetters(left + Math.max(6, chartTable.header.length))}${anchor + 20}`,
      );
    };
    // Where the new bilan is built: a new sheet, or (protected structure) the old one, cleared.
    const building =
      old && !structureLocked
        ? freeSheetName(
            `${name} (maj)`,
            all.map((s) => s.name),
          )
        : name;
    let ws: Excel.Worksheet = context.workbook.worksheets.getItem(name);
    try {
      // The whole sheet is the pane's: every format change its writing raises there is its own.
      await writeBatch(
        context,
        () => {
          if (old && structureLocked) {
            ws = context.workbook.worksheets.getItem(name);
            const used = ws.getUsedRange();
            used.unmerge();
            used.clear('All');
            const oldCharts = oldHidden ? oldHidden.charts : charts[reads.findIndex((r) => r.name === name)];
            oldCharts?.items.forEach((chart) => chart.delete());
            ws.freezePanes.unfreeze();
            writeBilan(ws);
          } else {
            ws = context.workbook.worksheets.add(building);
            ws.names.add(GENERATED_SHEET_NAME, generatedMarkFormula(year));
            writeBilan(ws);
            if (old) {
              // The swap, last: the old bilan goes only once the new one is whole.
              const previous = context.workbook.worksheets.getItem(old.id);
              // « if the worksheet's visibility is set to "VeryHidden", the delete operation will fail »:
              // https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-delete-member(1)
              if (old.visibility === 'VeryHidden') previous.visibility = 'Hidden';
              previous.delete();
              ws.name = name;
              ws.position = old.position;
            }
          }
          // A hidden bilan refreshed in place stays hidden (a protected structure refuses to show it).
          if (!(old && structureLocked && old.visibility !== 'Visible')) ws.activate();
          ws.load('id');
        },
        () => [{ sheetId: safeId(ws), addresses: ['A1:XFD1048576'] }],
      );
    } catch (e) {
      if (!old) await removeSheet(context, name);
      else if (!structureLocked) await undoSwap(context, old.id, building, name);
      throw e;
    }
    return { sheetName: name, year, chart: chartTable !== null, refreshed: target.existing };
  });
}

/** A worksheet's id once loaded, or '' (the batch failed before it was). */
function safeId(ws: Excel.Worksheet): string {
  try {
    return ws.id;
  } catch {
    return '';
  }
}

/**
 * After a refresh that failed: the old bilan still there, the new one (half-written) is removed;
 * the old one gone, the new one takes its name.
 */
async function undoSwap(context: Excel.RequestContext, oldId: string, building: string, name: string): Promise<void> {
  try {
    const previous = context.workbook.worksheets.getItemOrNullObject(oldId);
    const built = context.workbook.worksheets.getItemOrNullObject(building);
    previous.load('isNullObject');
    built.load('isNullObject');
    await context.sync();
    if (built.isNullObject) return;
    if (!previous.isNullObject) built.delete();
    else built.name = name;
    await context.sync();
  } catch {
    // The original error is the one to show.
  }
}

async function removeSheet(context: Excel.RequestContext, name: string): Promise<void> {
  try {
    const ws = context.workbook.worksheets.getItemOrNullObject(name);
    ws.load('isNullObject');
    await context.sync();
    if (!ws.isNullObject) {
      ws.delete();
      await context.sync();
    }
  } catch {
    // The original error is the one to show.
  }
}

// ---------------------------------------------------------------------------------------------
// Paramètres

/** Stores the palette in the workbook (saved with it, so colleagues see the same colours). */
export async function savePalette(palette: Partial<Palette>, run: Runner = excelRun): Promise<void> {
  await run(async (context) => {
    await writeBatch(context, () => context.workbook.settings.add(PALETTE_SETTING, serializePalette(palette)));
  });
}

// ---------------------------------------------------------------------------------------------
// Live re-analysis

/**
 * Calls `onChange` with each change that is not the pane's own (see own-writes.ts): a sheet's
 * values changed (onChanged), its formats, fills included (onFormatChanged, ExcelApi 1.9: colours
 * decide states), another sheet activated, the workbook back in front (Workbook.onActivated,
 * ExcelApi 1.13: a re-analysis refused while another workbook was in front is done then), and, on
 * Excel on the web, each change of selection (WorksheetCollection.onSelectionChanged, ExcelApi 1.9):
 * a state picked from the dropdown raises no onChanged there (office-js #3888, #4066), so leaving
 * a state cell is the sign to look again (live-events.ts). Returns the function that removes the
 * handlers (in the context they were added in, as office.js requires).
 * https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-onactivated-member
 * https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection#excel-excel-worksheetcollection-onselectionchanged-member
 */
export async function watchWorkbook(
  onChange: (event: LiveEvent) => void,
  run: Runner = excelRun,
  supports: (version: string) => boolean = excelApiSupported,
  web: boolean = onTheWeb(),
): Promise<() => Promise<void>> {
  const pass = (event: LiveEvent) => {
    if (!ownWrites.isOwn(event)) onChange(event);
  };
  const handlers = await run(async (context) => {
    const sheets = context.workbook.worksheets;
    const added = [
      sheets.onChanged.add(async (e) =>
        pass({ kind: 'changed', source: e.source, triggerSource: supports('1.14') ? e.triggerSource : undefined }),
      ),
      sheets.onActivated.add(async () => pass({ kind: 'activated' })),
    ];
    if (supports('1.9')) {
      added.push(
        sheets.onFormatChanged.add(async (e) =>
          pass({ kind: 'formatChanged', worksheetId: e.worksheetId, address: e.address, source: e.source }),
        ),
      );
      if (web) {
        added.push(
          sheets.onSelectionChanged.add(async (e) =>
            pass({ kind: 'selectionChanged', worksheetId: e.worksheetId, address: e.address }),
          ),
        );
      }
    }
    if (supports('1.13')) added.push(context.workbook.onActivated.add(async () => pass({ kind: 'workbookActivated' })));
    await context.sync();
    return added;
  });
  return async () => {
    for (const handler of handlers) {
      await Excel.run(handler.context, async (context) => {
        handler.remove();
        await context.sync();
      });
    }
  };
}

/** True on Excel on the web (Office.context.platform). */
export function onTheWeb(): boolean {
  return typeof Office !== 'undefined' && Office.context.platform === Office.PlatformType.OfficeOnline;
}

/** True when the host supports ExcelApi `version` (triggerSource needs 1.14). */
export function excelApiSupported(version: string): boolean {
  return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', version);
}

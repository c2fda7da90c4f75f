/// <reference types="office-js" />
/**
 * What each button of the pane does in Excel, as functions of a runner (`Excel.run` in the pane, a
 * fake host in tests and benchmarks). Each one reads what it needs, lets core decide, and writes in
 * one final round trip, after checking what could refuse it (protected sheet, a sheet changed since
 * the preview), so that nothing is left half-written.
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
import { FILL_BACKUP_SETTING, PALETTE_SETTING } from '../../core/base/setting-names';
import {
  colourGroups,
  type ColourGroup,
  extendBackup,
  type FillBackup,
  backupKeyOf,
  hasBackup,
  parseFillBackup,
  restoreGroups,
  statusCellFills,
  withoutSheet,
} from '../../core/edit/colouring';
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
import type { Palette } from '../../core/base/status';
import { DROPDOWN_ALERT, DROPDOWN_PROMPT, dropdownRanges, dropdownSource } from '../../core/edit/status-dropdown';
import { readWorkbookTables, sheetPalette } from '../../core/read/table-reader';
import { TAUGHT_COLUMNS_NAME, taughtColumnsFormula, type TaughtColumns } from '../../core/read/taught-columns';
import { PaneError, protectedSheetError } from './errors';
import { queueLayout } from './layout-writer';
import { type LiveEvent, OwnWrites } from './own-writes';
import { readSheets, type ReadLimits, DEFAULT_LIMITS, type SheetRead } from './read';

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
  backup: FillBackup;
  hasBackup: boolean;
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

interface SettingsProxies {
  palette: Excel.Setting;
  backup: Excel.Setting;
}

function queueSettings(context: Excel.RequestContext): SettingsProxies {
  const palette = context.workbook.settings.getItemOrNullObject(PALETTE_SETTING);
  const backup = context.workbook.settings.getItemOrNullObject(BACKUP_SETTING);
  palette.load('value');
  backup.load('value');
  return { palette, backup };
}

function settingValue(setting: Excel.Setting): unknown {
  return setting.isNullObject ? null : setting.value;
}

/** Reads the active sheet and the workbook settings: two round trips for a normal sheet. */
async function readActive(
  context: Excel.RequestContext,
  limits: Readonly<ReadLimits>,
  alsoLoad: () => void = () => undefined,
): Promise<ActiveAnalysis> {
  let settings: SettingsProxies | null = null;
  const [read] = await readSheets(
    context,
    () => [context.workbook.worksheets.getActiveWorksheet()],
    () => {
      settings = queueSettings(context);
      alsoLoad();
    },
    limits,
  );
  const proxies = settings as SettingsProxies | null;
  const stored = parseStoredPalette(proxies ? settingValue(proxies.palette) : null);
  const backup = parseFillBackup(proxies ? settingValue(proxies.backup) : null);
  return analyseRead(read, stored, backup);
}

/** Core's analysis of one sheet read from Excel. */
export function analyseRead(read: SheetRead, stored: StoredPalette, backup: FillBackup): ActiveAnalysis {
  const palette = userPalette(stored.palette);
  const base = {
    sheetId: read.id,
    sheetName: read.name,
    protected: read.protected,
    grid: read.grid,
    stored,
    palette,
    backup,
    hasBackup: hasBackup(backup, backupKeyOf(backup, read.id, read.name)),
  };
  let analysis: SheetAnalysis | null = null;
  try {
    // A wide sheet gives one reading per year: the pane works on the latest.
    const sheets = analyzeWorkbook(readWorkbookTables([read.grid], read.name, { palette }), { palette }).sheets;
    analysis = latestReadingOf(sheets, read.name);
  } catch (e) {
    if (!(e instanceof ClsError) || e.code !== 'NO_TABLE') throw e;
  }
  if (!analysis) {
    return {
      ...base,
      readingPalette: palette,
      analysis: null,
      noTable: read.grid.generated ? generatedSheetMessage(read.name, read.grid.generated) : noTableMessage(read.name),
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
    labelChanges: labelChanges(read.grid, analysis.diagnostics),
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
    const ws = context.workbook.worksheets.getItem(sheetName);
    ws.activate();
    ws.getRange(cell).select();
    await context.sync();
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
    const key = backupKeyOf(state.backup, state.sheetId, state.sheetName);
    const next = extendBackup(state.backup, key, state.sheetName, statusCellFills(sheet));
    // The backup goes first in the batch: if Excel stops half-way, the original fills are saved.
    if (next) context.workbook.settings.add(BACKUP_SETTING, JSON.stringify(next));
    const ws = context.workbook.worksheets.getItem(state.sheetName);
    let formatOps = 0;
    for (const group of groups) {
      for (const chunk of group.chunks) {
        ws.getRanges(chunk).format.fill.color = group.colour;
        formatOps++;
      }
    }
    await writing(
      () => context.sync(),
      () => [{ sheetId: state.sheetId, addresses: groups.flatMap((g) => g.chunks) }],
    );
    return {
      state: { ...state, backup: next ?? state.backup, hasBackup: true },
      groups,
      cells: groups.reduce((n, g) => n + g.count, 0),
      formatOps,
      saved: next !== null,
    };
  });
}

export interface RestoreResult {
  cells: number;
  formatOps: number;
}

/** Puts back the fills saved before the first colouring, then forgets them. */
export async function restoreFills(run: Runner = excelRun): Promise<RestoreResult> {
  return run(async (context) => {
    const ws = context.workbook.worksheets.getActiveWorksheet();
    ws.load('id,name');
    ws.protection.load('protected');
    const { backup: setting } = queueSettings(context);
    await context.sync();
    const backup = parseFillBackup(settingValue(setting));
    const key = backupKeyOf(backup, ws.id, ws.name);
    const groups = restoreGroups(backup, key);
    if (groups.length === 0) {
      throw new PaneError(
        `Aucune couleur d'origine n'est enregistrée pour la feuille « ${ws.name} » : ` +
          `elle n'a pas été colorée par le complément, ou ses couleurs ont déjà été restaurées.`,
      );
    }
    if (ws.protection.protected) throw protectedSheetError(ws.name);
    let formatOps = 0;
    for (const group of groups) {
      for (const chunk of group.chunks) {
        const fill = ws.getRanges(chunk).format.fill;
        if (group.fill) fill.color = group.fill;
        else fill.clear();
        formatOps++;
      }
    }
    // Forgotten last: if Excel stops half-way, the backup is still there to try again.
    const rest = withoutSheet(backup, key);
    if (Object.keys(rest.sheets).length === 0) context.workbook.settings.getItem(BACKUP_SETTING).delete();
    else context.workbook.settings.add(BACKUP_SETTING, JSON.stringify(rest));
    await writing(
      () => context.sync(),
      () => [{ sheetId: ws.id, addresses: groups.flatMap((g) => g.chunks) }],
    );
    return { cells: groups.reduce((n, g) => n + g.count, 0), formatOps };
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
    changes.forEach((c, i) => {
      cells[i].values = [[c.after]];
    });
    await writing(() => context.sync());
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
    await writing(() => context.sync());
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
    queueLayout(ws, target.top, target.left, block.rows);
    await writing(
      () => context.sync(),
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
    for (const edit of state.legendUpdates) ws.getRange(edit.cell).values = [[Number(edit.value)]];
    await writing(() => context.sync());
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
    if (old && replaced) old.delete();
    context.workbook.worksheets.getItem(state.sheetName).names.add(TAUGHT_COLUMNS_NAME, formula);
    await writing(() => context.sync());
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
 * one sheet, marked as generated (core/base/generated-sheet.ts): a second click refreshes it in place
 * (same sheet, same position, its old contents, merges and chart cleared first); otherwise a new
 * sheet is added, and removed again if Excel refuses part of the writing.
 */
export async function createBilanSheet(
  run: Runner = excelRun,
  limits: Readonly<ReadLimits> = DEFAULT_LIMITS,
): Promise<BilanResult> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/visibility');
    const active = sheets.getActiveWorksheet();
    active.load('name');
    context.workbook.protection.load('protected');
    let settings: SettingsProxies | null = null;
    await context.sync();
    const names = sheets.items.map((s) => s.name);
    const visible = sheets.items.filter((s) => s.visibility === 'Visible').map((s) => s.name);
    let charts: Excel.ChartCollection[] = [];
    const reads = await readSheets(
      context,
      () => {
        const worksheets = visible.map((n) => context.workbook.worksheets.getItem(n));
        // The charts of each sheet, to clear a generated bilan's old chart before refreshing it.
        charts = worksheets.map((ws) => ws.charts.load('name'));
        return worksheets;
      },
      () => {
        settings = queueSettings(context);
      },
      limits,
    );
    const proxies = settings as SettingsProxies | null;
    const palette = userPalette(parseStoredPalette(proxies ? settingValue(proxies.palette) : null).palette);
    let analysis;
    try {
      analysis = analyzeWorkbook(
        readWorkbookTables(
          reads.map((r) => r.grid),
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
    // On a generated bilan, « Bilan » refreshes that bilan's year.
    const activeMark = reads.find((r) => r.name === active.name)?.grid.generated;
    const latest = [...analysis.sheets].sort((a, b) => (b.sheet.year ?? 0) - (a.sheet.year ?? 0))[0];
    const chosen =
      latestReadingOf(analysis.sheets, active.name) ??
      (activeMark?.year ? analysis.sheets.find((s) => s.sheet.year === activeMark.year) : undefined) ??
      latest;
    const year = chosen.sheet.year;
    const target = bilanTarget(
      names.map((name) => ({ name, generated: reads.find((r) => r.name === name)?.grid.generated })),
      year,
      year ? `Bilan ${year}` : `Bilan ${chosen.sheet.name}`,
    );
    const existing = target.existing ? reads.find((r) => r.name === target.name) : undefined;
    if (existing?.protected) throw protectedSheetError(existing.name);
    // A protected structure refuses new sheets (not the refresh of one).
    if (!target.existing && context.workbook.protection.protected) {
      throw new PaneError(
        'La structure du classeur est protégée : aucune feuille ne peut y être ajoutée, le bilan n’a pas été créé. ' +
          'Ôtez la protection (Révision > Protéger le classeur), puis recommencez.',
      );
    }
    const name = target.name;
    const readingPalette = sheetPalette(palette, chosen.sheet.legend);
    const layout = yearSheetLayout(chosen, readingPalette, { name });
    const chartTable = statusChartTable(analysis, readingPalette);
    try {
      let ws: Excel.Worksheet;
      if (existing) {
        ws = context.workbook.worksheets.getItem(name);
        const old = ws.getUsedRange();
        old.unmerge();
        old.clear('All');
        charts[reads.indexOf(existing)]?.items.forEach((chart) => chart.delete());
        ws.freezePanes.unfreeze();
      } else {
        ws = context.workbook.worksheets.add(name);
        ws.names.add(GENERATED_SHEET_NAME, generatedMarkFormula(year));
      }
      queueLayout(ws, 0, 0, layout.rows, { merges: layout.merges, widths: layout.widths });
      if (layout.freezeRows > 0) ws.freezePanes.freezeRows(layout.freezeRows);
      if (chartTable) {
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
      }
      ws.activate();
      ws.load('id');
      // The whole sheet is the pane's: every format change its writing raises there is its own.
      await writing(
        () => context.sync(),
        () => [{ sheetId: ws.id, addresses: ['A1:XFD1048576'] }],
      );
    } catch (e) {
      if (!existing) await removeSheet(context, name);
      throw e;
    }
    return { sheetName: name, year, chart: chartTable !== null, refreshed: target.existing };
  });
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
    context.workbook.settings.add(PALETTE_SETTING, serializePalette(palette));
    await writing(() => context.sync());
  });
}

// ---------------------------------------------------------------------------------------------
// Live re-analysis

/**
 * Calls `onChange` with each change that is not the pane's own (see own-writes.ts): a sheet's
 * values changed (onChanged), its formats, fills included (onFormatChanged, ExcelApi 1.9: colours
 * decide states), or another sheet activated. Returns the function that removes the handlers (in
 * the context they were added in, as office.js requires).
 */
export async function watchWorkbook(
  onChange: (event: LiveEvent) => void,
  run: Runner = excelRun,
  supports: (version: string) => boolean = excelApiSupported,
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
    }
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

/** True when the host supports ExcelApi `version` (triggerSource needs 1.14). */
export function excelApiSupported(version: string): boolean {
  return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', version);
}

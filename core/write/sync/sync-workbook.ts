/**
 * `sync` on one workbook's bytes: reads it with the core reader, takes the core's edit plans
 * (the add-in's buttons: colours, labels, dropdown, legend counts, the « Bilan AAAA » sheet) and
 * applies them as a surgical patch of the package. What the user made is kept unless asked: a
 * label a formula quotes, a word that says more than the state, a sheet's own consistent colour
 * code. `restore` puts back the original fills instead (restore-fills.ts). Pure: bytes in, bytes
 * and a report out; the file handling (lock, temporary file, check, backup, rename) is in
 * sync-file.ts.
 */
import { generatedBilanLayout } from '../../layout/year-sheet';
import { analyzeWorkbook, type SheetAnalysis, type WorkbookAnalysis } from '../../report/analysis';
import { FILL_BACKUP_SETTING, PALETTE_SETTING } from '../../base/setting-names';
import {
  backupKeyOf,
  type CellFill,
  extendBackup,
  type FillBackup,
  type OwnColourCode,
  ownColourCode,
  parseFillBackup,
  statusCellFills,
} from '../../edit/colouring';
import { expandRanges } from '../../base/a1-areas';
import { contractTitle } from '../../read/contract-title';
import { ClsError } from '../../base/errors';
import { bilanTarget, GENERATED_SHEET_NAME } from '../../base/generated-sheet';
import type { Grid } from '../../base/grid';
import {
  type KeptLabel,
  keptLabelChanges,
  type LabelChange,
  labelChanges,
  type WorkbookFormula,
} from '../../edit/label-fixes';
import { legendCountUpdates } from '../../edit/legend-block';
import type { TrackingSheet } from '../../base/model';
import { type PaletteSource, runPalette } from '../../base/palette-settings';
import { DEFAULT_PALETTE, normalizeColour, type Palette, type StatusId } from '../../base/status';
import { dropdownRanges } from '../../edit/status-dropdown';
import { type ReadOptions, readWorkbookTables, sheetPalette } from '../../read/table-reader';
import { formatTaughtColumns, parseTaughtName, TAUGHT_COLUMNS_NAME } from '../../read/taught-columns';
import { findAddinSettings } from '../../read/xlsx/addin-settings';
import { readWorkbook } from '../../read/xlsx/stream-reader';
import { chartParts } from '../xlsx/drawing';
import { REL } from '../xlsx/rels';
import { PRINT_TITLES, printTitles } from '../xlsx/workbook';
import { writeAddinSettings } from './addin-settings-part';
import { bilanSheetXml } from './bilan-sheet';
import { definedNameFormulas, sheetFormulas } from './formulas';
import {
  freeRelId,
  isStructureProtected,
  parseRelationships,
  parseSheets,
  relativeTarget,
  relsPathOf,
  type WorkbookSheet,
  withDefinedName,
  withoutDefinedName,
  withOverride,
  withoutOverride,
  withRelationship,
  withSheet,
  worksheetKey,
} from './package-xml';
import { restoreSavedFills, type SheetRestore } from './restore-fills';
import { isSheetProtected, patchCells, type CellChange } from './sheet-patch';
import { withStatusDropdown } from './status-validation';
import { StylesPatch } from './styles-patch';
import { ZipPackage } from './zip-package';

/** What `--seulement` can choose. */
export const SYNC_PARTS = ['couleurs', 'libelles', 'liste', 'legende', 'bilan'] as const;
export type SyncPart = (typeof SYNC_PARTS)[number];

export interface SyncOptions {
  /** The parts to bring in step (default: all). */
  only?: readonly SyncPart[];
  /** `--palette`: wins over the palette saved in the workbook, for this run. */
  palette?: Partial<Palette>;
  /** `--colonnes`: read with these columns, and keep them in the workbook for every host. */
  columns?: ReadOptions['columns'];
  /**
   * `--restaurer`: put back the original fills saved in the workbook (only on cells still showing
   * our colour), and nothing else: `only` is not looked at.
   */
  restore?: boolean;
}

export interface SheetSync {
  sheet: string;
  /** Status cells given their palette colour. */
  coloured: number;
  labels: LabelChange[];
  /** Legend counts rewritten. */
  legend: { cell: string; value: string }[];
  /** Ranges given the status dropdown. */
  dropdown: string[];
  /** Cells left as they were, with the reason (a formula). */
  skipped: { cell: string; reason: string }[];
  /** Label changes not written: a formula quotes the word, or the word says more than the state. */
  kept: KeptLabel[];
  /** The sheet's own consistent colour code, kept (`--seulement couleurs` applies the palette). */
  ownColours: (OwnColourCode & { cells: number }) | null;
}

export interface SyncReport {
  sheets: SheetSync[];
  /** The generated bilan sheet: its name and whether it existed (refreshed) or was added. */
  bilan: { name: string; year: number | null; refreshed: boolean } | null;
  /** Original fills saved for the add-in's « Restaurer les couleurs d'origine » (cells newly saved). */
  backupSaved: number;
  /** The palette of the run, and where it came from. */
  palette: Palette;
  paletteSource: PaletteSource;
  /** Package parts replaced, added or removed. */
  changedParts: string[];
  /** Sheets whose taught columns (`--colonnes`) were stored in the workbook, with the mapping. */
  taughtStored: { sheet: string; columns: string }[];
  /** `--restaurer`: per sheet that had saved fills, what was restored; null when not asked. */
  restored: SheetRestore[] | null;
  /** The counts read before the sync, per reading, to check the result against. */
  model: ModelSummary;
}

/** What must read the same after a sync: per reading, its sheet, year, actions and statuses. */
export type ModelSummary = { sheet: string; year: number | null; total: number; statuses: string }[];

export function modelSummary(analysis: WorkbookAnalysis): ModelSummary {
  return analysis.sheets.map((s) => ({
    sheet: s.sheet.name,
    year: s.sheet.year,
    total: s.bilan.total,
    statuses: s.sheet.actions.map((a) => a.status ?? '-').join(','),
  }));
}

const WORKSHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const REL_WORKSHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

/** Reads a workbook the way `sync` checks it: grids, analysis, with the given palette. */
export async function analyseBytes(
  bytes: Uint8Array,
  fileName: string,
  palette: Partial<Palette>,
  columns?: ReadOptions['columns'],
): Promise<{ grids: Grid[]; analysis: WorkbookAnalysis }> {
  const grids = await readWorkbook(bytes, fileName);
  const reading = readWorkbookTables(grids, fileName, { palette, columns });
  return { grids, analysis: analyzeWorkbook(reading, { palette }) };
}

/** A reading restricted to what one workbook sheet holds (a year read over several sheets has parts). */
function onSheet(sheet: TrackingSheet, name: string): TrackingSheet {
  const part = sheet.parts?.find((p) => p.name === name) ?? sheet;
  return { ...part, actions: sheet.actions.filter((a) => a.source.sheet === name) };
}

function protectedError(fileName: string, sheet: string): ClsError {
  return new ClsError({
    code: 'PROTECTED',
    file: fileName,
    sheet,
    message:
      `La feuille « ${sheet} » de « ${fileName} » est protégée : le classeur n'a pas été modifié. ` +
      `Ôtez la protection (Révision > Ôter la protection de la feuille), puis relancez la synchronisation.`,
  });
}

export async function syncWorkbook(
  bytes: Uint8Array,
  fileName: string,
  options: SyncOptions = {},
): Promise<{ bytes: Uint8Array; report: SyncReport }> {
  const only = new Set<SyncPart>(options.restore ? [] : (options.only ?? SYNC_PARTS));
  /** Parts named in `--seulement`: asked for, so applied over what the user made. */
  const asked = new Set<SyncPart>(options.only ?? []);
  const pkg = new ZipPackage(bytes, fileName);
  const settings = findAddinSettings(pkg.names(), (n) => pkg.text(n));
  const { palette, paletteSource } = runPalette(settings.values.get(PALETTE_SETTING), options.palette);

  const rootRels = parseRelationships(pkg.text('_rels/.rels'), '');
  const main = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookRelsPath = relsPathOf(main);
  const workbookRels = parseRelationships(pkg.text(workbookRelsPath), main);
  let workbookXml = pkg.text(main) ?? '';
  const sheets = parseSheets(workbookXml, workbookRels);
  const stylesPart = workbookRels.find((r) => r.type.endsWith('/styles'))?.target ?? null;
  if (!stylesPart || !pkg.has(stylesPart)) {
    throw new ClsError({
      code: 'XLSX_INVALID',
      file: fileName,
      message: `« ${fileName} » n'a pas de feuille de styles : ouvrez-le et enregistrez-le avec Excel ou LibreOffice, puis réessayez.`,
    });
  }
  const styles = new StylesPatch(pkg.text(stylesPart) ?? '', fileName);
  if (options.restore) {
    const restored = await restoreSavedFills(pkg, bytes, fileName, sheets, settings, palette, styles, (sheet) => {
      throw protectedError(fileName, sheet);
    });
    if (styles.changed) pkg.set(stylesPart, styles.toXml());
    const changedParts = pkg.changedParts();
    const out = changedParts.length > 0 ? pkg.toBytes() : bytes;
    // The check after writing compares with the restored workbook: a fill put back may change a
    // state read from its colour, and that is what was asked.
    const after = await analyseBytes(out, fileName, palette);
    return {
      bytes: out,
      report: {
        sheets: [],
        bilan: null,
        backupSaved: 0,
        palette,
        paletteSource,
        changedParts,
        taughtStored: [],
        restored,
        model: modelSummary(after.analysis),
      },
    };
  }
  const { grids, analysis } = await analyseBytes(bytes, fileName, palette, options.columns);
  let backup: FillBackup = parseFillBackup(settings.values.get(FILL_BACKUP_SETTING) ?? null);
  let backupSaved = 0;

  const report: SyncReport = {
    sheets: [],
    bilan: null,
    backupSaved: 0,
    palette,
    paletteSource,
    changedParts: [],
    taughtStored: [],
    restored: null,
    model: modelSummary(analysis),
  };
  const generated = new Set(grids.filter((g) => g.generated).map((g) => g.name));
  // Every formula of the workbook holding a string literal, read once and only when a label is to change.
  let formulas: WorkbookFormula[] | null = null;
  const workbookFormulas = (): WorkbookFormula[] => {
    formulas ??= [
      ...sheets
        .filter((s) => s.part && !generated.has(s.name))
        .flatMap((s) => sheetFormulas(pkg.text(s.part ?? '') ?? '', s.name)),
      ...definedNameFormulas(workbookXml, sheets, [TAUGHT_COLUMNS_NAME, GENERATED_SHEET_NAME]),
    ];
    return formulas;
  };

  // Each workbook sheet holding (part of) a reading, in tab order.
  const names = new Set(analysis.sheets.flatMap((s) => s.sheet.actions.map((a) => a.source.sheet)));
  for (const wbSheet of sheets.filter((s) => names.has(s.name))) {
    const readings = analysis.sheets.filter((s) => s.sheet.actions.some((a) => a.source.sheet === wbSheet.name));
    const xmlBefore = wbSheet.part ? (pkg.text(wbSheet.part) ?? '') : '';
    const saved = backup.sheets[backupKeyOf(backup, worksheetKey(xmlBefore, wbSheet.index), wbSheet.name)];
    const sheetSync = syncSheet(pkg, wbSheet, readings, grids, palette, styles, fileName, {
      only,
      asked,
      formulas: workbookFormulas,
      coloured: new Set(saved ? expandRanges(Object.values(saved.fills).flat()) : []),
    });
    // The original fills are saved when this sync colours cells (as the add-in's « Colorer »).
    if (sheetSync.report.coloured > 0 && wbSheet.part) {
      const xml = pkg.text(wbSheet.part) ?? '';
      const key = backupKeyOf(backup, worksheetKey(xml, wbSheet.index), wbSheet.name);
      const next = extendBackup(backup, key, wbSheet.name, sheetSync.fills);
      if (next) {
        backupSaved += savedCells(next, key) - savedCells(backup, key);
        backup = next;
      }
    }
    report.sheets.push(sheetSync.report);
  }

  if (only.has('bilan') && analysis.sheets.length > 0) {
    const result = writeBilanSheet(pkg, analysis, grids, sheets, workbookXml, main, palette, styles, fileName);
    workbookXml = result.workbookXml;
    report.bilan = result.bilan;
  }
  // Columns taught for this run are kept on each sheet read with them, for every host to reuse.
  if (options.columns) {
    const text = formatTaughtColumns(options.columns.taught);
    const taughtSheets = new Set(
      analysis.sheets.flatMap((s) => (s.sheet.parts ?? [s.sheet]).filter((p) => p.header.taught).map((p) => p.name)),
    );
    for (const wbSheet of sheets.filter((s) => taughtSheets.has(s.name))) {
      const stored = grids.find((g) => g.name === wbSheet.name)?.taught;
      const kept = stored === undefined ? null : parseTaughtName(stored);
      if (kept?.ok && formatTaughtColumns(kept.taught) === text) continue;
      workbookXml = withDefinedName(
        withoutDefinedName(workbookXml, TAUGHT_COLUMNS_NAME, wbSheet.index),
        TAUGHT_COLUMNS_NAME,
        wbSheet.index,
        `"${text}"`,
      );
      report.taughtStored.push({ sheet: wbSheet.name, columns: text });
    }
  }
  if (workbookXml !== (pkg.text(main) ?? '')) pkg.set(main, workbookXml);
  if (styles.changed) pkg.set(stylesPart, styles.toXml());
  if (backupSaved > 0) writeAddinSettings(pkg, settings, { [FILL_BACKUP_SETTING]: JSON.stringify(backup) });
  report.backupSaved = backupSaved;
  report.changedParts = pkg.changedParts();
  return { bytes: report.changedParts.length > 0 ? pkg.toBytes() : bytes, report };
}

/** Number of cells saved in a sheet's backup entry. */
function savedCells(backup: FillBackup, key: string): number {
  return expandRanges(Object.values(backup.sheets[key]?.fills ?? {}).flat()).length;
}

/** What one sheet's sync is to do and keep. */
interface SheetChoices {
  /** The parts to bring in step. */
  only: ReadonlySet<SyncPart>;
  /** The parts named in `--seulement`: applied over the sheet's own colours and nuanced words. */
  asked: ReadonlySet<SyncPart>;
  /** The workbook's formulas holding a string literal (read when first needed). */
  formulas: () => readonly WorkbookFormula[];
  /** Status cells whose fill we wrote before (saved in the backup of original fills). */
  coloured: ReadonlySet<string>;
}

function syncSheet(
  pkg: ZipPackage,
  wbSheet: WorkbookSheet,
  readings: readonly SheetAnalysis[],
  grids: readonly Grid[],
  palette: Palette,
  styles: StylesPatch,
  fileName: string,
  choices: SheetChoices,
): { report: SheetSync; fills: CellFill[] } {
  const { only, asked } = choices;
  const report: SheetSync = {
    sheet: wbSheet.name,
    coloured: 0,
    labels: [],
    legend: [],
    dropdown: [],
    skipped: [],
    kept: [],
    ownColours: null,
  };
  const grid = grids.find((g) => g.name === wbSheet.name);
  if (!wbSheet.part || !grid) return { report, fills: [] };
  let xml = pkg.text(wbSheet.part) ?? '';
  // Colours: every status cell of every reading of the sheet (each year of a wide sheet).
  const colourOf = new Map<string, string>();
  const fills: CellFill[] = [];
  const statusFills: ReturnType<typeof statusCellFills> = [];
  const ours: Palette[] = [palette, { ...DEFAULT_PALETTE }];
  for (const r of readings) {
    const sheet = onSheet(r.sheet, wbSheet.name);
    const readingPalette = sheetPalette(palette, sheet.legend);
    ours.push(readingPalette);
    for (const f of statusCellFills(sheet)) {
      fills.push({ cell: f.cell, fill: f.fill });
      statusFills.push(f);
      const colour = readingPalette[f.status as StatusId];
      if (f.fill !== normalizeColour(colour)) colourOf.set(f.cell, colour);
    }
  }
  // A sheet coloured with its own consistent code keeps it, unless `--seulement couleurs`.
  if (only.has('couleurs') && !asked.has('couleurs') && colourOf.size > 0) {
    const code = ownColourCode(statusFills, ours, choices.coloured);
    if (code) {
      report.ownColours = { ...code, cells: colourOf.size };
      colourOf.clear();
    }
  }
  const diagnostics = readings.flatMap((r) => r.diagnostics).filter((d) => d.sheet === wbSheet.name);
  let labels = only.has('libelles') ? labelChanges(grid, diagnostics) : [];
  if (labels.length > 0) {
    const split = keptLabelChanges(labels, { formulas: choices.formulas(), rewriteNuances: asked.has('libelles') });
    labels = split.changes;
    report.kept = split.kept;
  }
  const legend = only.has('legende') ? uniqueEdits(legendCountUpdates(diagnostics)) : [];
  const values = new Map<string, string | number>();
  for (const c of labels) values.set(c.cell, c.after);
  for (const e of legend) values.set(e.cell, /^\d+$/.test(e.value) ? Number(e.value) : e.value);
  const colours = only.has('couleurs') ? colourOf : new Map<string, string>();
  const dropdown = only.has('liste')
    ? [...new Set(readings.flatMap((r) => dropdownRanges(onSheet(r.sheet, wbSheet.name))))]
    : [];
  const wanted = new Set([...colours.keys(), ...values.keys()]);
  if (wanted.size === 0 && dropdown.length === 0) return { report, fills: only.has('couleurs') ? fills : [] };
  if (isSheetProtected(xml)) throw protectedError(fileName, wbSheet.name);
  const patched = patchCells(xml, wanted, (cell, state) => {
    const change: CellChange = {};
    const colour = colours.get(cell);
    if (colour) change.style = styles.withFill(state.style, colour);
    const value = values.get(cell);
    if (value !== undefined) change.value = value;
    return change.style === undefined && change.value === undefined ? null : change;
  });
  xml = patched.xml;
  if (dropdown.length > 0) xml = withStatusDropdown(xml, dropdown);
  pkg.set(wbSheet.part, xml);
  const applied = new Set(patched.applied);
  report.coloured = [...colours.keys()].filter((c) => applied.has(c)).length;
  report.labels = labels.filter((c) => applied.has(c.cell));
  report.legend = legend.filter((e) => applied.has(e.cell));
  report.dropdown = dropdown;
  report.skipped = patched.skipped;
  return { report, fills: only.has('couleurs') ? fills : [] };
}

function uniqueEdits(edits: readonly { cell: string; value: string }[]): { cell: string; value: string }[] {
  const byCell = new Map<string, { cell: string; value: string }>();
  for (const e of edits) if (!byCell.has(e.cell)) byCell.set(e.cell, e);
  return [...byCell.values()];
}

/** Adds or refreshes the generated « Bilan AAAA » sheet of the latest year, with its chart. */
function writeBilanSheet(
  pkg: ZipPackage,
  analysis: WorkbookAnalysis,
  grids: readonly Grid[],
  sheets: readonly WorkbookSheet[],
  workbookXml: string,
  main: string,
  palette: Palette,
  styles: StylesPatch,
  fileName: string,
): { workbookXml: string; bilan: SyncReport['bilan'] } {
  const latest = [...analysis.sheets].sort((a, b) => (b.sheet.year ?? 0) - (a.sheet.year ?? 0))[0];
  const year = latest.sheet.year;
  const target = bilanTarget(
    sheets.map((s) => ({ name: s.name, generated: grids.find((g) => g.name === s.name)?.generated ?? null })),
    year,
    year ? `Bilan ${year}` : `Bilan ${latest.sheet.name}`,
  );
  const existing = target.existing ? sheets.find((s) => s.name === target.name) : undefined;
  if (!existing && isStructureProtected(workbookXml)) {
    throw new ClsError({
      code: 'PROTECTED',
      file: fileName,
      message:
        `La structure de « ${fileName} » est protégée : aucune feuille ne peut y être ajoutée, le classeur n'a pas été modifié. ` +
        `Ôtez la protection (Révision > Protéger le classeur), ou relancez avec --seulement couleurs,libelles,liste,legende.`,
    });
  }
  if (existing?.part && isSheetProtected(pkg.text(existing.part) ?? '')) throw protectedError(fileName, existing.name);
  const readingPalette = sheetPalette(palette, latest.sheet.legend);
  const contract = contractTitle(
    analysis.sheets.map((s) => s.sheet),
    undefined,
    fileName.replace(/\.[^.]+$/, ''),
  );
  const layout = generatedBilanLayout(analysis, latest, readingPalette, { name: target.name, contract });
  let types = pkg.text('[Content_Types].xml') ?? '';
  const workbookRelsPath = relsPathOf(main);
  let workbookRels = pkg.text(workbookRelsPath) ?? '';
  let part: string;
  let out = workbookXml;
  /** Parts of the old bilan removed: their content types go unless the new bilan has the same part. */
  const dropped: string[] = [];
  if (existing?.part) {
    part = existing.part;
    // The old sheet's drawing and chart parts go with it: the refreshed sheet brings its own.
    const sheetRels = relsPathOf(part);
    for (const rel of parseRelationships(pkg.text(sheetRels), part)) {
      if (rel.external || !/\/(drawing|chart)$/.test(rel.type)) continue;
      for (const inner of parseRelationships(pkg.text(relsPathOf(rel.target)), rel.target)) {
        if (inner.external || !/^xl\/(charts|drawings)\//.test(inner.target)) continue;
        for (const leaf of parseRelationships(pkg.text(relsPathOf(inner.target)), inner.target)) {
          if (!leaf.external && /^xl\/charts\//.test(leaf.target)) {
            pkg.remove(leaf.target);
            dropped.push(leaf.target);
          }
        }
        pkg.remove(inner.target);
        pkg.remove(relsPathOf(inner.target));
        dropped.push(inner.target);
      }
      pkg.remove(rel.target);
      pkg.remove(relsPathOf(rel.target));
      dropped.push(rel.target);
    }
    pkg.remove(sheetRels);
  } else {
    let n = sheets.length + 1;
    while (pkg.has(`xl/worksheets/sheet${n}.xml`)) n++;
    part = `xl/worksheets/sheet${n}.xml`;
    const relId = freeRelId(workbookRels, 'rIdCls');
    workbookRels = withRelationship(workbookRels, relId, REL_WORKSHEET, relativeTarget(main, part));
    pkg.set(workbookRelsPath, workbookRels);
    const sheetId = Math.max(0, ...sheets.map((s) => s.sheetId)) + 1;
    out = withSheet(out, target.name, sheetId, relId);
    out = withDefinedName(out, GENERATED_SHEET_NAME, sheets.length, String(year ?? 0));
    types = withOverride(types, part, WORKSHEET_CT);
  }
  let drawingRelId: string | null = null;
  if (layout.chart) {
    let n = 1;
    while (pkg.has(`xl/drawings/drawing${n}.xml`) || pkg.has(`xl/charts/chart${n}.xml`)) n++;
    const made = chartParts(layout.chart, target.name, layout.rows, n);
    for (const [path, xml] of Object.entries(made.parts)) pkg.set(path, xml);
    for (const [path, type] of Object.entries(made.contentTypes)) types = withOverride(types, path, type);
    drawingRelId = 'rId1';
    pkg.set(relsPathOf(part), withRelationship(null, drawingRelId, REL.drawing, relativeTarget(part, made.drawing)));
  }
  pkg.set(part, bilanSheetXml(layout, styles, drawingRelId));
  // Printed as convert's bilan: its header row on every page (and the footer, in the sheet).
  const position = existing ? existing.index : sheets.length;
  out = withoutDefinedName(out, PRINT_TITLES, position);
  if (layout.printTitleRow) {
    out = withDefinedName(out, PRINT_TITLES, position, printTitles(target.name, layout.printTitleRow));
  }
  for (const gone of dropped) if (!pkg.has(gone)) types = withoutOverride(types, gone);
  pkg.set('[Content_Types].xml', types);
  return { workbookXml: out, bilan: { name: target.name, year, refreshed: Boolean(existing) } };
}

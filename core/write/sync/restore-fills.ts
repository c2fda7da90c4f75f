/**
 * `sync --restaurer`: the original fills saved in the workbook (by `sync` or the add-in's
 * « Colorer les états », core/edit/colouring.ts) put back, with the add-in's check: only a saved cell
 * that still shows one of our colours gets its fill back; a cell coloured by hand since, or moved
 * by a sort or an inserted row, is left as it is and named. The sheet's entry is then forgotten,
 * as the add-in does. Works on the package in memory, through the same surgical patch as a sync:
 * `syncWorkbook(bytes, name, { restore: true })` gives bytes in, bytes and a report out.
 */
import { FILL_BACKUP_SETTING } from '../../base/setting-names';
import { backupKeyOf, checkedRestore, parseFillBackup, withoutSheet } from '../../edit/colouring';
import { cellAt, fromA1, type Grid } from '../../base/grid';
import { DEFAULT_PALETTE, normalizeColour, type Palette } from '../../base/status';
import { readWorkbookTables, sheetPalette } from '../../read/table-reader';
import type { AddinSettings } from '../../read/xlsx/addin-settings';
import { readWorkbook } from '../../read/xlsx/stream-reader';
import { writeAddinSettings } from './addin-settings-part';
import { type WorkbookSheet, worksheetKey } from './package-xml';
import { isSheetProtected, patchCells } from './sheet-patch';
import type { StylesPatch } from './styles-patch';
import type { ZipPackage } from './zip-package';

/** What `--restaurer` did on one sheet. */
export interface SheetRestore {
  sheet: string;
  /** Cells given back their original fill. */
  restored: number;
  /** Saved cells no longer showing our colour: left as they are. */
  changed: string[];
}

/** The palettes whose colours are ours: the run's, the default one, each reading's (its legend). */
function ourPalettes(grids: readonly Grid[], fileName: string, palette: Palette): Map<string, Palette[]> {
  const bySheet = new Map<string, Palette[]>();
  let readings: ReturnType<typeof readWorkbookTables>['sheets'] = [];
  try {
    readings = readWorkbookTables(grids, fileName, { palette }).sheets;
  } catch {
    // No table left to read: the run's and the default palettes still say which colours are ours.
  }
  for (const grid of grids) bySheet.set(grid.name, [palette, { ...DEFAULT_PALETTE }]);
  for (const r of readings) {
    for (const part of r.parts ?? [r]) bySheet.get(part.name)?.push(sheetPalette(palette, r.legend));
  }
  return bySheet;
}

/**
 * Restores the saved fills of every sheet that has some, in `pkg` (worksheets, styles through
 * `styles`, the add-in's settings part). Sheets that are protected are refused by `refuse`.
 */
export async function restoreSavedFills(
  pkg: ZipPackage,
  bytes: Uint8Array,
  fileName: string,
  sheets: readonly WorkbookSheet[],
  settings: AddinSettings,
  palette: Palette,
  styles: StylesPatch,
  refuse: (sheet: string) => never,
): Promise<SheetRestore[]> {
  let backup = parseFillBackup(settings.values.get(FILL_BACKUP_SETTING) ?? null);
  if (Object.keys(backup.sheets).length === 0) return [];
  const grids = await readWorkbook(bytes, fileName);
  const palettes = ourPalettes(grids, fileName, palette);
  const out: SheetRestore[] = [];
  for (const wbSheet of sheets) {
    if (!wbSheet.part) continue;
    const xml = pkg.text(wbSheet.part) ?? '';
    const key = backupKeyOf(backup, worksheetKey(xml, wbSheet.index), wbSheet.name);
    if (!backup.sheets[key]) continue;
    const grid = grids.find((g) => g.name === wbSheet.name);
    const shown = (cell: string): string | null => {
      const pos = fromA1(cell);
      return grid && pos ? (cellAt(grid, pos.row, pos.col)?.fill ?? null) : null;
    };
    const plan = checkedRestore(backup, key, shown, palettes.get(wbSheet.name) ?? [palette]);
    // A cell already showing its original fill needs no write.
    const fills = new Map(
      plan.cells.filter((c) => normalizeColour(shown(c.cell)) !== c.fill).map((c) => [c.cell, c.fill]),
    );
    if (fills.size > 0) {
      if (isSheetProtected(xml)) refuse(wbSheet.name);
      const patched = patchCells(xml, new Set(fills.keys()), (cell, state) => ({
        style: styles.withFill(state.style, fills.get(cell) ?? null),
      }));
      pkg.set(wbSheet.part, patched.xml);
    }
    backup = withoutSheet(backup, key);
    out.push({ sheet: wbSheet.name, restored: plan.cells.length, changed: plan.changed });
  }
  if (out.length > 0) {
    const rest = Object.keys(backup.sheets).length === 0 ? null : JSON.stringify(backup);
    writeAddinSettings(pkg, settings, { [FILL_BACKUP_SETTING]: rest });
  }
  return out;
}

/** Workbook bytes → tracking sheets: our streaming reader, then the table reader. Host-neutral. */
import { PALETTE_SETTING } from '../base/setting-names';
import { type RunPalette, runPalette } from '../base/palette-settings';
import { readWorkbookTables, type ReadOptions, type WorkbookReading } from './table-reader';
import { readAddinSettings } from './xlsx/addin-settings';
import { readWorkbook } from './xlsx/stream-reader';

/** A reading with the palette it was read with (see runPalette). */
export type PalettedReading = WorkbookReading & RunPalette;

export interface TrackingWorkbook extends PalettedReading {
  file: string;
}

/**
 * Reads a tracking workbook with the palette of the run: `options.palette` (`--palette`) when
 * given, else the one the add-in saved in the workbook, else the default.
 */
export async function readTrackingWorkbook(
  bytes: Uint8Array,
  fileName: string,
  options: ReadOptions = {},
): Promise<TrackingWorkbook> {
  const grids = await readWorkbook(bytes, fileName);
  const stored = options.palette ? null : readAddinSettings(bytes, fileName).values.get(PALETTE_SETTING);
  const chosen = runPalette(stored, options.palette);
  return { file: fileName, ...chosen, ...readWorkbookTables(grids, fileName, { ...options, palette: chosen.palette }) };
}

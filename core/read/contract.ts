/**
 * One contract kept in several workbooks (many coordinators start a new file each year): their
 * tracking sheets brought together, so that the bilan, the follow-up across years and the
 * year-to-year checks span them all. Host-neutral.
 */
import { ClsError } from '../base/errors';
import { runPalette } from '../base/palette-settings';
import type { PalettedReading, TrackingWorkbook } from './read-tracking';

/** A sheet's name in a contract: the sheet, then the file it comes from. */
export function contractSheetName(sheet: string, file: string): string {
  return `${sheet} (${file})`;
}

/**
 * The readings of a contract's files as one reading: sheets named after their file too (two
 * files often both have a « Feuil1 »), in year order (sheets without a year last, in file order).
 * Throws YEAR_TWICE when two files hold the same year: which one is the bilan of that year is
 * the user's call, not ours.
 */
export function combineReadings(readings: readonly TrackingWorkbook[], contract: string): PalettedReading {
  const firstOfYear = new Map<number, { index: number; file: string; sheet: string }>();
  readings.forEach((reading, index) => {
    for (const sheet of reading.sheets) {
      if (sheet.year === null) continue;
      const first = firstOfYear.get(sheet.year);
      if (first && first.index !== index) {
        throw new ClsError({
          code: 'YEAR_TWICE',
          file: reading.file,
          sheet: sheet.name,
          message:
            `L'année ${sheet.year} figure dans deux fichiers du contrat « ${contract} » : « ${first.file} » (feuille « ${first.sheet} ») ` +
            `et « ${reading.file} » (feuille « ${sheet.name} »). Ne donnez qu'un fichier par année (retirez l'ancienne version ou la copie), puis relancez.`,
        });
      }
      if (!first) firstOfYear.set(sheet.year, { index, file: reading.file, sheet: sheet.name });
    }
  });
  const sheets = readings
    .flatMap((reading) =>
      reading.sheets.map((sheet) => ({ ...sheet, name: contractSheetName(sheet.name, reading.file) })),
    )
    .map((sheet, order) => ({ sheet, order }))
    .sort((a, b) => (a.sheet.year ?? Infinity) - (b.sheet.year ?? Infinity) || a.order - b.order)
    .map(({ sheet }) => sheet);
  const withoutTable = readings.flatMap((reading) =>
    reading.withoutTable.map((s) => ({ ...s, name: contractSheetName(s.name, reading.file) })),
  );
  // The colours of the run: --palette (then every file has it), else the first file that carries
  // the add-in's palette, else the default.
  const { palette, paletteSource } = readings.find((r) => r.paletteSource !== 'défaut') ?? runPalette(null, undefined);
  return { sheets, withoutTable, palette, paletteSource };
}

/**
 * The bilan of one workbook (or of a contract's workbooks) as files, host-neutral: the sources'
 * bytes and the run's options in, the outputs' bytes out (xlsx, html, docx, json), with the
 * fingerprint `convert` stamps them with. `convert` writes them for each file (cli/convert-file.ts)
 * and the page offers them as downloads: the very same code, so the same bytes. Also the region's
 * synthesis of several contracts, and the `inspect --json` report of a file.
 */
import { ClsError } from '../base/errors';
import { DEFAULT_PALETTE, type Palette } from '../base/status';
import { count, typeset } from '../base/typography';
import { isReadingError } from '../check/diagnostics';
import type { ContractTitle } from '../read/contract-title';
import { combineReadings } from '../read/contract';
import { type PalettedReading, readTrackingWorkbook, type TrackingWorkbook } from '../read/read-tracking';
import type { ReadOptions } from '../read/table-reader';
import { analyzeWorkbook, type WorkbookAnalysis } from '../report/analysis';
import { type ContractSummary, contractSummary, type RegionSynthesis } from '../report/region-synthesis';
import { bilanDocument, type DocumentNaming } from '../layout/bilan-workbook';
import { bilanJsonText } from '../layout/bilan-json';
import { regionWorkbookLayout } from '../layout/region-sheet';
import { wordBilanLayout } from '../layout/word-bilan';
import { renderHtml, renderHtmlBytes } from './html';
import { fingerprintOf } from './fingerprint';
import { writeXlsx } from './xlsx/package';

/** The formats of a bilan, in the order they are listed. */
export const BILAN_FORMATS = ['xlsx', 'html', 'docx', 'json'] as const;
export type BilanFormat = (typeof BILAN_FORMATS)[number];

/** The document property (xlsx, docx), html <meta> and json field naming the tool's version. */
export const VERSION_PROPERTY = 'cls-bilan-version';
/** … and the fingerprint of what the bilan is made from. */
export const FINGERPRINT_PROPERTY = 'cls-bilan-empreinte';

/** A source workbook: its file name, and its bytes when they are wanted (read one file after the other). */
export interface BilanSource {
  name: string;
  load: () => Promise<Uint8Array>;
}

/** What a bilan is made from: the workbook, or the files of one contract (`--contrat`). */
export interface BilanSubject {
  /** How the bilan names its source: the workbook's file name, or the contract's. */
  shown: string;
  /** `--contrat`: the contract's name, its files read as one. */
  contract?: string;
  /** `shown` without its extension: the contract's name of last resort. */
  stem: string;
  sources: readonly BilanSource[];
}

/** The options that change a bilan (and are part of its fingerprint). */
export interface BilanOptions {
  /** `--palette`; without it, the workbook's own (the add-in's setting), else the default. */
  palette?: Palette;
  /** `--colonnes`. */
  columns?: ReadOptions['columns'];
  /** Keep only this year's « Bilan AAAA » sheet. */
  year?: number;
  /** « Par porteur » counts each spelling apart (`--porteurs-exacts`). */
  exactPorteurs?: boolean;
}

export interface AnalysedBilan {
  reading: PalettedReading;
  analysis: WorkbookAnalysis;
}

export interface BilanFile {
  format: BilanFormat;
  data: Uint8Array | string;
}

/** The workbook, or the contract's files read one after the other and brought together. */
export async function readBilanSources(subject: BilanSubject, options: BilanOptions = {}): Promise<PalettedReading> {
  const read = { palette: options.palette, columns: options.columns };
  const [first] = subject.sources;
  if (subject.contract === undefined) return readTrackingWorkbook(await first.load(), first.name, read);
  const readings: TrackingWorkbook[] = [];
  for (const source of subject.sources)
    readings.push(await readTrackingWorkbook(await source.load(), source.name, read));
  return combineReadings(readings, subject.contract);
}

/** The subject read and analysed with the palette it was read with. */
export async function analyseBilan(subject: BilanSubject, options: BilanOptions = {}): Promise<AnalysedBilan> {
  const reading = await readBilanSources(subject, options);
  return { reading, analysis: analyzeWorkbook(reading, { palette: reading.palette }) };
}

/** What names the subject's documents: `--contrat` for a contract's files, else the workbook's name. */
export function bilanNaming(subject: BilanSubject): DocumentNaming {
  return { contractOption: subject.contract, fileStem: subject.stem };
}

/** The contract's line of the region's synthesis; the link to its bilan is set by the run. */
export function contractLine(
  subject: BilanSubject,
  analysis: WorkbookAnalysis,
  contract: ContractTitle,
  bilan: string | null = null,
): ContractSummary {
  return contractSummary(analysis, contract, subject.contract ?? subject.shown, bilan);
}

/** True when a reading of the analysis is not to be trusted: its bilan says « Bilan incomplet ». */
export function isIncomplete(analysis: WorkbookAnalysis): boolean {
  return analysis.sheets.some((s) => s.diagnostics.some(isReadingError));
}

/**
 * The bilan's files in the formats asked for, rendered in memory (a failure leaves none). Each
 * carries the tool's version and the fingerprint; a bilan made from a reading not to be trusted
 * carries a fingerprint that matches no source, so it is never « à jour ».
 */
export async function bilanFiles(
  subject: BilanSubject,
  { reading, analysis }: AnalysedBilan,
  options: BilanOptions & { formats: readonly BilanFormat[]; version: string; fingerprint: string | null },
): Promise<{ files: BilanFile[]; contract: ContractTitle; title: string }> {
  const { palette } = reading;
  if (options.year !== undefined && !analysis.sheets.some((s) => s.sheet.year === options.year)) {
    const found = analysis.sheets.map((s) => s.sheet.year).filter((y) => y !== null);
    throw new ClsError({
      code: 'NO_TABLE',
      file: subject.shown,
      message: `Aucune feuille de l'année ${options.year} dans « ${subject.shown} » (années trouvées : ${found.length > 0 ? found.join(', ') : 'aucune'}).`,
    });
  }
  const { fingerprint, version } = options;
  const stamp =
    fingerprint && isIncomplete(analysis) ? fingerprintOf(version, { incompleteFrom: fingerprint }) : fingerprint;
  const { contract, title, layout } = bilanDocument(analysis, {
    palette,
    year: options.year,
    exactPorteurs: options.exactPorteurs,
    ...bilanNaming(subject),
  });
  const properties: Record<string, string> = { [VERSION_PROPERTY]: version };
  if (stamp) properties[FINGERPRINT_PROPERTY] = stamp;
  // The workbook's parts are compressed by the host on other threads (core/write/xlsx/package.ts):
  // the other formats are rendered meanwhile, and the workbook awaited last.
  const files: (BilanFile | Promise<BilanFile>)[] = [];
  for (const format of options.formats) {
    if (format === 'xlsx') {
      const xlsx = writeXlsx(layout, { title, properties, version }).then((data): BilanFile => ({ format, data }));
      // Its failure is thrown by the Promise.all below, not reported as unhandled meanwhile.
      xlsx.catch(() => undefined);
      files.push(xlsx);
    }
    if (format === 'html') files.push({ format, data: renderHtmlBytes(layout, { title, meta: properties }) });
    if (format === 'docx') {
      // The Word library is loaded only by the runs that ask for a Word bilan.
      const { renderDocx } = await import('./docx');
      const word = wordBilanLayout(analysis, {
        palette,
        year: options.year,
        contract,
        exactPorteurs: options.exactPorteurs,
      });
      files.push({ format, data: await renderDocx(word, { title, properties }) });
    }
    if (format === 'json') {
      files.push({
        format,
        data: bilanJsonText({
          fingerprint: stamp,
          version,
          file: subject.shown,
          palette: { source: reading.paletteSource, colours: palette },
          analysis,
        }),
      });
    }
  }
  return { files: await Promise.all(files), contract, title };
}

/** The region's synthesis as `convert` writes it beside the bilans (`synthese-contrats.xlsx` and `.html`). */
export async function synthesisFiles(
  synthesis: RegionSynthesis,
  options: { palette?: Palette; version: string },
): Promise<{ xlsx: Uint8Array; html: string; fingerprint: string }> {
  const palette = options.palette ?? DEFAULT_PALETTE;
  const fingerprint = fingerprintOf(options.version, { synthesis, palette });
  const layout = regionWorkbookLayout(synthesis, palette);
  const title = typeset(`Synthèse des contrats locaux de santé — ${count(synthesis.totals.contracts, 'contrat')}`);
  const properties = { [VERSION_PROPERTY]: options.version, [FINGERPRINT_PROPERTY]: fingerprint };
  const xlsx: Uint8Array = await writeXlsx(layout, { title, properties, version: options.version });
  return { xlsx, html: renderHtml(layout, { title, meta: properties }), fingerprint };
}

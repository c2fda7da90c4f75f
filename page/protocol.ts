/**
 * What the page and its workers exchange: a request, its answer, plain data only. A file goes as the
 * File the browser gave (a reference: the worker reads its bytes, the page copies nothing).
 */
import type { Palette } from '../core/base/status';
import type { Diagnostic } from '../core/check/diagnostics';
import type { ColumnForm } from '../core/edit/column-choice';
import type { PaneSummary } from '../core/layout/pane-summary';
import type { PaletteSource } from '../core/base/palette-settings';
import type { ReadOptions } from '../core/read/table-reader';
import type { SynthesisFailure } from '../core/report/region-synthesis';
import type { BilanFormat } from '../core/write/bilan-files';

/** The options of a reading, as the command's `--palette` and `--colonnes`. */
export interface PageReadOptions {
  palette?: Palette;
  columns?: ReadOptions['columns'];
}

export type WorkerRequest =
  /** `forms`: the column chooser's lists for every sheet, or only for the doubtful ones. */
  | { kind: 'read'; name: string; file: Blob; options: PageReadOptions; forms: 'doubtful' | 'all' }
  | { kind: 'bilan'; name: string; file: Blob; options: PageReadOptions; format: BilanFormat }
  /**
   * The region's synthesis of the files read (each read again, as `convert` reads each file for
   * its line) and of the files that failed.
   */
  | {
      kind: 'synthesis';
      files: { path: string; name: string; file: Blob; options: PageReadOptions }[];
      failures: SynthesisFailure[];
      palette?: Palette;
      format: 'xlsx' | 'html';
    }
  | { kind: 'sync'; name: string; file: Blob; options: PageReadOptions };

/** One reading of a sheet (a sheet read year by year gives one per year), as the page shows it. */
export interface SheetView {
  /** The workbook's sheet the reading comes from (the column chooser teaches columns for it). */
  gridName: string;
  /** « Lecture » : how the sheet was understood (inspect's line). */
  lecture: string;
  /** Whether the columns were given by the user (the chooser, or the workbook's stored mapping). */
  taught: boolean;
  summary: PaneSummary;
  /** « Bilan incomplet : … » when the reading is not to be trusted, else null. */
  incomplete: string | null;
  /** The column chooser's lists for this sheet. */
  form: ColumnForm | null;
}

export interface FileView {
  sheets: SheetView[];
  /** Findings on sheets without a table. */
  workbookDiagnostics: Diagnostic[];
  palette: Palette;
  paletteSource: PaletteSource;
  /** The bilan's file names' stem: `X` of `X.bilan.xlsx`. */
  stem: string;
  /** The workbook is an .ods: « Mettre mon classeur à jour » explains what it writes. */
  ods: boolean;
}

/** A download made by a worker. */
export interface MadeFile {
  name: string;
  mime: string;
  data: Uint8Array | string;
  /** For the synced workbook: what was changed, in French. */
  notes?: string[];
}

export type WorkerAnswer =
  | { ok: true; kind: 'read'; view: FileView }
  | { ok: true; kind: 'file'; file: MadeFile }
  | { ok: false; code: string; message: string; detail?: string };

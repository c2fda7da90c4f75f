/** The page's files, as plain data: what was dropped, where its reading stands, what it gave. */
import type { ReadOptions } from '../core/read/table-reader';
import type { BilanFormat } from '../core/write/bilan-files';
import type { FileView } from './protocol';

/** What a file's buttons download: a bilan format, or the workbook brought in step. */
export type DownloadKind = BilanFormat | 'sync';

export interface PageNotice {
  intent: 'error' | 'success' | 'warning' | 'info';
  title: string;
  text: string;
}

export interface PageFile {
  id: number;
  /** The file's name, as the reader and the downloads name it. */
  name: string;
  /** Where it was found (a dropped folder's path), as shown. */
  path: string;
  size: number;
  /** Reading (the first time, or again with new columns or colours), read, or failed. */
  phase: 'reading' | 'read' | 'failed';
  view: FileView | null;
  /** Why it could not be read (or read again), in French. */
  error: { code: string; message: string } | null;
  /** The columns chosen in the page for one of its sheets: `--colonnes`. */
  columns: ReadOptions['columns'] | undefined;
  /** The column chooser's lists: made for every sheet once she asks for one. */
  forms: 'doubtful' | 'all';
  /** Sheets whose chooser she opened (the doubtful ones show it anyway). */
  openChoosers: string[];
  /** Downloads being made. */
  making: DownloadKind[];
  notice: PageNotice | null;
}

const UNITS = ['octets', 'Ko', 'Mo', 'Go'];

/** « 12,5 Ko ». */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  return `${shown}\u00a0${UNITS[unit]}`;
}

/**
 * The CLS plan as read from a tracking sheet: contract → axes → objectives → actions, each action
 * with where it came from. Plain data: no behaviour, so it serialises and crosses threads as is.
 */
import type { StatusId } from './status';

/** `fiche`: numbered fiche-action defined at signature; `piste`: an idea not yet written up; `action`: neither said. */
export type ActionKind = 'fiche' | 'piste' | 'action';

export interface PlanNode {
  /** `1`, `1.2`… when the sheet gives one. */
  code: string | null;
  title: string;
}

/** Free-text columns kept by their meaning; absent when the sheet has no such column. */
export interface ActionNotes {
  remarques?: string;
  /** « (+) avancées, (-) difficultés », « Avancées, freins ». */
  avancees?: string;
  preconisations?: string;
  objectifsAtteints?: string;
  resteAFaire?: string;
  partenaires?: string;
}

/** The free-text columns kept as an action's notes, in the order they are read. */
export const NOTE_ROLES = [
  'remarques',
  'avancees',
  'preconisations',
  'objectifsAtteints',
  'resteAFaire',
  'partenaires',
] as const satisfies ReadonlyArray<keyof ActionNotes>;

export type ColumnRole =
  | 'axe'
  | 'strategie'
  | 'objectif'
  | 'title'
  | 'code'
  | 'porteur'
  | 'partenaires'
  | 'status'
  | 'remarques'
  | 'avancees'
  | 'preconisations'
  | 'objectifsAtteints'
  | 'resteAFaire';

export interface SourcePosition {
  sheet: string;
  /** 1-based row number, as Excel shows it. */
  row: number;
  /** A1 address of each cell the action was read from, by column role. */
  cells: Partial<Record<ColumnRole, string>>;
}

export type StatusSource =
  /** From the text alone. */
  | 'text'
  /** From the text, with the fill telling which « réalisé ». */
  | 'text+colour'
  /** From the fill alone, with the sheet's legend or the palette as the key. */
  | 'colour'
  /**
   * From the fill alone, by its colour family (green, orange, red, grey, blue), on a sheet that
   * carries no legend and whose fill is none of the palette's colours (core/read/colour-family.ts).
   */
  | 'family'
  /** A symbol or a percentage, read through the key the sheet carries (« ● = Réalisé », « 0 % = Non commencé »). */
  | 'key'
  | 'none';

export interface Action {
  code: string | null;
  kind: ActionKind;
  title: string;
  /** The porteur cell as written. */
  porteur: string;
  /** The same, split into organisations (« PETR, MDS Verdun, Familles Rurales » → 3). */
  porteurs: string[];
  status: StatusId | null;
  /** The status cell as written (trimmed). */
  statusText: string;
  statusSource: StatusSource;
  /** Fill of the status cell, #RRGGBB. */
  statusFill: string | null;
  axe: PlanNode | null;
  objectif: PlanNode | null;
  notes: ActionNotes;
  /** How the code was written when it was not in a code column of its own (« 1.1.1_Acquérir… »). */
  codeWritten?: string;
  /** True when that code was glued to the title (« 1.1.1_Acquérir… ») rather than in a code column. */
  codeInTitle?: boolean;
  /** Address of the first cell of a row whose cells were pushed one column right, when read so. */
  shiftedFrom?: string;
  source: SourcePosition;
}

export interface LegendEntry {
  status: StatusId;
  /** Swatch colour found next to the sentence, #RRGGBB. */
  colour: string | null;
  /** Count written next to the sentence (« 9 Action réalisée et close… »). */
  declaredCount: number | null;
  /** Address of that count, when there is one. */
  countCell: string | null;
  text: string;
  cell: string;
}

export interface KindLegendEntry {
  kind: ActionKind;
  colour: string;
  cell: string;
}

export interface HeaderInfo {
  /** 1-based rows of every header row (repeated after page breaks, or one per sub-table). */
  rows: number[];
  /** Column letter of each role found in the first header (for this reading's year). */
  columns: Partial<Record<ColumnRole, string>>;
  /** The header cells as written, for messages. */
  labels: string[];
  /** A table with one column per state, ticked « X »: column letter of each state. */
  statusColumns?: Partial<Record<StatusId, string>>;
  /** 1-based row of the group titles above the header (a two-row header), when it gave years. */
  groupRow?: number;
  /** The Excel table (ListObject) whose header row this is. */
  table?: string;
  /** Roles decided by what the column's cells hold rather than by its header's words. */
  inferred?: ColumnRole[];
  /** A column of years (one row per action and year): column letter. */
  yearColumn?: string;
  /** The columns were taught by the user (`--colonnes`, or stored in the workbook), not found. */
  taught?: boolean;
  /**
   * The state column was chosen by its cells among several columns of states that no header word
   * tells apart: the letters of the others. Such a reading is not to be trusted.
   */
  statusAlternatives?: string[];
}

export type YearSource = 'name' | 'title' | 'header' | 'column' | 'cover' | 'file' | 'taught' | null;

export interface TrackingSheet {
  name: string;
  year: number | null;
  /**
   * Where the year came from: the sheet name, a title cell, a header cell (« Etat 2022 »), a column
   * of years, a cover sheet of the workbook, the file's name, or nowhere.
   */
  yearSource: YearSource;
  /** A1 address of the cell that gave the year (title or header); absent when it came from the name or nowhere. */
  yearCell?: string | null;
  /**
   * The readings of the same year on several sheets (one sheet per axe), brought together in this
   * one; absent for a reading of one sheet. Each part keeps its own header and legend.
   */
  parts?: TrackingSheet[];
  header: HeaderInfo;
  /** The title cell above the table that names the contract (« Contrat Local de Santé … 2017-2020 »). */
  contractTitle?: { text: string; cell: string } | null;
  legend: LegendEntry[];
  kindLegend: KindLegendEntry[];
  actions: Action[];
  /** Rows that looked like neither action, header nor title, kept for the diagnostics. */
  skippedRows: number[];
  /**
   * The columns taught for this sheet (core/read/taught-columns.ts), as written, when they were used or
   * stored; `problem` says in French why they do not fit the sheet (a column deleted, unreadable).
   */
  taught?: { text: string; problem: string | null };
}

export interface Contract {
  /** The workbook's file name, or the title the host gives. */
  name: string;
  sheets: TrackingSheet[];
}

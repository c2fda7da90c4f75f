/**
 * How a reading was understood, as plain data and as the one French line (« Lecture ») that
 * `inspect`, the pane, the annex and the reading errors show.
 */
import type { ColumnRole, TrackingSheet, YearSource } from '../base/model';
import { STATUSES, type StatusId } from '../base/status';
import { typeset } from '../base/typography';

/** How a reading was understood: which rows are the header, which column holds which role, which year and from where. */
export interface LayoutReport {
  /** 1-based header rows (repeated headers included). */
  headerRows: number[];
  /** 1-based row of the group titles above the header (a two-row header), when it gave years. */
  groupRow?: number;
  /** Column letter of each role: `{ title: "C", status: "F" }`. */
  columns: Partial<Record<ColumnRole, string>>;
  /** A table with one column per state: column letter of each state. */
  statusColumns?: Partial<Record<StatusId, string>>;
  /** The Excel table whose header row this is. */
  table?: string;
  year: number | null;
  /**
   * Where the year came from: `header` (« Etat 2022 »), `title` (the title block), `name` (the
   * sheet's name), `column` (a column of years), `cover` (a cover sheet), `file` (the file's name).
   */
  yearSource: YearSource;
  /** Roles decided by the column's cells rather than its header's words. */
  inferred?: ColumnRole[];
  /** The columns were taught by the user (`--colonnes`, or stored in the workbook by `sync`). */
  taught?: boolean;
  /** The cell that gave the year (`F12`); null when it came from the sheet's name or nowhere. */
  yearFrom: string | null;
  /** The sheets of a year kept on several sheets (one per axe). */
  sheets?: string[];
}

export function layoutReport(sheet: TrackingSheet): LayoutReport {
  const h = sheet.header;
  const out: LayoutReport = {
    headerRows: h.rows,
    columns: h.columns,
    year: sheet.year,
    yearSource: sheet.yearSource,
    yearFrom: sheet.yearCell ?? null,
  };
  if (h.groupRow !== undefined) out.groupRow = h.groupRow;
  if (h.statusColumns) out.statusColumns = h.statusColumns;
  if (h.table) out.table = h.table;
  if (h.inferred) out.inferred = h.inferred;
  if (h.taught) out.taught = true;
  if (sheet.parts) out.sheets = sheet.parts.map((p) => p.name);
  return out;
}

/** French names of the column roles, in the order a description lists them. */
export const ROLE_LABELS: ReadonlyArray<readonly [ColumnRole, string]> = [
  ['axe', 'axe'],
  ['strategie', 'stratégie'],
  ['objectif', 'objectif'],
  ['code', 'numéro'],
  ['title', 'intitulé'],
  ['porteur', 'porteur'],
  ['partenaires', 'partenaires'],
  ['status', 'état'],
  ['remarques', 'remarques'],
  ['avancees', 'avancées'],
  ['preconisations', 'préconisations'],
  ['objectifsAtteints', 'objectifs atteints'],
  ['resteAFaire', 'reste à faire'],
];

const YEAR_SOURCE_WORDS: Readonly<Record<Exclude<YearSource, null>, string>> = {
  name: 'dans le nom de la feuille',
  header: 'dans l’en-tête',
  title: 'dans le titre',
  column: 'dans la colonne des années',
  cover: 'sur la page de garde',
  file: 'dans le nom du fichier',
  taught: 'indiquée par l’utilisateur (--colonnes)',
};

/** One French line that says how a reading was understood, for `inspect`, the pane and the annex (typeset). */
export function describeLayout(layout: LayoutReport): string {
  const rows = layout.headerRows;
  const header =
    rows.length === 1 && rows[0] < 1
      ? 'sans ligne d’en-tête'
      : rows.length === 1
        ? `en-tête ligne ${rows[0]}`
        : rows.length <= 4
          ? `en-têtes lignes ${rows.join(', ')}`
          : `en-têtes lignes ${rows.slice(0, 3).join(', ')}… (${rows.length} en tout)`;
  const parts = [header + (layout.groupRow !== undefined ? ` (titres de groupes ligne ${layout.groupRow})` : '')];
  if (layout.table) parts.push(`tableau Excel « ${layout.table} »`);
  const columns = ROLE_LABELS.filter(([role]) => layout.columns[role] !== undefined).map(
    ([role, label]) =>
      `${label} ${layout.columns[role]}${layout.inferred?.includes(role) ? ' (d’après son contenu)' : ''}`,
  );
  const ticks = Object.entries(layout.statusColumns ?? {}).map(
    ([id, letter]) => `${STATUSES[id as StatusId].label} ${letter}`,
  );
  if (ticks.length > 0) columns.push(`une colonne par état (${ticks.join(', ')})`);
  parts.push(`colonnes${layout.taught ? ' indiquées par l’utilisateur' : ''} : ${columns.join(', ') || 'aucune'}`);
  const year =
    layout.year === null
      ? 'année non trouvée (ni dans l’en-tête, ni dans le nom de la feuille, ni au-dessus du tableau, ni sur une page de garde, ni dans le nom du fichier)'
      : `année ${layout.year} lue ${YEAR_SOURCE_WORDS[layout.yearSource ?? 'title']}${layout.yearFrom ? `, cellule ${layout.yearFrom}` : ''}`;
  parts.push(year);
  if (layout.sheets) parts.push(`feuilles réunies : ${layout.sheets.map((s) => `« ${s} »`).join(', ')}`);
  return typeset(parts.join(' ; '));
}

/** « Bilan AAAA »: the year's bilan of one reading, laid out like the PETR report, and the one sync and the add-in write into the workbook. */
import type { CellRange } from '../base/grid';
import type { LayoutCell, SheetLayout } from './sheet-layout';
import type { SheetAnalysis, WorkbookAnalysis } from '../report/analysis';
import type { PlanNode } from '../base/model';
import { textColourOn } from '../base/contrast';
import { type ContractTitle, contractLabel, contractTitle } from '../read/contract-title';
import { count } from '../base/typography';
import { incompleteNotice } from '../check/diagnostics';
import { type Palette, STATUSES } from '../base/status';
import { cutShown } from '../base/text';
import {
  AXE_TITLE_HEADER,
  TABLE_HEADER,
  legendStatuses,
  text,
  header,
  statusCell,
  remarksOf,
  codeText,
  label,
  INCOMPLETE_LOOK,
  look,
  styled,
} from './cells';
import { pushStatusYearBlock } from './synthesis-sheet';

/** Text of the kind legend when the source sheet has one, and what the italics mean. */
const KIND_LEGEND_LINES: { kind: 'fiche' | 'piste'; text: string; italic: boolean }[] = [
  { kind: 'fiche', text: 'Action définie au moment de la signature de la convention', italic: false },
  { kind: 'piste', text: "Piste d'action (en italique dans le tableau)", italic: true },
];

/** The looks of the table's cells, made once for its thousands of rows (see cells.ts `styled`). */
const ROW_LOOKS = {
  groupCode: look({ border: true, bold: true, align: 'center', wrap: true }),
  empty: look({ border: true }),
  wrapped: look({ border: true, wrap: true }),
  title: look({ border: true, wrap: true, italic: false }),
  pisteTitle: look({ border: true, wrap: true, italic: true }),
  code: look({ border: true, align: 'center', italic: false }),
  pisteCode: look({ border: true, align: 'center', italic: true }),
};

/** The empty bordered cell under a group's code and title, one shared by every row (cells are never changed once made). */
const EMPTY_CELL = styled(null, ROW_LOOKS.empty);

/** Rows of the table printed on the conclusion's page, at least. */
const CONCLUSION_WITH_ROWS = 3;

/** Options of a « Bilan AAAA » sheet. */
export interface YearSheetOptions {
  /** The sheet's name (default « Bilan AAAA »). */
  name?: string;
  /** The contract, named under the title. */
  contract?: ContractTitle;
}

/** « Bilan AAAA »: title, legend with counts and swatches, the grouped table, the conclusion. */
export function yearSheetLayout(
  analysis: SheetAnalysis,
  palette: Palette,
  options: YearSheetOptions = {},
): SheetLayout {
  const { sheet, bilan } = analysis;
  const year = sheet.year ?? '';
  const rows: (LayoutCell | null)[][] = [];
  const merges: CellRange[] = [];
  const groups: { top: number; bottom: number }[] = [];
  const contract = options.contract ?? contractTitle([sheet], undefined, '');
  rows.push([label(`Bilan ${year} par action`.replace('  ', ' '), { bold: true, size: 14, heading: 1 })]);
  const named = contract.name ? `${cutShown(contractLabel(contract))} — ` : '';
  rows.push([text(`${named}${count(bilan.total, 'action')}`, { italic: true })]);
  const incomplete = incompleteNotice(analysis.diagnostics);
  if (incomplete) {
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: TABLE_HEADER.length - 1 });
    rows.push([label(incomplete, INCOMPLETE_LOOK)]);
  }
  rows.push([]);
  // Each legend is kept on one page with its heading.
  const legendTop = rows.length;
  rows.push([label('Avancement des actions :', { bold: true, heading: 2 })]);
  // One line per status: the count, then the legend sentence on its colour (merged over B:D).
  for (const id of legendStatuses(bilan.counts)) {
    const fill = palette[id];
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    rows.push([
      text(bilan.counts[id], { align: 'right', bold: true }),
      label(STATUSES[id].legend, { fill, colour: textColourOn(fill), border: true }),
    ]);
  }
  if (bilan.counts.sans_etat > 0) {
    merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
    // « Sans état », as the tables and the chart say it.
    rows.push([text(bilan.counts.sans_etat, { align: 'right', bold: true }), statusCell(null, palette)]);
  }
  groups.push({ top: legendTop, bottom: rows.length - 1 });
  // The type-of-action legend of the source, with what tells the types apart here.
  const kinds = new Set(sheet.kindLegend.map((k) => k.kind));
  if (kinds.size > 0) {
    rows.push([]);
    const kindTop = rows.length;
    rows.push([label("Type d'action :", { bold: true, heading: 2 })]);
    for (const line of KIND_LEGEND_LINES) {
      if (!kinds.has(line.kind)) continue;
      merges.push({ top: rows.length, left: 1, bottom: rows.length, right: 3 });
      rows.push([null, label(line.text, { italic: line.italic, border: true })]);
    }
    groups.push({ top: kindTop, bottom: rows.length - 1 });
  }
  rows.push([]);
  const headerRow = rows.length;
  // Actions are grouped by objective; a table without objectives (the axe written on every row)
  // is grouped by axe, under a header that says so.
  const byAxe = !sheet.actions.some((a) => a.objectif) && sheet.actions.some((a) => a.axe);
  rows.push(header(byAxe ? [TABLE_HEADER[0], AXE_TITLE_HEADER, ...TABLE_HEADER.slice(2)] : TABLE_HEADER));
  /** The longest line of the remarks, for the width of their column. */
  let longestRemark = 0;
  let groupStart = -1;
  let groupKey: string | null = null;
  /** The group of the last action: the actions of one objective share its object, whose key is then made once. */
  let lastGroup: PlanNode | null | undefined = null;
  const closeGroup = (end: number) => {
    if (groupStart < 0) return;
    groups.push({ top: groupStart, bottom: end });
    if (end > groupStart) {
      merges.push(
        { top: groupStart, left: 0, bottom: end, right: 0 },
        { top: groupStart, left: 1, bottom: end, right: 1 },
      );
    }
  };
  for (const a of sheet.actions) {
    // An action outside any objective goes with its axe.
    const group = a.objectif ?? a.axe;
    const key: string =
      groupKey !== null && group === lastGroup ? groupKey : group ? `${group.code ?? ''}|${group.title}` : '';
    lastGroup = group;
    const r = rows.length;
    const opens = key !== groupKey;
    if (opens) {
      closeGroup(r - 1);
      groupStart = r;
      groupKey = key;
    }
    const piste = a.kind !== 'fiche';
    const remarks = remarksOf(a);
    longestRemark = Math.max(longestRemark, longestLine(remarks));
    const row: (LayoutCell | null)[] = [
      opens ? styled(cutShown(group?.code ?? ''), ROW_LOOKS.groupCode) : EMPTY_CELL,
      opens ? styled(cutShown(group?.title ?? ''), ROW_LOOKS.wrapped) : EMPTY_CELL,
      a.title
        ? styled(cutShown(a.title), piste ? ROW_LOOKS.pisteTitle : ROW_LOOKS.title)
        : label('(sans intitulé)', { border: true, wrap: true, italic: true }),
      styled(cutShown(codeText(a)), piste ? ROW_LOOKS.pisteCode : ROW_LOOKS.code),
      styled(cutShown(a.porteur), ROW_LOOKS.wrapped),
      statusCell(a.status, palette),
      // Remarks are the coordinator's account of the year: whole, up to what an Excel cell holds.
      styled(remarks, ROW_LOOKS.wrapped),
    ];
    rows.push(row);
  }
  closeGroup(rows.length - 1);
  // The conclusion is kept on one page with the table's last rows, never alone under a header.
  const lastRows = Math.max(headerRow + 1, rows.length - CONCLUSION_WITH_ROWS);
  rows.push([]);
  if (incomplete) rows.push([label(incomplete, INCOMPLETE_LOOK)]);
  rows.push([text(bilan.conclusion, { bold: true })]);
  rows.push([text(bilan.remainingSentence, { bold: true })]);
  const byKind = bilan.byKind;
  const parts = [
    count(byKind.fiche.total, 'fiche-action', 'fiches-actions'),
    count(byKind.piste.total, "piste d'action", "pistes d'action"),
  ];
  if (byKind.action.total > 0) parts.push(count(byKind.action.total, 'action sans numéro', 'actions sans numéro'));
  rows.push([
    label(
      `${parts.join(', ')}. En italique : les pistes d'action et les actions sans numéro (non définies à la signature). ` +
        'Pourcentages arrondis à l’unité.',
      { italic: true },
    ),
  ]);
  if (sheet.actions.length > 0) groups.push({ top: lastRows, bottom: rows.length - 1 });
  return {
    name: options.name ?? `Bilan ${year}`.trim(),
    widths: tableWidths(longestRemark),
    rows,
    merges,
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders: [headerRow],
    groups,
    printFooter: cutShown(contractLabel(contract)),
  };
}

/** The widths of the table's columns: REMARQUES no wider than its longest remark line, the rest to ACTIONS. */
function tableWidths(longestRemark: number): number[] {
  const widths = [7, 26, 46, 9, 24, 17, 71];
  const widest = widths[6];
  // No remark at all (Metz 2018): the column is as wide as its header, and the titles get the room.
  const remarks = Math.min(widest, Math.max(12, longestRemark));
  widths[2] += widest - remarks;
  widths[6] = remarks;
  return widths;
}

/** The length of a text's longest line. */
function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return Math.max(longest, text.length - start);
}

/** Column of the states-per-year block under a generated « Bilan AAAA » table: « ACTIONS », wide enough for the states. */
const GENERATED_BLOCK_COL = 2;

/**
 * The « Bilan AAAA » sheet `cls-bilan sync` writes into the user's own workbook: the bilan of the
 * chosen year, then, under its table, the states of every year of the workbook and their native
 * chart (one bar per year).
 */
export function generatedBilanLayout(
  analysis: WorkbookAnalysis,
  chosen: SheetAnalysis,
  palette: Palette,
  options: YearSheetOptions = {},
): SheetLayout {
  const layout = yearSheetLayout(chosen, palette, options);
  const rows = [...layout.rows, []];
  const tableHeaders = [...layout.tableHeaders];
  const { chart } = pushStatusYearBlock(rows, tableHeaders, analysis, palette, GENERATED_BLOCK_COL);
  return { ...layout, rows, tableHeaders, chart };
}

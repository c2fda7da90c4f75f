/**
 * Finds the tracking table(s) on a sheet and turns their rows into actions: header rows in the
 * seeds' vocabularies (repeated after page breaks, one per sub-table), legend blocks above the table
 * (never counted), axis/objective cells written once or merged (carried down), codes glued to titles,
 * status read from the text and the fill, with the sheet's own legend as the colour key.
 */
import type { GeneratedMark } from '../base/generated-sheet';
import {
  cellAt,
  cleanText,
  columnLetters,
  fromA1,
  type Grid,
  type GridCell,
  indexMerges,
  mergeAt,
  type MergeIndex,
  toA1,
  type GridTable,
} from '../base/grid';
import { colourFamily } from './colour-family';
import { cellKind, GLUED_TITLE, stateColour } from './column-content';
import {
  type ColumnMap,
  EXPECTED_HEADER_WORDS,
  headerCell,
  isForecastHeader,
  mayBeTitleHeader,
  type PlacedHeaderCell,
  readHeaderRow,
  UPDATE_PHRASE,
  yearsIn,
} from './header';
import { type TableLayout, tableLayout } from './table-layout';
import { joinSameYear } from './same-year';
import { readFicheForm } from './fiche-form';
import { findContractTitle } from './contract-title';
import { formatTaughtColumns, parseTaughtName, type TaughtColumns } from './taught-columns';
import { needsKey, readStatusKey, type StatusKey } from './status-key';
import { readStatusCell } from './status-cell';
import {
  type Action,
  type ActionKind,
  type ActionNotes,
  type ColumnRole,
  type HeaderInfo,
  type KindLegendEntry,
  type LegendEntry,
  NOTE_ROLES,
  type PlanNode,
  type TrackingSheet,
} from '../base/model';
import {
  DEFAULT_PALETTE,
  normalizeColour,
  type Palette,
  parseStatus,
  type StatusId,
  statusFromColour,
  mergePalette,
  colourDistance,
  COLOUR_TOLERANCE,
  STATUSES,
} from '../base/status';
import { normalize, splitPorteurs } from '../base/text';
import { memoized } from '../base/memo';
import { ClsError } from '../base/errors';

/** Rows of a fiche form where its title (and year) may be. */
const FORM_TITLE_ROWS = 6;

export interface ReadOptions {
  /** The user's palette (settings, `--palette`); a sheet's own legend still wins for reading. */
  palette?: Partial<Palette>;
  /**
   * Columns taught for this run (`--colonnes`): for the sheet named, or, without a name, for every
   * sheet where a table was found. They win over the ones stored in the workbook.
   */
  columns?: { sheet: string | null; taught: TaughtColumns };
}

export interface SheetWithoutTable {
  name: string;
  /** Non-empty cells seen: 0 for a blank sheet. */
  filledCells: number;
  /** Cells whose text is a status (« En cours »…). */
  statusCells: number;
  /**
   * True when a column holds several states with one repeated (tracking data without its header);
   * false for a list of values, a block of counts or a cross table of states.
   */
  statusColumn?: boolean;
  /** The sheet is hidden in the workbook (lists of values for dropdowns live there). */
  hidden?: boolean;
  /**
   * The sheet has a legend of states and numbered, titled actions, but no table was read: a
   * tracking sheet (one per axe, say) whose actions are not counted.
   */
  actionsUnderLegend?: number;
  /** The sheet is a bilan our tools generated (core/base/generated-sheet.ts), left unread. */
  generated?: GeneratedMark;
  /** The columns stored in the workbook for this sheet cannot be used, and why. */
  taughtProblem?: string;
}

export interface WorkbookReading {
  sheets: TrackingSheet[];
  /** Sheets where no tracking table was found. */
  withoutTable: SheetWithoutTable[];
}

/** Blank rows that end a table (a single blank row separates sub-tables and is not an end). */
const BLANK_ROWS_ENDING_A_TABLE = 2;

/**
 * Reads every sheet of a workbook: one reading per sheet and year, the readings of one year kept on
 * several sheets (one per axe) joined. Throws NO_TABLE when not one sheet holds a tracking table.
 */
export function readWorkbookTables(
  grids: readonly Grid[],
  fileName: string,
  options: ReadOptions = {},
): WorkbookReading {
  const sheets: TrackingSheet[] = [];
  const withoutTable: SheetWithoutTable[] = [];
  for (const grid of grids) {
    // A bilan our tools generated repeats the tracking table: read again, it would count it twice.
    if (grid.generated) {
      withoutTable.push({ name: grid.name, filledCells: 0, statusCells: 0, generated: grid.generated });
      continue;
    }
    const readings = readSheetReadings(grid, options);
    if (readings.length > 0) sheets.push(...readings);
    else {
      const unread = actionsUnderLegend(grid);
      const taughtProblem = taughtFor(grid, options, false)?.problem;
      withoutTable.push({
        name: grid.name,
        ...countFilled(grid),
        ...(grid.hidden ? { hidden: true } : {}),
        ...(unread > 0 ? { actionsUnderLegend: unread } : {}),
        ...(taughtProblem ? { taughtProblem } : {}),
      });
    }
  }
  if (sheets.length === 0) {
    const looked = grids.map((g) => `« ${g.name} »`).join(', ') || 'aucune feuille';
    const taught = withoutTable.find((w) => w.taughtProblem)?.taughtProblem;
    if (taught) throw new ClsError({ code: 'NO_TABLE', file: fileName, message: taught });
    throw new ClsError({
      code: 'NO_TABLE',
      file: fileName,
      message:
        `Aucun tableau de suivi trouvé dans « ${fileName} » (feuilles examinées : ${looked}). ` +
        `Le tableau doit avoir une ligne d'en-tête avec au moins la colonne des actions et une autre colonne ` +
        `reconnue (état, numéro, porteur, remarques…), par exemple : ${EXPECTED_HEADER_WORDS.join(' | ')}. ` +
        `Ajoutez ou renommez la ligne d'en-tête, puis relancez.`,
    });
  }
  // A table without states and without a year beside sheets that have states is an annex (budget,
  // partners), not a year of tracking; with a year of its own, it stays, and its error says why.
  const annexes = sheets.some(hasStates) ? sheets.filter((s) => !hasStates(s) && s.year === null) : [];
  for (const annex of annexes) {
    const grid = grids.find((g) => g.name === annex.name);
    if (grid) withoutTable.push({ name: grid.name, ...countFilled(grid), ...(grid.hidden ? { hidden: true } : {}) });
  }
  const tracking = sheets.filter((s) => !annexes.includes(s));
  return { sheets: joinSameYear(withWorkbookYear(tracking, grids, withoutTable, fileName)), withoutTable };
}

/** The reading has a state column, or states. */
function hasStates(sheet: TrackingSheet): boolean {
  return (
    sheet.header.columns.status !== undefined ||
    sheet.header.statusColumns !== undefined ||
    sheet.actions.some((a) => a.status !== null)
  );
}

function coverTitle(grid: Grid, cell: string | null): boolean {
  const at = cell ? fromA1(cell) : null;
  const text = at ? cleanText(cellAt(grid, at.row, at.col)?.text) : '';
  return /\b(?:bilan|ann[ée]e|suivi|rapport|exercice|point d['’]?[ée]tape)\b/i.test(text);
}

/** Rows of a cover sheet looked at for the year. */
const COVER_ROWS = 30;

/**
 * Readings whose sheet gave no year take the workbook's: the year a cover or title sheet states
 * (« Bilan 2023 du CLS »), else the one the file's name gives (« suivi-cls-2023.xlsx »), when
 * either names exactly one.
 */
function withWorkbookYear(
  sheets: TrackingSheet[],
  grids: readonly Grid[],
  withoutTable: readonly SheetWithoutTable[],
  fileName: string,
): TrackingSheet[] {
  if (!sheets.some((s) => s.year === null)) return sheets;
  const others = new Set(withoutTable.filter((w) => !w.hidden && !w.generated).map((w) => w.name));
  const covers = grids
    .filter((g) => others.has(g.name))
    .map((g) => ({ grid: g, found: findYear(g, COVER_ROWS) }))
    // A cover says what it is about (« Bilan 2023 »); a date elsewhere (a meeting, a phone list) does not.
    .filter((c) => c.found.year !== null && (c.found.source === 'name' || coverTitle(c.grid, c.found.cell)));
  const coverYears = new Set(covers.map((c) => c.found.year));
  const fileYears = yearsIn(fileName.replace(/\.[a-z]+$/i, ''));
  const workbook: YearFound | null =
    coverYears.size === 1
      ? {
          year: covers[0].found.year,
          source: 'cover',
          cell: covers[0].found.cell ? `'${covers[0].grid.name}'!${covers[0].found.cell}` : null,
        }
      : fileYears.length === 1
        ? { year: fileYears[0], source: 'file', cell: null }
        : null;
  if (!workbook) return sheets;
  return sheets.map((s) =>
    s.year === null ? { ...s, year: workbook.year, yearSource: workbook.source, yearCell: workbook.cell } : s,
  );
}

/**
 * What a row's texts say of an action: `numbered`, a code or the line of its axe or objective;
 * `titled`, a text of 15 characters or more. The cell in `stateCol` is left out.
 */
function actionTexts(
  texts: readonly string[],
  palette: Palette,
  stateCol = -1,
): { numbered: boolean; titled: boolean } {
  let numbered = false;
  let titled = false;
  texts.forEach((text, c) => {
    if (c === stateCol || text === '') return;
    const kind = cellKind(text, null, palette);
    if (kind === 'code' || kind === 'axe' || kind === 'objective') numbered = true;
    if ((kind === 'long' || kind === 'short') && text.length >= 15) titled = true;
  });
  return { numbered, titled };
}

/** Rows below a legend of states that read as numbered, titled actions (0 without a legend). */
function actionsUnderLegend(grid: Grid): number {
  const legend = readLegend(grid, grid.cells.length);
  if (legend.length < 2) return 0;
  const palette = sheetPalette(undefined, legend);
  const below = Math.max(...legend.map((e) => fromA1(e.cell)?.row ?? 0));
  let rows = 0;
  for (let r = below + 1; r < grid.cells.length; r++) {
    const { numbered, titled } = actionTexts(rowTextsAt(grid, r), palette);
    if (numbered && titled) rows++;
  }
  return rows;
}

function countFilled(grid: Grid): { filledCells: number; statusCells: number; statusColumn: boolean } {
  let filledCells = 0;
  let statusCells = 0;
  // Per column: states written beside other text on their row (a title), as tracking data has them;
  // a list of values, a block of counts or the header of a cross table has none or one.
  const beside = new Map<number, number>();
  for (const row of grid.cells) {
    const texts = (row ?? []).map((cell) => cleanText(cell?.text));
    const states = texts.map((t) => {
      if (t === '') return false;
      const parsed = parseStatus(t);
      return parsed.match === 'canonical' || parsed.match === 'spelling';
    });
    texts.forEach((t) => {
      if (t !== '') filledCells++;
    });
    const words = texts.some((t, c) => t !== '' && !states[c] && !/^[\d\s.,%]+$/.test(t));
    states.forEach((isState, c) => {
      if (!isState) return;
      statusCells++;
      if (words) beside.set(c, (beside.get(c) ?? 0) + 1);
    });
  }
  const statusColumn = [...beside.values()].some((n) => n >= 2);
  return { filledCells, statusCells, statusColumn };
}

interface Context {
  axe: PlanNode | null;
  objectif: PlanNode | null;
}

/** A table header found on the sheet, with its layout (and its Excel table, when it heads one). */
interface HeaderAt {
  row: number;
  layout: TableLayout;
  table: GridTable | null;
  labels: string[];
}

/** The columns one reading takes from a header: its year's, or the table's when it is not read by year. */
interface ReadingColumns {
  map: ColumnMap;
  /** Other columns whose cells are states: a state there is theirs, never a row pushed right. */
  otherStates?: readonly number[];
  /** What every row of the table asks, worked out once for the table (readingColumns). */
  roles: readonly ColumnRole[];
  noteRoles: readonly (typeof NOTE_ROLES)[number][];
  /** The columns of a table with one column per state (ticks), by state. */
  tickEntries: readonly [StatusId, number][];
}

/** A table's columns, with what its rows ask of them worked out once. */
function readingColumns(
  map: ColumnMap,
  ticks: Partial<Record<StatusId, number>>,
  otherStates?: readonly number[],
): ReadingColumns {
  return {
    map,
    ...(otherStates ? { otherStates } : {}),
    roles: Object.keys(map) as ColumnRole[],
    noteRoles: NOTE_ROLES.filter((role) => map[role] !== undefined),
    tickEntries: Object.entries(ticks) as [StatusId, number][],
  };
}

/** Reads one sheet; null when it holds no tracking table. A wide multi-year sheet gives its first year. */
export function readTrackingSheet(grid: Grid, options: ReadOptions = {}): TrackingSheet | null {
  return readSheetReadings(grid, options)[0] ?? null;
}

/**
 * Reads one sheet: one reading per year it reports (a wide sheet with a state column per year gives
 * several), or none when it holds no tracking table.
 */
export function readSheetReadings(grid: Grid, options: ReadOptions = {}): TrackingSheet[] {
  const merges = indexMerges(grid);
  const rowTexts = grid.cells.map((_, r) => rowTextsAt(grid, r));
  const found = findHeaders(grid, merges, rowTexts, sheetPalette(options.palette, []));
  const taught = taughtFor(grid, options, found.length > 0);
  const headers = taught?.columns ? taughtHeaders(grid, rowTexts, taught.columns, found) : found;
  if (headers.length === 0) {
    // No table: maybe one fiche-action written as a form of labels and values.
    const form = readFicheForm(grid, sheetPalette(options.palette, []), findYear(grid, FORM_TITLE_ROWS));
    return form ? [{ ...form, contractTitle: findContractTitle(grid, FORM_TITLE_ROWS) }] : [];
  }

  const top = headers[0].layout.groupRow ?? headers[0].row;
  const legend = readLegend(grid, top);
  const kindLegend = readKindLegend(grid, top);
  const contractTitle = findContractTitle(grid, top);
  const palette = sheetPalette(options.palette, legend);
  const years = [...new Set(headers.flatMap((h) => h.layout.years.map((y) => y.year)))].sort((a, b) => a - b);
  let key: StatusKey | null = null;
  const context: SheetContext = {
    grid,
    merges,
    rowTexts,
    headers,
    palette,
    kindLegend,
    contractTitle,
    key: () => (key ??= readStatusKey(grid)),
    families: !legend.some((e) => e.colour),
    rowYear: null,
    taught: Boolean(taught?.columns),
  };

  if (taught) {
    const year: YearFound =
      taught.columns?.year != null ? { year: taught.columns.year, source: 'taught', cell: null } : findYear(grid, top);
    const reading = sheetReading(context, null, false, year, legend);
    const problem =
      taught.problem ?? (taught.columns ? taughtMisfit(grid, reading.header.rows[0] - 1, taught.columns) : null);
    return [{ ...reading, taught: { text: taught.text, problem } }];
  }
  if (years.length === 0) {
    // One row per action and year: a reading per year of the year column.
    // Tables one under another, each under a title that names its own year: a reading per year.
    const tables = tablesByYear(grid, rowTexts, headers);
    if (tables.length >= 2) {
      return tables.map((t, i) =>
        sheetReading(
          { ...context, rows: t.rows, headers: headers.filter((h) => t.rows(h.row)) },
          null,
          false,
          { year: t.year, source: 'title', cell: t.cell },
          i === tables.length - 1 ? legend : [],
        ),
      );
    }
    const long = headers.find((h) => h.layout.yearColumn !== null);
    if (long && long.layout.yearColumn !== null) {
      const col = long.layout.yearColumn;
      const rowYears = yearsOfColumn(grid, long.row, col);
      if (rowYears.length > 0) {
        const cell = toA1(long.row, col);
        return rowYears.map((year) =>
          sheetReading(
            { ...context, rowYear: col },
            year,
            false,
            { year, source: 'column', cell },
            year === rowYears[rowYears.length - 1] ? legend : [],
          ),
        );
      }
    }
    return [sheetReading(context, null, false, findYear(grid, top), legend)];
  }
  // A blank state under a year means the action is not in that year's plan (wide sheets only).
  const byYear = years.length >= 2;
  return years.map((year) => {
    const cell = headers.flatMap((h) => h.layout.years).find((y) => y.year === year)?.yearCell ?? null;
    // The legend and its counts belong to one year: keep them with the last one.
    const own = year === years[years.length - 1] ? legend : [];
    return sheetReading(context, year, byYear, { year, source: 'header', cell }, own);
  });
}

/** The columns taught for a sheet: this run's, else the workbook's; with why they cannot be used. */
function taughtFor(
  grid: Grid,
  options: ReadOptions,
  hasTable: boolean,
): { columns: TaughtColumns | null; text: string; problem: string | null } | null {
  const given = options.columns;
  if (given && (given.sheet === null ? hasTable : given.sheet === grid.name)) {
    return { columns: given.taught, text: formatTaughtColumns(given.taught), problem: null };
  }
  if (grid.taught === undefined) return null;
  const stored = parseTaughtName(grid.taught);
  if (stored.ok) return { columns: stored.taught, text: formatTaughtColumns(stored.taught), problem: null };
  return {
    columns: null,
    text: grid.taught,
    problem:
      `Les colonnes enregistrées dans le classeur pour la feuille « ${grid.name} » (« ${grid.taught.slice(0, 80)} ») ` +
      `ne peuvent pas être lues : ${stored.message} Indiquez-les de nouveau avec cls-bilan sync FICHIER --colonnes etat=…`,
  };
}

/**
 * The headers of a sheet read with taught columns: the rows found as headers (repeated after page
 * breaks), or the row given (`ligne=`), or the row above the first filled cell of the state
 * column; each laid out with the taught roles over the ones its words give.
 */
function taughtHeaders(
  grid: Grid,
  rowTexts: readonly string[][],
  taught: TaughtColumns,
  found: readonly HeaderAt[],
): HeaderAt[] {
  const layoutOf = (row: number, base: ColumnMap): TableLayout => {
    const roles: ColumnMap = {};
    const taken = new Set(Object.values(taught.columns));
    for (const [role, col] of Object.entries(base) as [ColumnRole, number][]) {
      if (!taken.has(col) && taught.columns[role] === undefined) roles[role] = col;
    }
    return {
      headerRow: row,
      groupRow: null,
      base: { ...roles, ...taught.columns },
      years: [],
      ticks: {},
      inferred: [],
      yearColumn: null,
    };
  };
  const given = taught.headerRow !== null ? taught.headerRow - 1 : null;
  const rows =
    given !== null
      ? [given]
      : found.length > 0
        ? found.map((h) => h.row)
        : [firstLabelRow(rowTexts, taught.columns.status as number)];
  return rows.map((row) => {
    const same = found.find((h) => h.row === row);
    const labels = (rowTexts[row] ?? []).filter((t) => t !== '');
    return { row, layout: layoutOf(row, same?.layout.base ?? {}), table: same?.table ?? null, labels };
  });
}

/** The header row of a taught state column: the row above its first state (or its label's row). */
function firstLabelRow(rowTexts: readonly string[][], statusCol: number): number {
  for (let r = 0; r < rowTexts.length; r++) {
    const t = rowTexts[r][statusCol] ?? '';
    if (t === '') continue;
    return parseStatus(t).match === 'unknown' ? r : r - 1;
  }
  return -1;
}

/** Why taught columns do not fit the sheet any more (a column deleted or moved), or null. */
function taughtMisfit(grid: Grid, headerRow: number, taught: TaughtColumns): string | null {
  const empty: string[] = [];
  for (const [role, col] of Object.entries(taught.columns) as [ColumnRole, number][]) {
    if (role !== 'status' && role !== 'title') continue;
    let filled = false;
    for (let r = headerRow + 1; r < grid.cells.length && !filled; r++) {
      const cell = cellAt(grid, r, col);
      filled = cleanText(cell?.text) !== '' || normalizeColour(cell?.fill) !== null;
    }
    if (!filled) empty.push(`${role === 'status' ? 'des états' : 'des intitulés'} (${columnLetters(col)})`);
  }
  if (empty.length === 0) return null;
  return (
    `Les colonnes indiquées pour la feuille « ${grid.name} » ne correspondent plus au tableau : la colonne ` +
    `${empty.join(' et la colonne ')} est vide sous l'en-tête (une colonne a sans doute été ajoutée ou supprimée). ` +
    `Indiquez-les de nouveau : cls-bilan sync FICHIER --colonnes etat=…,intitule=…`
  );
}

/** A reading's year, where it came from and the cell that gave it. */
interface YearFound {
  year: number | null;
  source: TrackingSheet['yearSource'];
  cell: string | null;
}

interface SheetContext {
  grid: Grid;
  merges: MergeIndex;
  rowTexts: string[][];
  headers: HeaderAt[];
  palette: Palette;
  kindLegend: KindLegendEntry[];
  contractTitle: { text: string; cell: string } | null;
  /** The sheet's key for symbols and percentages, read the first time a cell needs it. */
  key: () => StatusKey;
  /** The sheet has no legend of colours: fills are read by their colour family too. */
  families: boolean;
  /** The column of years of a long table (one row per action and year), when reading one year of it. */
  rowYear: number | null;
  /** The columns were taught by the user. */
  taught: boolean;
  /** The rows of this reading, when the sheet holds tables of several years. */
  rows?: (r: number) => boolean;
}

/** Rows above a table's header where its own title may be. */
const TABLE_TITLE_ROWS = 12;

/**
 * Tables of several years on one sheet, each under its own title (« Bilan 2022 », « Année 2023 »):
 * per year, the rows of its tables (a table without a title of its own goes on the one above, as a
 * header repeated after a page break does). Empty unless two titles name two different years.
 */
function tablesByYear(
  grid: Grid,
  rowTexts: readonly string[][],
  headers: readonly HeaderAt[],
): { year: number; cell: string | null; rows: (r: number) => boolean }[] {
  if (headers.length < 2) return [];
  const titles = headers.map((h, i) => {
    const top = h.layout.groupRow ?? h.row;
    // A title stands at the table's left edge; a remark of the row above (« Chantier 2021 ») does not.
    const left = Math.min(...Object.values(h.layout.base), ...h.layout.years.flatMap((y) => Object.values(y.map)));
    const floor = i === 0 ? 0 : headers[i - 1].row + 1;
    for (let r = top - 1; r >= Math.max(floor, top - TABLE_TITLE_ROWS); r--) {
      const filled = rowTexts[r].map((t, c) => ({ t, c })).filter((x) => x.t !== '');
      if (filled.length === 0) continue;
      // A title line holds a cell or two; a row of data (the table above) ends the search.
      if (filled.length > 2) break;
      for (const { t, c } of filled) {
        if (c > left + 1 || t.length > 100 || UPDATE_PHRASE.test(t)) continue;
        const years = yearsIn(t);
        if (years.length === 1) return { year: years[0], cell: toA1(r, c) };
      }
    }
    return null;
  });
  const distinct = new Set(titles.filter((t) => t !== null).map((t) => t.year));
  if (distinct.size < 2) return [];
  // Each header's year: its own title's, else the one above's (the first: the next one's is not its).
  const starts: { year: number; cell: string | null; from: number }[] = [];
  headers.forEach((h, i) => {
    const title = titles[i];
    if (title && (starts.length === 0 || starts[starts.length - 1].year !== title.year)) {
      starts.push({ year: title.year, cell: title.cell, from: i === 0 ? 0 : (h.layout.groupRow ?? h.row) });
    }
  });
  if (starts.length === 0 || titles[0] === null) return [];
  const byYear = new Map<number, { cell: string | null; spans: [number, number][] }>();
  starts.forEach((s, i) => {
    const to = i + 1 < starts.length ? starts[i + 1].from - 1 : grid.cells.length;
    const entry = byYear.get(s.year) ?? { cell: s.cell, spans: [] };
    entry.spans.push([s.from, to]);
    byYear.set(s.year, entry);
  });
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, { cell, spans }]) => ({
      year,
      cell,
      rows: (r: number) => spans.some(([from, to]) => r >= from && r <= to),
    }));
}

/** The years written in a column of years under a header, in order. */
function yearsOfColumn(grid: Grid, headerRow: number, col: number): number[] {
  const out = new Set<number>();
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    const t = cleanText(cellAt(grid, r, col)?.text);
    if (/^(?:19|20)\d\d$/.test(t)) out.add(Number(t));
  }
  return [...out].sort((a, b) => a - b);
}

/** One reading of the sheet: the columns of `readingYear` (null: the table read as one year). */
function sheetReading(
  context: SheetContext,
  readingYear: number | null,
  byYear: boolean,
  found: YearFound,
  legend: LegendEntry[],
): TrackingSheet {
  const { actions, skippedRows } = readRows(context, readingYear, byYear);
  const first = context.headers[0];
  const columns = columnsFor(first.layout, readingYear) ?? readingColumns({}, {});
  const header: HeaderInfo = {
    rows: context.headers.map((h) => h.row + 1),
    columns: lettersOf(columns.map),
    labels: first.labels,
  };
  if (first.layout.inferred.length > 0) header.inferred = [...first.layout.inferred];
  const alternatives = [...new Set(context.headers.flatMap((h) => h.layout.statusAlternatives ?? []))];
  if (alternatives.length > 0 && !context.taught) header.statusAlternatives = alternatives.map(columnLetters);
  if (context.taught) header.taught = true;
  if (context.rowYear !== null) header.yearColumn = columnLetters(context.rowYear);
  const ticks = columns.tickEntries;
  if (ticks.length > 0) {
    header.statusColumns = Object.fromEntries(ticks.map(([id, col]) => [id, columnLetters(col)]));
  }
  if (first.layout.groupRow !== null) header.groupRow = first.layout.groupRow + 1;
  if (first.table) header.table = first.table.name;
  return {
    name: context.grid.name,
    year: found.year,
    yearSource: found.source,
    yearCell: found.cell,
    header,
    contractTitle: context.contractTitle,
    legend,
    kindLegend: context.kindLegend,
    actions,
    skippedRows,
  };
}

function lettersOf(map: ColumnMap): Partial<Record<ColumnRole, string>> {
  return Object.fromEntries(Object.entries(map).map(([role, col]) => [role, columnLetters(col as number)])) as Partial<
    Record<ColumnRole, string>
  >;
}

function columnsFor(layout: TableLayout, year: number | null): ReadingColumns | null {
  if (year === null || layout.yearColumn !== null)
    return readingColumns(layout.base, layout.ticks, layout.otherStateColumns);
  const found = layout.years.find((y) => y.year === year);
  return found ? readingColumns(found.map, {}, layout.otherStateColumns) : null;
}

/**
 * The sheet's table headers as the reader finds them, each with the columns whose fills it reads
 * (states: by text, colour or tick; titles: fiche or piste by colour), for hosts that load fills
 * only where they are needed.
 */
export function headersWithFillColumns(grid: Grid): { row: number; top: number; columns: number[]; states: boolean }[] {
  const merges = indexMerges(grid);
  const rowTexts = grid.cells.map((_, r) => rowTextsAt(grid, r));
  return findHeaders(grid, merges, rowTexts, DEFAULT_PALETTE).map((h) => {
    const maps = [h.layout.base, ...h.layout.years.map((y) => y.map)];
    const columns = new Set<number>();
    for (const map of maps) {
      if (map.status !== undefined) columns.add(map.status);
      if (map.title !== undefined) columns.add(map.title);
    }
    for (const c of Object.values(h.layout.ticks)) columns.add(c);
    const states = maps.some((m) => m.status !== undefined) || Object.keys(h.layout.ticks).length > 0;
    return { row: h.row, top: Math.max(0, h.layout.groupRow ?? h.row), columns: [...columns], states };
  });
}

/**
 * A row that holds data, whatever words it has: a date, a number, a « oui »/« non », a numbered
 * action with its title, or a cell coloured with a state colour and no text where no text of the row
 * has that colour (a header's cells are labels, coloured alike if at all).
 */
function rowOfData(grid: Grid, r: number, palette: Palette): boolean {
  const row = grid.cells[r] ?? [];
  const textFills = new Set<string>();
  const blankFills: string[] = [];
  for (const cell of row) {
    const text = cleanText(cell?.text);
    const kind = cellKind(text, cell?.fill, palette);
    if (kind === 'date' || kind === 'number' || kind === 'yesNo') return true;
    const fill = normalizeColour(cell?.fill);
    if (text !== '' && fill) textFills.add(fill);
    if (kind === 'colour' && fill) blankFills.push(fill);
  }
  if (blankFills.some((f) => !textFills.has(f))) return true;
  // A numbered action with its title (« 1.2.1 | Projet de territoire… »).
  const { numbered, titled } = actionTexts(rowTextsAt(grid, r), palette);
  return numbered && titled;
}

/**
 * A row inside a column of states: the row above has a state in some column, most of the three rows
 * below too, and this row has a state there or nothing (an action without a state). A header does
 * not stand between an action and the next.
 */
function insideStateColumn(grid: Grid, r: number, palette: Palette): boolean {
  if (r === 0) return false;
  const isState = (row: number, c: number) => {
    const cell = cellAt(grid, row, c);
    const kind = cellKind(cleanText(cell?.text), cell?.fill, palette);
    return kind === 'state' || kind === 'colour';
  };
  const width = (grid.cells[r - 1] ?? []).length;
  for (let c = 0; c < width; c++) {
    if (!isState(r - 1, c)) continue;
    const own = cellAt(grid, r, c);
    if (cleanText(own?.text) !== '' && !isState(r, c)) continue;
    let below = 0;
    for (let k = r + 1; k <= r + 3; k++) if (isState(k, c)) below++;
    if (below >= 2) return true;
  }
  return false;
}

/** Every header row of the sheet (an Excel table's own header row first of all), with its layout. */
function findHeaders(grid: Grid, merges: MergeIndex, rowTexts: readonly string[][], palette: Palette): HeaderAt[] {
  const tableHeads = new Map<number, GridTable>();
  for (const t of grid.tables ?? []) if (t.headerRow) tableHeads.set(t.range.top, t);
  const underTitles = rowsUnderMergedTitles(grid);
  const found: { row: number; cells: PlacedHeaderCell[]; texts: string[]; table: GridTable | null }[] = [];
  for (let r = 0; r < rowTexts.length; r++) {
    const table = tableHeads.get(r) ?? null;
    const own = rowTexts[r];
    if (!table && !underTitles.has(r) && !own.some(mayBeTitleHeader)) continue;
    const texts = underTitles.has(r) ? headerTexts(grid, merges, r) : own;
    const cells = readHeaderRow(texts, table ? { minCells: 1 } : {});
    if (
      cells &&
      !statesUnderTicks(rowTexts, r, cells) &&
      (table || (!rowOfData(grid, r, palette) && !insideStateColumn(grid, r, palette)))
    )
      found.push({ row: r, cells, texts, table });
  }
  // A header after the first one repeats it (a page break, a sub-table) or begins a table after a
  // gap; a row of data that happens to read like a header does neither. Two header rows one above
  // the other: the upper one holds group titles over the lower one.
  const kept: typeof found = [];
  for (const h of found) {
    const previous = kept[kept.length - 1];
    if (previous && previous.row === h.row - 1) {
      // A row of states under a header that names its state column is its first row of data, not
      // a header of one column per state.
      // The same for a row whose cell in that state column is a state (a word or a state colour).
      const statusCol = previous.cells.find((c) => c.role === 'status')?.col;
      const stateCell = statusCol === undefined ? null : cellAt(grid, h.row, statusCol);
      const stateBelow =
        stateCell !== null &&
        ['state', 'colour'].includes(cellKind(cleanText(stateCell?.text), stateCell?.fill, palette));
      const dataUnder = (statusCol !== undefined && h.cells.some((c) => c.role === 'tick')) || stateBelow;
      if (!dataUnder) kept[kept.length - 1] = h;
      continue;
    }
    const repeats = kept.some((k) => headerSignature(k.cells) === headerSignature(h.cells));
    // A new table's header comes after a gap, in short labels; a row of data that reads like a
    // header (« Projet mobilité | Difficultés de mobilisation des… ») under a remark continued
    // from the row above does neither.
    const span = h.cells.map((c) => c.col);
    const labels = h.texts.every((t, c) => t.length <= 60 || c < Math.min(...span) || c > Math.max(...span));
    const leftEdge = Math.min(...(kept[0]?.cells.map((c) => c.col) ?? [0]));
    if (!previous || repeats || (labels && afterGap(rowTexts, h.row, leftEdge))) kept.push(h);
  }
  // Tables whose header names no column in words the tool knows, in the rows no table found by
  // its words covers: each found by its column of states. A table found in a block of rows leaves
  // the rows above it and below it to look at.
  const covered = new Array<boolean>(rowTexts.length).fill(false);
  for (const h of kept) {
    const end = tableEnd(rowTexts, h.row);
    for (let r = h.row; r <= end; r++) covered[r] = true;
  }
  const blocks: [number, number][] = [];
  for (let from = 0; from < rowTexts.length;) {
    if (covered[from]) {
      from++;
      continue;
    }
    let to = from;
    while (to < rowTexts.length && !covered[to]) to++;
    blocks.push([from, to]);
    from = to;
  }
  while (blocks.length > 0) {
    const [from, to] = blocks.pop() as [number, number];
    if (to <= from) continue;
    const found = contentHeader(grid, merges, rowTexts, palette, from, to);
    if (!found) continue;
    kept.push({ ...found, table: null });
    blocks.push([from, found.row], [Math.max(found.row + 1, Math.min(to, tableEnd(rowTexts, found.row) + 1)), to]);
  }
  kept.sort((a, b) => a.row - b.row);
  const headers = kept.map((h) => {
    let right = h.texts.length - 1;
    while (right > 0 && h.texts[right] === '') right--;
    right = Math.max(right, ...h.cells.map((c) => c.col));
    return {
      row: h.row,
      layout: tableLayout(grid, merges, h.row, h.cells, right, h.texts, palette),
      table: h.table,
      labels: h.texts.filter((t) => t !== ''),
    };
  });
  // A header whose columns, words and cells together, name neither the actions nor their states
  // heads no tracking table.
  return headers.filter((h) => {
    const maps = [h.layout.base, ...h.layout.years.map((y) => y.map)];
    return maps.some((m) => m.title !== undefined || m.code !== undefined || m.status !== undefined);
  });
}

/** The last row of the table under a header: before two blank rows in a row, or the sheet's end. */
function tableEnd(rowTexts: readonly string[][], headerRow: number): number {
  let last = headerRow;
  let blank = 0;
  for (let r = headerRow + 1; r < rowTexts.length; r++) {
    if (rowTexts[r].every((t) => t === '')) {
      if (++blank >= BLANK_ROWS_ENDING_A_TABLE) break;
      continue;
    }
    blank = 0;
    last = r;
  }
  return last;
}

/** Rows above a column of states where its header may be. */
const HEADER_SEARCH_ROWS = 10;
/** States a column needs before it is taken for a table without a header the tool knows. */
const MIN_CONTENT_STATES = 3;

/**
 * A table whose header names no column in words the tool knows (« Quoi ? | Qui ? | Où en est-on ? »),
 * or that has no header row at all, found by its column of states: the column where most cells are
 * states. Its header is the row above the first state that reads as a row of labels (short texts,
 * one above the states), or, with none, the table starts under a blank or title row. The header
 * cells the tool knows keep their roles; the state column is marked; the cells decide the rest.
 */
function contentHeader(
  grid: Grid,
  merges: MergeIndex,
  rowTexts: readonly string[][],
  palette: Palette,
  /** The rows looked at: `from` included, `to` excluded. */
  from: number,
  to: number,
): { row: number; cells: PlacedHeaderCell[]; texts: string[] } | null {
  const width = Math.min(
    rowTexts.reduce((w, t) => Math.max(w, t.length), 0),
    200,
  );
  let best: { col: number; first: number; states: number } | null = null;
  const candidates: { col: number; first: number; states: number }[] = [];
  // Lines of a legend (a swatch, a state's sentence, maybe a count) are no actions.
  const legend = new Set<number>();
  for (let r = from; r < to; r++) if (legendLine(grid, rowTexts[r], r, palette)) legend.add(r);
  for (let c = 0; c < width; c++) {
    let states = 0;
    let others = 0;
    let first = -1;
    let described = 0;
    for (let r = from; r < to; r++) {
      const m = mergeAt(merges, r, c);
      if (m && (m.top !== r || m.left !== c)) continue;
      if (legend.has(r)) continue;
      const cell = cellAt(grid, r, c);
      const kind = cellKind(cleanText(cell?.text), cell?.fill, palette);
      if (kind === 'state' || kind === 'colour') {
        // A state alone on its row is a legend line or a count, not an action's.
        if (rowTexts[r].filter((t) => t !== '').length < (kind === 'state' ? 2 : 1)) continue;
        // A colour band over an axe's or an objective's line is formatting, not a state.
        if (kind === 'colour' && readContextRow(rowTexts[r]) !== null) continue;
        if (first < 0) first = r;
        states++;
        // An action's row says what the action is, in words, beside its state; a legend line has a count.
        const describes = (t: string, k: number) =>
          k !== c && t.length >= 8 && !/^[\d\s.,%]+$/.test(t) && parseStatus(t).match === 'unknown';
        if (rowTexts[r].some(describes)) described++;
      } else if (kind !== 'empty' && first >= 0) others++;
    }
    const enough = states >= 1 && states >= others && described * 2 >= states;
    if (enough) candidates.push({ col: c, first, states });
    if (enough && (!best || states > best.states)) best = { col: c, first, states };
  }
  if (!best) return null;
  // A table from the sheet's first row has no header row at all: its « header » is row -1.
  let headerRow = best.first === 0 ? -1 : -2;
  const leftEdge = rowTexts[best.first].findIndex((t) => t !== '');
  for (let r = best.first - 1; r >= Math.max(from - 1, 0, best.first - HEADER_SEARCH_ROWS); r--) {
    const filled = rowTexts[r].filter((t) => t !== '');
    // A remark continued on its own row (one cell, right of the table's left edge) is inside the table.
    if (
      filled.length === 1 &&
      rowTexts[r].findIndex((t) => t !== '') > leftEdge &&
      r > 0 &&
      rowOfData(grid, r - 1, palette)
    )
      continue;
    // A line of an axe or an objective between the header and the first action: the header is above.
    if (
      filled.length === 1 &&
      readContextRow(rowTexts[r]) &&
      r > Math.max(from - 1, 0, best.first - HEADER_SEARCH_ROWS)
    )
      continue;
    // A blank line inside the table (an action without a state above it, dates and all) is not its top.
    if (
      filled.length === 0 &&
      r > 0 &&
      rowOfData(grid, r - 1, palette) &&
      !legendLine(grid, rowTexts[r - 1], r - 1, palette)
    )
      continue;
    if (filled.length <= 1) {
      headerRow = r;
      break;
    }
    const above = rowTexts[r][best.col] ?? '';
    if (above !== '' && filled.every((t) => t.length <= 60) && parseStatus(above).match === 'unknown') {
      headerRow = r;
      break;
    }
  }
  if (headerRow < -1) return null;
  const texts = headerRow < 0 ? [] : [...rowTexts[headerRow]];
  // Of the columns of states, the one its header names so (« État d'avancement »), never a forecast
  // (« Objectif 2023 »), else the one with the most states.
  const headed = (c: number) => headerCell(texts[c] ?? '')?.role === 'status';
  const usable = candidates.filter((c) => !isForecastHeader(texts[c.col] ?? ''));
  const state = usable.find((c) => headed(c.col)) ?? usable.sort((a, b) => b.states - a.states)[0];
  if (!state) return null;
  // A table of one or two actions (one sheet per axe) is one when its header names two columns in
  // words the tool knows; a column of states needs more states to stand on its own.
  const labels = texts.filter((t) => t !== '');
  const known = labels.filter((t) => headerCell(t) !== null).length;
  const labelRow = labels.length >= 3 && labels.every((t) => t.length <= 30 && parseStatus(t).match === 'unknown');
  // A legend of colours above marks the sheet as a tracking sheet: one action under it is a table.
  const underLegend = legend.size >= 2 && state.first > Math.max(...legend);
  if (
    state.states < MIN_CONTENT_STATES &&
    known < 2 &&
    !(known >= 1 && labelRow) &&
    !underLegend &&
    !actionRows(grid, rowTexts, state.col, from, to, palette)
  )
    return null;
  // Columns of states that no header tells apart (a forecast without a header): a guess.
  const alternatives = headed(state.col) ? [] : usable.filter((c) => c !== state).map((c) => c.col);
  const cells: PlacedHeaderCell[] = [];
  texts.forEach((text, col) => {
    if (text === '' || col === state.col) return;
    const cell = headerCell(text);
    // Another state column keeps its role when it names its own year (a wide table, a year per column).
    const ownYear = cell?.role === 'status' && cell.year !== null;
    if (cell && cell.role !== 'tick' && cell.role !== 'year' && (cell.role !== 'status' || ownYear))
      cells.push({ ...cell, col });
  });
  const stateHeader = texts[state.col] ?? '';
  const years = yearsIn(stateHeader);
  cells.push({
    role: 'status',
    col: state.col,
    year: years.length === 1 && !isForecastHeader(stateHeader) ? years[0] : null,
    percent: false,
    ...(alternatives.length > 0 ? { alternatives } : {}),
  });
  cells.sort((a, b) => a.col - b.col);
  return { row: headerRow, cells, texts };
}

/**
 * Every row with a state written in column `col` reads as an action's, whatever the sheet around:
 * a numbered action (a code, or the line of its axe or objective) with a title (a longer text that
 * is no state). One such row makes a table of one action (one sheet per axe, without a header).
 */
function actionRows(
  grid: Grid,
  rowTexts: readonly string[][],
  col: number,
  from: number,
  to: number,
  palette: Palette,
): boolean {
  let rows = 0;
  for (let r = from; r < to; r++) {
    const cell = cellAt(grid, r, col);
    const stateKind = cellKind(cleanText(cell?.text), cell?.fill, palette);
    if (stateKind !== 'state' && stateKind !== 'colour') continue;
    // A colour band over an axe's or an objective's line is formatting, not a state.
    if (stateKind === 'colour' && readContextRow(rowTexts[r]) !== null) continue;
    // Numbered: as actionTexts says, or by the line of its axe or objective just above, or by a
    // title written after its number (« FA4 Lutte contre… »).
    const own = actionTexts(rowTexts[r], palette, col);
    const groupAbove = [r - 1, r - 2].some((k) => k >= from && readContextRow(rowTexts[k]) !== null);
    const numbered = own.numbered || groupAbove || rowTexts[r].some((t) => GLUED_TITLE.test(t));
    if (!numbered || !own.titled) return false;
    rows++;
  }
  return rows > 0;
}

/**
 * A line of a legend of colours: a swatch (a cell with a state colour and no text but maybe the
 * count) beside a state's sentence, and nothing else.
 */
function legendLine(grid: Grid, texts: readonly string[], r: number, palette: Palette): boolean {
  const filled = texts.filter((t) => t !== '');
  if (filled.length === 0 || filled.length > 2) return false;
  const sentence = filled.filter((t) => !/^\d{1,5}$/.test(t));
  if (sentence.length !== 1) return false;
  const parsed = parseStatus(sentence[0]);
  if (!parsed.status || parsed.match === 'unknown' || parsed.match === 'partial') return false;
  // The swatch may hold the count.
  return (grid.cells[r] ?? []).some(
    (cell) => /^\d{0,5}$/.test(cleanText(cell?.text)) && stateColour(cell?.fill, palette),
  );
}

/** Rows below a header of one column per state looked at for what its columns hold. */
const TICK_CHECK_ROWS = 5;

/**
 * A row read as a header of one column per state (« Réalisé | En cours | Non commencé ») whose
 * columns hold state words below, not ticks: a row of data with its states, not a header.
 */
function statesUnderTicks(rowTexts: readonly string[][], r: number, cells: readonly PlacedHeaderCell[]): boolean {
  const ticks = cells.filter((c) => c.role === 'tick').map((c) => c.col);
  if (ticks.length === 0) return false;
  let seen = 0;
  for (let k = r + 1; k < rowTexts.length && seen < TICK_CHECK_ROWS; k++) {
    const texts = rowTexts[k];
    if (texts.every((t) => t === '')) continue;
    seen++;
    if (ticks.some((c) => (texts[c] ?? '').length > 3 && parseStatus(texts[c]).match !== 'unknown')) return true;
  }
  return false;
}

function headerSignature(cells: readonly PlacedHeaderCell[]): string {
  return cells.map((c) => `${c.role}${c.status ?? ''}@${c.col}`).join(' ');
}

/** The row above is blank or a title line (one cell): what comes before a new table. */
/**
 * The row above is blank, or a title line: one cell, at the left edge of the table (a remark
 * continued on its own row stands in its column, further right).
 */
function afterGap(rowTexts: readonly string[][], r: number, leftEdge = 0): boolean {
  if (r === 0) return true;
  const filled = rowTexts[r - 1].map((t, c) => ({ t, c })).filter((x) => x.t !== '');
  return filled.length === 0 || (filled.length === 1 && filled[0].c <= leftEdge);
}

/** Rows covered by a header cell merged down from the row above (a two-row header). */
function rowsUnderMergedTitles(grid: Grid): Set<number> {
  const out = new Set<number>();
  for (const m of grid.merges) {
    if (m.bottom === m.top) continue;
    if (!mayBeTitleHeader(cleanText(cellAt(grid, m.top, m.left)?.text))) continue;
    for (let r = m.top + 1; r <= Math.min(m.bottom, m.top + 3); r++) out.add(r);
  }
  return out;
}

/** A row's texts as a header shows them: a cell merged down from above shows its text here too. */
function headerTexts(grid: Grid, merges: MergeIndex, r: number): string[] {
  const width = Math.max(grid.cells[r]?.length ?? 0, grid.cells[r - 1]?.length ?? 0);
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    const m = mergeAt(merges, r, c);
    const from = m && m.top < r && m.left === c ? cellAt(grid, m.top, c) : cellAt(grid, r, c);
    out.push(m && m.left !== c ? '' : cleanText(from?.text));
  }
  return out;
}

function readRows(
  context: SheetContext,
  year: number | null,
  byYear: boolean,
): { actions: Action[]; skippedRows: number[] } {
  const { grid, merges, rowTexts, headers, palette, kindLegend } = context;
  const firstHeader = headers[0].row;
  const actions: Action[] = [];
  const skippedRows: number[] = [];
  const headerByRow = new Map(headers.map((h) => [h.row, h]));
  const groupRows = new Set(headers.map((h) => h.layout.groupRow).filter((r): r is number => r !== null));
  // A table without a header row starts on the sheet's first row.
  const headless = headerByRow.get(-1);
  let columns: ReadingColumns | null = headless ? columnsFor(headless.layout, year) : null;
  let table: GridTable | null = null;
  let blankRun = 0;
  let tableActions: Action[] = [];
  const ctx: Context = { axe: null, objectif: null };
  // Carried values of the axis/objective columns, by column role.
  let carried: Context = { axe: null, objectif: null };

  for (let r = 0; r < grid.cells.length; r++) {
    // Several tables of several years on one sheet: only the rows of this reading's tables.
    if (context.rows && !context.rows(r)) continue;
    const header = headerByRow.get(r);
    if (header) {
      // A repeated header keeps the axis/objective carried from above (a group cut by a page break).
      columns = columnsFor(header.layout, year);
      table = header.table;
      blankRun = 0;
      tableActions = [];
      continue;
    }
    if (groupRows.has(r)) continue;
    if (table && r > table.range.bottom) {
      columns = null;
      table = null;
    }
    // An Excel table's totals row is never an action.
    if (table && table.totalsRow && r === table.range.bottom) continue;
    const map = columns?.map ?? null;
    const texts = rowTexts[r];
    const hasFill = rowHasFill(grid, r, map);
    if (!texts.some(isWritten) && !hasFill) {
      blankRun++;
      if (blankRun >= BLANK_ROWS_ENDING_A_TABLE && !table) columns = null;
      continue;
    }
    blankRun = 0;
    const contextRow = readContextRow(texts);
    if (contextRow && (!map || !rowHasStatusOrCode(texts, map))) {
      if (contextRow.axe) {
        ctx.axe = contextRow.axe;
        ctx.objectif = null;
      }
      if (contextRow.objectif) ctx.objectif = contextRow.objectif;
      carried = { axe: ctx.axe, objectif: ctx.objectif };
      continue;
    }
    if (!map || !columns || r < firstHeader) continue;
    if (isSummaryRow(texts, map)) {
      skippedRows.push(r + 1);
      continue;
    }

    const plan = readPlanCells(grid, merges, r, texts, map, carried, ctx);
    carried = plan;
    // A long table: only the rows of the year read.
    if (context.rowYear !== null && year !== null && cleanText(cellAt(grid, r, context.rowYear)?.text) !== String(year))
      continue;
    const action = readActionRow(grid, merges, r, columns, plan, palette, kindLegend, byYear, context);
    if (action === 'absent') continue;
    if (action === 'continuation') {
      const previous = tableActions[tableActions.length - 1];
      if (previous) appendContinuation(previous, grid, merges, r, map);
      else skippedRows.push(r + 1);
      continue;
    }
    if (action === null) {
      skippedRows.push(r + 1);
      continue;
    }
    actions.push(action);
    tableActions.push(action);
  }
  return { actions, skippedRows };
}

function rowTextsAt(grid: Grid, r: number): string[] {
  const row = grid.cells[r] ?? [];
  const out: string[] = [];
  for (let c = 0; c < row.length; c++) {
    const text = row[c]?.text;
    // An empty cell has no text to clean (a table's axis and objective columns are mostly empty).
    out.push(text === undefined ? '' : cleanText(text));
  }
  return out;
}

function rowHasFill(grid: Grid, r: number, map: ColumnMap | null): boolean {
  if (!map || map.status === undefined) return false;
  return Boolean(cellAt(grid, r, map.status)?.fill);
}

/** Whether the row has a state or a code where the table keeps them (a group line has neither). */
function rowHasStatusOrCode(texts: readonly string[], map: ColumnMap): boolean {
  const status = map.status !== undefined ? (texts[map.status] ?? '') : '';
  const code = map.code !== undefined ? (texts[map.code] ?? '') : '';
  if (status !== '' && parseStatus(status).match !== 'unknown') return true;
  return code !== '' && (looksLikeCode(code) || /^\d+$/.test(code));
}

const SUMMARY_START =
  /^(?:sous )?(?:total|totaux)\b|^(?:nombre|nb|nbre|somme|moyenne|taux|pourcentage|part) (?:d |de |des |total)?/;
const LABEL_AND_COUNT = /^[^:]{1,60}:\s*\d+(?:[.,]\d+)?\s*(?:%|,|;|$|soit|actions?|fiches?)/i;
const NUMERIC = /^[\d\s.,]+\s*%?$/;
const TOTAL_WORD = /^(?:sous )?(?:total|totaux)(?: general| des actions)?$/;

/**
 * Totals and counts inside or under a table (« Total : 73 », « Actions réalisées : 28, soit 38 % »,
 * a count beside a state word, a lone number under the state column): never actions.
 */
function isSummaryRow(texts: readonly string[], map: ColumnMap): boolean {
  // A state where the table keeps them first: most rows have one, and are read no further.
  const statusText = map.status !== undefined ? (texts[map.status] ?? '') : '';
  const parsed = parseStatus(statusText);
  if (statusText !== '' && parsed.status !== null && parsed.match !== 'unknown') return false;
  const nonEmpty = texts.filter((t) => t !== '');
  if (nonEmpty.length === 0) return false;
  if (SUMMARY_START.test(normalize(nonEmpty[0]))) return true;
  if (LABEL_AND_COUNT.test(nonEmpty[0])) return true;
  const title = map.title !== undefined ? (texts[map.title] ?? '') : '';
  const code = map.code !== undefined ? (texts[map.code] ?? '') : '';
  // A count where the state goes, beside « Nombre d'actions », « Total »… wherever they stand.
  if (statusText !== '' && NUMERIC.test(statusText) && nonEmpty.some((t) => SUMMARY_START.test(normalize(t))))
    return true;
  // « Total » written anywhere on a row without a title: the row of totals.
  if ((title === '' || TOTAL_WORD.test(normalize(title))) && nonEmpty.some((t) => TOTAL_WORD.test(normalize(t))))
    return true;
  // A lone number under the table is a count; a percentage in the state column is a state (with a key).
  if (title === '' && code === '' && nonEmpty.every((t) => NUMERIC.test(t)) && !needsKey(statusText)) return true;
  // A block of counts: a state word where the title goes, a number beside it.
  if (title === '' || !nonEmpty.some((t) => NUMERIC.test(t))) return false;
  const titleStatus = parseStatus(title);
  return (
    titleStatus.status !== null &&
    (titleStatus.match === 'canonical' || titleStatus.match === 'spelling' || titleStatus.match === 'legend')
  );
}

// ---------------------------------------------------------------------------------------------
// Titles of axes and objectives written as rows of their own (the 2020 sub-table layout)

const AXE_ROW = /^axe\s*(?:strat[ée]gique\s*)?(?:n\s*°\s*|no\s+)?(\d+|[IVX]+\b)\s*[,:.\-–_)]?\s*(.*)$/i;
const OBJECTIF_ROW =
  /^(?:objectif\s*(?:op[ée]rationnel\s*|sp[ée]cifique\s*)?(?:n°\s*)?)?(\d+)\.(\d+)(?![.\d])\s*[_:.\-–)]?\s*(.*)$/i;

function readContextRow(texts: readonly string[]): Partial<Context> | null {
  const text = loneText(texts);
  if (text === null) return null;
  const axe = AXE_ROW.exec(text);
  if (axe) return { axe: { code: axe[1], title: axe[2].trim() } };
  const obj = OBJECTIF_ROW.exec(text);
  if (obj && obj[3].trim() !== '') {
    return { objectif: { code: `${obj[1]}.${obj[2]}`, title: obj[3].trim() } };
  }
  return null;
}

function isWritten(text: string): boolean {
  return text !== '';
}

/** The row's only text, or null when it has none or several (looked at on every row: no array built). */
function loneText(texts: readonly string[]): string | null {
  let lone: string | null = null;
  for (const t of texts) {
    if (t === '') continue;
    if (lone !== null) return null;
    lone = t;
  }
  return lone;
}

// ---------------------------------------------------------------------------------------------
// Axis and objective columns: written once per group, or merged; carried down

const OBJECTIVE_CODE = /^(\d+)\.(\d+)\.?$/;
const AXE_CELL = /^(?:axe\s*)?(\d+)\s*(?:[/.:,\-–)]|\s)\s*(.+)$/i;

function readPlanCells(
  grid: Grid,
  merges: MergeIndex,
  r: number,
  /** The row's clean texts (rowTexts). */
  texts: readonly string[],
  map: ColumnMap,
  carried: Context,
  context: Context,
): Context {
  const axeText = map.axe !== undefined ? visibleText(grid, merges, r, texts, map.axe) : '';
  const objText = map.objectif !== undefined ? visibleText(grid, merges, r, texts, map.objectif) : '';
  const axeStarts = map.axe !== undefined && startsGroup(grid, merges, r, texts, map.axe);
  const objStarts = map.objectif !== undefined && startsGroup(grid, merges, r, texts, map.objectif);
  if (!axeStarts && !objStarts) return carried;

  let axe = carried.axe;
  let objectif = carried.objectif;
  if (axeStarts && axeText) {
    const objCode = OBJECTIVE_CODE.exec(axeText);
    if (objCode) {
      // The PETR tables write the objective's code (« 1.1 ») in the AXES column.
      axe = sameAxe(carried.axe, objCode[1]) ?? sameAxe(context.axe, objCode[1]) ?? { code: objCode[1], title: '' };
      objectif = { code: `${objCode[1]}.${objCode[2]}`, title: objText };
      return { axe, objectif };
    }
    axe = parseAxeCell(axeText);
    objectif = null;
  }
  if (objStarts && objText) objectif = parseObjectifCell(objText);
  return { axe, objectif };
}

function sameAxe(axe: PlanNode | null, code: string): PlanNode | null {
  return axe && axe.code === code ? axe : null;
}

function parseAxeCell(text: string): PlanNode {
  const m = AXE_CELL.exec(text);
  return m ? { code: m[1], title: m[2].trim() } : { code: null, title: text };
}

function parseObjectifCell(text: string): PlanNode {
  const m = OBJECTIF_ROW.exec(text);
  if (m && m[3].trim() !== '') return { code: `${m[1]}.${m[2]}`, title: m[3].trim() };
  return { code: null, title: text };
}

/** True when the cell is non-empty and not the continuation of a merged area begun above. */
function startsGroup(grid: Grid, merges: MergeIndex, r: number, texts: readonly string[], c: number): boolean {
  const m = mergeAt(merges, r, c);
  if (m) return m.top === r && cleanText(cellAt(grid, m.top, m.left)?.text) !== '';
  // The row's own cell: its clean text is in `texts` already.
  return (texts[c] ?? '') !== '';
}

function visibleText(grid: Grid, merges: MergeIndex, r: number, texts: readonly string[], c: number): string {
  const m = mergeAt(merges, r, c);
  return m ? cleanText(cellAt(grid, m.top, m.left)?.text) : (texts[c] ?? '');
}

/**
 * The state cell of a row: a state merged down over several rows (« En cours » for a whole group)
 * gives its state to every row it covers; an area merged across columns is a title, not a state.
 */
function stateCell(grid: Grid, merges: MergeIndex, r: number, c: number | undefined): GridCell | undefined {
  if (c === undefined) return undefined;
  const m = mergeAt(merges, r, c);
  if (m && m.left === c && m.right === c) return cellAt(grid, m.top, c);
  return ownCell(grid, merges, r, c);
}

/** The cell's own content, or nothing when a merged area covers it (every cell but its top-left one). */
function ownCell(grid: Grid, merges: MergeIndex, r: number, c: number | undefined): GridCell | undefined {
  if (c === undefined) return undefined;
  const m = mergeAt(merges, r, c);
  if (m && (m.top !== r || m.left !== c)) return undefined;
  return cellAt(grid, r, c);
}

// ---------------------------------------------------------------------------------------------
// One row → one action

const GLUED_CODE = /^(\d+(?:\s*\.\s*\d+){1,3})\s*[_\-–:)]\s*(.*)$|^(\d+(?:\.\d+){2,3})\s+(.*)$/;
/** « 1-1-1 : titre », « 1-2-3_titre »: a hierarchical code written with dashes. */
const GLUED_DASHED = /^(\d+(?:-\d+){2,3})\s*[_:)–]\s*(.*)$|^(\d+(?:-\d+){2,3})\s+(.*)$/;
/** « A.1.2 Titre »: a code that begins with the axe's letter. */
const GLUED_LETTER = /^([A-Z](?:\.\d+){1,3})\s*[_\-–:)]?\s+(.*)$/;
const GLUED_PISTE = /^piste\s*(?:n\s*°|n°|no\.?|n\.)?\s*(\d*)\s*[_\-–:)]\s*(.+)$/i;
const GLUED_FICHE =
  /^(?:fa|fiche(?:[\s-]*action)?|action)\s*(?:n\s*°|n°|no|n)?\s*(\d+(?:\.\d+){0,3})\s*[_\-–:)]\s*(.+)$|^fa\s*(\d+(?:\.\d+){0,3})\s+(.+)$/i;
const CODE_CELL_HIERARCHICAL = /^\d+(?:\s*\.\s*\d+){1,3}\.?$/;
const DIGITS_AND_DOTS = /^[\d. ]+$/;
const CODE_CELL_DASHED = /^\d+(?:-\d+){1,3}$/;
const CODE_CELL_LETTER = /^[A-Z](?:\.\d+){1,3}$/i;
const CODE_CELL_FICHE =
  /^(?:fa|f\.a\.|fiche(?:[\s-]*action)?|action)?\s*(?:n\s*°|n°|no\.?|n\.)?\s*(\d+(?:\.\d+){0,3})$/i;

/** « 15 » → « FA 15 », « 007 » → « FA 7 », « 1.2 » → « FA 1.2 ». */
function ficheCode(number: string): string {
  return `FA ${/^\d+$/.test(number) ? Number(number) : number}`;
}

interface CodeReading {
  code: string | null;
  kind: ActionKind | null;
  written?: string;
}

/** Reads what a code column holds: « 1.1.1 », « Piste », « Action », « FA 15 », « Fiche n°15 ». */
export function readCodeCell(text: string): Readonly<CodeReading> {
  return cleanCodeReading(cleanText(text));
}

/** A plan repeats its codes year after year, and « Piste » on every other row: each is read once. */
const cleanCodeReading = memoized((t: string): Readonly<CodeReading> => Object.freeze(readCleanCode(t)), {
  limit: 5000,
  maxLength: 120,
});

function readCleanCode(t: string): CodeReading {
  if (t === '') return { code: null, kind: null };
  // A code of digits and dots (« 1.1.2 ») is neither « Piste » nor « Action »: not normalized.
  const norm = DIGITS_AND_DOTS.test(t) ? '' : normalize(t);
  if (norm === 'piste' || /^piste (?:n |no )?\d+$/.test(norm))
    return { code: null, kind: 'piste', written: t === 'Piste' ? undefined : t };
  if (norm === 'action') return { code: null, kind: 'action' };
  if (CODE_CELL_HIERARCHICAL.test(t)) {
    const code = t.replace(/\s+/g, '').replace(/\.$/, '');
    return { code, kind: 'fiche', written: code === t ? undefined : t };
  }
  if (CODE_CELL_DASHED.test(t)) return { code: t.replace(/-/g, '.'), kind: 'fiche', written: t };
  if (CODE_CELL_LETTER.test(t)) {
    const code = t.toUpperCase();
    return { code, kind: 'fiche', written: code === t ? undefined : t };
  }
  const fa = CODE_CELL_FICHE.exec(t);
  if (fa) {
    const code = /^\d+$/.test(t) ? t : ficheCode(fa[1]);
    return { code, kind: 'fiche', written: code === t ? undefined : t };
  }
  return { code: t, kind: 'fiche', written: t };
}

/** Splits a title that carries its code: « 1.1.1_Acquérir… », « Piste1_Projet… », « FA 15 : … ». */
export function splitGluedTitle(
  title: string,
  /** False when the row has its own code cell: « Action 0 : prévention » is then a title, not « FA 0 ». */
  actionWord = true,
): {
  code: string | null;
  kind: ActionKind | null;
  title: string;
  written?: string;
} {
  const fiche = GLUED_FICHE.exec(title);
  if (fiche && (actionWord || !/^action/i.test(title))) {
    return {
      code: ficheCode(fiche[1] ?? fiche[3]),
      kind: 'fiche',
      title: (fiche[2] ?? fiche[4]).trim(),
      written: title,
    };
  }
  const piste = GLUED_PISTE.exec(title);
  if (piste) return { code: null, kind: 'piste', title: piste[2].trim(), written: title };
  const dashed = GLUED_DASHED.exec(title);
  if (dashed) {
    const raw = dashed[1] ?? dashed[3];
    return { code: raw.replace(/-/g, '.'), kind: 'fiche', title: (dashed[2] ?? dashed[4]).trim(), written: title };
  }
  const letter = GLUED_LETTER.exec(title);
  if (letter) return { code: letter[1], kind: 'fiche', title: letter[2].trim(), written: title };
  const m = GLUED_CODE.exec(title);
  if (m) {
    const raw = m[1] ?? m[3];
    const rest = (m[2] ?? m[4]).trim();
    return { code: raw.replace(/\s+/g, ''), kind: 'fiche', title: rest, written: title };
  }
  return { code: null, kind: null, title };
}

/**
 * splitGluedTitle of a row's title, remembered (read-only): a plan repeats its titles year after
 * year, sheet after sheet. One table for rows without a code cell's text, one for rows whose code
 * cell gives no code (« Piste »).
 */
const gluedTitle = memoized((title: string) => Object.freeze(splitGluedTitle(title, true)), {
  limit: 5000,
  maxLength: 300,
});
const gluedTitleBesideCode = memoized((title: string) => Object.freeze(splitGluedTitle(title, false)), {
  limit: 5000,
  maxLength: 300,
});

export { splitPorteurs };

/** The column shift of a row whose cells were pushed one column right (seen in the seeds). */
function rowShift(
  grid: Grid,
  merges: MergeIndex,
  r: number,
  /** The row's clean texts (rowTexts). */
  texts: readonly string[],
  map: ColumnMap,
  palette: Palette,
): { from: number; by: number } | null {
  if (map.status === undefined) return null;
  const ownState = ownCell(grid, merges, r, map.status);
  // The row's own cells: their clean texts are in `texts` already.
  const own = ownState === undefined ? '' : (texts[map.status] ?? '');
  if (own !== '' && parseStatus(own).match !== 'unknown') return null;
  // A state given by its colour alone is the row's state, in its place.
  if (own === '' && stateColour(ownState?.fill, palette)) return null;
  const next = texts[map.status + 1] ?? '';
  const parsed = parseStatus(next);
  if (parsed.status === null || parsed.match === 'unknown') return null;
  if (map.code !== undefined && map.porteur !== undefined && map.porteur === map.code + 1) {
    const codeText = texts[map.code] ?? '';
    const porteurText = texts[map.porteur] ?? '';
    if (codeText === '' && readCodeCell(porteurText).kind !== null && looksLikeCode(porteurText)) {
      return { from: map.code, by: 1 };
    }
  }
  return { from: map.status, by: 1 };
}

function looksLikeCode(text: string): boolean {
  return /^(piste|action)$/i.test(text) || CODE_CELL_HIERARCHICAL.test(text) || /^(fa|fiche)\b/i.test(text);
}

function roleCol(map: ColumnMap, role: ColumnRole, shift: { from: number; by: number } | null): number | undefined {
  const c = map[role];
  if (c === undefined) return undefined;
  return shift && c >= shift.from ? c + shift.by : c;
}

function readActionRow(
  grid: Grid,
  merges: MergeIndex,
  r: number,
  columns: ReadingColumns,
  plan: Context,
  palette: Palette,
  kindLegend: readonly KindLegendEntry[],
  byYear: boolean,
  context: Pick<SheetContext, 'key' | 'families' | 'rowTexts'>,
): Action | 'continuation' | 'absent' | null {
  const map = columns.map;
  // Read year by year, the column right of a state is another year's state, not a pushed row.
  const besideIsStates = map.status !== undefined && columns.otherStates?.includes(map.status + 1);
  const shift = byYear || besideIsStates ? null : rowShift(grid, merges, r, context.rowTexts[r], map, palette);
  const col = (role: ColumnRole) => roleCol(map, role, shift);
  // The row's texts are clean already (rowTexts); a cell covered by a merged area has none of its own.
  const texts = context.rowTexts[r];
  const text = (role: ColumnRole) => {
    const c = col(role);
    return c === undefined || ownCell(grid, merges, r, c) === undefined ? '' : (texts[c] ?? '');
  };
  const address = (role: ColumnRole) => {
    const c = col(role);
    return c === undefined ? undefined : toA1(r, c);
  };

  const rawTitle = text('title');
  const codeText = text('code');
  const ticked = tickedStatus(grid, merges, r, columns.tickEntries);
  const statusCol = ticked ? ticked.col : col('status');
  const statusCell = stateCell(grid, merges, r, statusCol);
  const statusText = ticked ? ticked.text : cleanText(statusCell?.text);
  const cellFill = normalizeColour(statusCell?.fill);
  // A band of colour over the whole row is formatting: an empty state cell under it has no colour of its own.
  const banded = rowWideFill(grid, r, statusCol, cellFill, map);
  const statusFill = statusText === '' && banded && !statusFromColour(cellFill, palette) ? null : cellFill;
  const colourStatus =
    statusText === ''
      ? (statusFromColour(statusFill, palette) ?? (context.families ? colourFamily(statusFill) : null))
      : null;

  if (rawTitle === '' && codeText === '' && statusText === '' && !colourStatus) {
    const hasNotes = NOTE_ROLES.some((role) => text(role) !== '') || text('porteur') !== '';
    return hasNotes ? 'continuation' : null;
  }
  // Read year by year, a blank state means the action is not in that year's plan.
  if (byYear && statusText === '' && !statusFill) return 'absent';

  // The row's texts are clean: read without cleaning them again (readCodeCell).
  const codeReading = cleanCodeReading(codeText);
  const glued =
    codeReading.code === null
      ? (codeText === '' ? gluedTitle : gluedTitleBesideCode)(rawTitle)
      : { code: null, kind: null, title: rawTitle };
  const code = codeReading.code ?? glued.code;
  const titleFill = normalizeColour(ownCell(grid, merges, r, col('title'))?.fill);
  const kind: ActionKind =
    codeReading.kind ?? glued.kind ?? kindFromColour(titleFill, kindLegend) ?? (code ? 'fiche' : 'action');

  const families = context.families && !banded;
  const { status, source } = readStatusCell(statusText, statusFill, palette, context.key, families);
  const porteur = text('porteur');
  const notes: ActionNotes = {};
  const { roles, noteRoles } = columns;
  for (const role of noteRoles) notes[role] = text(role);
  const cells: Partial<Record<ColumnRole, string>> = {};
  for (const role of roles) {
    const a = address(role);
    if (a) cells[role] = a;
  }
  if (ticked && statusCol !== undefined) cells.status = toA1(r, statusCol);
  // A state merged down over a group: its cell is the merged area's first one.
  const stateMerge = statusCol === undefined ? undefined : mergeAt(merges, r, statusCol);
  if (!ticked && stateMerge && stateMerge.left === stateMerge.right)
    cells.status = toA1(stateMerge.top, stateMerge.left);
  const action: Action = {
    code,
    kind,
    title: glued.title,
    porteur,
    porteurs: splitPorteurs(porteur),
    status,
    statusText,
    statusSource: source,
    statusFill,
    axe: plan.axe,
    objectif: plan.objectif,
    notes,
    source: { sheet: grid.name, row: r + 1, cells },
  };
  const written = codeReading.written ?? glued.written;
  if (written) action.codeWritten = written;
  if (glued.written) action.codeInTitle = true;
  if (shift) action.shiftedFrom = toA1(r, shift.from);
  return action;
}

/**
 * The status cell's fill is the row's (a band of colour over the title too): formatting, not a
 * state, when read by its colour family.
 */
function rowWideFill(
  grid: Grid,
  r: number,
  statusCol: number | undefined,
  fill: string | null,
  map: ColumnMap,
): boolean {
  if (!fill) return false;
  const other = map.title !== undefined && map.title !== statusCol ? map.title : map.code;
  return other !== undefined && normalizeColour(cellAt(grid, r, other)?.fill) === fill;
}

/** Marks that tick a state's column (« X », « x », « ✓ », « oui »…); « non », « 0 », « - » do not. */
const NOT_TICKED = /^(?:non|no|0|-|–|—|_|\.|false|faux|n)$/i;

/**
 * The state of a row in a table with one column per state: the column ticked, with the state's
 * label as its text. Several ticks give their labels joined, which no state reads as.
 */
function tickedStatus(
  grid: Grid,
  merges: MergeIndex,
  r: number,
  entries: readonly [StatusId, number][],
): { col: number; text: string } | null {
  if (entries.length === 0) return null;
  const on = entries.filter(([, c]) => {
    const t = cleanText(ownCell(grid, merges, r, c)?.text);
    return t !== '' && !NOT_TICKED.test(t);
  });
  if (on.length === 0) return { col: entries[0][1], text: '' };
  return { col: on[0][1], text: on.map(([id]) => STATUSES[id].label).join(' + ') };
}

function kindFromColour(fill: string | null, legend: readonly KindLegendEntry[]): ActionKind | null {
  if (!fill) return null;
  for (const entry of legend) if (colourDistance(fill, entry.colour) <= COLOUR_TOLERANCE) return entry.kind;
  return null;
}

/** A row with only remarks (a row split by a page break): its text goes to the action above. */
function appendContinuation(action: Action, grid: Grid, merges: MergeIndex, r: number, map: ColumnMap): void {
  for (const role of NOTE_ROLES) {
    const c = map[role];
    if (c === undefined) continue;
    const t = cleanText(ownCell(grid, merges, r, c)?.text);
    if (t) action.notes[role] = [action.notes[role], t].filter(Boolean).join('\n');
  }
  const porteur = cleanText(ownCell(grid, merges, r, map.porteur)?.text);
  if (porteur) {
    action.porteur = [action.porteur, porteur].filter(Boolean).join(' ');
    action.porteurs = splitPorteurs(action.porteur);
  }
}

// ---------------------------------------------------------------------------------------------
// Legend blocks above the table

/** The status legend: a status sentence with a swatch (its own fill or a filled cell beside it), and maybe a count. */
export function readLegend(grid: Grid, beforeRow: number): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const seen = new Set<StatusId>();
  for (let r = 0; r < beforeRow; r++) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = cleanText(row[c]?.text);
      if (text === '' || text.length > 160) continue;
      const parsed = parseStatus(text);
      if (!parsed.status || parsed.match === 'unknown' || parsed.match === 'partial') continue;
      if (seen.has(parsed.status)) continue;
      const swatch = swatchBeside(grid, r, c);
      const count = countBeside(grid, r, c);
      // A lone status word above the table is a legend line only when something marks it as one.
      if (!swatch && count === null && parsed.match !== 'legend' && !isLegendBlock(grid, r, beforeRow)) continue;
      seen.add(parsed.status);
      entries.push({
        status: parsed.status,
        colour: swatch,
        declaredCount: count?.value ?? null,
        countCell: count?.cell ?? null,
        text,
        cell: toA1(r, c),
      });
    }
  }
  return entries;
}

function isLegendBlock(grid: Grid, r: number, beforeRow: number): boolean {
  for (let k = Math.max(0, r - 8); k < Math.min(beforeRow, r + 8); k++) {
    for (const cell of grid.cells[k] ?? []) {
      const n = normalize(cell?.text ?? '');
      if (n.startsWith('avancement des actions') || n.startsWith('legende') || n.startsWith('code legende'))
        return true;
    }
  }
  return false;
}

function swatchBeside(grid: Grid, r: number, c: number): string | null {
  const own = normalizeColour(cellAt(grid, r, c)?.fill);
  if (own && own !== '#FFFFFF') return own;
  for (const dc of [-1, -2, 1]) {
    if (c + dc < 0) continue;
    const cell = cellAt(grid, r, c + dc);
    const fill = normalizeColour(cell?.fill);
    if (fill && fill !== '#FFFFFF') return fill;
  }
  return null;
}

function countBeside(grid: Grid, r: number, c: number): { value: number; cell: string } | null {
  for (const dc of [-1, -2, 1, 2]) {
    if (c + dc < 0) continue;
    const t = cleanText(cellAt(grid, r, c + dc)?.text);
    if (/^\d{1,5}$/.test(t)) return { value: Number(t), cell: toA1(r, c + dc) };
  }
  return null;
}

const KIND_LEGEND: ReadonlyArray<readonly [string, ActionKind]> = [
  ['action definie au moment de la signature', 'fiche'],
  ['fiche action', 'fiche'],
  ['piste d action', 'piste'],
];

/** The type legend of the 2020 layout: « Action définie au moment de la signature… » / « Piste d'action », by colour. */
export function readKindLegend(grid: Grid, beforeRow: number): KindLegendEntry[] {
  const out: KindLegendEntry[] = [];
  for (let r = 0; r < beforeRow; r++) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const norm = normalize(row[c]?.text ?? '');
      const found = KIND_LEGEND.find(([p]) => norm.startsWith(p));
      if (!found || out.some((e) => e.kind === found[1])) continue;
      const swatch = swatchBeside(grid, r, c);
      if (swatch) out.push({ kind: found[1], colour: swatch, cell: toA1(r, c) });
    }
  }
  return out;
}

/** Reading palette: defaults, then the user's, then the sheet's own legend swatches. */
export function sheetPalette(user: Partial<Palette> | undefined, legend: readonly LegendEntry[]): Palette {
  const fromLegend: Partial<Record<StatusId, string>> = {};
  for (const e of legend) if (e.colour) fromLegend[e.status] = e.colour;
  // A legend that gives one colour for « réalisé » without saying which kind covers the generic one.
  return mergePalette(mergePalette(DEFAULT_PALETTE, user ?? {}), fromLegend);
}

// ---------------------------------------------------------------------------------------------
// Year

/**
 * The year of a sheet read as one year: from its name (« Bilan 2022 », « 2022 »), else from the
 * title block above the table (« Bilan 2022 par action », « Situation au 31/12/2022 »). A date of
 * update or export (« mis à jour le 12/01/2024 ») is not the year of the bilan.
 */
export function findYear(
  grid: Grid,
  beforeRow: number,
): { year: number | null; source: 'name' | 'title' | null; cell: string | null } {
  const inName = yearsIn(grid.name);
  if (inName.length === 1) return { year: inName[0], source: 'name', cell: null };
  let fallback: { year: number; cell: string } | null = null;
  for (let r = 0; r < Math.min(beforeRow, 40); r++) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = cleanText(row[c]?.text);
      if (text === '' || UPDATE_PHRASE.test(text) || /^date\b/i.test(text)) continue;
      const bilan =
        /\b(?:bilan|ann[ée]e|suivi|constat fin)\s+(?:d['’]ex[ée]cution\s+)?(?:[-–]\s*)?(?:ann[ée]e\s+)?((?:19|20)\d\d)\b/i.exec(
          text,
        );
      if (bilan) return { year: Number(bilan[1]), source: 'title', cell: toA1(r, c) };
      if (fallback === null && text.length < 80) {
        const years = yearsIn(text);
        if (years.length === 1) fallback = { year: years[0], cell: toA1(r, c) };
      }
    }
  }
  return fallback !== null
    ? { year: fallback.year, source: 'title', cell: fallback.cell }
    : { year: null, source: null, cell: null };
}

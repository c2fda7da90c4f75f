/**
 * What a column holds, read from its cells rather than its header: states, codes, long titles,
 * short repeated names (porteurs), numbers, percentages, dates, « oui »/« non », years. The table
 * layout scores columns with it, so that a header of the user's own invention (« Où en est-on ? »)
 * or a misleading one (« Fiche » above « 1.1 », « 1.2 ») is decided by what is written below it.
 */
import { memoized } from '../base/memo';
import { cellAt, cleanText, type Grid, mergeAt, type MergeIndex } from '../base/grid';
import type { ColumnRole } from '../base/model';
import { colourFamily } from './colour-family';
import { normalizeColour, type Palette, parseStatus, statusFromColour } from '../base/status';
import { needsKey } from './status-key';

export type CellKind =
  | 'empty'
  /** A state word or phrase the tool knows. */
  | 'state'
  /** No text, but a fill that is a state colour (palette, legend or colour family). */
  | 'colour'
  /** A symbol or a percentage that only a key can read as a state (« ● », « 50 % »). */
  | 'keyed'
  | 'code'
  | 'number'
  | 'year'
  | 'date'
  | 'yesNo'
  /** A level: a priority, an urgency (« Haute », « Moyenne », « P1 »). */
  | 'level'
  /** An axe named with its number (« Axe 2 : prévenir… »). */
  | 'axe'
  /** An objective named with its number (« 1.2 Améliorer l'accès… », « Objectif 1.2 … »). */
  | 'objective'
  /** A short text: a few words (porteurs, priorities, unknown state words). */
  | 'short'
  /** A long text: titles, remarks. */
  | 'long';

export interface ColumnProfile {
  col: number;
  /** Rows looked at. */
  rows: number;
  /** Non-empty cells (text, or a state colour). */
  filled: number;
  kinds: Record<CellKind, number>;
  /** Mean length of the texts. */
  meanLength: number;
  /** Distinct texts among the filled cells. */
  distinct: number;
  /**
   * Texts alone on their row in `left..right` (not an axe's or an objective's line): a remark going
   * on over the next row (« (suite) … »). Titles do not go on alone.
   */
  alone: number;
  /** Texts that begin with an action's number (« 1.1.2 - Projet mobilité », « FA 3 : … »): titles. */
  glued: number;
  /** Mean length of the texts that are no axe's or objective's line (0 when none). */
  wordsLength: number;
}

const HIERARCHICAL = /^\d+(?:\s*\.\s*\d+){1,3}\.?$/;
const LETTER_CODE = /^[A-Z](?:[.-]?\d+){1,3}$/i;
const FICHE_CODE = /^(?:fa|f\.a\.|fiche(?:[\s-]*action)?|action|piste)\s*(?:n\s*°|n°|no\.?|n\.)?\s*\d+(?:\.\d+){0,3}$/i;
const YES_NO = /^(?:oui|non|o|n|x|yes|no|vrai|faux|true|false|ok|ko)$/i;
const NUMBER = /^[-+]?[\d\s\u00a0\u202f]*\d(?:[.,]\d+)?\s*(?:%|€|k€|m€|eur|euros?)?$/i;
const DATE = /^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\d{1,2}[/.-]\d{4})$/;
const YEAR = /^(?:19[89]\d|20[0-4]\d)$/;
const AXE = /^axe\s*(?:strat[ée]gique\s*)?(?:n\s*°\s*)?(?:\d+|[IVX]+)\b/i;
// Built at run time, as every pattern with \p{…}: older webviews cannot parse it in a literal.
const OBJECTIVE = new RegExp(
  '^(?:objectif\\s*(?:op[ée]rationnel\\s*|sp[ée]cifique\\s*)?(?:n\\s*°\\s*)?)?\\d+\\.\\d+(?![.\\d])\\s*[_:.\\-–)]?\\s*\\p{L}',
  'iu',
);
/** A title written after its action's number, in one cell. */
export const GLUED_TITLE = new RegExp(
  '^(?:\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?|f\\.?a\\.?\\s*\\d+(?:\\.\\d+)*|fiche(?:[\\s-]*action)?\\s*(?:n\\s*°|n°|no\\.?)?\\s*\\d+(?:\\.\\d+)*)\\s*[-_:.)–]?\\s*\\p{L}',
  'iu',
);
const LEVEL =
  /^(?:tr[eè]s\s+)?(?:haute?|hauts?|moyenne?s?|basses?|bas|faibles?|fortes?|[ée]lev[ée]e?s?|prioritaire|urgente?|normale?|p[0-4]|niveau\s+[1-4])$/i;

/** What one cell holds. */
export function cellKind(text: string, fill: string | null | undefined, palette: Palette): CellKind {
  if (text === '') return stateColour(fill, palette) ? 'colour' : 'empty';
  return textKind(text);
}

/** What a written cell holds: its text alone decides, and a sheet repeats its states, codes and porteurs. */
const textKind = memoized(textKindUncached, { limit: 5000, maxLength: 120 });

function textKindUncached(text: string): CellKind {
  if (YEAR.test(text)) return 'year';
  const parsed = parseStatus(text);
  if (parsed.status && parsed.match !== 'unknown') return 'state';
  if (HIERARCHICAL.test(text) || LETTER_CODE.test(text) || FICHE_CODE.test(text) || /^piste$/i.test(text))
    return 'code';
  if (YES_NO.test(text)) return 'yesNo';
  if (LEVEL.test(text)) return 'level';
  if (AXE.test(text)) return 'axe';
  if (OBJECTIVE.test(text)) return 'objective';
  if (DATE.test(text)) return 'date';
  if (NUMBER.test(text)) return /%/.test(text) ? 'keyed' : 'number';
  if (needsKey(text)) return 'keyed';
  const words = text.split(/\s+/).length;
  return text.length <= 40 && words <= 5 ? 'short' : 'long';
}

/** A fill that says a state: a colour of the palette (or the sheet's legend), or of a colour family. */
export function stateColour(fill: string | null | undefined, palette: Palette): boolean {
  const colour = normalizeColour(fill);
  if (!colour || colour === '#FFFFFF') return false;
  return statusFromColour(colour, palette) !== null || colourFamily(colour) !== null;
}

function emptyKinds(): Record<CellKind, number> {
  return {
    empty: 0,
    state: 0,
    colour: 0,
    keyed: 0,
    code: 0,
    number: 0,
    year: 0,
    date: 0,
    yesNo: 0,
    level: 0,
    axe: 0,
    objective: 0,
    short: 0,
    long: 0,
  };
}

/**
 * Profiles of the columns `left..right` over the rows `top..bottom` (inclusive). A cell covered by
 * a merged area counts once, in its top-left cell's row; rows in `skip` (repeated headers) are
 * left out.
 */
export function profileColumns(
  grid: Grid,
  merges: MergeIndex,
  rows: readonly number[],
  left: number,
  right: number,
  palette: Palette,
): ColumnProfile[] {
  const out: ColumnProfile[] = [];
  // The rows with a single filled cell in the columns looked at.
  const lone = new Map<number, number>();
  for (const r of rows) {
    let only = -1;
    let n = 0;
    for (let c = left; c <= right && n < 2; c++) {
      if (cleanText(cellAt(grid, r, c)?.text) === '') continue;
      only = c;
      n++;
    }
    if (n === 1) lone.set(r, only);
  }
  for (let c = left; c <= right; c++) {
    const kinds = emptyKinds();
    const texts = new Set<string>();
    let length = 0;
    let texted = 0;
    let alone = 0;
    let glued = 0;
    let wordsLength = 0;
    for (const r of rows) {
      const m = mergeAt(merges, r, c);
      if (m && (m.top !== r || m.left !== c)) continue;
      const cell = cellAt(grid, r, c);
      const text = cleanText(cell?.text);
      const kind = cellKind(text, cell?.fill, palette);
      kinds[kind]++;
      if (lone.get(r) === c && (kind === 'short' || kind === 'long')) alone++;
      if ((kind === 'short' || kind === 'long') && GLUED_TITLE.test(text)) glued++;
      if (kind === 'short' || kind === 'long') wordsLength += text.length;
      if (text !== '') {
        texts.add(text);
        length += text.length;
        texted++;
      }
    }
    // Cells covered by a merged area were not counted: filled is what was seen, not the rows.
    const filled = Object.values(kinds).reduce((n, k) => n + k, 0) - kinds.empty;
    out.push({
      col: c,
      rows: rows.length,
      filled,
      kinds,
      meanLength: texted === 0 ? 0 : length / texted,
      distinct: texts.size,
      alone,
      glued,
      wordsLength: kinds.short + kinds.long === 0 ? 0 : wordsLength / (kinds.short + kinds.long),
    });
  }
  return out;
}

/** Share of a column's filled cells that are states (words, or state colours without text). */
export function stateShare(p: ColumnProfile): number {
  // Lines of axes and objectives written in the column between its actions are no states nor others.
  const filled = p.filled - p.kinds.axe - p.kinds.objective;
  return filled <= 0 ? 0 : (p.kinds.state + p.kinds.colour) / filled;
}

/** Share of a column's filled cells that are action codes (« 1.1.1 », « FA 3 », « Piste »). */
export function codeShare(p: ColumnProfile): number {
  return p.filled === 0 ? 0 : p.kinds.code / p.filled;
}

/** Share of a column's filled cells that read as states, with a key for symbols and percentages. */
export function readsAsStates(p: ColumnProfile): number {
  return p.filled === 0 ? 0 : (p.kinds.state + p.kinds.colour + p.kinds.keyed) / p.filled;
}

/**
 * The column holds states: most of its cells are states, there are enough of them to tell, and
 * they run down the table (a key of a few state words beside the table is not a column of states).
 */
export function holdsStates(p: ColumnProfile): boolean {
  const states = p.kinds.state + p.kinds.colour;
  return states >= 2 && stateShare(p) >= 0.6 && states >= 0.3 * p.rows;
}

/** The column holds codes. */
export function holdsCodes(p: ColumnProfile): boolean {
  // Lines of axes and objectives written in the code column between its actions are no codes.
  const lines = p.kinds.axe + p.kinds.objective;
  const share = p.filled - lines <= 0 ? 0 : p.kinds.code / (p.filled - lines);
  return p.kinds.code >= 2 && share >= 0.7 && (p.meanLength <= 16 || lines >= 0.2 * p.filled);
}

/** The column could hold the actions' titles: texts, mostly distinct, filled on most rows. */
function titleScore(p: ColumnProfile, dataRows: number, perTitle = 1, codeColumn = false): number {
  // Lines of axes and objectives written in the title column between its actions count as texts.
  // In a long table (one row per action and year) each title comes back once a year.
  const texts = p.kinds.short + p.kinds.long + p.kinds.axe + p.kinds.objective;
  if (p.filled === 0 || texts < 0.7 * p.filled || p.distinct < (0.6 * p.filled) / perTitle) return 0;
  // A column filled on more rows than there are actions runs over continuation lines: remarks.
  // Lines of axes and objectives fill the column without being titles: the titles' own rate counts.
  const lines = p.kinds.axe + p.kinds.objective;
  const fillRate = Math.min(1, (p.filled - lines) / Math.max(1, dataRows));
  if (Math.min(1, p.filled / Math.max(1, dataRows)) < 0.5) return 0;
  // Past a short sentence, length tells a title from a remark no more (remarks run longer). A
  // text going on alone on the next row is a remark's.
  // (One lone title may also be an action written without a state nor a porteur, unless the
  // table numbers its actions: an action has its number beside its title.)
  const goesOn = p.alone >= 2 || (p.alone === 1 && codeColumn) ? 1.5 : p.alone === 1 ? 0.5 : 0;
  // Each action has its own title; remarks repeat (« À relancer », « Bilan positif »).
  const distinct = Math.min(1, (p.distinct * perTitle) / p.filled);
  const numbered = p.glued / p.filled;
  return (
    fillRate * 2 + Math.min(p.wordsLength, 30) / 30 + (p.kinds.long / p.filled) * 0.25 + distinct + numbered - goesOn
  );
}

/** The column could hold porteurs: short texts, that repeat or name organisations. */
function porteurLike(p: ColumnProfile, dataRows: number): boolean {
  const texts = p.kinds.short;
  if (p.filled < Math.max(2, 0.4 * dataRows) || texts < 0.8 * p.filled) return false;
  return p.meanLength <= 40 && p.distinct <= 0.8 * p.filled;
}

export interface ContentDecision {
  /** The roles, header and contents together. */
  map: Partial<Record<ColumnRole, number>>;
  /** The roles decided (or moved) by the cells rather than by the header words. */
  inferred: ColumnRole[];
  /** Columns whose cells are years: one row per action and year (a long table). */
  yearColumn: number | null;
  /** Other columns of states when the state column was a guess among several (see PlacedHeaderCell). */
  alternatives: number[];
}

/**
 * Roles from the header words, corrected and completed by the cells:
 * - the state column is the one whose cells are states, whatever its header says; a header state
 *   column whose cells are not states gives way to one whose cells are;
 * - a « title » column of codes (« Fiche » above « 1.1 ») is the numbering, and the title is the
 *   column of long distinct texts;
 * - a missing title, code or porteur column is taken from the columns no header word named.
 * Columns the header names for something else (remarks, axes…) keep their role unless their cells
 * are states and no other column's are.
 */
export function decideColumns(
  headerMap: Partial<Record<ColumnRole, number>>,
  /** What each header cell names: its role, or null for a column named for nothing we read (a forecast). */
  named: ReadonlyMap<number, ColumnRole | null>,
  profiles: readonly ColumnProfile[],
  dataRows: number,
  /** Look for the state column (false for a table read year by year: its years have theirs). */
  findStatus = true,
  /** Read year by year: the first year's state column, which titles come before and remarks after. */
  yearStateColumn?: number,
): ContentDecision {
  const map: Partial<Record<ColumnRole, number>> = { ...headerMap };
  const inferred: ColumnRole[] = [];
  const alternatives: number[] = [];
  const profileOf = (c: number | undefined) => (c === undefined ? undefined : profiles.find((p) => p.col === c));
  const used = () => new Set(Object.values(map));
  const move = (role: ColumnRole, col: number) => {
    for (const [r, c] of Object.entries(map)) if (c === col && r !== role) delete map[r as ColumnRole];
    map[role] = col;
    if (!inferred.includes(role)) inferred.push(role);
  };

  // « Priorité » names objectives in some plans and levels (« Haute », « Basse ») in others.
  for (const role of ['objectif', 'axe'] as const) {
    const p = profileOf(map[role]);
    if (p && p.filled > 0 && p.kinds.level >= 0.8 * p.filled) delete map[role];
  }

  // A numbering tells actions apart: a column of numbers repeated (« 1 », « 1 », « 32 »: a formula,
  // a score) under a « Réf. » header is not one.
  const numbering = profileOf(map.code);
  if (
    numbering &&
    numbering.filled >= 2 &&
    numbering.kinds.number >= 0.8 * numbering.filled &&
    // On a short table (one per axe) one number given twice is enough to tell.
    numbering.distinct < (numbering.filled <= 6 ? 0.75 : 0.6) * numbering.filled
  )
    delete map.code;

  // A header that names the title (« Action prioritaire ») above cells that are no texts
  // (« oui », « Haute », dates, numbers): the cells decide the title.
  const headedTitle = profileOf(map.title);
  if (headedTitle && headedTitle.filled > 0) {
    const k = headedTitle.kinds;
    const texts = k.short + k.long + k.axe + k.objective + k.code;
    if (texts < 0.5 * headedTitle.filled) delete map.title;
  }

  // Numbering written under a title header (« Fiche » over « 1.1 », « 1.2 »).
  const titleProfile = profileOf(map.title);
  if (titleProfile && holdsCodes(titleProfile) && titleProfile.meanLength <= 12) {
    const codeProfile = profileOf(map.code);
    const titleCol = map.title as number;
    delete map.title;
    if (!codeProfile || !holdsCodes(codeProfile)) move('code', titleCol);
  }

  // The state column: the header's, unless its cells are plainly not states and another column's
  // plainly are.
  const statusProfile = profileOf(map.status);
  const states = profiles.filter(holdsStates).sort((a, b) => stateShare(b) - stateShare(a) || b.filled - a.filled);
  // Percentages or symbols (read through a key) give way to a column of written states.
  const weak = statusProfile && statusProfile.filled > 0 && stateShare(statusProfile) < 0.5;
  if (findStatus && (!statusProfile || (weak && (readsAsStates(statusProfile) < 0.5 || states.length > 0)))) {
    const free =
      states.find((p) => !named.has(p.col) || named.get(p.col) === 'status') ??
      states.find((p) => p.col !== map.title && named.get(p.col) !== null);
    // On a short table (one per axe), every row is the evidence there is.
    const clearly =
      free &&
      (!statusProfile ||
        (stateShare(free) >= 0.8 && free.kinds.state + free.kinds.colour >= Math.min(3, Math.max(2, dataRows))));
    if (free && clearly) {
      move('status', free.col);
      // Several columns of states that no header word tells apart: which is the year's is a guess.
      const others = states.filter((p) => p.col !== free.col && !named.has(p.col)).map((p) => p.col);
      if (others.length > 0 && named.get(free.col) !== 'status') alternatives.push(...others);
    }
  }

  // Axes and objectives written with their numbers, in columns no header named.
  for (const [role, kind] of [
    ['axe', 'axe'],
    ['objectif', 'objective'],
  ] as const) {
    if (map[role] !== undefined) continue;
    const taken = used();
    const found = profiles.find(
      (p) => !taken.has(p.col) && !named.has(p.col) && p.kinds[kind] >= 0.8 * p.filled && p.filled > 0,
    );
    if (found) move(role, found.col);
  }

  // A column of years filled on (nearly) every row of an action: one row per action and year, and
  // each title written once a year.
  // Lines of axes and objectives written in that column between its actions are no years.
  const years = profiles.find(
    (p) =>
      !used().has(p.col) &&
      p.kinds.year >= 2 &&
      p.kinds.year >= 0.9 * (p.filled - p.kinds.axe - p.kinds.objective) &&
      p.kinds.year >= 0.8 * dataRows,
  );
  const perTitle = years ? Math.max(1, years.distinct) : 1;
  // The actions are numbered in a column of their own.
  const numberedBy = profileOf(map.code) ?? profiles.find((p) => !named.has(p.col) && holdsCodes(p));
  const numbered = numberedBy !== undefined && holdsCodes(numberedBy);

  // The title column.
  if (map.title === undefined) {
    const taken = used();
    // The best column of texts: a second column headed as the title (« Fiche » over codes, then
    // « Intitulé de l'action ») first, and titles come before the state, remarks after it.
    const stateCol = map.status ?? yearStateColumn;
    const beforeState = (c: number) => (stateCol !== undefined && c < stateCol ? 1 : 0);
    const candidates = profiles
      .filter((p) => !taken.has(p.col) && (!named.has(p.col) || named.get(p.col) === 'title'))
      .map((p) => ({
        p,
        score:
          titleScore(p, dataRows, perTitle, numbered) + (named.get(p.col) === 'title' ? 2 : 0) + beforeState(p.col),
      }))
      .filter((x) => titleScore(x.p, dataRows, perTitle, numbered) > 0);
    const best = candidates.reduce<{ p: ColumnProfile; score: number } | null>(
      (acc, x) => (acc === null || x.score > acc.score ? x : acc),
      null,
    );
    if (best) move('title', best.p.col);
  }

  // A numbering column no header named.
  if (map.code === undefined) {
    const taken = used();
    const code = profiles.find((p) => !taken.has(p.col) && !named.has(p.col) && holdsCodes(p));
    if (code) move('code', code.col);
  }

  // A porteur column no header named, left of the state column (remarks come after it).
  if (map.porteur === undefined && map.title !== undefined) {
    const taken = used();
    const porteur = profiles.find(
      (p) =>
        !taken.has(p.col) &&
        !named.has(p.col) &&
        p.col > (map.title as number) &&
        (map.status === undefined || p.col < map.status) &&
        porteurLike(p, dataRows),
    );
    if (porteur) move('porteur', porteur.col);
  }

  return { map, inferred, yearColumn: years ? years.col : null, alternatives };
}

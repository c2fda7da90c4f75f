/**
 * The validation catalogue: every check the tool makes, one entry per stable code, with its
 * severity, its French wording, and where it can, the automatic fix (the value to write in a cell).
 * Sheet checks read a TrackingSheet; year-to-year checks read the History (history.ts).
 */
import type { Action, TrackingSheet } from '../base/model';
import { sheetPalette, type SheetWithoutTable } from '../read/table-reader';
import { countStatuses, type StatusCounts } from '../base/status-counts';
import {
  isRealise,
  type Palette,
  parseStatus,
  STATUS_IDS,
  STATUSES,
  statusFromColour,
  type StatusId,
} from '../base/status';
import { normalize } from '../base/text';
import { count, formatNumber, typeset } from '../base/typography';
import { needsKey } from '../read/status-key';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABELS: Record<Severity, string> = {
  error: 'Erreur',
  warning: 'Avertissement',
  info: 'Information',
};

export type DiagnosticCode =
  | 'HEADER_NOT_FOUND'
  | 'STATUS_MISSING'
  | 'STATUS_UNKNOWN'
  | 'STATUS_NONCANONICAL'
  | 'STATUS_AMBIGUOUS'
  | 'STATUS_COLOUR_MISMATCH'
  | 'CODE_DUPLICATE'
  | 'CODE_OBJECTIVE_MISMATCH'
  | 'CODE_MALFORMED'
  | 'TITLE_MISSING'
  | 'PORTEUR_MISSING'
  | 'ACTION_DUPLICATE'
  | 'LEGEND_COUNT_MISMATCH'
  | 'ABANDON_WITHOUT_REASON'
  | 'STATUS_REGRESSION'
  | 'STALE_IN_PROGRESS'
  | 'YEAR_SHEET_DUPLICATE'
  | 'YEAR_SHEETS_DIFFER'
  | 'GENERATED_SHEET_SKIPPED'
  | 'READING_NO_STATUS_COLUMN'
  | 'READING_STATES_MISSING'
  | 'READING_STATES_UNKNOWN'
  | 'READING_NO_YEAR'
  | 'READING_TAUGHT_MISFIT'
  | 'READING_UNKNOWN_COLOURS'
  | 'READING_STATUS_GUESSED'
  | 'STATUS_BY_COLOUR_FAMILY'
  | 'STATUS_KIND_NEVER_SAID'
  | 'CONTRACT_UNNAMED';

/** An automatic fix: write `value` in `cell`. */
export interface FixEdit {
  cell: string;
  value: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  sheet: string;
  /** A1 address of the cell concerned; null for a whole sheet. */
  cell: string | null;
  message: string;
  /** Edits that fix it, when the tool can tell what to write; null otherwise. */
  fix: FixEdit[] | null;
  /** The year it concerns, for the checks across years (a sheet read year by year gives several). */
  year?: number;
}

export interface CatalogueEntry {
  severity: Severity;
  /** Short French name, for lists and the Contrôles sheet. */
  title: string;
}

export const CATALOGUE: Readonly<Record<DiagnosticCode, CatalogueEntry>> = typesetTitles({
  HEADER_NOT_FOUND: { severity: 'error', title: 'Tableau de suivi introuvable sur une feuille' },
  STATUS_MISSING: { severity: 'warning', title: 'État d’avancement manquant' },
  STATUS_UNKNOWN: { severity: 'error', title: 'État d’avancement non reconnu' },
  STATUS_NONCANONICAL: { severity: 'info', title: 'État écrit autrement que le libellé de référence' },
  STATUS_AMBIGUOUS: { severity: 'warning', title: '« Réalisé » sans précision clos / pérenne' },
  STATUS_COLOUR_MISMATCH: { severity: 'warning', title: 'Couleur et texte de l’état en désaccord' },
  CODE_DUPLICATE: { severity: 'error', title: 'Numéro de fiche en double' },
  CODE_OBJECTIVE_MISMATCH: { severity: 'warning', title: 'Numéro qui ne correspond pas à son objectif' },
  CODE_MALFORMED: { severity: 'info', title: 'Numéro mal écrit ou collé au titre' },
  TITLE_MISSING: { severity: 'warning', title: 'Action sans intitulé' },
  PORTEUR_MISSING: { severity: 'warning', title: 'Fiche-action sans porteur' },
  ACTION_DUPLICATE: { severity: 'warning', title: 'Même intitulé deux fois' },
  LEGEND_COUNT_MISMATCH: { severity: 'warning', title: 'Nombre de la légende différent du tableau' },
  ABANDON_WITHOUT_REASON: { severity: 'info', title: 'Abandon sans explication' },
  STATUS_REGRESSION: { severity: 'warning', title: 'État qui recule d’une année à l’autre' },
  STALE_IN_PROGRESS: { severity: 'info', title: 'En cours depuis trois ans sans nouvelle remarque' },
  YEAR_SHEET_DUPLICATE: { severity: 'warning', title: 'Deux feuilles pour la même année' },
  YEAR_SHEETS_DIFFER: { severity: 'error', title: 'Deux feuilles différentes pour la même année : bilan incertain' },
  GENERATED_SHEET_SKIPPED: { severity: 'info', title: 'Feuille de bilan générée, non relue' },
  READING_NO_STATUS_COLUMN: { severity: 'error', title: 'Colonne des états introuvable : bilan incomplet' },
  READING_STATES_MISSING: { severity: 'error', title: 'La plupart des actions sans état : bilan incomplet' },
  READING_STATES_UNKNOWN: { severity: 'error', title: 'États pour la plupart non reconnus : bilan incomplet' },
  READING_NO_YEAR: { severity: 'error', title: 'Année du bilan introuvable' },
  READING_TAUGHT_MISFIT: { severity: 'error', title: 'Colonnes indiquées qui ne correspondent plus au tableau' },
  READING_UNKNOWN_COLOURS: { severity: 'error', title: 'États donnés par une couleur que l’outil ne sait pas lire' },
  READING_STATUS_GUESSED: { severity: 'error', title: 'Plusieurs colonnes d’états : celle de l’année n’est pas sûre' },
  STATUS_BY_COLOUR_FAMILY: { severity: 'info', title: 'États lus d’après la seule couleur des cellules' },
  STATUS_KIND_NEVER_SAID: { severity: 'info', title: 'Réalisé jamais précisé clos ou pérenne' },
  CONTRACT_UNNAMED: { severity: 'info', title: 'Nom du contrat absent du classeur' },
});

/**
 * The checks that say a reading is not to be trusted (no state column, most states missing or
 * unknown, no year): a bilan made from such a reading is marked « Bilan incomplet », and the
 * commands exit 1.
 */
export const READING_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'READING_NO_STATUS_COLUMN',
  'READING_STATES_MISSING',
  'READING_STATES_UNKNOWN',
  'READING_NO_YEAR',
  'READING_TAUGHT_MISFIT',
  'READING_UNKNOWN_COLOURS',
  'READING_STATUS_GUESSED',
  'HEADER_NOT_FOUND',
  'YEAR_SHEETS_DIFFER',
]);

export function isReadingError(d: Diagnostic): boolean {
  return READING_CODES.has(d.code);
}

function typesetTitles<K extends string>(entries: Record<K, CatalogueEntry>): Record<K, CatalogueEntry> {
  for (const e of Object.values<CatalogueEntry>(entries)) e.title = typeset(e.title);
  return entries;
}

/** A finding with its catalogue severity and its message typeset; `year` for the checks across years. */
export function diag(
  code: DiagnosticCode,
  sheet: string,
  cell: string | null,
  message: string,
  fix: FixEdit[] | null = null,
  year?: number,
): Diagnostic {
  const d: Diagnostic = { code, severity: CATALOGUE[code].severity, sheet, cell, message: typeset(message), fix };
  if (year !== undefined) d.year = year;
  return d;
}

export interface CheckOptions {
  palette?: Partial<Palette>;
}

/** All sheet-level checks of one tracking sheet, in row order. */
export function checkSheet(sheet: TrackingSheet, options: CheckOptions = {}): Diagnostic[] {
  return sortDiagnostics(sheetFindings(sheet, options));
}

/**
 * The sheet-level checks in the order they are made, for a caller that sorts them with others
 * (sortDiagnostics is stable: sorting them first would change nothing).
 */
export function sheetFindings(sheet: TrackingSheet, options: CheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A year kept on several sheets (one per axe): each sheet with its own header and legend.
  for (const part of sheet.parts ?? [sheet]) {
    const colourStatus = colourStatusOf(sheetPalette(options.palette, part.legend));
    // Asked only about codes written otherwise than read (codeWritten): most sheets have none.
    const usual = once(() => usualCodeShape(part));
    const kindSaid = tellsRealisedKind(part);
    // forEach rather than for…of: no iterator result per action in a cold process.
    part.actions.forEach((action) => checkAction(out, part, action, colourStatus, usual, kindSaid));
    out.push(...checkLegendCounts(part), ...checkSheetColours(part, kindSaid));
  }
  out.push(...checkDuplicateCodes(sheet), ...checkDuplicateTitles(sheet), ...checkContractNamed(sheet));
  return out;
}

/**
 * The status a fill stands for in a palette (statusFromColour), looked up once per fill: a sheet
 * colours thousands of state cells with a handful of fills.
 */
function colourStatusOf(palette: Palette): (fill: string) => StatusId | null {
  const byFill = new Map<string, StatusId | null>();
  return (fill) => {
    let status = byFill.get(fill);
    if (status === undefined) {
      status = statusFromColour(fill, palette);
      byFill.set(fill, status);
    }
    return status;
  };
}

/**
 * No title cell above the table names the contract: the bilans call it « Contrat local de santé »
 * (core/read/contract-title.ts). Said of the workbook (no sheet, no cell), so that the analysis
 * says it once however many years it reads (core/report/analysis.ts keeps one finding per code,
 * sheet and cell, with the latest year).
 */
function checkContractNamed(sheet: TrackingSheet): Diagnostic[] {
  if (sheet.contractTitle) return [];
  return [
    diag(
      'CONTRACT_UNNAMED',
      '',
      null,
      "Aucune cellule au-dessus du tableau ne nomme le contrat : les bilans l'appellent « Contrat local de santé ». " +
        'Écrivez son nom dans une cellule au-dessus du tableau, par exemple « Contrat local de santé du Pays de … 2020-2024 ».',
    ),
  ];
}

/** How a code is written, digits aside: « Fiche n°12 » and « Fiche n°3 » share « fiche n°9 ». */
function codeShape(written: string): string {
  return written.toLowerCase().replace(/\d+/g, '9').replace(/\s+/g, ' ');
}

/** A value worked out when first asked for, then kept. */
function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/**
 * The way of writing codes that a sheet uses for (nearly) all its fiches, in its code column: a
 * numbering used consistently is the sheet's convention, not a defect on every row.
 */
function usualCodeShape(sheet: TrackingSheet): string | null {
  const counts = new Map<string, number>();
  let total = 0;
  for (const a of sheet.actions) {
    if (!a.code || a.codeInTitle) continue;
    const shape = codeShape(a.codeWritten ?? a.code);
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
    total++;
  }
  for (const [shape, n] of counts) if (n >= 3 && n >= 0.8 * total) return shape;
  return null;
}

/**
 * Sheets with tracking data but no header row: a column of states with one repeated. A hidden
 * sheet (the lists of values behind dropdowns), a block of counts or a cross table of states is not.
 */
export function checkSheetsWithoutTable(sheets: readonly SheetWithoutTable[]): Diagnostic[] {
  return sheets.flatMap((s) => {
    if (s.generated) {
      const what = s.generated.year ? `le bilan ${s.generated.year}` : 'un bilan';
      return [
        diag(
          'GENERATED_SHEET_SKIPPED',
          s.name,
          null,
          `La feuille « ${s.name} » est ${what} créé par le complément Excel ou par cls-bilan : elle n'est pas relue ` +
            `comme tableau de suivi, pour ne pas compter ses actions deux fois. Le bouton « Bilan » du complément la met à jour.`,
        ),
      ];
    }
    if (s.taughtProblem) return [diag('READING_TAUGHT_MISFIT', s.name, null, s.taughtProblem)];
    if (s.actionsUnderLegend && !s.hidden) {
      return [
        diag(
          'HEADER_NOT_FOUND',
          s.name,
          null,
          `La feuille « ${s.name} » a une légende des états et ${s.actionsUnderLegend} ligne(s) d'action numérotée(s), ` +
            `mais aucun tableau de suivi n'y a été lu (ni ligne d'en-tête reconnue, ni colonne d'états) : ses actions ne ` +
            `sont pas comptées. Ajoutez une ligne d'en-tête (ACTIONS | n° | PORTEUR | ETAT AVANCEMENT ACTION | REMARQUES) ` +
            `au-dessus du tableau, ou écrivez l'état de chaque action.`,
        ),
      ];
    }
    if (s.statusCells === 0 || s.statusColumn === false || s.hidden) return [];
    return [
      diag(
        'HEADER_NOT_FOUND',
        s.name,
        null,
        `La feuille « ${s.name} » contient ${s.statusCells} cellule(s) d'état d'avancement mais aucune ligne d'en-tête ` +
          `reconnue : ses actions ne sont pas comptées. Ajoutez une ligne d'en-tête (ACTIONS | n° ou piste | PORTEUR | ` +
          `ETAT AVANCEMENT ACTION | REMARQUES) au-dessus du tableau.`,
      ),
    ];
  });
}

function where(action: Action): string {
  const title = action.title ? `« ${truncate(action.title, 60)} »` : `de la ligne ${action.source.row}`;
  return action.code ? `L'action ${action.code} ${title}` : `L'action ${title}`;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** The cell a finding on an action points at: looked up for a finding only (most actions have none). */
function rowCell(action: Action, role: 'title' | 'status' | 'code' | 'porteur'): string {
  return action.source.cells[role] ?? action.source.cells.title ?? `A${action.source.row}`;
}

/**
 * The sheet tells « réalisé et clos » from « réalisé et pérenne » somewhere: in a cell, by a fill,
 * or in its legend. A sheet that never does gets one finding, not one per row.
 */
function tellsRealisedKind(sheet: TrackingSheet): boolean {
  return (
    sheet.actions.some((a) => a.status === 'realise_clos' || a.status === 'realise_perenne') ||
    sheet.legend.some((e) => e.status === 'realise_clos' || e.status === 'realise_perenne')
  );
}

/** Sheet-level findings on how its states were read: by colour family, réalisé never qualified. */
function checkSheetColours(sheet: TrackingSheet, kindSaid: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byFamily = sheet.actions.filter((a) => a.statusSource === 'family');
  if (byFamily.length > 0) {
    const cells = byFamily.slice(0, 5).map((a) => a.source.cells.status ?? `ligne ${a.source.row}`);
    const byState = STATUS_IDS.map((id) => [id, byFamily.filter((a) => a.status === id).length] as const)
      .filter(([, n]) => n > 0)
      .map(([id, n]) => `${n} « ${STATUSES[id].label} »`);
    out.push(
      diag(
        'STATUS_BY_COLOUR_FAMILY',
        sheet.name,
        byFamily[0].source.cells.status ?? null,
        `${count(byFamily.length, 'état lu', 'états lus')} d'après la seule couleur de la cellule, la feuille n'ayant pas ` +
          `de légende des couleurs (vert = réalisé, jaune ou orange = en cours, rouge ou rose = non commencé, ` +
          `gris = abandonné, bleu = réflexion engagée) : ${byState.join(', ')} ; cellules ${cells.join(', ')}` +
          `${byFamily.length > cells.length ? '…' : ''}. Vérifiez-les, ou écrivez l'état dans la cellule.`,
      ),
    );
  }
  const ambiguous = sheet.actions.filter((a) => a.status === 'realise');
  if (!kindSaid && ambiguous.length > 0) {
    out.push(
      diag(
        'STATUS_KIND_NEVER_SAID',
        sheet.name,
        null,
        `La feuille ne distingue jamais « réalisé et clos » de « réalisé et pérenne » : ` +
          `${count(ambiguous.length, 'action réalisée est comptée', 'actions réalisées sont comptées')} « Réalisé » sans précision. ` +
          `Pour les distinguer, écrivez « ${STATUSES.realise_clos.label} » ou « ${STATUSES.realise_perenne.label} », ` +
          `ou colorez ces cellules aux couleurs de la légende.`,
      ),
    );
  }
  return out;
}

/** The findings on one action, added to `out` (one list per sheet rather than one per action). */
function checkAction(
  out: Diagnostic[],
  sheet: TrackingSheet,
  action: Action,
  colourStatus: (fill: string) => StatusId | null,
  usualShape: () => string | null,
  kindSaid: boolean,
): void {
  const name = sheet.name;
  const hasStatusColumn = sheet.header.columns.status !== undefined || sheet.header.statusColumns !== undefined;
  const parsed = parseStatus(action.statusText);

  if (hasStatusColumn && action.status === null && parsed.match === 'empty') {
    out.push(
      diag(
        'STATUS_MISSING',
        name,
        rowCell(action, 'status'),
        `${where(action)} n'a pas d'état d'avancement (ni texte, ni couleur de la légende). ` +
          `Choisissez un état : ${STATUS_IDS.filter((id) => id !== 'realise')
            .map((id) => STATUSES[id].label)
            .join(', ')}.`,
      ),
    );
  }
  if (parsed.match === 'unknown' && action.status === null && needsKey(action.statusText)) {
    out.push(
      diag(
        'STATUS_UNKNOWN',
        name,
        rowCell(action, 'status'),
        `« ${truncate(action.statusText, 60)} » n'est pas un état (${where(action).toLowerCase()}) et la feuille ne porte pas de clé qui ` +
          `dise à quel état il correspond. Ajoutez une clé près du tableau, une cellule par état, par exemple ` +
          `« 0 % = Non commencé », « 1 à 99 % = En cours », « 100 % = Réalisé » ou « ● = Réalisé », ou écrivez l'état lui-même.`,
      ),
    );
  } else if (parsed.match === 'unknown' && parsed.suggestion && action.status === null) {
    const label = STATUSES[parsed.suggestion.status].label;
    out.push(
      diag(
        'STATUS_UNKNOWN',
        name,
        rowCell(action, 'status'),
        `« ${truncate(action.statusText, 60)} » n'est pas un état connu (${where(action).toLowerCase()}). ` +
          `L'état le plus proche est « ${label} » : corrigez la cellule ou choisissez dans la liste.`,
        [{ cell: rowCell(action, 'status'), value: label }],
      ),
    );
  }
  if (parsed.match === 'not_known') {
    out.push(
      diag(
        'STATUS_UNKNOWN',
        name,
        rowCell(action, 'status'),
        `« ${truncate(action.statusText, 60)} » ne dit pas où en est l'action (${where(action).toLowerCase()}) : ` +
          `renseignez l'état d'avancement avec le porteur.`,
      ),
    );
  }
  if (action.status && (parsed.match === 'spelling' || parsed.match === 'partial' || parsed.match === 'legend')) {
    const canonical = canonicalLabel(action.status, parsed.status);
    if (canonical !== action.statusText) {
      out.push(
        diag(
          'STATUS_NONCANONICAL',
          name,
          rowCell(action, 'status'),
          `« ${truncate(action.statusText, 60)} » est lu comme « ${canonical} » ; écrivez « ${canonical} » pour que le tableau ` +
            `reste homogène.`,
          [{ cell: rowCell(action, 'status'), value: canonical }],
        ),
      );
    }
  }
  if (action.status === 'realise' && kindSaid) {
    out.push(
      diag(
        'STATUS_AMBIGUOUS',
        name,
        rowCell(action, 'status'),
        `${where(action)} est « Réalisé » sans dire si elle est close ou pérenne : colorez la cellule avec la couleur ` +
          `de la légende (clos ou pérenne) ou écrivez « ${STATUSES.realise_clos.label} » / « ${STATUSES.realise_perenne.label} ».`,
      ),
    );
  }
  if (action.status && action.statusSource !== 'colour' && action.statusFill) {
    const byColour = colourStatus(action.statusFill);
    const agrees = byColour === null || byColour === action.status || (isRealise(byColour) && isRealise(action.status));
    if (!agrees && byColour) {
      out.push(
        diag(
          'STATUS_COLOUR_MISMATCH',
          name,
          rowCell(action, 'status'),
          `${where(action)} est écrite « ${truncate(action.statusText, 60)} » mais sa couleur est celle de « ${STATUSES[byColour].label} ». ` +
            `Corrigez le texte ou la couleur (le bouton « Colorer les états » remet la couleur du texte).`,
        ),
      );
    }
  }
  if (action.title === '' && (action.status !== null || action.code !== null)) {
    out.push(
      diag(
        'TITLE_MISSING',
        name,
        rowCell(action, 'title'),
        `La ligne ${action.source.row} a ${action.status ? `un état (« ${truncate(action.statusText, 60) || STATUSES[action.status].label} »)` : 'un numéro'} ` +
          `mais pas d'intitulé d'action ; elle est comptée dans le bilan. Écrivez l'intitulé de l'action.`,
      ),
    );
  }
  if (action.kind === 'fiche' && action.code && action.porteur === '' && sheet.header.columns.porteur !== undefined) {
    out.push(
      diag(
        'PORTEUR_MISSING',
        name,
        rowCell(action, 'porteur'),
        `La fiche-action ${action.code}${action.title ? ` « ${truncate(action.title, 60)} »` : ''} n'a pas de porteur. ` +
          `Indiquez la structure qui la porte.`,
      ),
    );
  }
  checkCode(out, sheet, action, usualShape);
  if (action.status === 'abandonne') {
    // Whether any note says something, stopping at the first (no list of them made per action).
    const explained = Object.values(action.notes).some((t) => t && t.trim() !== '');
    if (!explained) {
      out.push(
        diag(
          'ABANDON_WITHOUT_REASON',
          name,
          rowCell(action, 'status'),
          `${where(action)} est abandonnée sans explication : notez en remarque pourquoi, pour le bilan et le COPIL.`,
        ),
      );
    }
  }
}

/** The label to write for a recognised status: « Réalisé » stays « Réalisé » when the fill tells the kind. */
function canonicalLabel(status: StatusId, fromText: StatusId | null): string {
  if (fromText === 'realise' && isRealise(status)) return STATUSES.realise.label;
  return STATUSES[fromText ?? status].label;
}

const HIERARCHICAL = /^(\d+)\.(\d+)\.(\d+)$/;

function checkCode(out: Diagnostic[], sheet: TrackingSheet, action: Action, usualShape: () => string | null): void {
  const name = sheet.name;
  const hasCodeColumn = sheet.header.columns.code !== undefined;
  if (action.codeWritten && hasCodeColumn && !isUsualCode(action, usualShape())) {
    const codeCell = action.source.cells.code ?? null;
    const titleCell = action.source.cells.title ?? null;
    const gluedInTitle = action.codeInTitle === true;
    const fix: FixEdit[] = [];
    if (gluedInTitle && titleCell && codeCell) {
      fix.push({ cell: titleCell, value: action.title }, { cell: codeCell, value: action.code ?? 'Piste' });
    } else if (codeCell && action.code) {
      fix.push({ cell: codeCell, value: action.code });
    }
    out.push(
      diag(
        'CODE_MALFORMED',
        name,
        gluedInTitle ? titleCell : codeCell,
        gluedInTitle
          ? `Le numéro est collé au titre (« ${truncate(action.codeWritten, 50)} ») : mettez « ${action.code ?? 'Piste'} » ` +
              `dans la colonne du numéro et le titre seul dans la colonne des actions.`
          : `Le numéro « ${action.codeWritten} » est mal écrit ; écrivez « ${action.code ?? 'Piste'} ».`,
        fix.length > 0 ? fix : null,
      ),
    );
  }
  const m = action.code ? HIERARCHICAL.exec(action.code) : null;
  const objCode = action.objectif?.code;
  if (m && objCode && `${m[1]}.${m[2]}` !== objCode) {
    out.push(
      diag(
        'CODE_OBJECTIVE_MISMATCH',
        name,
        rowCell(action, 'code'),
        `${where(action)} porte le numéro ${action.code} mais elle est rangée sous l'objectif ${objCode} : ` +
          `son numéro devrait commencer par ${objCode}. Vérifiez le numéro ou l'objectif.`,
      ),
    );
  }
}

/** The code is written in its column the way the sheet usually writes its codes (usualCodeShape). */
function isUsualCode(action: Action, usualShape: string | null): boolean {
  return !action.codeInTitle && action.codeWritten !== undefined && codeShape(action.codeWritten) === usualShape;
}

/** Rows named in a message about repeated rows; the rest are counted (« … et 4 998 autres lignes »). */
const ROWS_NAMED = 3;

/** Where an action is, for a message about another one: its row, and its sheet when it is another. */
function rowRef(b: Action, of: Action): string {
  const sheet = b.source.sheet !== of.source.sheet ? ` de la feuille « ${b.source.sheet} »` : '';
  return `ligne ${b.source.row}${sheet}`;
}

/** The sheet a diagnostic on this action names: the action's own when the reading joins several. */
function sheetOf(sheet: TrackingSheet, a: Action): string {
  return sheet.parts ? a.source.sheet : sheet.name;
}

/**
 * Files an action under its key: the action alone while it is the only one, a list from the second
 * on. Nearly every code and title of a sheet has one action: its thousands of keys make no array.
 */
function addTo(lists: Map<string, Action | Action[]>, key: string, a: Action): void {
  const found = lists.get(key);
  if (found === undefined) lists.set(key, a);
  else if (Array.isArray(found)) found.push(a);
  else lists.set(key, [found, a]);
}

function checkDuplicateCodes(sheet: TrackingSheet): Diagnostic[] {
  const byCode = new Map<string, Action | Action[]>();
  sheet.actions.forEach((a) => {
    if (a.code && a.kind === 'fiche') addTo(byCode, a.code, a);
  });
  const out: Diagnostic[] = [];
  byCode.forEach((list, code) => {
    if (!Array.isArray(list)) return;
    // One diagnostic per number, naming its rows: a pair is said once, and a number shared by
    // thousands of rows stays one bounded message (« … et 4 997 autres lignes »). It points at the
    // first repeat, the row most often copied without renumbering.
    const [first, repeat] = list;
    const named = list
      .slice(0, ROWS_NAMED + 1)
      .map((b) => `${rowRef(b, first)}${b.title ? ` « ${truncate(b.title, 50)} »` : ''}`);
    const rest = list.length - named.length;
    const more = rest > 0 ? ` et ${formatNumber(rest)} autre${rest > 1 ? 's' : ''} ligne${rest > 1 ? 's' : ''}` : '';
    const rows = rest > 0 ? named.join(', ') + more : `${named.slice(0, -1).join(', ')} et ${named[named.length - 1]}`;
    out.push(
      diag(
        'CODE_DUPLICATE',
        sheetOf(sheet, repeat),
        rowCell(repeat, 'code'),
        `Le numéro ${code} est utilisé par ${formatNumber(list.length)} actions : ${rows}. Donnez à chaque fiche-action son propre numéro.`,
      ),
    );
  });
  return out;
}

function checkDuplicateTitles(sheet: TrackingSheet): Diagnostic[] {
  const byTitle = new Map<string, Action | Action[]>();
  sheet.actions.forEach((a) => {
    const key = normalize(a.title);
    if (key) addTo(byTitle, key, a);
  });
  const out: Diagnostic[] = [];
  byTitle.forEach((list) => {
    if (!Array.isArray(list)) return;
    for (const a of list.slice(1)) {
      out.push(
        diag(
          'ACTION_DUPLICATE',
          sheetOf(sheet, a),
          rowCell(a, 'title'),
          `L'intitulé « ${truncate(a.title, 60)} » figure déjà ${rowRef(list[0], a)} : s'il s'agit de la même ` +
            `action, supprimez une des lignes ; sinon, précisez les intitulés.`,
        ),
      );
    }
  });
  return out;
}

function checkLegendCounts(sheet: TrackingSheet): Diagnostic[] {
  // Counted only for a legend that declares counts (most do not).
  let counts: StatusCounts | null = null;
  const out: Diagnostic[] = [];
  for (const entry of sheet.legend) {
    if (entry.declaredCount === null) continue;
    counts ??= countStatuses(sheet.actions);
    const actual = entry.status === 'realise' ? counts.realise : counts[entry.status];
    if (actual === entry.declaredCount) continue;
    const cell = entry.countCell ?? entry.cell;
    out.push(
      diag(
        'LEGEND_COUNT_MISMATCH',
        sheet.name,
        cell,
        `La légende annonce ${entry.declaredCount} action(s) « ${STATUSES[entry.status].legend} » mais le tableau en ` +
          `compte ${actual}. Mettez la légende à jour (${actual}) ou corrigez les états du tableau.`,
        entry.countCell ? [{ cell: entry.countCell, value: String(actual) }] : null,
      ),
    );
  }
  return out;
}

/** Compares two sheet names as localeCompare(…, 'fr') does, with one collator made once. */
const compareSheetNames = new Intl.Collator('fr').compare;

/**
 * By severity, then sheet (French order), then row; stable. Each diagnostic's severity rank and
 * row are read once, not at each of the sort's comparisons: a large workbook has thousands.
 */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const keyed = list.map((d) => ({ d, severity: SEVERITY_ORDER.indexOf(d.severity), row: rowOf(d.cell) }));
  keyed.sort(
    (a, b) =>
      a.severity - b.severity ||
      (a.d.sheet === b.d.sheet ? 0 : compareSheetNames(a.d.sheet, b.d.sheet)) ||
      a.row - b.row,
  );
  return keyed.map((k) => k.d);
}

function rowOf(cell: string | null): number {
  const m = cell ? /(\d+)$/.exec(cell) : null;
  return m ? Number(m[1]) : 0;
}

export function countBySeverity(list: readonly Diagnostic[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of list) out[d.severity]++;
  return out;
}

/** « 1 erreur, 5 avertissements, 4 informations »: counts of checks by severity, agreed in number. */
export function severitySentence(by: Record<Severity, number>): string {
  return `${count(by.error, 'erreur')}, ${count(by.warning, 'avertissement')}, ${count(by.info, 'information')}`;
}

/** Why a reading's bilan is incomplete, in short French phrases (empty when it is complete). */
export function incompleteReasons(diagnostics: readonly Diagnostic[]): string[] {
  const reasons = new Set<string>();
  for (const d of diagnostics) {
    if (!isReadingError(d)) continue;
    reasons.add(REASONS[d.code] ?? CATALOGUE[d.code].title);
  }
  return [...reasons];
}

const REASONS: Partial<Record<DiagnosticCode, string>> = {
  READING_NO_STATUS_COLUMN: 'la colonne des états n’a pas été trouvée',
  READING_STATES_MISSING: 'la plupart des actions n’ont pas d’état lu',
  READING_STATES_UNKNOWN: 'la plupart des états ne sont pas reconnus',
  READING_NO_YEAR: 'l’année du bilan n’a pas été trouvée',
  READING_TAUGHT_MISFIT: 'les colonnes indiquées ne correspondent plus au tableau',
  READING_UNKNOWN_COLOURS: 'des états sont donnés par une couleur que l’outil ne sait pas lire',
  READING_STATUS_GUESSED: 'plusieurs colonnes contiennent des états et rien ne dit laquelle est celle de l’année',
  HEADER_NOT_FOUND: 'une feuille a des actions qui n’ont pas été lues',
  YEAR_SHEETS_DIFFER: 'deux feuilles donnent cette année avec des actions ou des états différents',
};

/** « Bilan incomplet : … » for a reading whose bilan is not to be trusted, or null. */
export function incompleteNotice(diagnostics: readonly Diagnostic[]): string | null {
  const reasons = incompleteReasons(diagnostics);
  if (reasons.length === 0) return null;
  return `Bilan incomplet : ${reasons.join(' ; ')}. Les nombres ci-dessous ne sont pas à reprendre tels quels : voir les contrôles.`;
}

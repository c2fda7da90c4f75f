/**
 * Header vocabulary of tracking tables: which header words mean which column. A header cell is read
 * by meaning, not as an exact string: its year or date is set aside (« Statut au 31/12/2022 »), then
 * its words are scored. French noun phrases put the head noun first (« Pilote de l'action »,
 * « Intitulé de la fiche-action », « Structure(s) porteuse(s) »), so the first word decides, with a
 * few two-word heads (« N° de fiche », « Objectifs atteints », « Niveau de réalisation ») and a few
 * words that make a column something else whatever follows (« Nombre d'actions », « Date de… »).
 */
import { memoized } from '../base/memo';
import type { ColumnRole } from '../base/model';
import { parseStatus, type StatusId } from '../base/status';
import { normalize } from '../base/text';

/** What one header cell says. */
export interface HeaderCell {
  /**
   * The role of the column; `year` for a header that is only a year or a date (« 2022 »,
   * « Au 31/12/2022 », « Année 2022 »): its data say whether it holds states or remarks.
   */
  role: ColumnRole | 'year' | 'tick';
  /** The year the header names, when it names one. */
  year: number | null;
  /** The header says « % »: the column holds percentages. */
  percent: boolean;
  /** For `tick`: the state the column stands for (one column per state, ticked « X »). */
  status?: StatusId;
}

const ARTICLES = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'au', 'aux', 'a', 'en', 'et', 'un', 'une']);

/** Heads that name a column of budgets or contacts: a sheet of them is not a tracking table. */
export const FOREIGN_HEADS = new Set([
  'budget',
  'budgets',
  'cout',
  'couts',
  'montant',
  'montants',
  'financement',
  'financements',
  'financeur',
  'financeurs',
  'telephone',
  'tel',
  'mail',
  'courriel',
  'email',
  'adresse',
  'fonction',
  'prenom',
  'contact',
  'contacts',
]);

/** First words that make the column something else than a tracking column, whatever follows. */
const OTHER_HEADS = new Set([
  ...FOREIGN_HEADS,
  'nombre',
  'nb',
  'nbre',
  'total',
  'totaux',
  'taux',
  'pourcentage',
  'part',
  'date',
  'dates',
  'calendrier',
  'echeance',
  'echeances',
  'echeancier',
  'duree',
  'indicateur',
  'indicateurs',
  'public',
  'publics',
  'lieu',
  'lieux',
  'description',
  'descriptif',
  'moyens',
]);

const CODE_WORDS = new Set(['n', 'no', 'num', 'numero', 'numeros', 'code', 'codes', 'ref', 'reference', 'references']);

/** One-word heads, by the role they name. */
const HEAD_WORDS: Readonly<Partial<Record<ColumnRole, readonly string[]>>> = {
  code: [...CODE_WORDS, 'id', 'identifiant'],
  title: [
    'action',
    'actions',
    'intitule',
    'intitules',
    'libelle',
    'libelles',
    'titre',
    'titres',
    'denomination',
    'fiche',
    'fiches',
    'fa',
  ],
  porteur: [
    'porteur',
    'porteurs',
    'porteuse',
    'porteuses',
    'pilote',
    'pilotes',
    'pilotage',
    'responsable',
    'responsables',
    'structure',
    'structures',
    'referent',
    'referents',
    'referente',
    'operateur',
    'operateurs',
    'maitre',
  ],
  partenaires: ['partenaire', 'partenaires', 'partenariat', 'partenariats', 'copilote', 'copilotes'],
  status: ['etat', 'etats', 'statut', 'statuts', 'status', 'avancement', 'realisation', 'progression', 'situation'],
  remarques: [
    'remarque',
    'remarques',
    'commentaire',
    'commentaires',
    'observation',
    'observations',
    'precision',
    'precisions',
    'note',
    'notes',
    'infos',
    'details',
  ],
  avancees: ['avancees', 'avancee', 'difficultes', 'freins', 'leviers'],
  preconisations: [
    'preconisation',
    'preconisations',
    'prioritaire',
    'recommandation',
    'recommandations',
    'perspective',
    'perspectives',
  ],
  axe: ['axe', 'axes', 'orientation', 'orientations', 'thematique', 'thematiques', 'theme', 'themes', 'domaine'],
  strategie: ['strategie', 'strategies'],
  objectif: ['objectif', 'objectifs', 'priorite', 'priorites', 'sous'],
  resteAFaire: ['reste'],
};

/** One-word heads → role. */
const HEADS: ReadonlyMap<string, ColumnRole> = new Map(
  (Object.entries(HEAD_WORDS) as [ColumnRole, readonly string[]][]).flatMap(([role, words]) =>
    words.map((w) => [w, role] as const),
  ),
);

/**
 * Words a hyphenated header may be made of (« Fiche-action », « Co-porteur », « Sous-objectif »,
 * « Reste-à-faire »): a compound of other words is one word of its own, so that no head matches
 * the beginning of another word (« Fa-Sel » is not « FA », fiche action).
 */
const COMPOUND_PARTS: ReadonlySet<string> = new Set([
  ...HEADS.keys(),
  ...CODE_WORDS,
  ...ARTICLES,
  ...OTHER_HEADS,
  'co',
  'sous',
  'faire',
  'ouvrage',
  'atteint',
  'atteints',
  'strategique',
  'strategiques',
  'critere',
  'criteres',
  'evaluation',
  'piste',
  'pistes',
  'projet',
  'projets',
  'nom',
  'noms',
  'niveau',
  'mise',
  'oeuvre',
  'jour',
  'annee',
  'suivi',
  'bilan',
]);

/** A word made of words joined by hyphens (« Fiche-action », « Fa-Sel »); built at run time: older webviews cannot parse \p{…} in a literal. */
const HYPHENATED = new RegExp('[\\p{L}\\p{N}]+(?:[-‐‑][\\p{L}\\p{N}]+)+', 'gu');

/** The header's words: a hyphenated compound is split only when every part is a header word, else joined. */
function headerWords(text: string): string[] {
  const compounds = text.replace(HYPHENATED, (whole) => {
    const parts = whole.split(/[-‐‑]/);
    const known = parts.every((p) =>
      normalize(p)
        .split(' ')
        .every((w) => COMPOUND_PARTS.has(w)),
    );
    return parts.join(known ? ' ' : '');
  });
  return normalize(compounds).split(' ').filter(Boolean);
}

/** Years and dates inside a header (« 31/12/2022 », « déc. 2022 », « 2022 »), set aside before scoring. */
const DATE_OR_YEAR =
  /\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b|\b\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b/g;
const MONTHS =
  /\b(janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\.?\b/gi;

/** A date of update or export (« mis à jour le 12/01/2024 », « MAJ 01/2024 »): never the year of a bilan. */
export const UPDATE_PHRASE =
  /mis[ea]?s?\s+[àa]\s+jour|\bm\.?\s?[àa]\.?\s?j\b|actualis|[ée]dit[ée]\s+le|imprim[ée]|export[ée]|g[ée]n[ée]r[ée]\s+le/i;

/**
 * A forecast or a target (« Prévisionnel 2024 », « Objectif 2025 », « Cible », « À venir »): a
 * column of what is planned, never the reading of a year.
 */
const FORECAST =
  /pr[ée]vision|pr[ée]vu|\bcibles?\b|\bobjectifs?\s+(?:pour\s+|en\s+)?(?:19|20)\d\d|[àa]\s+venir|attendu|escompt|projection/i;

export function isForecastHeader(text: string): boolean {
  return text.length <= 70 && FORECAST.test(text);
}

/** Heads that, with a year and nothing else, make a header that is only a year (« Année 2022 »). */
const YEAR_HEADS = new Set([
  'annee',
  'bilan',
  'campagne',
  'suivi',
  'point',
  'exercice',
  'periode',
  'fin',
  'mise',
  'jour',
]);

/** The years a text names, in order, each once. */
export function yearsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(DATE_OR_YEAR)) {
    const y = Number(m[1] ?? m[2] ?? m[3]);
    if (!out.includes(y)) out.push(y);
  }
  return out;
}

const headerCellMemo = memoized(headerCellUncached, { limit: 5000 });

/** What a header cell says, or null when it names no column the tool knows. */
export function headerCell(text: string): HeaderCell | null {
  return text.length > 120 ? null : headerCellMemo(text);
}

function headerCellUncached(text: string): HeaderCell | null {
  const raw = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  if (raw === '' || raw.length > 70 || isForecastHeader(raw)) return null;
  const years = yearsIn(raw);
  const year = years.length === 1 ? years[0] : null;
  const percent = raw.includes('%');
  const stripped = raw
    .replace(DATE_OR_YEAR, ' ')
    .replace(MONTHS, ' ')
    .replace(/\((?:s|e|es|%)\)/gi, ' ');
  const words = headerWords(stripped);
  let i = 0;
  while (i < words.length && ARTICLES.has(words[i])) i++;
  const rest = words.slice(i);
  if (rest.length === 0) return year !== null ? { role: 'year', year, percent } : null;
  if (year !== null && rest.every((w) => YEAR_HEADS.has(w) || ARTICLES.has(w))) return { role: 'year', year, percent };

  const role = roleOfWords(rest);
  if (role) return { role, year, percent };
  // A column per state (« Réalisé | En cours | Non commencé »), ticked « X »: a few words, no number.
  if (rest.length > 5 || rest.some((w) => /\d/.test(w))) return null;
  const status = parseStatus(stripped.trim());
  if (status.status && (status.match === 'canonical' || status.match === 'spelling' || status.match === 'legend')) {
    return { role: 'tick', year, percent, status: status.status };
  }
  return null;
}

/** Words a header cell has at most: longer texts are data (« Action expérimentale pour 3 ans, en cours… »). */
const MAX_HEADER_WORDS = 9;
/** Words, at most, of a header that begins with « Action » or « Fiche » (« Actions du CLS », « Fiche action »). */
const MAX_ACTION_HEADER_WORDS = 4;

function roleOfWords(words: readonly string[]): ColumnRole | null {
  const [head, second, third] = words;
  if (OTHER_HEADS.has(head) || words.length > MAX_HEADER_WORDS) return null;
  // A header names no number but a year or a date, set aside above: « Fiche n°8 », « Axe 2 : … »,
  // « Action 12 : prévention » are data.
  if (words.some((w) => /\d/.test(w))) return null;
  const actionHead = head === 'action' || head === 'actions' || head === 'fiche' || head === 'fiches';
  const has = (w: string) => words.includes(w);
  const hasNumber = words.some((w) => CODE_WORDS.has(w) && w !== 'code' && w !== 'codes') || has('code');
  // « Fiche n° », « Action n° », « Fiche-action n° » are the code; « Fiche-action » is the title.
  if (
    (head === 'fiche' || head === 'fiches' || head === 'action' || head === 'actions' || head === 'fa') &&
    (hasNumber || has('piste'))
  )
    return 'code';
  // « Projet(s) » alone names the title column; « Projet de territoire » is an action.
  if (head === 'projet' || head === 'projets') return words.length <= 2 ? 'title' : null;
  // « Nom de l'action » is the title; « Nom » alone is a person's, in a list of contacts.
  if (head === 'nom' || head === 'noms')
    return ['action', 'actions', 'fiche', 'fiches', 'projet'].some(has) ? 'title' : null;
  if (head === 'objectif' || head === 'objectifs') {
    if (second === 'atteint' || second === 'atteints' || has('atteints')) return 'objectifsAtteints';
    if (has('critere') || has('criteres') || has('evaluation')) return 'remarques';
    if (second === 'strategique' || second === 'strategiques') return 'strategie';
    return 'objectif';
  }
  if (head === 'sous') return second === 'objectif' || second === 'objectifs' ? 'objectif' : null;
  if (head === 'reste') return second === 'a' || second === 'faire' ? 'resteAFaire' : null;
  if (head === 'niveau') {
    if (has('realisation') || has('avancement') || has('mise')) return 'status';
    return null;
  }
  if (head === 'co' && (second === 'porteur' || second === 'porteurs' || second === 'pilote' || second === 'pilotes'))
    return 'partenaires';
  if (head === 'maitre') return second === 'd' || second === 'ouvrage' || third === 'ouvrage' ? 'porteur' : null;
  if (head === 'etat' && second === 'des' && third === 'lieux') return null;
  const role = HEADS.get(head);
  if (role === 'title' && actionHead && words.length > MAX_ACTION_HEADER_WORDS) return null;
  if (role) return role;
  // A title column named by a word further on (« Dénomination / intitulé », « Les fiches-actions »).
  if (has('intitule') || has('libelle')) return 'title';
  return null;
}

/** The role of a header text, or null (kept for callers that need only the role). */
export function headerRole(text: string): ColumnRole | null {
  const cell = headerCell(text);
  return cell && cell.role !== 'year' && cell.role !== 'tick' ? cell.role : null;
}

/** The header words a user should see when no table was found. */
export const EXPECTED_HEADER_WORDS = [
  'ACTIONS (ou « Fiche action », « Intitulé »)',
  'ETAT AVANCEMENT ACTION (ou « Avancement », « Statut », « Etat d’avancement »)',
  'n° ou piste (ou « N° », « Code »)',
  'PORTEUR',
  'AXES / OBJECTIFS',
  'REMARQUES',
];

export type ColumnMap = Partial<Record<ColumnRole, number>>;

/** A header cell placed in its column. */
export interface PlacedHeaderCell extends HeaderCell {
  col: number;
  /**
   * For a state column chosen by its cells while no header word names it: the other columns whose
   * cells are states too. The reading cannot tell which one is the year's.
   */
  alternatives?: number[];
}

/** Cheap test before reading a row's cells: could this text be the header of the actions column? */
const TITLE_HEADER_START = /^[\s("'«]*(?:(?:les?|la|l['’])\s*)?(act|fich|f\.?a\b|int|lib|nom|tit|d[ée]nom|proj)/i;

export function mayBeTitleHeader(text: string): boolean {
  if (text.length >= 60 || !TITLE_HEADER_START.test(text)) return false;
  // « Action 12 : prévention » is an action: a title header has no number, but maybe a year.
  return !/\d/.test(text) || !/\d/.test(text.replace(/\b(?:19|20)\d\d\b/g, ''));
}

/**
 * Reads a row as a header: its known cells, or null. A row is a header when it names the action
 * column and at least one other known column (Melun's `Fiche action | Objectifs/critères
 * d'évaluation` has no status column), when at least half of its cells are known header words (a
 * row of data has titles, names and remarks that are not), when it holds no state unless it is one
 * column per state, and when it is not the header of a budget or contacts table.
 */
export function readHeaderRow(
  texts: readonly string[],
  options: { minCells?: number } = {},
): PlacedHeaderCell[] | null {
  // Action titles often begin like the header (« Actions collectivités… »): read the other cells only
  // once one of them may be the header of the actions column.
  if (!texts.some((t) => mayBeTitleHeader(t) && headerCell(t)?.role === 'title')) return null;
  const cells: PlacedHeaderCell[] = [];
  let foreign = false;
  let tracking = false;
  let nonEmpty = 0;
  for (const text of texts) if (text !== '') nonEmpty++;
  let unknown = 0;
  for (let col = 0; col < texts.length; col++) {
    const text = texts[col];
    if (text === '') continue;
    const cell = headerCell(text);
    if (cell) {
      cells.push({ ...cell, col });
      if (cell.role === 'status' || cell.role === 'tick' || cell.role === 'year') tracking = true;
      continue;
    }
    if (FOREIGN_HEADS.has(normalize(text).split(' ')[0] ?? '')) foreign = true;
    unknown++;
  }
  // More than half the cells name no column: a row of data, unless the row names both the actions
  // and their states (« Projet | … | Statut »), which a row of data never does.
  const namesBoth = cells.some((c) => c.role === 'title') && cells.some((c) => c.role === 'status');
  if (unknown * 2 > nonEmpty && !namesBoth) return null;
  if (foreign && !tracking) return null;
  const ticks = new Set(cells.filter((c) => c.role === 'tick').map((c) => c.status));
  // A state word or two are cells of data (« Action | PETR | En cours », the states of two years),
  // not a column per state, which names at least three.
  const kept = ticks.size >= 3 ? cells : cells.filter((c) => c.role !== 'tick');
  // Distinct roles: a row of data may hold two texts that begin like a title (« Actions MDS… »).
  const roles = new Set(kept.map((c) => (c.role === 'tick' ? `tick:${c.status}` : c.role)));
  if (roles.size < (options.minCells ?? 2) || (kept.length * 2 < nonEmpty && !namesBoth)) return null;
  // A state word or two beside the header words (« Terminé ? », « Réalisé en % ») are extra
  // columns of a header that names enough without them; in a row with fewer known words, they are
  // the states of a row of data.
  if (ticks.size < 3 && cells.length !== kept.length && (roles.size < 3 || !roles.has('title') || !roles.has('status')))
    return null;
  return kept;
}

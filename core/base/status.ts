/**
 * The status codes of a CLS action: ids, legend order, French labels, the legend sentences of the
 * yearly bilan, the default palette, and a tolerant, explainable parser of what coordinators write.
 * This module is the only place that knows these; every other module and host imports them.
 */
import { memoized } from './memo';
import { levenshtein, normalize } from './text';

export const STATUS_IDS = [
  'realise_clos',
  'realise_perenne',
  'realise',
  'en_cours',
  'reflexion',
  'non_commence',
  'abandonne',
] as const;

export type StatusId = (typeof STATUS_IDS)[number];

export interface StatusInfo {
  id: StatusId;
  /** The canonical cell label (what the dropdown offers and the automatic fixes write). */
  label: string;
  /** The sentence of the legend « Avancement des actions » in the bilan. */
  legend: string;
  /** Default fill, #RRGGBB. */
  colour: string;
  /** Counted as « réalisée » in the bilan's percentage. */
  done: boolean;
}

export const STATUSES: Readonly<Record<StatusId, StatusInfo>> = {
  realise_clos: {
    id: 'realise_clos',
    label: 'Réalisé (clos)',
    legend: 'Action réalisée et close, ne nécessite pas de suivi dans le temps',
    colour: '#00B050',
    done: true,
  },
  realise_perenne: {
    id: 'realise_perenne',
    label: 'Réalisé (pérenne)',
    legend: 'Réalisé, avec déroulement pérenne et récurrent (qui appelle un) suivi régulier du fonctionnement',
    colour: '#92D050',
    done: true,
  },
  realise: {
    id: 'realise',
    label: 'Réalisé',
    legend: 'Réalisé, sans précision (clos ou pérenne)',
    colour: '#C6E0B4',
    done: true,
  },
  en_cours: {
    id: 'en_cours',
    label: 'En cours',
    legend: 'Action en cours déploiement, projet en émergence',
    colour: '#FFC000',
    done: false,
  },
  reflexion: {
    id: 'reflexion',
    label: 'Réflexion engagée',
    legend: 'Réflexion engagée',
    colour: '#9DC3E6',
    done: false,
  },
  non_commence: {
    id: 'non_commence',
    label: 'Non commencé',
    legend: 'Non commencé',
    colour: '#FF9999',
    done: false,
  },
  abandonne: {
    id: 'abandonne',
    label: 'Abandonné',
    legend: 'Abandonné',
    colour: '#808080',
    done: false,
  },
};

/** Status id → #RRGGBB. The default palette; a sheet's own legend or the user's settings override it. */
export type Palette = Record<StatusId, string>;

export const DEFAULT_PALETTE: Readonly<Palette> = Object.fromEntries(
  STATUS_IDS.map((id) => [id, STATUSES[id].colour]),
) as Record<StatusId, string>;

export function isStatusId(value: unknown): value is StatusId {
  return typeof value === 'string' && (STATUS_IDS as readonly string[]).includes(value);
}

export function statusOrder(id: StatusId): number {
  return STATUS_IDS.indexOf(id);
}

/** The three « réalisé » ids: the text alone cannot tell clos from pérenne, only the fill can. */
export function isRealise(id: StatusId | null | undefined): boolean {
  return id === 'realise' || id === 'realise_clos' || id === 'realise_perenne';
}

/**
 * Spellings seen in the seeds, the words coordinators write, and their close relatives, normalized
 * (see `normalize`: no accents, apostrophes as spaces, « œ » dropped). Each maps to a status. A
 * spelling matches the whole cell only (once dates or a repetition are set aside, see
 * `parsePartial`): « OK » is a state, « OK pour la salle » is not. None may be a column header's
 * word (« Réalisation », « Mise en œuvre », « Calendrier »): a header that reads as a state is taken
 * for a column per state, ticked « X ».
 */
const SPELLINGS: ReadonlyArray<readonly [string, StatusId]> = [
  // réalisé et clos
  ['realise clos', 'realise_clos'],
  ['realise et clos', 'realise_clos'],
  ['realisee et close', 'realise_clos'],
  ['realise close', 'realise_clos'],
  ['action realisee et close', 'realise_clos'],
  ['clos', 'realise_clos'],
  ['close', 'realise_clos'],
  ['cloture', 'realise_clos'],
  ['cloturee', 'realise_clos'],
  ['termine et clos', 'realise_clos'],
  ['terminee et close', 'realise_clos'],
  // réalisé et pérenne
  ['realise perenne', 'realise_perenne'],
  ['realise et perenne', 'realise_perenne'],
  ['realisee et perenne', 'realise_perenne'],
  ['realise recurrent', 'realise_perenne'],
  ['perenne', 'realise_perenne'],
  ['perennise', 'realise_perenne'],
  ['perennisee', 'realise_perenne'],
  ['recurrent', 'realise_perenne'],
  // réalisé, kind not said
  ['realise', 'realise'],
  ['realisee', 'realise'],
  ['realises', 'realise'],
  ['realisees', 'realise'],
  ['termine', 'realise'],
  ['terminee', 'realise'],
  ['fait', 'realise'],
  ['faite', 'realise'],
  ['acheve', 'realise'],
  ['achevee', 'realise'],
  ['finalise', 'realise'],
  ['finalisee', 'realise'],
  ['fini', 'realise'],
  ['finie', 'realise'],
  ['finis', 'realise'],
  ['finies', 'realise'],
  // « OK » alone in the state column: done.
  ['ok', 'realise'],
  // en cours
  ['en cours', 'en_cours'],
  ['encours', 'en_cours'],
  ['en cours de deploiement', 'en_cours'],
  ['en cours deploiement', 'en_cours'],
  ['action en cours deploiement projet en emergence', 'en_cours'],
  ['action en cours de deploiement projet en emergence', 'en_cours'],
  ['en cours de realisation', 'en_cours'],
  // « œ » is dropped by normalize: « mise en œuvre » reads « mise en uvre ».
  ['en cours de mise en oeuvre', 'en_cours'],
  ['en cours de mise en uvre', 'en_cours'],
  ['en cours de mise en place', 'en_cours'],
  ['projet en emergence', 'en_cours'],
  ['en emergence', 'en_cours'],
  ['demarre', 'en_cours'],
  ['demarree', 'en_cours'],
  ['lance', 'en_cours'],
  ['lancee', 'en_cours'],
  ['en deploiement', 'en_cours'],
  // réflexion
  ['reflexion engagee', 'reflexion'],
  ['reflexion amorcee', 'reflexion'],
  ['reflexion', 'reflexion'],
  ['en reflexion', 'reflexion'],
  ['reflexion en cours', 'reflexion'],
  ['engage', 'reflexion'],
  ['engagee', 'reflexion'],
  ['amorce', 'reflexion'],
  ['amorcee', 'reflexion'],
  ['a l etude', 'reflexion'],
  ['en cours d etude', 'reflexion'],
  ['en cours de reflexion', 'reflexion'],
  ['en projet', 'reflexion'],
  // Being prepared: thought about, not yet carried out.
  ['en preparation', 'reflexion'],
  // non commencé
  ['non commence', 'non_commence'],
  ['non commencee', 'non_commence'],
  ['non commences', 'non_commence'],
  ['non commencees', 'non_commence'],
  ['pas commence', 'non_commence'],
  ['pas encore commence', 'non_commence'],
  ['non demarre', 'non_commence'],
  ['non demarree', 'non_commence'],
  ['pas demarre', 'non_commence'],
  ['pas demarree', 'non_commence'],
  ['pas encore demarre', 'non_commence'],
  ['non lance', 'non_commence'],
  ['non lancee', 'non_commence'],
  ['pas lance', 'non_commence'],
  ['pas lancee', 'non_commence'],
  ['pas encore lance', 'non_commence'],
  ['a lancer', 'non_commence'],
  ['a demarrer', 'non_commence'],
  ['non realise', 'non_commence'],
  ['non realisee', 'non_commence'],
  ['pas realise', 'non_commence'],
  ['non engage', 'non_commence'],
  ['a venir', 'non_commence'],
  ['a faire', 'non_commence'],
  // Postponed or waiting: not started this year (the evaluation questionnaire lists « Reportée »
  // apart from « Annulée et non reportée », an abandon).
  ['reporte', 'non_commence'],
  ['reportee', 'non_commence'],
  ['en attente', 'non_commence'],
  // abandonné
  ['abandonne', 'abandonne'],
  ['abandonnee', 'abandonne'],
  ['abandonnes', 'abandonne'],
  ['abandon', 'abandonne'],
  ['annule', 'abandonne'],
  ['annulee', 'abandonne'],
  ['annulee et non reportee', 'abandonne'],
  ['annule et non reporte', 'abandonne'],
  ['arrete', 'abandonne'],
  ['arretee', 'abandonne'],
  ['stoppe', 'abandonne'],
  ['stoppee', 'abandonne'],
  ['supprime', 'abandonne'],
  ['supprimee', 'abandonne'],
];

const SPELLING_MAP: ReadonlyMap<string, StatusId> = new Map(SPELLINGS);

/**
 * Spellings read as a state but which say more than its label: « reporté » is not started *and*
 * put off to later, « en attente » waits on something, « suspendu » was stopped for a while,
 * « non réalisé » says, at the contract's end, that the action never took place. Rewritten as
 * « Non commencé », that would be lost: `sync` keeps them unless asked (`--seulement libelles`).
 * Normalized, as in SPELLINGS.
 */
const SAYS_MORE = new Set([
  'reporte',
  'reportee',
  'reportes',
  'reportees',
  'en attente',
  'suspendu',
  'suspendue',
  'suspendus',
  'suspendues',
  'en suspens',
  'non realise',
  'non realisee',
  'non realises',
  'non realisees',
  'pas realise',
  'pas realisee',
]);

/** True when the text is a state written with a word that says more than the state's label (« reporté »). */
export function saysMoreThanState(text: string): boolean {
  const norm = normalize(text);
  if (SAYS_MORE.has(norm)) return true;
  // « Reporté (2024) », « reporté en 2024 »: the year set aside, as parsePartial does.
  const stripped = norm
    .replace(/\b(en |a |au |depuis |fin |debut )?(19|20)\d\d\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return SAYS_MORE.has(stripped);
}

/** Prefixes of the legend sentences, so a legend line or a pasted sentence is recognised whole. */
const LEGEND_PREFIXES: ReadonlyArray<readonly [string, StatusId]> = [
  ['action realisee et close', 'realise_clos'],
  ['realisee et close', 'realise_clos'],
  ['realise avec deroulement perenne', 'realise_perenne'],
  ['realise et perenne', 'realise_perenne'],
  ['action en cours', 'en_cours'],
  ['reflexion amorcee', 'reflexion'],
  ['reflexion engagee', 'reflexion'],
];

/** Answers that say the state is not known: not a status, and not a typo either. */
const NOT_KNOWN = new Set(['je ne sais pas', 'ne sait pas', 'nsp', 'inconnu', 'inconnue', 'a preciser', 'nc']);

export type StatusMatch =
  /** Written exactly as the canonical label (case and accents included) or the tables' own usual spelling. */
  | 'canonical'
  /** A known spelling of the status (case, accents, gender, synonym). */
  | 'spelling'
  /** A legend sentence, or a text that begins with one. */
  | 'legend'
  /** Recognised once dates, parentheses or a repetition were set aside (« En cours (2022) »). */
  | 'partial'
  /** Not recognised; `suggestion` holds the closest status. */
  | 'unknown'
  /** The text says the state is not known (« Je ne sais pas »). */
  | 'not_known'
  /** Empty cell. */
  | 'empty';

export interface ParsedStatus {
  status: StatusId | null;
  match: StatusMatch;
  /** The text as written, trimmed. */
  text: string;
  /** For `unknown`: the closest status and the known spelling it was measured against. */
  suggestion?: { status: StatusId; spelling: string; distance: number };
  /** A short French explanation of how the text was read. */
  explanation: string;
}

/** Spellings considered already correct: the canonical labels and the tables' « Réalisé ». */
const CANONICAL_TEXTS = new Set<string>([
  ...STATUS_IDS.map((id) => STATUSES[id].label),
  'Réalisé',
  'Réflexion amorcée',
]);

/** Parsed texts, reused: a sheet repeats the same few status texts thousands of times (a state is a few words). */
const parseStatusMemo = memoized((text: string): ParsedStatus => Object.freeze(parseStatusUncached(text)), {
  limit: 2000,
  maxLength: 200,
});

export function parseStatus(raw: string | null | undefined): ParsedStatus {
  return parseStatusMemo(raw ?? '');
}

/**
 * Emoji and symbols around a state (« ✅ Réalisé », « 🟠 En cours », « ● Non commencé »). Built with
 * `new RegExp`: a regex literal with \p{…} (ES2018) would stop the add-in's ES2017 bundle from
 * parsing at all in older webviews, which then get the pane's French message instead.
 */
const DECORATION = new RegExp('^[^\\p{L}\\p{N}(]+|[^\\p{L}\\p{N})]+$', 'gu');

/** A state is a few words, a legend sentence at most: a longer text is not one, and is not read whole. */
const MAX_STATUS_LENGTH = 200;

function parseStatusUncached(raw: string): ParsedStatus {
  // Only the beginning of a very long text is looked at (it is no state either way).
  const head = raw.length > 4 * MAX_STATUS_LENGTH ? `${raw.slice(0, 4 * MAX_STATUS_LENGTH)}…` : raw;
  const text = head.replace(/[\s\u00a0]+/g, ' ').trim();
  if (text === '') return { status: null, match: 'empty', text, explanation: 'Cellule vide.' };
  if (text.length > MAX_STATUS_LENGTH) return unknownStatus(text, normalize(text.slice(0, MAX_STATUS_LENGTH)));
  // A canonical label behind a symbol is written as the user meant it: no notice per cell.
  const bare = text.replace(DECORATION, '');
  if (CANONICAL_TEXTS.has(text) || (bare !== text && CANONICAL_TEXTS.has(bare))) {
    const status = SPELLING_MAP.get(normalize(bare)) as StatusId;
    return { status, match: 'canonical', text, explanation: `Libellé reconnu : « ${STATUSES[status].label} ».` };
  }
  const norm = normalize(text);
  const direct = SPELLING_MAP.get(norm);
  if (direct) {
    return {
      status: direct,
      match: 'spelling',
      text,
      explanation: `« ${text} » lu comme « ${STATUSES[direct].label} » (orthographe, accents, majuscules ou synonyme).`,
    };
  }
  for (const [prefix, status] of LEGEND_PREFIXES) {
    if (norm.startsWith(prefix)) {
      return {
        status,
        match: 'legend',
        text,
        explanation: `Phrase de légende reconnue : « ${STATUSES[status].label} ».`,
      };
    }
  }
  if (NOT_KNOWN.has(norm)) {
    return { status: null, match: 'not_known', text, explanation: `« ${text} » : l'état n'est pas connu.` };
  }
  const partial = parsePartial(norm);
  if (partial) {
    return {
      status: partial,
      match: 'partial',
      text,
      explanation: `« ${text} » lu comme « ${STATUSES[partial].label} » (date, précision entre parenthèses ou répétition ignorée).`,
    };
  }
  return unknownStatus(text, norm);
}

function unknownStatus(text: string, norm: string): ParsedStatus {
  // The closest spelling is measured only when asked for (most unknown texts read while looking for a
  // table are never shown), and on the beginning of a long text: a state is a few words, and the
  // distance costs the product of the lengths.
  let suggestion: ParsedStatus['suggestion'];
  const closest = () => (suggestion ??= closestSpelling(norm.slice(0, SUGGESTION_LENGTH)));
  return {
    status: null,
    match: 'unknown',
    text,
    get suggestion() {
      return closest();
    },
    get explanation() {
      return `« ${text} » n'est pas un état connu ; le plus proche est « ${STATUSES[closest().status].label} ».`;
    },
  };
}

/** « En cours (2022) », « Réalisé en 2021 », « En cours En cours », « Réalisé ! » → the status. */
function parsePartial(norm: string): StatusId | null {
  const stripped = norm
    .replace(/\b(en |depuis |fin |debut )?(19|20)\d\d\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const found = SPELLING_MAP.get(stripped);
  if (found) return found;
  // A status repeated, as when two rows were merged: « en cours en cours ».
  const words = stripped.split(' ');
  for (let n = 1; n <= words.length / 2; n++) {
    if (words.length % n !== 0) continue;
    const unit = words.slice(0, n).join(' ');
    // A known spelling first: the repetition is built only for one (most texts read are no state).
    if (!SPELLING_MAP.has(unit)) continue;
    const repeated = Array.from({ length: words.length / n }, () => unit).join(' ');
    if (repeated === stripped) return SPELLING_MAP.get(unit) ?? null;
  }
  return null;
}

const SUGGESTION_LENGTH = 60;

function closestSpelling(norm: string): { status: StatusId; spelling: string; distance: number } {
  let best: { status: StatusId; spelling: string; distance: number } = {
    status: 'en_cours',
    spelling: 'en cours',
    distance: Infinity,
  };
  for (const [spelling, status] of SPELLINGS) {
    const d = levenshtein(norm, spelling, best.distance);
    if (d < best.distance) best = { status, spelling, distance: d };
  }
  return best;
}

/** Distance between two #RRGGBB colours (Euclidean in RGB, 0…441). */
export function colourDistance(a: string, b: string): number {
  const pa = hexToRgb(a);
  const pb = hexToRgb(b);
  if (!pa || !pb) return Infinity;
  return Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
}

/** Parsed colours: a workbook uses a handful of fills over thousands of cells. */
const hexToRgbMemo = memoized(
  (hex: string): readonly [number, number, number] | null => {
    const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
    const n = m ? parseInt(m[1], 16) : 0;
    return m ? ([(n >> 16) & 255, (n >> 8) & 255, n & 255] as const) : null;
  },
  { limit: 1000 },
);

export function hexToRgb(hex: string): readonly [number, number, number] | null {
  return hexToRgbMemo(hex);
}

const normalizeColourMemo = memoized(
  (value: string): string | null => {
    const m = /^#?(?:[0-9a-f]{2})?([0-9a-f]{6})$/i.exec(value.trim());
    return m ? `#${m[1].toUpperCase()}` : null;
  },
  { limit: 1000, maxLength: 40 },
);

/** `#rrggbb`, `RRGGBB`, `FFRRGGBB` → `#RRGGBB`; null when it is not a colour. */
export function normalizeColour(value: string | null | undefined): string | null {
  return value ? normalizeColourMemo(value) : null;
}

/** `#rrggbb` → `RRGGBB`, as OOXML (DrawingML, WordprocessingML) writes a colour. */
export function ooxmlRgb(colour: string): string {
  return colour.replace('#', '').toUpperCase();
}

/** `#RRGGBB` → `FFRRGGBB` (opaque ARGB, as Excel writes it). */
export function ooxmlArgb(colour: string): string {
  return `FF${ooxmlRgb(colour)}`;
}

/** Colours closer than this are taken as the same swatch (theme tints and rounding differ slightly). */
export const COLOUR_TOLERANCE = 12;

/**
 * The status whose palette colour is the fill, or null. `only` limits the candidates (e.g. the
 * three réalisé kinds when the text already says « Réalisé »).
 */
export function statusFromColour(
  fill: string | null | undefined,
  palette: Partial<Palette>,
  only?: readonly StatusId[],
): StatusId | null {
  const colour = normalizeColour(fill);
  if (!colour) return null;
  let best: StatusId | null = null;
  let bestDistance = COLOUR_TOLERANCE + 1e-9;
  for (const id of only ?? STATUS_IDS) {
    const c = palette[id];
    if (!c) continue;
    const d = colourDistance(colour, c);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return best;
}

/** Palette check: each value a colour; returns the French problems found (empty when valid). */
export function validatePalette(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!isStatusId(key)) {
      problems.push(`« ${key} » n'est pas un état connu (attendu : ${STATUS_IDS.join(', ')}).`);
    } else if (typeof value !== 'string' || !normalizeColour(value)) {
      problems.push(`La couleur de « ${key} » doit s'écrire #RRGGBB (reçu : ${JSON.stringify(value)}).`);
    }
  }
  return problems;
}

export function mergePalette(base: Readonly<Palette>, overrides: Partial<Record<StatusId, string>>): Palette {
  const out = { ...base };
  for (const id of STATUS_IDS) {
    const c = normalizeColour(overrides[id]);
    if (c) out[id] = c;
  }
  return out;
}

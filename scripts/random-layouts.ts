/**
 * A property-based measure of the reader: random tracking workbooks, each built from independent
 * random dimensions (header words, column order, codes, extra columns, title blocks, legends,
 * merges, two-row records, where the year is written, forecast columns, state words, colours,
 * Excel escapes, unrelated sheets), with the counts a careful human reader would find in it.
 *
 * The truth is computed here, from what the generator wrote and with its own rules (below), never
 * through the reader under test. Truth rules:
 * - A state text names a state (« En cours », « démarré », « à lancer », « OK »…); the generator
 *   knows which, since it wrote it from its own vocabulary.
 * - A text that says « réalisé » without clos / pérenne (« Réalisé », « fait », « terminé », « OK »)
 *   counts as `realise`, unless the cell's fill tells which: a colour of the sheet's own legend, or,
 *   without a legend, the default palette's colour of clos or pérenne (within the palette tolerance).
 * - A cell with a fill and no text counts by its colour: the sheet's legend when it has one; else
 *   the default palette; else the colour family of a standard picker (Excel / LibreOffice) whose
 *   hue is that of a default palette colour: green → `realise` (clos or pérenne cannot be told),
 *   orange and yellow → `en_cours`, blue → `reflexion`, red and pink → `non_commence`,
 *   grey → `abandonne`.
 * - A fill of no such family (purple, without a legend) counts `sans_etat`, and the workbook
 *   requires an error-level finding (`truth.requireError`): the tool cannot know it.
 * - Rows that are not actions (titles, legends, group rows, blank lines, the continuation of the
 *   previous record, totals) are not counted; each row of a merged state cell gets that state.
 * - A workbook a human could not read for sure (no header row, and a forecast column of states
 *   beside the state column) is marked `truth.ambiguous`: it only requires an error-level finding.
 * - Outcome: `exact` when every expected year is read with the same counts, no other year and no
 *   reading without a year (and the required error, if any); else `flagged` when the reader threw
 *   a ClsError or raised an error-level finding; else `silent`.
 */
import * as ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeWorkbook, allDiagnostics, type WorkbookAnalysis } from '../core/report/analysis';
import { isClsError } from '../core/base/errors';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import {
  COLOUR_TOLERANCE,
  colourDistance,
  DEFAULT_PALETTE,
  STATUS_IDS,
  STATUSES,
  type StatusId,
} from '../core/base/status';
import { emptyCounts } from '../core/base/status-counts';
import { prng } from './fuzz-corpus';
import { AXES, newBook, planFromSeed, type PlanAction } from './layout-corpus';
import { OBJECTIVES } from './seed-tables';

// ---------------------------------------------------------------------------------------------
// Randomness

/** The seed of workbook `index` of a run seeded `base`: spread, so neighbouring runs do not overlap. */
export function workbookSeed(base: number, index: number): number {
  let h = (Math.imul(base >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// What a workbook expects

export type CountKey = StatusId | 'sans_etat';
export type Counts = Record<CountKey, number>;
export const COUNT_KEYS: readonly CountKey[] = [...STATUS_IDS, 'sans_etat'];

export interface YearTruth {
  counts: Counts;
  actions: number;
}

export interface Truth {
  /** Per year reported, the counts a careful reader finds. */
  years: Record<number, YearTruth>;
  /** Set when the workbook is genuinely ambiguous to a human: then only an error-level finding is required. */
  ambiguous?: string;
  /** Set when the counts are known but the tool cannot know them without saying so (an unknown colour). */
  requireError?: string;
}

/** Which value each random dimension took. */
export type Dims = Record<string, string>;

export interface GeneratedWorkbook {
  seed: number;
  bytes: Uint8Array;
  fileName: string;
  truth: Truth;
  dims: Dims;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** The six states a coordinator means (the generic « réalisé » is only a way of writing two of them). */
type Meant = Exclude<StatusId, 'realise'>;
const MEANT: readonly Meant[] = [
  'realise_clos',
  'realise_perenne',
  'en_cours',
  'reflexion',
  'non_commence',
  'abandonne',
];

/** A way to write a state, and the state the text alone says (`realise` when it does not say which). */
type Word = readonly [text: string, says: StatusId];

const GENERIC_DONE: readonly Word[] = [['Réalisé', 'realise']];

const STATE_WORDS: Readonly<Record<string, Readonly<Record<Meant, readonly Word[]>>>> = {
  canonical: {
    realise_clos: [['Réalisé (clos)', 'realise_clos'], ...GENERIC_DONE],
    realise_perenne: [['Réalisé (pérenne)', 'realise_perenne'], ...GENERIC_DONE],
    en_cours: [['En cours', 'en_cours']],
    reflexion: [['Réflexion engagée', 'reflexion']],
    non_commence: [['Non commencé', 'non_commence']],
    abandonne: [['Abandonné', 'abandonne']],
  },
  'case-accents': {
    realise_clos: [
      ['REALISE', 'realise'],
      ['réalisé', 'realise'],
      ['Realisee', 'realise'],
      ['réalisé et clos', 'realise_clos'],
    ],
    realise_perenne: [
      ['REALISE', 'realise'],
      ['Réalisée', 'realise'],
      ['realise perenne', 'realise_perenne'],
    ],
    en_cours: [
      ['EN COURS', 'en_cours'],
      ['en cours', 'en_cours'],
      ['En Cours ', 'en_cours'],
    ],
    reflexion: [
      ['Reflexion engagee', 'reflexion'],
      ['réflexion amorcée', 'reflexion'],
      ['RÉFLEXION ENGAGÉE', 'reflexion'],
    ],
    non_commence: [
      ['Non Commencé', 'non_commence'],
      ['non commence', 'non_commence'],
      ['NON COMMENCÉE', 'non_commence'],
    ],
    abandonne: [
      ['abandonné', 'abandonne'],
      ['Abandonnée', 'abandonne'],
      ['ABANDONNE', 'abandonne'],
    ],
  },
  synonyms: {
    realise_clos: [
      ['fait', 'realise'],
      ['Terminé', 'realise'],
      ['achevé', 'realise'],
      ['OK', 'realise'],
      ['Clôturé', 'realise_clos'],
    ],
    realise_perenne: [
      ['Fait', 'realise'],
      ['terminé', 'realise'],
      ['Achevée', 'realise'],
      ['Pérennisé', 'realise_perenne'],
    ],
    en_cours: [
      ['démarré', 'en_cours'],
      ['en cours de réalisation', 'en_cours'],
      ['Démarrée', 'en_cours'],
    ],
    reflexion: [
      ["à l'étude", 'reflexion'],
      ['en réflexion', 'reflexion'],
      ['Réflexion amorcée', 'reflexion'],
    ],
    non_commence: [
      ['pas commencé', 'non_commence'],
      ['non démarré', 'non_commence'],
      ['à lancer', 'non_commence'],
    ],
    abandonne: [
      ['annulé', 'abandonne'],
      ['Annulée', 'abandonne'],
      ['Arrêté', 'abandonne'],
    ],
  },
  emoji: {
    realise_clos: [
      ['✅ Réalisé (clos)', 'realise_clos'],
      ['✔️ Réalisé', 'realise'],
    ],
    realise_perenne: [
      ['✅ Réalisé (pérenne)', 'realise_perenne'],
      ['🟢 Réalisé', 'realise'],
    ],
    en_cours: [
      ['🟠 En cours', 'en_cours'],
      ['⏳ En cours', 'en_cours'],
    ],
    reflexion: [
      ['💡 Réflexion engagée', 'reflexion'],
      ['🔵 Réflexion engagée', 'reflexion'],
    ],
    non_commence: [
      ['🔴 Non commencé', 'non_commence'],
      ['⭕ Non commencé', 'non_commence'],
    ],
    abandonne: [
      ['❌ Abandonné', 'abandonne'],
      ['⛔ Abandonné', 'abandonne'],
    ],
  },
};

/** Colours of the standard pickers, by the state whose default colour has that hue. */
interface Scheme {
  colours: Record<Meant, readonly string[]>;
}

const EXCEL_PICKER: Scheme = {
  colours: {
    realise_clos: ['00B050', 'A9D08E', '70AD47'],
    realise_perenne: ['92D050', 'C6EFCE', 'E2EFDA'],
    en_cours: ['FFC000', 'FFFF00', 'FFEB9C', 'F4B084'],
    reflexion: ['9BC2E6', 'BDD7EE', '00B0F0', 'DDEBF7'],
    non_commence: ['FF0000', 'FFC7CE', 'C00000'],
    abandonne: ['808080', 'BFBFBF', 'A6A6A6', 'D9D9D9'],
  },
};

const LIBREOFFICE_PICKER: Scheme = {
  colours: {
    realise_clos: ['00A933', '77BC65'],
    realise_perenne: ['81D41A', 'AFD095'],
    en_cours: ['FFBF00', 'FF8000', 'FFFF00', 'FFDE59'],
    reflexion: ['729FCF', '2A6099', 'B4C7DC'],
    non_commence: ['FF0000', 'FF6D6D', 'FFA6A6'],
    abandonne: ['808080', 'B2B2B2', 'CCCCCC'],
  },
};

/** Family of each picker colour: the state a human infers from the hue alone (green → réalisé, kind unknown). */
const FAMILY = new Map<string, StatusId>();
for (const scheme of [EXCEL_PICKER, LIBREOFFICE_PICKER]) {
  for (const meant of MEANT) {
    for (const c of scheme.colours[meant]) {
      FAMILY.set(c, meant === 'realise_clos' || meant === 'realise_perenne' ? 'realise' : meant);
    }
  }
}

/** Colours a sheet's own legend may give to any state (the legend is the key, whatever the hue). */
const LEGEND_COLOURS = [
  '00B050',
  '92D050',
  'FFC000',
  '9DC3E6',
  'FF9999',
  '808080',
  '7030A0',
  'CCC0DA',
  'F8CBAD',
  '00A933',
  'FFFF00',
  '2A6099',
  'FF0000',
  'B4C7DC',
  'E6B8B7',
  'C9C9C9',
];

/** Colours no family the tool could know: without a legend, a cell of this fill has no readable state. */
const UNKNOWN_COLOURS = ['7030A0', 'CCC0DA', 'B1A0C7'];

const HEADERS = {
  usual: {
    axe: ['AXES', 'Axe stratégique', 'Axe', 'Thématique'],
    objectif: ['OBJECTIFS', 'Objectif opérationnel', 'Objectifs spécifiques'],
    code: ['N°', 'n° ou piste', 'N° fiche', 'Code'],
    title: ['ACTIONS', "Intitulé de l'action", 'Fiche action', 'Action', 'Libellé'],
    porteur: ['PORTEUR', 'Pilote', 'Porteur(s)', 'Structure porteuse'],
    status: ['ETAT AVANCEMENT ACTION', 'Statut', 'Avancement', "État d'avancement", 'Etat'],
    remarques: ['REMARQUES', 'Commentaires', 'Observations', '(+) avancées, (-) difficultés'],
  },
  invented: {
    axe: ['Grand thème', 'Volet', 'Chapitre'],
    objectif: ['But', 'Pour quoi faire ?', 'Visée'],
    code: ['#', 'Réf', 'Clé'],
    title: ['Quoi', 'Quoi ?', 'Projet', "Ce qu'on fait", 'Mesure'],
    porteur: ['Qui ?', 'Qui porte ?', 'Chef de file', "Qui s'en occupe"],
    status: ['Où en est-on ?', 'Suite donnée', 'Point au 31/12', 'Et alors ?', 'Résultat'],
    remarques: ['Notes', 'Détails', 'Le mot du coordo', 'Infos'],
  },
} as const;

type MainRole = keyof (typeof HEADERS)['usual'];

const STATUS_YEAR_HEADERS = {
  usual: ['Etat {y}', 'Statut au 31/12/{y}', 'Avancement {y}', 'ETAT AVANCEMENT ACTION {y}'],
  invented: ['Où en est-on en {y} ?', 'Point au 31/12/{y}', 'Suite donnée {y}'],
} as const;

const REMARKS = [
  'Action reconduite, bonne participation des habitants',
  'Report faute de financement',
  'En attente du recrutement du coordinateur',
  'Partenariat à consolider avec la CPAM',
  '3 ateliers réalisés, 45 participants',
  'Besoin de relancer le porteur',
  'Difficultés de mobilisation des professionnels',
  'Bilan positif, à pérenniser',
  'Crise sanitaire : action décalée',
  'Intégré au projet de territoire',
];

const PARTNERS = ['CPAM, CAF', 'ARS, Département', 'MSA', 'Mutualité française', 'CH Verdun, MSP', 'Ireps, CPIE'];

const CONTRACTS = [
  'Contrat Local de Santé du PETR Cœur de Lorraine 2019-2023',
  'CLS de Metz Métropole',
  'Contrat local de santé – Communauté de communes du Val de Meuse',
  'CONTRAT LOCAL DE SANTÉ DE MELUN VAL DE SEINE',
];

// ---------------------------------------------------------------------------------------------
// The dimensions

type YearLayout =
  | 'sheet-name'
  | 'title'
  | 'state-header'
  | 'cover'
  | 'file-name'
  | 'wide'
  | 'long'
  | 'tables-per-sheet'
  | 'sheets-per-axe';

type ExtraKind = 'percent' | 'formula' | 'date' | 'priority' | 'budget' | 'partners' | 'yesno' | 'annee';
const EXTRA_KINDS: readonly ExtraKind[] = [
  'percent',
  'formula',
  'date',
  'priority',
  'budget',
  'partners',
  'yesno',
  'annee',
];

interface Plan {
  yearLayout: YearLayout;
  years: number[];
  header: 'usual' | 'mixed' | 'invented' | 'none';
  order: 'usual' | 'shuffled';
  code: 'absent' | 'separate' | 'glued';
  codeStyle: 'dotted' | 'fa' | 'fiche' | 'piste';
  groups: 'columns-every' | 'columns-once' | 'columns-merged' | 'group-rows' | 'none';
  extras: Set<ExtraKind>;
  forecast: 'none' | 'previsionnel' | 'objectif' | 'cible';
  titleBlock: 'none' | 'contract' | 'full';
  legend: 'none' | 'plain' | 'counts';
  stateWords: 'canonical' | 'case-accents' | 'synonyms' | 'emoji' | 'mixed';
  colourOnly: 'no' | 'some' | 'all';
  colours: 'none' | 'default' | 'excel' | 'libreoffice' | 'legend';
  unknownColour: boolean;
  stateFormula: boolean;
  mergedState: boolean;
  mergedPorteur: boolean;
  continuation: boolean;
  blankLines: boolean;
  totals: boolean;
  escapes: boolean;
  missingState: boolean;
  extraSheet: 'none' | 'contacts' | 'budget';
}

/** Value of each dimension that is no variation (the plain PETR-like table). */
const PLAIN: Readonly<Record<string, string>> = {
  header: 'usual',
  order: 'usual',
  code: 'separate',
  groups: 'columns-once',
  extras: '0',
  forecast: 'none',
  titleBlock: 'none',
  legend: 'none',
  stateWords: 'canonical',
  colourOnly: 'no',
  colours: 'none',
  unknownColour: 'no',
  stateFormula: 'no',
  mergedState: 'no',
  mergedPorteur: 'no',
  continuation: 'no',
  blankLines: 'no',
  totals: 'no',
  escapes: 'no',
  missingState: 'no',
  extraSheet: 'none',
};

function drawPlan(rng: Rng): Plan {
  const yearLayout = rng.weighted<YearLayout>([
    ['sheet-name', 4],
    ['title', 2],
    ['state-header', 2],
    ['cover', 1],
    ['file-name', 1],
    ['wide', 2],
    ['long', 1.5],
    ['tables-per-sheet', 1.5],
    ['sheets-per-axe', 1],
  ]);
  const single = yearLayout === 'cover' || yearLayout === 'file-name' || yearLayout === 'sheets-per-axe';
  const nYears = single
    ? 1
    : rng.weighted([
        [1, 3],
        [2, 3],
        [3, 2],
      ] as const);
  const multiOnly = yearLayout === 'wide' || yearLayout === 'long' || yearLayout === 'tables-per-sheet';
  const count = multiOnly ? Math.max(2, nYears) : nYears;
  const first = rng.int(2019, 2024 - count + 1);
  const years = Array.from({ length: count }, (_, i) => first + i);
  const extras = new Set<ExtraKind>();
  for (const kind of EXTRA_KINDS) if (rng.chance(0.09)) extras.add(kind);
  const plan: Plan = {
    yearLayout,
    years,
    header: rng.weighted([
      ['usual', 10],
      ['mixed', 2.5],
      ['invented', 1.2],
      ['none', 0.5],
    ] as const),
    order: rng.chance(0.25) ? 'shuffled' : 'usual',
    code: rng.weighted([
      ['separate', 6],
      ['absent', 2],
      ['glued', 2],
    ] as const),
    codeStyle: rng.weighted([
      ['dotted', 5],
      ['fa', 2],
      ['fiche', 1],
      ['piste', 2],
    ] as const),
    groups: rng.weighted([
      ['columns-once', 5],
      ['columns-every', 2],
      ['columns-merged', 2],
      ['group-rows', 1.5],
      ['none', 1.5],
    ] as const),
    extras,
    forecast: rng.weighted([
      ['none', 12],
      ['previsionnel', 1],
      ['objectif', 1],
      ['cible', 1],
    ] as const),
    titleBlock: rng.weighted([
      ['none', 5],
      ['contract', 1.5],
      ['full', 1.5],
    ] as const),
    legend: rng.weighted([
      ['none', 6],
      ['plain', 1],
      ['counts', 1],
    ] as const),
    stateWords: rng.weighted([
      ['canonical', 8],
      ['case-accents', 2],
      ['synonyms', 1.5],
      ['emoji', 1],
      ['mixed', 1.5],
    ] as const),
    colourOnly: rng.weighted([
      ['no', 10],
      ['some', 1.2],
      ['all', 1],
    ] as const),
    colours: rng.weighted([
      ['none', 6],
      ['default', 3],
      ['excel', 1.5],
      ['libreoffice', 1.5],
      ['legend', 1],
    ] as const),
    unknownColour: rng.chance(0.25),
    stateFormula: rng.chance(0.06),
    mergedState: rng.chance(0.12),
    mergedPorteur: rng.chance(0.1),
    continuation: rng.chance(0.12),
    blankLines: rng.chance(0.15),
    totals: rng.chance(0.15),
    escapes: rng.chance(0.1),
    missingState: rng.chance(0.08),
    extraSheet: rng.weighted([
      ['none', 8],
      ['contacts', 1],
      ['budget', 1],
    ] as const),
  };
  // What cannot be combined: the draws kept as they are, but made possible.
  const needsHeader =
    plan.yearLayout === 'state-header' ||
    plan.yearLayout === 'wide' ||
    plan.yearLayout === 'long' ||
    plan.yearLayout === 'tables-per-sheet';
  if (plan.header === 'none' && needsHeader) plan.header = 'usual';
  if (plan.colourOnly !== 'no' && plan.colours === 'none') plan.colours = 'default';
  if (plan.colours === 'legend' && plan.legend === 'none') plan.legend = 'plain';
  // An unknown colour is only drawn where a cell is read by its colour and no legend is the key.
  plan.unknownColour = plan.unknownColour && plan.colourOnly !== 'no' && plan.legend === 'none';
  if (plan.code === 'absent') plan.codeStyle = 'dotted';
  if (plan.yearLayout === 'long') plan.extras.delete('annee');
  if (plan.yearLayout === 'wide') {
    plan.extras.delete('annee');
    plan.mergedState = false;
    // An empty state cell of a wide sheet may as well say the action was not in that year's plan.
    plan.missingState = false;
  }
  return plan;
}

function planDims(plan: Plan): Dims {
  const dims: Dims = {
    yearLayout: plan.yearLayout,
    years: String(plan.years.length),
    header: plan.header,
    order: plan.order,
    code: plan.code,
    codeStyle: plan.code === 'absent' ? '-' : plan.codeStyle,
    groups: plan.groups,
    extras: String(plan.extras.size),
    forecast: plan.forecast,
    titleBlock: plan.titleBlock,
    legend: plan.legend,
    stateWords: plan.stateWords,
    colourOnly: plan.colourOnly,
    colours: plan.colours,
    unknownColour: yn(plan.unknownColour),
    stateFormula: yn(plan.stateFormula),
    mergedState: yn(plan.mergedState),
    mergedPorteur: yn(plan.mergedPorteur),
    continuation: yn(plan.continuation),
    blankLines: yn(plan.blankLines),
    totals: yn(plan.totals),
    escapes: yn(plan.escapes),
    missingState: yn(plan.missingState),
    extraSheet: plan.extraSheet,
  };
  for (const kind of EXTRA_KINDS) dims[`extra.${kind}`] = yn(plan.extras.has(kind));
  let variations = Object.entries(PLAIN).filter(([k, v]) => dims[k] !== v && k !== 'extras').length;
  variations += plan.extras.size + (plan.yearLayout === 'sheet-name' ? 0 : 1);
  dims.variations = variations <= 3 ? '0-3' : variations <= 8 ? String(variations) : '9+';
  return dims;
}

function yn(b: boolean): string {
  return b ? 'yes' : 'no';
}

// ---------------------------------------------------------------------------------------------
// The actions

interface Act {
  axe: string;
  objectif: string | null;
  code: string;
  title: string;
  porteur: string;
  partners: string;
  remark: string;
  /** Per year: the state meant, or null (no state written). */
  states: Map<number, Meant | null>;
}

let PLAN_CACHE: PlanAction[] | null = null;

function seedPlan(): PlanAction[] {
  PLAN_CACHE ??= planFromSeed().filter((a) => a.title.trim() !== '' && a.objectif !== null);
  return PLAN_CACHE;
}

function drawActions(rng: Rng, plan: Plan): Act[] {
  const pool = seedPlan();
  const n = Math.min(pool.length, rng.int(10, 60));
  // Keep the plan's order (grouped by axe and objective): choose which ones, not where.
  const chosen = new Set(rng.shuffle(pool.map((_, i) => i)).slice(0, n));
  const picked = pool.filter((_, i) => chosen.has(i));
  const perObjective = new Map<string, number>();
  const acts = picked.map((a, i): Act => {
    const o = a.objectif ?? '0.0';
    const k = (perObjective.get(o) ?? 0) + 1;
    perObjective.set(o, k);
    let code: string;
    if (plan.codeStyle === 'fa') code = rng.chance(0.5) ? `FA ${i + 1}` : `FA${i + 1}`;
    else if (plan.codeStyle === 'fiche') code = `Fiche n°${i + 1}`;
    else if (plan.codeStyle === 'piste' && rng.chance(0.3)) code = 'Piste';
    else code = `${o}.${k}`;
    const remark = rng.chance(0.6) ? rng.pick(REMARKS) : (Object.values(a.remarks)[0] ?? '');
    return {
      axe: o.split('.')[0],
      objectif: o,
      code,
      title: a.title.trim(),
      porteur: rng.chance(0.08) ? '' : a.porteur,
      partners: rng.pick(PARTNERS),
      remark,
      states: new Map(),
    };
  });
  // Glued pistes: « Piste1_Titre », numbered among pistes.
  let piste = 0;
  for (const a of acts) if (a.code === 'Piste' && plan.code === 'glued') a.code = `Piste${++piste}`;
  if (plan.mergedPorteur) {
    for (let i = 1; i < acts.length; i++) {
      if (acts[i].objectif === acts[i - 1].objectif && rng.chance(0.4)) acts[i].porteur = acts[i - 1].porteur || 'PETR';
    }
  }
  for (const year of plan.years) {
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i];
      if (plan.mergedState && i > 0 && rng.chance(0.3)) {
        a.states.set(year, acts[i - 1].states.get(year) ?? 'en_cours');
        continue;
      }
      const s =
        plan.missingState && rng.chance(0.06)
          ? null
          : rng.weighted<Meant>([
              ['realise_clos', 1.2],
              ['realise_perenne', 1.5],
              ['en_cours', 3],
              ['reflexion', 1.5],
              ['non_commence', 1.5],
              ['abandonne', 0.6],
            ]);
      a.states.set(year, s);
    }
  }
  return acts;
}

// ---------------------------------------------------------------------------------------------
// State cells and their truth

interface StateCell {
  text: string | null;
  fill: string | null;
  key: CountKey;
  /** The cell's state can only be read by saying it is unknown. */
  unknown?: boolean;
}

interface Colours {
  /** Fill of each meant state, or null when cells are not filled. */
  fill: Record<Meant, string> | null;
  /** The sheet's legend: colour → state, when the sheet carries one. */
  legend: Map<string, Meant> | null;
  legendColours: Record<Meant, string>;
}

function drawColours(rng: Rng, plan: Plan): Colours {
  const defaults = Object.fromEntries(MEANT.map((m) => [m, DEFAULT_PALETTE[m].slice(1)])) as Record<Meant, string>;
  let chosen: Record<Meant, string>;
  if (plan.colours === 'excel' || plan.colours === 'libreoffice') {
    const scheme = plan.colours === 'excel' ? EXCEL_PICKER : LIBREOFFICE_PICKER;
    chosen = Object.fromEntries(MEANT.map((m) => [m, rng.pick(scheme.colours[m])])) as Record<Meant, string>;
  } else if (plan.colours === 'legend') {
    const order = rng.shuffle(LEGEND_COLOURS);
    chosen = Object.fromEntries(MEANT.map((m, i) => [m, order[i]])) as Record<Meant, string>;
  } else {
    chosen = defaults;
  }
  const legendColours = chosen;
  const legend =
    plan.legend === 'none' ? null : new Map<string, Meant>(MEANT.map((m) => [legendColours[m], m] as const));
  return { fill: plan.colours === 'none' ? null : chosen, legend, legendColours };
}

/** The state the fill alone tells, by the rules of the file header. */
function colourSays(fill: string, colours: Colours): StatusId | null {
  if (colours.legend) return colours.legend.get(fill) ?? null;
  for (const id of STATUS_IDS) {
    if (colourDistance(`#${fill}`, DEFAULT_PALETTE[id]) <= COLOUR_TOLERANCE) return id;
  }
  return FAMILY.get(fill) ?? null;
}

function renderState(rng: Rng, plan: Plan, colours: Colours, meant: Meant | null): StateCell {
  if (meant === null) return { text: null, fill: null, key: 'sans_etat' };
  const fill = colours.fill ? colours.fill[meant] : null;
  const colourOnly = fill !== null && (plan.colourOnly === 'all' || (plan.colourOnly === 'some' && rng.chance(0.3)));
  if (colourOnly) {
    const said = colourSays(fill, colours);
    return { text: null, fill, key: said ?? 'sans_etat' };
  }
  const style =
    plan.stateWords === 'mixed' ? rng.pick(['canonical', 'case-accents', 'synonyms', 'emoji']) : plan.stateWords;
  const [text, says] = rng.pick(STATE_WORDS[style][meant]);
  let key: StatusId = says;
  if (says === 'realise' && fill !== null) {
    const byColour = colourSays(fill, colours);
    if (byColour === 'realise_clos' || byColour === 'realise_perenne') key = byColour;
  }
  return { text, fill, key };
}

// ---------------------------------------------------------------------------------------------
// Writing

type CellValue = string | number | Date | { formula: string; result: string | number } | null;

interface Column {
  role: MainRole | ExtraKind | 'forecast' | 'year-status' | 'year-remarques';
  header: string;
  year?: number;
}

interface Row {
  kind: 'action' | 'continuation' | 'blank' | 'group' | 'total';
  act?: Act;
  /** The year this row reports (per-year tables and long tables); wide rows report every status column's year. */
  year?: number;
  text?: string;
}

interface Book {
  wb: ExcelJS.Workbook;
  rng: Rng;
  plan: Plan;
  colours: Colours;
  truth: Truth;
}

function newWorkbook(): ExcelJS.Workbook {
  return newBook('cls-bilan random layouts');
}

function paint(cell: ExcelJS.Cell, hex: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${hex}` } };
}

function headerWord(book: Book, role: MainRole): string {
  const { plan, rng } = book;
  const invented = plan.header === 'invented' || (plan.header === 'mixed' && rng.chance(0.5));
  return rng.pick(HEADERS[invented ? 'invented' : 'usual'][role]);
}

/** A state header naming its year, with `{y}` for the year. */
function statusYearTemplate(book: Book): string {
  const { plan, rng } = book;
  const invented = plan.header === 'invented' || (plan.header === 'mixed' && rng.chance(0.5));
  return rng.pick(STATUS_YEAR_HEADERS[invented ? 'invented' : 'usual']);
}

function statusYearHeader(book: Book, year: number): string {
  return statusYearTemplate(book).replace('{y}', String(year));
}

const EXTRA_HEADERS: Readonly<Record<ExtraKind, readonly string[]>> = {
  percent: ['% réalisation', "Taux d'avancement", 'Avancement (%)', '%'],
  formula: ['Score', 'Réf. complète', 'Coût total'],
  date: ['Date de lancement', 'Échéance', 'Début'],
  priority: ['Priorité', 'Niveau de priorité'],
  budget: ['Budget', 'Coût (€)', 'Montant prévu'],
  partners: ['Partenaires', 'Partenaires associés'],
  yesno: ['Financé ?', 'Inscrit au PRS', 'Action prioritaire'],
  annee: ['Année'],
};

/** The columns of one table: `statusYears` gives one state column per year (wide), else one state column. */
function tableColumns(book: Book, statusYears: readonly number[] | null, yearHeader: number | null): Column[] {
  const { plan, rng } = book;
  const cols: Column[] = [];
  if (plan.groups !== 'none' && plan.groups !== 'group-rows') {
    cols.push({ role: 'axe', header: headerWord(book, 'axe') });
    cols.push({ role: 'objectif', header: headerWord(book, 'objectif') });
  }
  const codeFirst = rng.chance(0.5);
  if (plan.code === 'separate' && codeFirst) cols.push({ role: 'code', header: headerWord(book, 'code') });
  cols.push({ role: 'title', header: headerWord(book, 'title') });
  if (plan.code === 'separate' && !codeFirst) cols.push({ role: 'code', header: headerWord(book, 'code') });
  cols.push({ role: 'porteur', header: headerWord(book, 'porteur') });
  if (plan.extras.has('partners')) cols.push({ role: 'partners', header: rng.pick(EXTRA_HEADERS.partners) });
  if (statusYears) {
    const perYearRemarks = rng.chance(0.5);
    // Mostly one column copied per year with its year changed; sometimes each written anew.
    const template = rng.chance(0.7) ? statusYearTemplate(book) : null;
    for (const y of statusYears) {
      const header = template ? template.replace('{y}', String(y)) : statusYearHeader(book, y);
      cols.push({ role: 'year-status', header, year: y });
      if (perYearRemarks) cols.push({ role: 'year-remarques', header: `Remarques ${y}`, year: y });
    }
    if (!perYearRemarks || plan.continuation) cols.push({ role: 'remarques', header: headerWord(book, 'remarques') });
  } else {
    const header = yearHeader !== null ? statusYearHeader(book, yearHeader) : headerWord(book, 'status');
    cols.push({ role: 'status', header });
    cols.push({ role: 'remarques', header: headerWord(book, 'remarques') });
  }
  const forecastYear = Math.max(...plan.years) + (plan.forecast === 'objectif' ? 2 : 1);
  const extraCols: Column[] = [];
  for (const kind of EXTRA_KINDS) {
    if (kind === 'partners' || !plan.extras.has(kind)) continue;
    extraCols.push({ role: kind, header: rng.pick(EXTRA_HEADERS[kind]) });
  }
  if (plan.forecast === 'previsionnel') extraCols.push({ role: 'forecast', header: `Prévisionnel ${forecastYear}` });
  if (plan.forecast === 'objectif') extraCols.push({ role: 'forecast', header: `Objectif ${forecastYear}` });
  if (plan.forecast === 'cible')
    extraCols.push({ role: 'forecast', header: rng.pick(['Cible', `Cible ${forecastYear}`]) });
  for (const c of extraCols) cols.splice(rng.int(Math.min(cols.length, 3), cols.length), 0, c);
  return plan.order === 'shuffled' ? rng.shuffle(cols) : cols;
}

/** Writes the title block (and the sheet's year title when given); returns the next free row. */
function writeTitleBlock(book: Book, ws: ExcelJS.Worksheet, row: number, yearTitle: string | null): number {
  const { plan, rng } = book;
  if (plan.titleBlock !== 'none') ws.getCell(row++, 1).value = rng.pick(CONTRACTS);
  if (yearTitle) ws.getCell(row++, 1).value = yearTitle;
  if (plan.titleBlock === 'full') {
    const last = Math.max(...plan.years);
    ws.getCell(row++, 1).value = `Mis à jour le ${String(rng.int(10, 28))}/0${rng.int(1, 3)}/${last + 1}`;
  }
  return row === 1 ? 1 : row + 1;
}

function writeLegend(book: Book, ws: ExcelJS.Worksheet, row: number, counts: Counts | null): number {
  const { plan, colours, rng } = book;
  if (plan.legend === 'none') return row;
  ws.getCell(row++, 1).value = rng.pick(['Avancement des actions', 'Légende', 'Légende :']);
  for (const m of MEANT) {
    const swatch = ws.getCell(row, 1);
    paint(swatch, colours.legendColours[m]);
    if (plan.legend === 'counts' && counts) swatch.value = counts[m];
    ws.getCell(row, 2).value = rng.chance(0.5) ? STATUSES[m].legend : STATUSES[m].label;
    row++;
  }
  return row + 1;
}

/** The rows of one table (actions in plan order, with group rows, blanks, continuations, totals). */
function tableRows(book: Book, acts: readonly Act[], year: number | undefined, long: readonly number[] | null): Row[] {
  const { plan, rng } = book;
  const rows: Row[] = [];
  const sequence: { act: Act; year: number | undefined }[] = [];
  if (long) {
    if (rng.chance(0.5)) for (const y of long) for (const act of acts) sequence.push({ act, year: y });
    else for (const act of acts) for (const y of long) sequence.push({ act, year: y });
  } else {
    for (const act of acts) sequence.push({ act, year });
  }
  let prev: Act | null = null;
  for (const { act, year: y } of sequence) {
    if (long && !act.states.has(y as number)) continue;
    const newAxe = !prev || prev.axe !== act.axe;
    const newObjective = !prev || prev.objectif !== act.objectif;
    if (prev && newObjective && plan.blankLines) rows.push({ kind: 'blank' });
    if (plan.groups === 'group-rows') {
      if (newAxe) rows.push({ kind: 'group', text: `Axe ${act.axe} : ${AXES[act.axe] ?? ''}` });
      if (newObjective) {
        rows.push({ kind: 'group', text: `Objectif ${act.objectif ?? ''} ${OBJECTIVES[act.objectif ?? ''] ?? ''}` });
      }
    }
    rows.push({ kind: 'action', act, year: y });
    if (plan.continuation && rng.chance(0.2)) rows.push({ kind: 'continuation', act, year: y });
    prev = act;
  }
  if (plan.totals) rows.push({ kind: 'total' });
  return rows;
}

function forecastWord(rng: Rng): string {
  return rng.pick(['Réalisé', 'En cours', 'Réalisé (pérenne)', 'Non commencé', 'Réflexion engagée']);
}

function extraValue(book: Book, kind: ExtraKind, row: Row, rowNumber: number, cols: readonly Column[]): CellValue {
  const { rng } = book;
  const act = row.act as Act;
  switch (kind) {
    case 'percent': {
      const v = rng.pick([0, 10, 25, 50, 75, 100]);
      return rng.chance(0.5) ? v : `${v} %`;
    }
    case 'formula': {
      const titleCol = cols.findIndex((c) => c.role === 'title') + 1;
      const ref = `${columnLetter(titleCol)}${rowNumber}`;
      return rng.chance(0.5)
        ? { formula: `IF(${ref}="",0,1)`, result: 1 }
        : { formula: `LEN(${ref})`, result: act.title.length };
    }
    case 'date':
      return new Date(Date.UTC(rng.int(2019, 2024), rng.int(0, 11), rng.int(1, 28)));
    case 'priority':
      return rng.pick(['Haute', 'Moyenne', 'Basse']);
    case 'budget': {
      const v = rng.int(1, 60) * 1000;
      return rng.chance(0.5) ? v : `${v.toLocaleString('fr-FR').replace(/\s/g, ' ')} €`;
    }
    case 'partners':
      return act.partners;
    case 'yesno':
      return rng.pick(['oui', 'non', 'Oui', 'NON']);
    case 'annee':
      return row.year ?? null;
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function glue(rng: Rng, code: string, title: string): string {
  return `${code}${rng.pick([' ', '_', ' - '])}${title}`;
}

function addTruth(truth: Truth, year: number, cell: StateCell): void {
  const t = (truth.years[year] ??= { counts: emptyCounts(), actions: 0 });
  t.counts[cell.key]++;
  t.actions++;
  if (cell.unknown) truth.requireError = 'a state given by a colour of no known family, without a legend';
}

/**
 * Writes one table at `top`: header (unless none), rows, merges. `statusYears` for a wide table;
 * `longYears` for a long one. Returns the next free row and the counts per year it wrote.
 */
function writeTable(
  book: Book,
  ws: ExcelJS.Worksheet,
  top: number,
  acts: readonly Act[],
  opts: { year?: number; statusYears?: readonly number[]; longYears?: readonly number[]; yearHeader?: number },
): number {
  const { plan, rng, colours, truth } = book;
  const cols = tableColumns(book, opts.statusYears ?? null, opts.yearHeader ?? null);
  if (opts.longYears) cols.splice(rng.int(0, cols.length), 0, { role: 'annee', header: rng.pick(['Année', 'ANNÉE']) });
  const rows = tableRows(book, acts, opts.year, opts.longYears ?? null);
  // Render the states first: the legend above the table may count them.
  const stateCells = new Map<Row, Map<number, StateCell>>();
  const countsByYear = new Map<number, Counts>();
  let unknownPlaced = false;
  for (const row of rows) {
    if (row.kind !== 'action') continue;
    const act = row.act as Act;
    const byYear = new Map<number, StateCell>();
    const years = opts.statusYears ?? [row.year as number];
    for (const y of years) {
      let cell = renderState(rng, plan, colours, act.states.get(y) ?? null);
      if (plan.unknownColour && !unknownPlaced && cell.text === null && cell.fill !== null && rng.chance(0.3)) {
        cell = { text: null, fill: rng.pick(UNKNOWN_COLOURS), key: 'sans_etat', unknown: true };
        unknownPlaced = true;
      }
      byYear.set(y, cell);
      addTruth(truth, y, cell);
      const counts = countsByYear.get(y) ?? emptyCounts();
      counts[cell.key]++;
      countsByYear.set(y, counts);
    }
    stateCells.set(row, byYear);
  }
  // A legend counts one year: the table's, or the latest of a wide table.
  const legendYear = opts.year ?? Math.max(...(opts.statusYears ?? opts.longYears ?? plan.years));
  let r = writeLegend(book, ws, top, countsByYear.get(legendYear) ?? emptyCounts());
  if (plan.header !== 'none') {
    cols.forEach((c, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
    });
    r++;
  }
  const colOf = (role: Column['role'], year?: number) =>
    cols.findIndex((c) => c.role === role && (year === undefined || c.year === year)) + 1;
  const rowAt = new Map<Row, number>();
  for (const row of rows) {
    rowAt.set(row, r);
    if (row.kind === 'blank') {
      r++;
      continue;
    }
    if (row.kind === 'group') {
      const cell = ws.getCell(r, 1);
      cell.value = row.text ?? '';
      cell.font = { bold: true };
      if (rng.chance(0.5)) paint(cell, 'D9E1F2');
      if (rng.chance(0.3)) ws.mergeCells(r, 1, r, cols.length);
      r++;
      continue;
    }
    if (row.kind === 'total') {
      const label = colOf('title') > 0 ? colOf('title') : 1;
      ws.getCell(r, label).value = rng.pick(['Total', 'TOTAL', "Nombre d'actions"]);
      const status = colOf('status') || colOf('year-status');
      if (status > 0) ws.getCell(r, status).value = stateCells.size;
      r++;
      continue;
    }
    const act = row.act as Act;
    if (row.kind === 'continuation') {
      const remarks = colOf('remarques') || colOf('year-remarques');
      if (remarks > 0) ws.getCell(r, remarks).value = `(suite) ${rng.pick(REMARKS).toLowerCase()}`;
      r++;
      continue;
    }
    const states = stateCells.get(row) as Map<number, StateCell>;
    cols.forEach((c, i) => {
      const cell = ws.getCell(r, i + 1);
      let value: CellValue = null;
      switch (c.role) {
        case 'axe':
          value = `Axe ${act.axe} : ${AXES[act.axe] ?? ''}`;
          break;
        case 'objectif':
          value = `${act.objectif ?? ''} ${OBJECTIVES[act.objectif ?? ''] ?? ''}`.trim();
          break;
        case 'code':
          value = act.code;
          break;
        case 'title':
          value = plan.code === 'glued' ? glue(rng, act.code, act.title) : act.title;
          break;
        case 'porteur':
          value = act.porteur || null;
          break;
        case 'status':
        case 'year-status': {
          const s = states.get(c.year ?? (row.year as number)) as StateCell;
          if (s.fill) paint(cell, s.fill);
          if (s.text !== null) {
            const text = plan.escapes && rng.chance(0.2) ? `${s.text}\r\n` : s.text;
            value = plan.stateFormula && rng.chance(0.5) ? { formula: `TRIM("${s.text}")`, result: s.text } : text;
          }
          break;
        }
        case 'remarques':
        case 'year-remarques':
          value = act.remark ? (plan.escapes && rng.chance(0.5) ? `${act.remark}\r\nÀ suivre` : act.remark) : null;
          break;
        case 'forecast':
          value = forecastWord(rng);
          break;
        case 'annee':
          value = row.year ?? (opts.longYears ? null : (plan.years[0] ?? null));
          break;
        default:
          value = extraValue(book, c.role, row, r, cols);
      }
      if (value !== null && value !== '') cell.value = value;
      if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    });
    r++;
  }
  mergeRuns(book, ws, rows, rowAt, cols, stateCells);
  return r;
}

/** Vertical merges: groups, porteurs, states (each run of equal cells on consecutive action rows). */
function mergeRuns(
  book: Book,
  ws: ExcelJS.Worksheet,
  rows: readonly Row[],
  rowAt: ReadonlyMap<Row, number>,
  cols: readonly Column[],
  stateCells: ReadonlyMap<Row, Map<number, StateCell>>,
): void {
  const { plan } = book;
  const runs = (col: number, keyOf: (row: Row) => string | null, alsoContinuation: boolean) => {
    if (col <= 0) return;
    let start: number | null = null;
    let end = 0;
    let key: string | null = null;
    const close = () => {
      if (start !== null && end > start) ws.mergeCells(start, col, end, col);
      start = null;
      key = null;
    };
    for (const row of rows) {
      const r = rowAt.get(row) as number;
      if (row.kind === 'continuation' && alsoContinuation && start !== null && r === end + 1) {
        end = r;
        continue;
      }
      const k = row.kind === 'action' ? keyOf(row) : null;
      if (k === null || k !== key || r !== end + 1) {
        close();
        if (k !== null) {
          start = r;
          end = r;
          key = k;
        }
        continue;
      }
      end = r;
    }
    close();
  };
  const colOf = (role: Column['role']) => cols.findIndex((c) => c.role === role) + 1;
  if (plan.groups === 'columns-merged') {
    runs(colOf('axe'), (row) => row.act?.axe ?? null, true);
    runs(colOf('objectif'), (row) => row.act?.objectif ?? null, true);
  } else if (plan.groups === 'columns-once') {
    // Written once per group: clear the repeats.
    for (const role of ['axe', 'objectif'] as const) {
      const col = colOf(role);
      if (col <= 0) continue;
      let last: string | null = null;
      for (const row of rows) {
        if (row.kind !== 'action') continue;
        const cell = ws.getCell(rowAt.get(row) as number, col);
        const text = String(cell.value ?? '');
        if (text === last) cell.value = null;
        last = text;
      }
    }
  }
  if (plan.mergedPorteur) runs(colOf('porteur'), (row) => row.act?.porteur || null, false);
  if (plan.mergedState) {
    runs(
      colOf('status'),
      (row) => {
        const s = [...(stateCells.get(row)?.values() ?? [])][0];
        return s && s.text !== null && !s.unknown ? `${s.text}\u0000${s.fill ?? ''}` : null;
      },
      false,
    );
  }
}

function writeExtraSheet(book: Book, acts: readonly Act[]): void {
  const { plan, wb, rng } = book;
  if (plan.extraSheet === 'contacts') {
    const ws = wb.addWorksheet('Contacts');
    ws.addRow(['Nom', 'Prénom', 'Structure', 'Téléphone', 'Mail']);
    for (const [nom, prenom, structure] of [
      ['Martin', 'Claire', 'PETR'],
      ['Durand', 'Paul', 'CPAM'],
      ['Bernard', 'Sophie', 'ARS DT 55'],
    ]) {
      ws.addRow([
        nom,
        prenom,
        structure,
        `03 29 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
        `${prenom.toLowerCase()}.${nom.toLowerCase()}@exemple.fr`,
      ]);
    }
  } else if (plan.extraSheet === 'budget') {
    const ws = wb.addWorksheet('Budget');
    ws.addRow(['Action', 'Financeur', 'Montant', ...plan.years.map(String)]);
    for (const a of acts.slice(0, 8)) {
      ws.addRow([
        a.title,
        rng.pick(['ARS', 'FIR', 'Département', 'CAF']),
        rng.int(1, 40) * 500,
        ...plan.years.map(() => rng.int(0, 10) * 100),
      ]);
    }
  }
}

/** Actions of one year on a per-year sheet: the plan's actions, a few left out from year to year. */
function yearActs(rng: Rng, acts: readonly Act[], plan: Plan, index: number): Act[] {
  if (plan.years.length === 1 || index === plan.years.length - 1) return [...acts];
  return acts.filter(() => !rng.chance(0.1));
}

function build(seed: number): { wb: ExcelJS.Workbook; fileName: string; book: Book; acts: Act[] } {
  const rng = new Rng(seed);
  const plan = drawPlan(rng);
  const acts = drawActions(rng, plan);
  const colours = drawColours(rng, plan);
  const wb = newWorkbook();
  const truth: Truth = { years: {} };
  if (plan.header === 'none' && plan.forecast !== 'none') {
    truth.ambiguous = 'two columns of states and no header row to tell the reading from the forecast';
  }
  const book: Book = { wb, rng, plan, colours, truth };
  const token = `k${seed.toString(36)}`;
  let fileName = `${rng.pick(['suivi-cls', 'tableau-de-bord', 'CLS_suivi_actions'])}-${token}.xlsx`;
  const years = plan.years;
  const bilanTitle = (y: number) => rng.pick([`Bilan ${y} par action`, `BILAN ${y}`, `Suivi des actions – année ${y}`]);
  switch (plan.yearLayout) {
    case 'sheet-name':
    case 'title':
    case 'state-header':
      years.forEach((y, i) => {
        const name =
          plan.yearLayout === 'sheet-name'
            ? rng.pick([`Bilan ${y}`, String(y), `CLS ${y}`])
            : rng.pick([`Tableau ${i + 1}`, `Feuil${i + 1}`, `Suivi ${String.fromCharCode(65 + i)}`]);
        const ws = wb.addWorksheet(name);
        const top = writeTitleBlock(book, ws, 1, plan.yearLayout === 'title' ? bilanTitle(y) : null);
        writeTable(book, ws, top, yearActs(rng, acts, plan, i), {
          year: y,
          yearHeader: plan.yearLayout === 'state-header' ? y : undefined,
        });
      });
      break;
    case 'cover': {
      const y = years[0];
      const cover = wb.addWorksheet(rng.pick(['Présentation', 'Accueil', 'Page de garde']));
      cover.getCell(2, 2).value = rng.pick(CONTRACTS).replace(/\s*\d{4}-\d{4}$/, '');
      cover.getCell(4, 2).value = rng.pick([`Bilan annuel ${y}`, `Année : ${y}`, `Bilan de l'année ${y}`]);
      cover.getCell(6, 2).value = 'Coordinatrice : Claire Martin';
      const ws = wb.addWorksheet(rng.pick(['Suivi des actions', 'Tableau', 'Actions']));
      const top = writeTitleBlock(book, ws, 1, null);
      writeTable(book, ws, top, acts, { year: y });
      break;
    }
    case 'file-name': {
      const y = years[0];
      fileName = `${rng.pick(['suivi-cls', 'bilan-cls', 'CLS_suivi'])}-${y}-${token}.xlsx`;
      const ws = wb.addWorksheet(rng.pick(['Suivi', 'Tableau de suivi', 'Actions']));
      const top = writeTitleBlock(book, ws, 1, null);
      writeTable(book, ws, top, acts, { year: y });
      break;
    }
    case 'wide': {
      const ws = wb.addWorksheet(rng.pick(['Suivi CLS', 'Tableau de bord', 'Actions']));
      const top = writeTitleBlock(book, ws, 1, rng.chance(0.5) ? 'Tableau de suivi des actions' : null);
      writeTable(book, ws, top, acts, { statusYears: years });
      break;
    }
    case 'long': {
      const ws = wb.addWorksheet(rng.pick(['Suivi', 'Suivi annuel', 'Historique']));
      const top = writeTitleBlock(book, ws, 1, null);
      const perYear = new Set(acts.filter(() => !rng.chance(0.1)));
      for (const a of acts) if (!perYear.has(a)) a.states.delete(years[0]);
      writeTable(book, ws, top, acts, { longYears: years });
      break;
    }
    case 'tables-per-sheet': {
      const ws = wb.addWorksheet(rng.pick(['Bilans', 'Suivi CLS', 'Tableaux']));
      let row = writeTitleBlock(book, ws, 1, null);
      years.forEach((y, i) => {
        ws.getCell(row, 1).value = bilanTitle(y);
        ws.getCell(row, 1).font = { bold: true, size: 14 };
        row = writeTable(book, ws, row + 2, yearActs(rng, acts, plan, i), { year: y }) + 3;
      });
      break;
    }
    case 'sheets-per-axe': {
      const y = years[0];
      const axes = [...new Set(acts.map((a) => a.axe))];
      for (const axe of axes) {
        const ws = wb.addWorksheet(rng.pick([`Axe ${axe}`, `AXE ${axe}`]));
        ws.getCell(1, 1).value = `${bilanTitle(y)} – Axe ${axe} : ${AXES[axe] ?? ''}`;
        writeTable(
          book,
          ws,
          3,
          acts.filter((a) => a.axe === axe),
          { year: y },
        );
      }
      break;
    }
  }
  writeExtraSheet(book, acts);
  return { wb, fileName, book, acts };
}

/** Excel writes a carriage return in a string as `_x000D_`; exceljs writes it raw. Do as Excel does. */
function excelEscapes(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  for (const name of Object.keys(files)) {
    if (name !== 'xl/sharedStrings.xml' && !name.startsWith('xl/worksheets/sheet')) continue;
    const xml = strFromU8(files[name]);
    if (xml.includes('\r')) files[name] = strToU8(xml.replace(/\r/g, '_x000D_'));
  }
  return zipSync(files, { mtime: new Date(Date.UTC(2024, 0, 15)) });
}

/** One random workbook, fully determined by its seed. */
export async function generateWorkbook(seed: number): Promise<GeneratedWorkbook> {
  const { wb, fileName, book } = build(seed >>> 0);
  let bytes: Uint8Array = new Uint8Array(await wb.xlsx.writeBuffer());
  if (book.plan.escapes) bytes = excelEscapes(bytes);
  return { seed: seed >>> 0, bytes, fileName, truth: book.truth, dims: planDims(book.plan) };
}

// ---------------------------------------------------------------------------------------------
// Measuring

export type Outcome = 'exact' | 'flagged' | 'silent';

export interface Measured {
  seed: number;
  fileName: string;
  dims: Dims;
  truth: Truth;
  outcome: Outcome;
  /** Per year read, its counts (a year read twice is kept under `duplicateYears`). */
  read: Record<number, Counts>;
  /** Readings without a year, and years read more than once. */
  problems: string[];
  errors: string[];
  /** The code of the ClsError thrown, when the reader threw one. */
  thrown?: string;
}

/** Reads bytes with the reader under test and classifies the reading against the truth. */
export async function measureBytes(
  gen: Pick<GeneratedWorkbook, 'seed' | 'truth' | 'dims'>,
  bytes: Uint8Array,
  fileName: string,
): Promise<Measured> {
  const base = { seed: gen.seed, fileName, dims: gen.dims, truth: gen.truth };
  let analysis: WorkbookAnalysis;
  try {
    const reading = await readTrackingWorkbook(bytes, fileName);
    analysis = analyzeWorkbook(reading);
  } catch (e) {
    if (isClsError(e))
      return { ...base, outcome: 'flagged', read: {}, problems: [], errors: [e.message], thrown: e.code };
    throw e;
  }
  const read: Record<number, Counts> = {};
  const problems: string[] = [];
  for (const s of analysis.sheets) {
    const year = s.bilan.year;
    if (year === null) {
      problems.push(`reading without a year (sheet « ${s.bilan.sheet} », ${s.bilan.total} actions)`);
      continue;
    }
    if (read[year]) problems.push(`year ${year} read twice`);
    read[year] = { ...s.bilan.counts };
  }
  const errors = allDiagnostics(analysis)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.sheet}!${d.cell ?? ''}`);
  const exact =
    !gen.truth.ambiguous &&
    (!gen.truth.requireError || errors.length > 0) &&
    problems.length === 0 &&
    sameYears(gen.truth, read);
  const outcome: Outcome = exact ? 'exact' : errors.length > 0 ? 'flagged' : 'silent';
  return { ...base, outcome, read, problems, errors };
}

function sameYears(truth: Truth, read: Record<number, Counts>): boolean {
  const expected = Object.keys(truth.years).sort().join(',');
  const got = Object.keys(read).sort().join(',');
  if (expected !== got) return false;
  return Object.entries(truth.years).every(([y, t]) => COUNT_KEYS.every((k) => read[Number(y)][k] === t.counts[k]));
}

export async function measureWorkbook(gen: GeneratedWorkbook): Promise<Measured> {
  return measureBytes(gen, gen.bytes, gen.fileName);
}

export interface MeasureOptions {
  seed?: number;
  /** Called with each workbook and its measure (to save the failures, to round-trip some). */
  onMeasured?: (gen: GeneratedWorkbook, m: Measured) => void | Promise<void>;
}

/** Generates `count` workbooks from `seed` and measures each. */
export async function measureRandomLayouts(count: number, options: MeasureOptions = {}): Promise<Measured[]> {
  const base = options.seed ?? 1;
  const out: Measured[] = [];
  for (let i = 0; i < count; i++) {
    const gen = await generateWorkbook(workbookSeed(base, i));
    const m = await measureWorkbook(gen);
    out.push(m);
    await options.onMeasured?.(gen, m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Through LibreOffice

/** The soffice executable on the PATH (or /usr/bin/soffice), or null when LibreOffice is not installed. */
export function findSoffice(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'soffice');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export interface RoundTrip {
  format: 'xlsx' | 'ods';
  bytes: Uint8Array;
  measured: Measured;
}

/**
 * Opens the workbooks in LibreOffice and saves them again, as .xlsx and as .ods (one batch call
 * per format, with a profile of its own), then measures what it saved against the same truth.
 */
export async function roundTripThroughSoffice(
  gens: readonly GeneratedWorkbook[],
  soffice = findSoffice(),
): Promise<RoundTrip[]> {
  if (!soffice) throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui');
  const dir = mkdtempSync(join(tmpdir(), 'cls-random-layouts-'));
  try {
    const input = join(dir, 'in');
    mkdirSync(input);
    const files = gens.map((g) => {
      const file = join(input, g.fileName);
      writeFileSync(file, g.bytes);
      return file;
    });
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const out: RoundTrip[] = [];
    for (const format of ['xlsx', 'ods'] as const) {
      const outDir = join(dir, format);
      execFileSync(
        soffice,
        [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, ...files],
        { stdio: 'pipe', timeout: 600_000 },
      );
      for (const g of gens) {
        const name = g.fileName.replace(/\.xlsx$/, `.${format}`);
        const path = join(outDir, name);
        if (!existsSync(path)) throw new Error(`LibreOffice did not write ${name}`);
        const bytes = new Uint8Array(readFileSync(path));
        const measured = await measureBytes(g, bytes, name);
        out.push({ format, bytes, measured: { ...measured, dims: { ...measured.dims, roundTrip: format } } });
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

export interface Summary {
  total: number;
  exact: number;
  flagged: number;
  silent: number;
}

export function summarize(results: readonly Measured[]): Summary {
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return { total: results.length, exact: count('exact'), flagged: count('flagged'), silent: count('silent') };
}

function pct(part: number, total: number): string {
  return total === 0 ? '-' : `${((100 * part) / total).toFixed(1)} %`;
}

/** Failure rates per dimension value, sorted by dimension then by silent rate. */
export function dimensionTable(results: readonly Measured[]): string {
  const by = new Map<string, Summary>();
  for (const r of results) {
    for (const [dim, value] of Object.entries(r.dims)) {
      const k = `${dim}\u0000${value}`;
      const s = by.get(k) ?? { total: 0, exact: 0, flagged: 0, silent: 0 };
      s.total++;
      s[r.outcome]++;
      by.set(k, s);
    }
  }
  const lines = [...by.entries()]
    .map(([k, s]) => {
      const [dim, value] = k.split('\u0000');
      return { dim, value, s };
    })
    .sort((a, b) => a.dim.localeCompare(b.dim) || b.s.silent / b.s.total - a.s.silent / a.s.total);
  const w = Math.max(...lines.map((l) => `${l.dim}: ${l.value}`.length), 10);
  const head = `${'dimension: value'.padEnd(w)}  ${'n'.padStart(5)}  ${'exact'.padStart(8)}  ${'flagged'.padStart(8)}  ${'silent'.padStart(8)}`;
  return [
    head,
    ...lines.map(
      (l) =>
        `${`${l.dim}: ${l.value}`.padEnd(w)}  ${String(l.s.total).padStart(5)}  ${pct(l.s.exact, l.s.total).padStart(8)}  ${pct(l.s.flagged, l.s.total).padStart(8)}  ${pct(l.s.silent, l.s.total).padStart(8)}`,
    ),
  ].join('\n');
}

function countsText(c: Counts | undefined): string {
  if (!c) return '(absent)';
  return COUNT_KEYS.filter((k) => c[k] > 0)
    .map((k) => `${k}=${c[k]}`)
    .join(' ');
}

/** One failing case: its seed, its dimensions that are variations, expected and read counts. */
export function describeCase(m: Measured): string {
  const dims = Object.entries(m.dims)
    .filter(([k, v]) => PLAIN[k] !== v && !(k.startsWith('extra.') && v === 'no') && k !== 'variations')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const years = [...new Set([...Object.keys(m.truth.years), ...Object.keys(m.read)])].map(Number).sort();
  const lines = [`seed ${m.seed} (${m.fileName}) ${m.outcome}: ${dims}`];
  for (const y of years) {
    lines.push(`  ${y} expected: ${countsText(m.truth.years[y]?.counts)}`);
    lines.push(`  ${y} read:     ${countsText(m.read[y])}`);
  }
  for (const p of m.problems) lines.push(`  ${p}`);
  if (m.truth.requireError) lines.push(`  requires an error: ${m.truth.requireError}`);
  if (m.truth.ambiguous) lines.push(`  ambiguous: ${m.truth.ambiguous}`);
  if (m.thrown) lines.push(`  thrown: ${m.thrown}`);
  return lines.join('\n');
}

export function report(results: readonly Measured[], label: string, examples = 5): string {
  const s = summarize(results);
  const silent = results.filter((r) => r.outcome === 'silent');
  return [
    `== ${label}: ${s.total} workbooks: ${s.exact} exact (${pct(s.exact, s.total)}), ${s.flagged} flagged, ${s.silent} silent`,
    '',
    dimensionTable(results),
    '',
    silent.length > 0 ? `First silent cases:` : 'No silent case.',
    ...silent.slice(0, examples).map(describeCase),
  ].join('\n');
}

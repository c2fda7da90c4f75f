/**
 * A corpus of tracking workbooks written the many ways coordinators really keep them, built from
 * the rows of the PETR report (seed 002): header words of every kind, years in headers, wide
 * multi-year sheets, two-row headers, Excel tables with a totals row and filtered rows, totals and
 * count blocks, summary / contacts / budget sheets, one sheet per axe, group lines, one column per
 * state, emoji and numberings, .xlsm and .xltx.
 *
 * Each case comes with what a reader must find in it, computed here from the rows written, with
 * this module's own reading of the seed's states: never through the reader under test.
 */
import * as ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StatusId } from '../core/base/status';
import { emptyCounts } from '../core/base/status-counts';
import { groupedTable, isClos, OBJECTIVES, UNNUMBERED_OBJECTIVE_2023 } from './seed-tables';

/** The project's root, from the sources (scripts/) or from the build (dist/scripts/). */
function projectRoot(): string {
  let dir = resolve(__dirname, '..');
  if (!existsSync(join(dir, 'package.json'))) dir = resolve(dir, '..');
  return dir;
}

export const SEED_FILE = join(projectRoot(), '..', 'shared', 'seeds', '002_3f0727db54dbf736.txt');

export type State = Exclude<StatusId, 'realise'>;
export type Counts = Record<StatusId | 'sans_etat', number>;

/** One action of the plan, with its state each year it is in the plan. */
export interface PlanAction {
  axe: string;
  objectif: string | null;
  code: string | null;
  kind: 'fiche' | 'piste' | 'action';
  title: string;
  porteur: string;
  remarks: Partial<Record<number, string>>;
  states: Partial<Record<number, State>>;
}

export const YEARS = [2021, 2022, 2023] as const;

export const AXES: Readonly<Record<string, string>> = {
  '1': "diminuer l'isolement des personnes en situation difficile",
  '2': "prévenir les risques sanitaires liés à l'environnement",
  '3': 'améliorer les connaissances, compétences et pratiques des habitants, bénévoles et professionnels',
  '4': 'améliorer le parcours de santé des enfants et adolescents',
  '5': "renforcer l'offre coordonnée de prévention sur le territoire",
  '6': "maintenir l'accès à l'offre de premiers recours coordonné sur le territoire",
  '7': "structurer l'offre de second recours sur le territoire",
};

/** The seed's state words, read by this module's own table (not by the reader under test). */
const SEED_STATES: ReadonlyArray<readonly [RegExp, State | 'realise']> = [
  [/^r[ée]alis[ée]e?$/i, 'realise'],
  [/^en cours$/i, 'en_cours'],
  [/^(r[ée]flexion engag[ée]e|engag[ée]e?)$/i, 'reflexion'],
  [/^(non commenc[ée]e?|non r[ée]alis[ée]e?)$/i, 'non_commence'],
  [/^abandonn[ée]e?$/i, 'abandonne'],
];

function seedState(text: string | undefined): State | 'realise' | null {
  const t = (text ?? '').trim();
  for (const [re, state] of SEED_STATES) if (re.test(t)) return state;
  return null;
}

function key(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The actions of 2021–2023, each year's rows joined by title (untitled rows stay apart). */
export function planFromSeed(seedFile = SEED_FILE): PlanAction[] {
  const lines = readFileSync(seedFile, 'utf8').split('\n');
  const y2022 = groupedTable(lines, 2022);
  const tables = { 2021: groupedTable(lines, 2021), 2022: y2022, 2023: groupedTable(lines, 2023, y2022) };
  const byKey = new Map<string, PlanAction>();
  const plan: PlanAction[] = [];
  for (const year of YEARS) {
    const seen = new Map<string, number>();
    tables[year].forEach((row, index) => {
      const [title, code, porteur] = row.cells;
      let [, , , statusText, remark] = row.cells;
      // A row pushed one column right by the report's layout: its state sits under REMARQUES.
      if (seedState(statusText) === null && seedState(remark) !== null) {
        statusText = remark;
        remark = row.cells[5] ?? '';
      }
      const found = seedState(statusText);
      if (found === null) return;
      const state: State = found === 'realise' ? (isClos(year, title) ? 'realise_clos' : 'realise_perenne') : found;
      const base = title ? key(title) : `#${year}#${index}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const k = `${base}#${n}`;
      let action = byKey.get(k);
      if (!action) {
        const objectif = row.objectif;
        action = {
          axe: objectif ? objectif.split('.')[0] : '3',
          objectif,
          code: /^\d+\.\d+\.\d+$/.test(code ?? '') ? code : null,
          kind: /^\d/.test(code ?? '') ? 'fiche' : /^piste/i.test(code ?? '') ? 'piste' : 'action',
          title: title ?? '',
          porteur: porteur ?? '',
          remarks: {},
          states: {},
        };
        byKey.set(k, action);
        plan.push(action);
      }
      action.states[year] = state;
      action.remarks[year] = remark ?? '';
    });
  }
  return plan;
}

/** Counts of one year's actions; `splitRealise` false when the layout writes « Réalisé » without its kind. */
export function countsOf(actions: readonly PlanAction[], year: number, splitRealise = true): Counts {
  const counts = emptyCounts();
  for (const a of actions) {
    const s = a.states[year];
    if (!s) continue;
    counts[!splitRealise && (s === 'realise_clos' || s === 'realise_perenne') ? 'realise' : s]++;
  }
  return counts;
}

export function inYear(plan: readonly PlanAction[], year: number): PlanAction[] {
  return plan.filter((a) => a.states[year] !== undefined);
}

const LABELS: Readonly<Record<State, string>> = {
  realise_clos: 'Réalisé (clos)',
  realise_perenne: 'Réalisé (pérenne)',
  en_cours: 'En cours',
  reflexion: 'Réflexion engagée',
  non_commence: 'Non commencé',
  abandonne: 'Abandonné',
};

export const FILLS: Readonly<Record<State, string>> = {
  realise_clos: '00B050',
  realise_perenne: '92D050',
  en_cours: 'FFC000',
  reflexion: '9DC3E6',
  non_commence: 'FF9999',
  abandonne: '808080',
};

function objectifTitle(code: string | null): string {
  return code ? (OBJECTIVES[code] ?? '') : UNNUMBERED_OBJECTIVE_2023;
}

// ---------------------------------------------------------------------------------------------
// What a case expects

export interface ExpectedReading {
  year: number;
  counts: Counts;
  /** Where the year must come from. */
  yearSource?: 'name' | 'title' | 'header';
  yearCell?: string;
}

export interface CorpusCase {
  /** File name, with its extension. */
  file: string;
  /** The numbered case(s) it covers, for the test names. */
  covers: string;
  bytes: Uint8Array;
  readings: ExpectedReading[];
  /** Diagnostic codes that must not be raised. */
  absent?: string[];
  /** Sheets that must be read as no table, and raise nothing. */
  notTables?: string[];
  /** Per action (by title), its axe and objective codes. */
  groups?: { title: string; axe: string | null; objectif: string | null }[];
  /** Per action (by title), its code and kind. */
  codes?: { title: string; code: string | null; kind: 'fiche' | 'piste' | 'action' }[];
  /** Rows whose state only a key could read, and the sheet has none: each says how to add one. */
  keyMissing?: number;
  /** Per year, an action's remark read from that year's column. */
  remarks?: { year: number; title: string; remark: string }[];
}

// ---------------------------------------------------------------------------------------------
// Writing

type Value = string | number | null;

/** A new workbook with fixed dates and creator: the same rows give the same bytes. */
export function newBook(creator = 'cls-bilan corpus'): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const date = new Date(Date.UTC(2024, 0, 15, 9, 0, 0));
  wb.created = date;
  wb.modified = date;
  wb.creator = creator;
  return wb;
}

function put(ws: ExcelJS.Worksheet, row: number, values: readonly Value[], col = 1): void {
  values.forEach((v, i) => {
    if (v === null || v === '') return;
    ws.getCell(row, col + i).value = v;
  });
}

function paint(ws: ExcelJS.Worksheet, row: number, col: number, hex: string): void {
  ws.getCell(row, col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${hex}` } };
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The same package as another type: .xlsm (macro-enabled) or .xltx (template). */
export function withWorkbookType(bytes: Uint8Array, type: 'xlsm' | 'xltx'): Uint8Array {
  const files = unzipSync(bytes);
  const main =
    type === 'xlsm'
      ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml';
  const types = strFromU8(files['[Content_Types].xml']).replace(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    main,
  );
  files['[Content_Types].xml'] = strToU8(types);
  return zipSync(files, { mtime: new Date(Date.UTC(2024, 0, 15)) });
}

// ---------------------------------------------------------------------------------------------
// The cases

/** #1 #2: header words of another kind, year in the state header, an update date in the title block. */
async function headerWords(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Suivi CLS');
  put(ws, 1, ['Contrat local de santé du PETR Cœur de Lorraine 2019-2023']);
  put(ws, 2, ['Tableau mis à jour le 12/01/2024']);
  put(ws, 4, [
    'Thématique',
    'Objectif opérationnel',
    'N° de fiche',
    'INTITULE DE LA\nFICHE-ACTION',
    "Pilote de l'action",
    'Statut au 31/12/2022',
    'Observations :',
  ]);
  const actions = inYear(plan, 2022);
  actions.forEach((a, i) => {
    const o = a.objectif;
    put(ws, 5 + i, [
      `Axe ${a.axe}`,
      o ? `${o} ${objectifTitle(o)}` : objectifTitle(o),
      a.code ?? (a.kind === 'piste' ? 'Piste' : ''),
      a.title,
      a.porteur,
      LABELS[a.states[2022] as State],
      a.remarks[2022] ?? '',
    ]);
  });
  return {
    file: 'en-tetes-pilote-statut-au.xlsx',
    covers: '1, 2',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'header', yearCell: 'F4' }],
  };
}

/** Header words for each column, as coordinators write them. */
const WORDS = {
  axe: ['Thématique', 'Axe stratégique', 'AXES', 'Orientation', 'Axe', 'Thème', 'Domaine', 'Axe du CLS'],
  objectif: [
    'Objectif opérationnel',
    'Objectifs spécifiques',
    'Objectif',
    'Sous-objectif',
    'OBJECTIFS',
    'Objectif(s)',
    'Priorité',
    'Objectifs opérationnels',
  ],
  code: ['N° de fiche', 'Code action', 'N°', 'Numéro', 'Réf.', 'N° FA', 'n° ou piste', 'Fiche n°'],
  title: [
    'Intitulé de la fiche-action',
    'INTITULE DE LA\nFICHE-ACTION',
    'Actions',
    "Libellé de l'action",
    "Nom de l'action",
    'Fiche action',
    'Titre',
    "Dénomination de l'action",
  ],
  porteur: [
    "Pilote de l'action",
    'Structure(s) porteuse(s)',
    'Porteur(s)',
    'Responsable',
    'PILOTE',
    'Référent',
    "Maître d'ouvrage",
    'Porteur du projet',
  ],
  status: [
    'Statut au 31/12/2022',
    'Etat au 31/12/2022',
    'Niveau de réalisation',
    "État d'avancement",
    'Avancement 2022',
    'STATUT',
    "Etat de l'action",
    'Situation au\n31/12/2022',
  ],
  remarques: [
    'Observations :',
    'Commentaires',
    'Remarques',
    'Précisions',
    'Observations 2022',
    'COMMENTAIRE(S)',
    'Remarque(s)',
    'Observations / commentaires',
  ],
} as const;

type WordRole = keyof typeof WORDS;

/** #1 #2: eight tables, each with other header words for every column, in another order. */
async function headerVariants(plan: readonly PlanAction[]): Promise<CorpusCase[]> {
  const roles = Object.keys(WORDS) as WordRole[];
  const actions = inYear(plan, 2022);
  const out: CorpusCase[] = [];
  for (let v = 0; v < 8; v++) {
    const wb = newBook();
    const ws = wb.addWorksheet(v % 2 === 0 ? 'Bilan 2022' : 'Suivi');
    // Rotate the columns after the axe and objective, so the state is sometimes left of the title.
    const tail = roles.slice(2);
    const order: WordRole[] = [...roles.slice(0, 2), ...tail.slice(v % tail.length), ...tail.slice(0, v % tail.length)];
    put(ws, 1, [v % 2 === 0 ? 'Contrat local de santé' : 'Tableau de suivi du CLS, bilan 2022']);
    put(ws, 2, [`Mis à jour le 0${1 + v}/02/2024`]);
    put(
      ws,
      4,
      order.map((role) => WORDS[role][v]),
    );
    actions.forEach((a, i) => {
      const values: Record<WordRole, string> = {
        axe: `Axe ${a.axe}`,
        objectif: a.objectif ?? '',
        code: a.code ?? (a.kind === 'piste' ? 'Piste' : ''),
        title: a.title,
        porteur: a.porteur,
        status: LABELS[a.states[2022] as State],
        remarques: a.remarks[2022] ?? '',
      };
      put(
        ws,
        5 + i,
        order.map((role) => values[role]),
      );
    });
    const statusWords: string = WORDS.status[v];
    const yearInHeader = statusWords.includes('2022');
    out.push({
      file: `en-tetes-variante-${v + 1}.xlsx`,
      covers: '1, 2',
      bytes: await bytesOf(wb),
      readings: [
        {
          year: 2022,
          counts: countsOf(actions, 2022),
          yearSource: yearInHeader ? 'header' : v % 2 === 0 ? 'name' : 'title',
        },
      ],
    });
  }
  return out;
}

/** #1: « Avancement (%) » holding numbers beside the text state column; states by spelling and fill. */
async function percentBesideState(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Feuil1');
  put(ws, 1, ['Bilan 2022 du contrat local de santé']);
  put(ws, 3, [
    'Code action',
    "Intitulé de l'action",
    'Structure(s) porteuse(s)',
    'Partenaires associés',
    'Avancement (%)',
    'Niveau de réalisation',
    'Commentaires',
  ]);
  const spelled: Record<State, string> = {
    realise_clos: 'réalisé',
    realise_perenne: 'Réalisée',
    en_cours: 'en cours',
    reflexion: 'Réflexion amorcée',
    non_commence: 'Non commencée',
    abandonne: 'abandonnée',
  };
  const share: Record<State, number> = {
    realise_clos: 1,
    realise_perenne: 1,
    en_cours: 0.5,
    reflexion: 0.1,
    non_commence: 0,
    abandonne: 0,
  };
  const actions = inYear(plan, 2022);
  actions.forEach((a, i) => {
    const s = a.states[2022] as State;
    const r = 4 + i;
    put(ws, r, [a.code ?? '', a.title, a.porteur, 'ARS, CPAM', share[s], spelled[s], a.remarks[2022] ?? '']);
    ws.getCell(r, 5).numFmt = '0%';
    if (s === 'realise_clos' || s === 'realise_perenne') paint(ws, r, 6, FILLS[s]);
  });
  return {
    file: 'avancement-pourcentage.xlsx',
    covers: '1',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'title' }],
  };
}

/** #1 #8: the state column left of the title, group lines for axes and objectives between rows. */
async function stateLeftGroupLines(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Suivi');
  put(ws, 1, ['CLS — suivi des fiches-actions']);
  put(ws, 3, ['Etat au 31/12/2023', 'N°', 'Libellé', 'Référent', 'Remarques']);
  const actions = inYear(plan, 2023);
  let r = 4;
  let axe: string | null = null;
  let objectif: string | null | undefined;
  for (const a of actions) {
    if (a.axe !== axe) {
      axe = a.axe;
      objectif = undefined;
      put(ws, r++, [`Axe ${a.axe}, ${AXES[a.axe] ?? ''}`]);
    }
    if (a.objectif !== objectif) {
      objectif = a.objectif;
      if (a.objectif) put(ws, r++, [null, null, `Objectif ${a.objectif}_${objectifTitle(a.objectif)}`]);
    }
    put(ws, r++, [LABELS[a.states[2023] as State], a.code ?? '', a.title, a.porteur, a.remarks[2023] ?? '']);
  }
  // Titles seen once, with a code, so the expectation names one action each.
  const titled = actions.filter(
    (a) => a.title !== '' && a.objectif !== null && actions.filter((b) => b.title === a.title).length === 1,
  );
  return {
    file: 'etat-a-gauche-lignes-axes.xlsx',
    covers: '1, 8',
    bytes: await bytesOf(wb),
    readings: [{ year: 2023, counts: countsOf(actions, 2023), yearSource: 'header', yearCell: 'A3' }],
    groups: titled.map((a) => ({ title: a.title, axe: a.axe, objectif: a.objectif })),
  };
}

/** #1: lower case, no accents, « (s) » plurals; sheet named after its year. */
async function plainWords(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('2022');
  put(ws, 2, ['axe', 'objectif', 'intitule', 'n°', 'pilote(s)', "etat d'avancement", 'precisions']);
  const actions = inYear(plan, 2022);
  actions.forEach((a, i) => {
    const s = a.states[2022] as State;
    put(ws, 3 + i, [
      a.axe,
      a.objectif ?? '',
      a.title,
      a.code ?? '',
      a.porteur,
      s === 'realise_clos' || s === 'realise_perenne' ? 'REALISE' : LABELS[s].toUpperCase(),
      a.remarks[2022] ?? '',
    ]);
  });
  return {
    file: 'minuscules-sans-accents.xlsx',
    covers: '1',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022, false), yearSource: 'name' }],
  };
}

function wideExpectations(plan: readonly PlanAction[]): ExpectedReading[] {
  return YEARS.map((year) => ({ year, counts: countsOf(plan, year), yearSource: 'header' as const }));
}

/** #3: one state column per year, blank where the action is not in that year's plan. */
async function wideColumns(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Suivi 2021-2023');
  put(ws, 1, ['Suivi pluriannuel des actions du CLS']);
  put(ws, 3, ['Axe', 'Objectif', 'Action', 'N°', 'Porteur', 'Etat 2021', 'Etat 2022', 'Etat 2023', 'Commentaire']);
  plan.forEach((a, i) => {
    const states = YEARS.map((y) => (a.states[y] ? LABELS[a.states[y] as State] : ''));
    put(ws, 4 + i, [a.axe, a.objectif ?? '', a.title, a.code ?? '', a.porteur, ...states, a.remarks[2023] ?? '']);
  });
  return {
    file: 'plusieurs-annees-colonnes.xlsx',
    covers: '3',
    bytes: await bytesOf(wb),
    readings: wideExpectations(plan),
    absent: ['YEAR_SHEET_DUPLICATE'],
  };
}

/** #3: « Avancement au 31/12/AAAA » + « Observations AAAA » pairs. */
async function widePairs(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Tableau de bord');
  const header: string[] = ['N°', 'Intitulé', 'Porteur'];
  for (const y of YEARS) header.push(`Avancement au 31/12/${y}`, `Observations ${y}`);
  put(ws, 2, header);
  plan.forEach((a, i) => {
    const cells: Value[] = [a.code ?? '', a.title, a.porteur];
    for (const y of YEARS) cells.push(a.states[y] ? LABELS[a.states[y] as State] : '', a.remarks[y] ?? '');
    put(ws, 3 + i, cells);
  });
  const sample = plan.filter(
    (a) => a.title !== '' && a.remarks[2022] && a.remarks[2023] && a.remarks[2022] !== a.remarks[2023],
  );
  const unique = sample.filter((a) => plan.filter((b) => b.title === a.title).length === 1).slice(0, 3);
  return {
    file: 'plusieurs-annees-paires.xlsx',
    covers: '3',
    bytes: await bytesOf(wb),
    readings: wideExpectations(plan),
    remarks: unique.flatMap((a) => [
      { year: 2022, title: a.title, remark: a.remarks[2022] ?? '' },
      { year: 2023, title: a.title, remark: a.remarks[2023] ?? '' },
    ]),
  };
}

/** #3 #4: years merged over « Statut | Commentaire », the title merged down over both header rows. */
async function wideGroups(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('CLS');
  put(ws, 1, ['Contrat local de santé — état des actions']);
  put(ws, 3, ['Fiche action', 'Porteur']);
  ws.mergeCells(3, 1, 4, 1);
  ws.mergeCells(3, 2, 4, 2);
  YEARS.forEach((y, i) => {
    const col = 3 + 2 * i;
    put(ws, 3, [String(y)], col);
    ws.mergeCells(3, col, 3, col + 1);
    put(ws, 4, ['Statut', 'Commentaire'], col);
  });
  plan.forEach((a, i) => {
    const cells: Value[] = [a.title, a.porteur];
    for (const y of YEARS) cells.push(a.states[y] ? LABELS[a.states[y] as State] : '', a.remarks[y] ?? '');
    put(ws, 5 + i, cells);
  });
  return {
    file: 'plusieurs-annees-en-tete-groupe.xlsx',
    covers: '3, 4',
    bytes: await bytesOf(wb),
    readings: YEARS.map((year, i) => ({
      year,
      counts: countsOf(plan, year),
      yearSource: 'header' as const,
      yearCell: `${String.fromCharCode(67 + 2 * i)}3`,
    })),
  };
}

/** #4: group titles « IDENTIFICATION | PILOTAGE | SUIVI 2023 » merged above the real header. */
async function twoRowHeader(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Actions');
  put(ws, 2, ['IDENTIFICATION', null, 'PILOTAGE', null, 'SUIVI 2023']);
  ws.mergeCells('A2:B2');
  ws.mergeCells('C2:D2');
  ws.mergeCells('E2:F2');
  put(ws, 3, ['N°', 'Intitulé', 'Porteur', 'Partenaires', 'Statut', 'Commentaire']);
  const actions = inYear(plan, 2023);
  actions.forEach((a, i) => {
    put(ws, 4 + i, [a.code ?? '', a.title, a.porteur, '', LABELS[a.states[2023] as State], a.remarks[2023] ?? '']);
  });
  return {
    file: 'en-tete-sur-deux-lignes.xlsx',
    covers: '4',
    bytes: await bytesOf(wb),
    readings: [{ year: 2023, counts: countsOf(actions, 2023), yearSource: 'header', yearCell: 'E2' }],
  };
}

/** #5: an Excel table with a totals row; the rows a filter hides still count. */
async function excelTable(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  put(ws, 1, ['Bilan 2022 par action']);
  const actions = inYear(plan, 2022);
  ws.addTable({
    name: 'Suivi',
    ref: 'A3',
    headerRow: true,
    totalsRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: [
      { name: 'Fiche action', totalsRowLabel: 'Total' },
      { name: 'N°' },
      { name: 'Porteur' },
      { name: "Etat d'avancement", totalsRowFunction: 'count' },
      { name: 'Remarques' },
    ],
    rows: actions.map((a) => [
      a.title,
      a.code ?? '',
      a.porteur,
      LABELS[a.states[2022] as State],
      a.remarks[2022] ?? '',
    ]),
  });
  // Rows a filter on the state column hides (every « Abandonné »).
  actions.forEach((a, i) => {
    if (a.states[2022] === 'abandonne') ws.getRow(4 + i).hidden = true;
  });
  return {
    file: 'tableau-excel-ligne-total.xlsx',
    covers: '5',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
  };
}

/** #6: totals, a block of counts beside the table, and sheets that are not tracking tables. */
async function notActions(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  put(ws, 1, ['Bilan 2022 par action']);
  put(ws, 3, ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES']);
  const actions = inYear(plan, 2022);
  actions.forEach((a, i) => {
    put(ws, 4 + i, [
      a.axe,
      a.objectif ?? '',
      a.title,
      a.code ?? (a.kind === 'piste' ? 'Piste' : ''),
      a.porteur,
      LABELS[a.states[2022] as State],
      a.remarks[2022] ?? '',
    ]);
  });
  const counts = countsOf(actions, 2022);
  const end = 4 + actions.length;
  put(ws, end, [null, null, 'TOTAL', null, null, String(actions.length)]);
  put(ws, end + 2, [`Total : ${actions.length} actions`]);
  const done = counts.realise_clos + counts.realise_perenne;
  put(ws, end + 3, [`Actions réalisées : ${done}, soit ${Math.round((100 * done) / actions.length)} %`]);
  // A block of counts beside the table.
  put(ws, 3, ['État', 'Nombre'], 10);
  (Object.keys(LABELS) as State[]).forEach((s, i) => {
    put(ws, 4 + i, [LABELS[s], counts[s]], 10);
    paint(ws, 4 + i, 10, FILLS[s]);
  });
  // A hidden list of values behind the dropdown.
  const lists = wb.addWorksheet('Listes', { state: 'hidden' });
  Object.values(LABELS).forEach((label, i) => put(lists, 1 + i, [label]));
  // A summary: a cross table of axes by state, and a total.
  const summary = wb.addWorksheet('Synthèse');
  put(summary, 1, ['Axe', ...Object.values(LABELS), 'Total']);
  Object.keys(AXES).forEach((axe, i) => {
    const of = actions.filter((a) => a.axe === axe);
    const c = countsOf(of, 2022);
    put(summary, 2 + i, [`Axe ${axe}`, ...(Object.keys(LABELS) as State[]).map((s) => c[s]), of.length]);
  });
  put(summary, 10, ['Réalisé (clos)', counts.realise_clos]);
  put(summary, 11, ['En cours', counts.en_cours]);
  const contacts = wb.addWorksheet('Contacts');
  put(contacts, 1, ['Nom', 'Structure', 'Fonction', 'Téléphone', 'Mail']);
  put(contacts, 2, ['Mme Martin', 'PETR', 'Coordinatrice CLS', '03 29 00 00 00', 'cls@example.org']);
  put(contacts, 3, ['M. Durand', 'ARS Grand Est', 'Délégation territoriale', '03 83 00 00 00', 'dt55@example.org']);
  const budget = wb.addWorksheet('Budget');
  put(budget, 1, ['Fiche action', 'Porteur', 'Budget prévisionnel', 'Financement']);
  actions.slice(0, 10).forEach((a, i) => put(budget, 2 + i, [a.title, a.porteur, 1000 * (i + 1), 'ARS']));
  return {
    file: 'lignes-et-feuilles-hors-actions.xlsx',
    covers: '6',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts, yearSource: 'name' }],
    absent: ['HEADER_NOT_FOUND'],
    notTables: ['Listes', 'Synthèse', 'Contacts', 'Budget'],
  };
}

/** #7: one sheet per axe for one year. */
async function sheetPerAxe(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const actions = inYear(plan, 2022);
  for (const axe of Object.keys(AXES)) {
    const of = actions.filter((a) => a.axe === axe);
    if (of.length === 0) continue;
    const ws = wb.addWorksheet(`Axe ${axe}`);
    put(ws, 1, [`Bilan 2022 — Axe ${axe} : ${AXES[axe]}`]);
    put(ws, 3, ['Objectif', 'Action', 'N°', 'Porteur', "Etat d'avancement", 'Remarques']);
    of.forEach((a, i) => {
      put(ws, 4 + i, [
        a.objectif ?? '',
        a.title,
        a.code ?? '',
        a.porteur,
        LABELS[a.states[2022] as State],
        a.remarks[2022] ?? '',
      ]);
    });
  }
  return {
    file: 'une-feuille-par-axe.xlsx',
    covers: '7',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'title' }],
    absent: ['YEAR_SHEET_DUPLICATE'],
  };
}

/** #9: one column per state, ticked « X » or « x ». */
async function tickColumns(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  const states = Object.keys(LABELS) as State[];
  put(ws, 2, ['N°', 'Action', 'Porteur', ...states.map((s) => LABELS[s]), 'Commentaire']);
  const actions = inYear(plan, 2022);
  actions.forEach((a, i) => {
    const marks = states.map((s) => (a.states[2022] === s ? (i % 2 === 0 ? 'X' : 'x') : ''));
    put(ws, 3 + i, [a.code ?? '', a.title, a.porteur, ...marks, a.remarks[2022] ?? '']);
  });
  return {
    file: 'une-colonne-par-etat.xlsx',
    covers: '9',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    absent: ['STATUS_MISSING', 'STATUS_UNKNOWN', 'STATUS_NONCANONICAL'],
  };
}

/** #10: states behind emoji, a consistent « Fiche n°N » numbering in the code column. */
async function decorations(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('2022');
  const emoji: Record<State, string> = {
    realise_clos: '✅',
    realise_perenne: '♻️',
    en_cours: '🟠',
    reflexion: '💭',
    non_commence: '⏸️',
    abandonne: '❌',
  };
  put(ws, 2, ['N° fiche', 'Intitulé', 'Porteur', 'Etat']);
  const actions = inYear(plan, 2022).filter((a) => a.title !== '');
  actions.forEach((a, i) => {
    const s = a.states[2022] as State;
    put(ws, 3 + i, [`Fiche n°${i + 1}`, a.title, a.porteur, `${emoji[s]} ${LABELS[s]}`]);
  });
  return {
    file: 'emoji-et-numeros-fiche.xlsx',
    covers: '10',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    absent: ['STATUS_NONCANONICAL', 'STATUS_UNKNOWN', 'CODE_MALFORMED'],
    codes: actions.slice(0, 3).map((a, i) => ({ title: a.title, code: `FA ${i + 1}`, kind: 'fiche' as const })),
  };
}

/** #10: every real numbering, glued to the title. */
async function numberings(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Suivi 2022');
  put(ws, 2, ['Intitulé', 'Porteur', 'Statut']);
  const forms: { written: (n: number) => string; code: (n: number) => string | null; kind: 'fiche' | 'piste' }[] = [
    { written: (n) => `FA1.${n}`, code: (n) => `FA 1.${n}`, kind: 'fiche' },
    { written: (n) => `Fiche ${n} :`, code: (n) => `FA ${n}`, kind: 'fiche' },
    { written: (n) => `A.1.${n}`, code: (n) => `A.1.${n}`, kind: 'fiche' },
    { written: (n) => `1-2-${n} :`, code: (n) => `1.2.${n}`, kind: 'fiche' },
    { written: (n) => `Action ${n} :`, code: (n) => `FA ${n}`, kind: 'fiche' },
    { written: (n) => `Piste n°${n} :`, code: () => null, kind: 'piste' },
  ];
  const actions = inYear(plan, 2022)
    .filter((a) => a.title !== '')
    .slice(0, 36);
  const codes: NonNullable<CorpusCase['codes']> = [];
  actions.forEach((a, i) => {
    const form = forms[i % forms.length];
    const n = 10 + i;
    put(ws, 3 + i, [`${form.written(n)} ${a.title}`, a.porteur, LABELS[a.states[2022] as State]]);
    codes.push({ title: a.title, code: form.code(n), kind: form.kind });
  });
  return {
    file: 'numerotations-collees.xlsx',
    covers: '10',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    codes: codes.filter((c) => actions.filter((a) => a.title === c.title).length === 1),
  };
}

/** A table of 2022 with the state written by `state`, under a header at row 4; what is above is the caller's. */
function stateTable(
  ws: ExcelJS.Worksheet,
  actions: readonly PlanAction[],
  state: (s: State, row: number) => Value,
  header = "Etat d'avancement",
): void {
  put(ws, 4, ['N°', 'Action', 'Porteur', header, 'Commentaire']);
  actions.forEach((a, i) => {
    put(ws, 5 + i, [a.code ?? '', a.title, a.porteur, state(a.states[2022] as State, 5 + i), a.remarks[2022] ?? '']);
  });
}

/** #12: percentages in the state column, with the sheet's key above the table. */
async function percentsWithKey(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  put(ws, 1, ['0 % = Non commencé', '1 à 49 % = Réflexion engagée', '50 à 99 % = En cours', '100 % = Réalisé (clos)']);
  const share: Record<State, number | string> = {
    non_commence: 0,
    reflexion: 0.25,
    en_cours: 0.6,
    realise_clos: 1,
    realise_perenne: 'Réalisé (pérenne)',
    abandonne: 'Abandonné',
  };
  const actions = inYear(plan, 2022);
  stateTable(
    ws,
    actions,
    (s, r) => {
      if (typeof share[s] === 'number') ws.getCell(r, 4).numFmt = '0%';
      return share[s];
    },
    'Avancement (%)',
  );
  return {
    file: 'pourcentages-avec-cle.xlsx',
    covers: '12',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    absent: ['STATUS_UNKNOWN'],
  };
}

/** #12: percentages and no key: nothing is made up, every row says how to add a key. */
async function percentsWithoutKey(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  const share: Record<State, number> = {
    non_commence: 0,
    reflexion: 0.25,
    en_cours: 0.6,
    realise_clos: 1,
    realise_perenne: 1,
    abandonne: 0,
  };
  const actions = inYear(plan, 2022);
  stateTable(
    ws,
    actions,
    (s, r) => {
      ws.getCell(r, 4).numFmt = '0%';
      return share[s];
    },
    'Avancement (%)',
  );
  const counts = emptyCounts();
  counts.sans_etat = actions.length;
  return {
    file: 'pourcentages-sans-cle.xlsx',
    covers: '12',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts, yearSource: 'name' }],
    keyMissing: actions.length,
  };
}

/** #12: symbols in the state column, with their key beside the table. */
async function symbolsWithKey(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  const symbol: Record<State, string> = {
    realise_clos: '●',
    realise_perenne: '◉',
    en_cours: '◐',
    reflexion: '◔',
    non_commence: '○',
    abandonne: '✕',
  };
  const actions = inYear(plan, 2022);
  stateTable(ws, actions, (s) => symbol[s], 'Avancement');
  put(ws, 4, ['Clé'], 8);
  (Object.keys(symbol) as State[]).forEach((s, i) => put(ws, 5 + i, [symbol[s], LABELS[s]], 8));
  return {
    file: 'symboles-avec-cle.xlsx',
    covers: '12',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    absent: ['STATUS_UNKNOWN'],
  };
}

/** #12: clos and pérenne told apart only by conditional-format colours (« Terminé » / « Réalisé »). */
async function conditionalColours(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const ws = wb.addWorksheet('Bilan 2022');
  const written: Record<State, string> = {
    realise_clos: 'Terminé',
    realise_perenne: 'Réalisé',
    en_cours: 'En cours',
    reflexion: 'Réflexion engagée',
    non_commence: 'Non commencé',
    abandonne: 'Abandonné',
  };
  const actions = inYear(plan, 2022);
  stateTable(ws, actions, (s) => written[s]);
  const solid = (hex: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', bgColor: { argb: `FF${hex}` } });
  ws.addConditionalFormatting({
    ref: `D5:D${4 + actions.length}`,
    rules: [
      {
        type: 'cellIs',
        operator: 'equal',
        formulae: ['"Terminé"'],
        priority: 1,
        style: { fill: solid(FILLS.realise_clos) },
      },
      {
        type: 'cellIs',
        operator: 'equal',
        formulae: ['"Réalisé"'],
        priority: 2,
        style: { fill: solid(FILLS.realise_perenne) },
      },
      {
        type: 'containsText',
        operator: 'containsText',
        text: 'cours',
        priority: 3,
        style: { fill: solid(FILLS.en_cours) },
      },
    ],
  });
  return {
    file: 'couleurs-mise-en-forme-conditionnelle.xlsx',
    covers: '12',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'name' }],
    absent: ['STATUS_AMBIGUOUS'],
  };
}

/** #12: one fiche-action per sheet, written as a form of labels and values. */
async function ficheForms(plan: readonly PlanAction[]): Promise<CorpusCase> {
  const wb = newBook();
  const actions = inYear(plan, 2022)
    .filter((a) => a.title !== '')
    .slice(0, 12);
  actions.forEach((a, i) => {
    const ws = wb.addWorksheet(`FA ${i + 1}`);
    put(ws, 1, [`Fiche action n°${i + 1} : ${a.title}`]);
    put(ws, 2, ['Bilan 2022']);
    put(ws, 4, ['Axe', `Axe ${a.axe}, ${AXES[a.axe] ?? ''}`]);
    put(ws, 5, ['Objectif', a.objectif ? `${a.objectif} ${objectifTitle(a.objectif)}` : '']);
    put(ws, 6, ['Porteur', a.porteur]);
    put(ws, 7, ['Partenaires', 'ARS, CPAM']);
    put(ws, 9, ["Etat d'avancement", LABELS[a.states[2022] as State]]);
    put(ws, 10, ['Commentaires', a.remarks[2022] ?? '']);
  });
  const cover = wb.addWorksheet('Sommaire');
  put(cover, 1, ['Fiches-actions du CLS']);
  actions.forEach((a, i) => put(cover, 2 + i, [`FA ${i + 1}`, a.title]));
  return {
    file: 'une-fiche-par-feuille.xlsx',
    covers: '12',
    bytes: await bytesOf(wb),
    readings: [{ year: 2022, counts: countsOf(actions, 2022), yearSource: 'title' }],
    codes: actions.slice(0, 3).map((a, i) => ({ title: a.title, code: `FA ${i + 1}`, kind: 'fiche' as const })),
  };
}

/** Every case of the corpus, built from the seed's rows. */
export async function buildLayoutCorpus(seedFile = SEED_FILE): Promise<CorpusCase[]> {
  const plan = planFromSeed(seedFile);
  const cases = [
    await headerWords(plan),
    ...(await headerVariants(plan)),
    await percentBesideState(plan),
    await stateLeftGroupLines(plan),
    await plainWords(plan),
    await wideColumns(plan),
    await widePairs(plan),
    await wideGroups(plan),
    await twoRowHeader(plan),
    await excelTable(plan),
    await notActions(plan),
    await sheetPerAxe(plan),
    await tickColumns(plan),
    await decorations(plan),
    await numberings(plan),
    await percentsWithKey(plan),
    await percentsWithoutKey(plan),
    await symbolsWithKey(plan),
    await conditionalColours(plan),
    await ficheForms(plan),
  ];
  // #11: the same workbook as a macro-enabled workbook and as a template.
  const base = cases[0];
  for (const type of ['xlsm', 'xltx'] as const) {
    cases.push({
      ...base,
      file: base.file.replace(/\.xlsx$/, `.${type}`),
      covers: '11',
      bytes: withWorkbookType(base.bytes, type),
    });
  }
  return cases;
}

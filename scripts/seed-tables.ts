/**
 * Extracts the four yearly « Bilan AAAA par action » tables of the PETR Cœur de Lorraine report
 * (seed 002) and the fiche-action list of the Metz report (seed 000) into plain rows, ready to be
 * laid out as workbooks by build-samples.ts.
 *
 * The text is the report as converted from PDF: rows cut by page breaks come back as continuation
 * lines, some rows are pushed one or two columns right, and labels of merged objective cells land
 * on the wrong row. What is an artefact of that conversion is repaired here (and said below); what
 * is a defect of the coordinator's own table is kept, since the tool must find it: the code 3.1.3
 * used twice, rows with a status but no title, numbered fiches without porteur, status spellings,
 * one-column shifts of the 2023 table, the 2023 legend that counts 8 réflexions (77 actions) for a
 * table of 7 (76 actions, the number the final report gives).
 */

export interface SeedRow {
  /** Objective code (« 1.1 »), or null for the 2023 objective written without one. */
  objectif: string | null;
  /** Cells from the ACTIONS column on: title, code, porteur, status, remarks[, pushed remarks]. */
  cells: string[];
}

export interface SubTable {
  /** Rows written above the sub-table: « Axe 1, … », « Objectif 1.1_… ». */
  context: string[];
  header: string[];
  rows: string[][];
}

export const OBJECTIVES: Readonly<Record<string, string>> = {
  '1.1': 'renforcer la mobilité',
  '1.2': "Améliorer l'accès aux services",
  '1.3': 'Actions intergénérationnelles',
  '2.1': "Renforcer la qualité de l'habitat",
  '2.2': 'Diminuer risques liés aux polluants souterrains....',
  '2.3': 'Diminuer risques espèces nuisibles',
  '3.1': 'Renforcer connaissances habitants',
  '3.2': "Améliorer les connaissances des professionnels pour les problématiques d'addiction",
  '3.3': "Mettre en place des espaces d'échanges entre acteurs et habitants",
  '3.4': "Améliorer l'accompagnement des bénévoles",
  '4.1': 'Renforcer les compétences psychosociales dès collège',
  '4.2': "Renforcer le pouvoir d'agir des parents",
  '5.1': 'Renforcer interconnaissance et visibilité des acteurs de la prévention',
  '5.2': 'Soutenir actions des acteurs de la prévention',
  '5.3': 'Renforcer le repérage (du vieillissement) par les acteurs',
  '5.4': "Améliorer l'accès et la visibilité des ressources en matière de santé mentale",
  '6.1': "Soutenir l'installation de nouveau prof. de santé",
  '6.2': "Améliorer la visibilité de l'offre de soins (avec MSP)",
  '6.3': "Améliorer le partage d'information entre MSP",
  '6.4': 'Soutenir les initiatives coordonnées',
  '7.1': 'Faciliter la mise en place de consultations avancées',
  '7.2': 'Développer les dispositifs de télémédecine',
};

/** The objective the 2023 table added without a code (annexe 8 lists it under axe 3). */
export const UNNUMBERED_OBJECTIVE_2023 =
  "Améliorer les connaissances ; les compétences et les pratiques des habitants en matière d'alimentation et activité physique";

/** Where each year's table starts and ends in seed 002 (1-based line numbers of the header and after the last row). */
const TABLE_LINES: Record<number, { from: number; to: number }> = {
  2020: { from: 1301, to: 1498 },
  2021: { from: 1638, to: 1718 },
  2022: { from: 1948, to: 2030 },
  2023: { from: 2193, to: 2277 },
};

export interface LegendLine {
  count: number | null;
  text: string;
}

/** The « Avancement des actions » legend printed above each table, as written. */
export function legendOf(lines: readonly string[], year: number): LegendLine[] {
  const header = TABLE_LINES[year].from - 1;
  const out: LegendLine[] = [];
  let i = header - 1;
  while (i > 0 && !/^Avancement des actions/.test(lines[i])) i--;
  for (let k = i + 1; k < header; k++) {
    const line = lines[k].trim();
    if (line === '' || /^AXES\t/.test(line)) continue;
    if (/^(Axe|Objectif)\b/.test(line)) break;
    const m = /^(\d+)\t(.+)$/.exec(line);
    out.push(m ? { count: Number(m[1]), text: m[2].trim() } : { count: null, text: line });
  }
  return out;
}

const STATUS_WORDS =
  /^(r[ée]alis[ée]|en cours|r[ée]flexion engag[ée]e|non commenc[ée]|abandonn[ée]e?|non r[ée]alis[ée]|engag[ée]e?|en cours en cours)$/i;

function isStatus(text: string): boolean {
  return STATUS_WORDS.test(text.trim());
}

function stripHtml(text: string): string {
  return text
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function splitLine(line: string): string[] {
  const cells = line.split('\t').map((c) => stripHtml(c));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function isRuleLine(line: string): boolean {
  return /^[-\s\t]+$/.test(line) && line.includes('-');
}

function appendText(a: string, b: string): string {
  if (!b) return a;
  if (!a) return b;
  return `${a} ${b}`;
}

/** 2021–2023: rows of `AXES | OBJECTIFS | ACTIONS | n° ou piste | PORTEUR | ETAT | REMARQUES`. */
export function groupedTable(
  lines: readonly string[],
  year: 2021 | 2022 | 2023,
  reference?: readonly SeedRow[],
): SeedRow[] {
  const { from, to } = TABLE_LINES[year];
  const rows: { label: string | null; cells: string[] }[] = [];
  for (let n = from + 1; n <= to; n++) {
    const line = lines[n - 1];
    if (line.trim() === '' || isRuleLine(line)) continue;
    for (const cells of repairLine(year, splitLine(line))) {
      let c = cells;
      // Rows pushed two columns right by the conversion: put them back.
      const pushedTwice =
        c.length >= 9 ||
        (c[0] === '' && c[1] === '' && /^\d\.\d$/.test(c[2] ?? '')) ||
        (c.slice(0, 4).every((x) => x === '') && Boolean(c[4]));
      if (pushedTwice) c = c.slice(2);
      // Rows whose empty porteur cell the conversion dropped (status under PORTEUR): put it back.
      if (isStatus(c[4] ?? '') && !isStatus(c[5] ?? '')) c = [...c.slice(0, 4), '', ...c.slice(4)];
      const label = /^\d\.\d$/.test(c[0] ?? '') ? c[0] : null;
      const rest = c.slice(2);
      const hasStatus = rest.some((x, i) => i >= 2 && isStatus(x));
      const hasCode = /^(\d\.\d\.\d|Piste|Action)$/.test(rest[1] ?? '') || /^(Piste)$/.test(rest[2] ?? '');
      if (!hasStatus && !hasCode && rows.length > 0) {
        // A row cut by a page break: its pieces belong to the row above.
        const prev = rows[rows.length - 1];
        rest.forEach((text, i) => {
          if (text) prev.cells[i] = appendText(prev.cells[i] ?? '', text);
        });
        if (label) rows.push({ label, cells: [] });
        continue;
      }
      rows.push({ label, cells: rest });
    }
  }
  const out: SeedRow[] = [];
  let current: string | null = null;
  for (const row of rows) {
    if (row.label) current = row.label;
    if (row.cells.length === 0) continue;
    const objectif = year === 2023 ? objectiveIn2023(row.cells, current, reference ?? []) : current;
    out.push({ objectif, cells: row.cells.map((c) => c.trim()) });
  }
  return out;
}

/** Conversion artefacts of single lines, repaired by hand. */
function repairLine(year: number, cells: string[]): string[][] {
  if (year === 2023 && cells[2]?.startsWith('PSFP Soutien implantation')) {
    // Two rows whose cells were glued together (« En cours En cours »).
    return [
      ['', '', 'PSFP', '', 'PETR', 'En cours'],
      ['', '', 'Soutien implantation équipe mobile 1.2.3 Enfant', '', 'PETR', 'En cours'],
    ];
  }
  if (year === 2023 && cells[0] === '7.1' && cells[2]?.startsWith('lien avec les projets')) {
    // The end of 6.4's second row and the whole of 7.1's row, glued, porteur column lost.
    return [
      [
        '',
        '',
        'lien avec les projets (CPTS, ESP...)',
        '',
        '',
        '',
        'Travaux en cours CPTS nord Meuse réunion fin 2022 finalisation projet',
      ],
      [
        '7.1',
        cells[1],
        'Développement de consultations avancées ouvertes aux habitants en lien avec les consultations mise en place en EHPAD',
        'Piste',
        '',
        'Réflexion engagée',
        cells[5].replace(/^Travaux en cours CPTS nord Meuse réunion fin 2022 finalisation projet\s*/, ''),
      ],
    ];
  }
  if (year === 2023 && cells[2] === '5.2' && cells[6] === 'AGIRC ARRCO' && cells.length === 7) {
    // The line was cut after the porteur: its status is lost in the text. The report's own totals
    // give it: « 38 % des actions sont réalisées, soit 29 actions » is 28 Réalisé in the text + this one.
    return [[...cells, 'Réalisé']];
  }
  return [cells];
}

function words(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2),
  );
}

function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.max(wa.size, wb.size);
}

/** New 2023 rows and their objectives, as annexe 8 places them. */
const OBJECTIVE_2023: Readonly<Record<string, string | null>> = {
  "Conférence consomm'acteur": null,
  "Action sport santé sur l'AA": null,
  'COM RPE': '4.2',
  PSFP: '4.2',
  'Soutien implantation équipe mobile 1.2.3 Enfant': '4.2',
};

/**
 * The 2023 table's objective labels sit in the middle of their (merged) group: an action keeps
 * the objective it had in 2022, a new one takes annexe 8's, and only then the label seen.
 */
function objectiveIn2023(cells: readonly string[], label: string | null, reference: readonly SeedRow[]): string | null {
  const title = cells[0];
  if (title in OBJECTIVE_2023) return OBJECTIVE_2023[title];
  if (title) {
    let best: SeedRow | null = null;
    let score = 0.6;
    for (const row of reference) {
      const s = similarity(title, row.cells[0]);
      if (s > score) {
        best = row;
        score = s;
      }
    }
    if (best) return best.objectif;
  }
  const code = /^(\d\.\d)\.\d$/.exec(cells[1] ?? '');
  if (code) return code[1];
  return label;
}

/** 2020: sub-tables `Actions | Porteur | Avancement | (+)avancées, (-)difficultés | Préconisations`. */
export function subTables(lines: readonly string[]): SubTable[] {
  const { from, to } = TABLE_LINES[2020];
  const tables: SubTable[] = [];
  let context: string[] = [];
  let current: SubTable | null = null;
  for (let n = from; n <= to; n++) {
    const line = lines[n - 1];
    if (line.trim() === '' || isRuleLine(line)) continue;
    const cells = splitLine(line);
    if (/^actions?$/i.test(cells[0] ?? '')) {
      current = { context, header: cells, rows: [] };
      tables.push(current);
      context = [];
      continue;
    }
    if (cells.length === 1 && /^(Axe \d|Objectif \d|\d\.\d)/.test(cells[0])) {
      context.push(cells[0]);
      current = null;
      continue;
    }
    if (!current) continue;
    const hasStatus = isStatus(cells[2] ?? '');
    if (!hasStatus && current.rows.length > 0 && cells[0] === '') {
      // Continuation of the row above (page break); text under « Avancement » belongs to the last column.
      const prev = current.rows[current.rows.length - 1];
      cells.forEach((text, i) => {
        if (!text) return;
        const target = i === 2 ? prev.length - 1 : i;
        prev[target] = appendText(prev[target] ?? '', text);
      });
      continue;
    }
    if (!hasStatus && cells[0] !== '' && current.rows.length > 0 && cells.length === 1) {
      // « santé en mouvement »: the end of a title cut by a page break.
      const prev = current.rows[current.rows.length - 1];
      prev[0] = appendText(prev[0], cells[0]);
      continue;
    }
    current.rows.push(cells);
  }
  return tables;
}

/**
 * Which « Réalisé » of each year were « clos » (one-off, done) rather than « pérenne » (running,
 * followed): only the cell colour tells in the report, and the text does not give colours. These
 * choices follow the remarks and, for 2022 and 2023, give the counts of the report's legend.
 */
export const CLOS_BY_YEAR: Readonly<Record<number, readonly string[]>> = {
  2020: [
    'Acquérir un bus itinérant',
    'Acquérir véhicules portage repas',
    'Lutte contre les chenilles processionnaires',
    'Recruter une infirmière Azalée',
    'Etude santé MSP',
  ],
  2021: [
    'Acquérir un bus itinérant',
    'Acquérir véhicules portage repas',
    'Lutte contre les chenilles processionnaires',
    'Développer triple P',
    'Actions à destination des Séniors',
    'Recruter une infirmière Azalée',
    'Etude santé MSP',
  ],
  2022: [
    'Acquérir un bus itinérant',
    'Acquérir véhicules portage repas',
    'Réhabilitation EHPAD Hannonville',
    'Lutte contre les chenilles processionnaires',
    'Formation à destination des aidants de personnes atteintes de maladies neurodégénératives et de la mémoire',
    'Développer triple P',
    'Actions à destination des Séniors',
    'Recruter une infirmière Azalée',
    'Etude santé MSP',
  ],
  2023: [
    'Acquérir un bus itinérant',
    'Acquérir véhicules portage repas',
    'Projet de territoire',
    'Recruter une infirmière Azalée',
    'Etude santé MSP',
    "Conférence consomm'acteur",
  ],
};

export function isClos(year: number, title: string): boolean {
  const t = title.replace(/^\d+(\.\d+)+\s*[_ ]\s*/, '');
  return (CLOS_BY_YEAR[year] ?? []).some((prefix) => t.startsWith(prefix));
}

/** Metz 2018 (seed 000): the fiches-actions named in the calendar, with the state its sections give. */
export interface MetzFiche {
  fa: number;
  axe: number;
  title: string;
  porteur: string;
  status: string;
}

export const METZ_AXES: Readonly<Record<number, string>> = {
  1: 'Commencer la vie en bonne santé',
  2: 'Agir pour la santé des femmes',
  3: 'Prévenir et accompagner les maladies chroniques',
  4: 'Promouvoir le bien-être psychique',
  5: 'Renforcer les environnements favorables à la santé',
  6: "Organiser l'accès aux soins et les parcours de santé",
};

const EN_COURS = 'En cours';
const A_VENIR = 'Non commencé';
const REFLEXION = 'Réflexion engagée';

/**
 * « Les actions démarrées au 1er semestre 2018 » → En cours; « mises en œuvre au 2nd semestre » →
 * Non commencé (planned); « Les réflexions à poursuivre » → Réflexion engagée; « Les décisions en
 * attente » → Non commencé. A fiche named in several sections keeps the first. FA 7, 45, 49 and 51
 * are not named at all: their rows have a number and nothing else. FA 38–41 and 43 are only named
 * as « FA 35 à 43 »: no title.
 */
export const METZ_FICHES: readonly MetzFiche[] = [
  { fa: 1, axe: 1, title: 'Commission Santé des enfants', porteur: 'Ville de Metz', status: REFLEXION },
  {
    fa: 2,
    axe: 1,
    title: "Sensibiliser les professionnels à l'hygiène de vie et au bien-être des enfants",
    porteur: '',
    status: REFLEXION,
  },
  {
    fa: 3,
    axe: 1,
    title: "Compétences psychosociales « L'hygiène de vie, on y réfléchit ? »",
    porteur: 'Ireps',
    status: A_VENIR,
  },
  {
    fa: 4,
    axe: 1,
    title: 'Sensibiliser les enfants à une hygiène de vie favorable à leur santé',
    porteur: 'RSMA',
    status: EN_COURS,
  },
  { fa: 5, axe: 1, title: 'Programme « Bien dans ma tête, bien dans mes baskets »', porteur: 'RSMA', status: EN_COURS },
  { fa: 6, axe: 1, title: 'Antenne du programme ETP POIPLUME à Borny', porteur: 'RSMA', status: EN_COURS },
  { fa: 7, axe: 1, title: '', porteur: '', status: '' },
  {
    fa: 8,
    axe: 1,
    title: 'Troubles du langage : sensibilisation des professionnels de la petite enfance',
    porteur: 'Ville de Metz',
    status: EN_COURS,
  },
  {
    fa: 9,
    axe: 1,
    title: 'Troubles du langage : ateliers Café des parents',
    porteur: 'Ville de Metz',
    status: EN_COURS,
  },
  {
    fa: 10,
    axe: 1,
    title: 'Troubles du langage : projet éducatif du territoire',
    porteur: 'Ville de Metz',
    status: EN_COURS,
  },
  { fa: 11, axe: 1, title: 'Commission Santé des jeunes', porteur: 'Réseau GASS', status: REFLEXION },
  {
    fa: 12,
    axe: 1,
    title: 'Ateliers addictions pour les professionnels et les jeunes',
    porteur: 'CMSEA',
    status: A_VENIR,
  },
  {
    fa: 13,
    axe: 1,
    title: 'Prévention du tabagisme en milieu scolaire',
    porteur: 'Ligue contre le cancer',
    status: EN_COURS,
  },
  { fa: 14, axe: 1, title: 'Collectif messin de lutte contre le Sida-VIH-IST', porteur: 'CRI-BIJ', status: A_VENIR },
  {
    fa: 15,
    axe: 1,
    title: 'Extension addictions du jeu « Santé et Citoyenneté »',
    porteur: 'CDPA 57',
    status: A_VENIR,
  },
  {
    fa: 16,
    axe: 1,
    title: 'Semaine de prévention au collège Jules Lagneau',
    porteur: 'ADACS Bellecroix',
    status: A_VENIR,
  },
  {
    fa: 17,
    axe: 1,
    title: 'Activités physiques pour les jeunes filles',
    porteur: 'Ecole des Sports de la Ville de Metz',
    status: EN_COURS,
  },
  { fa: 18, axe: 1, title: 'Jeu éducatif « Santé et Citoyenneté »', porteur: 'CRI-BIJ', status: EN_COURS },
  {
    fa: 19,
    axe: 2,
    title: 'Réseau messin de lutte contre les violences faites aux femmes',
    porteur: 'Réseau messin',
    status: EN_COURS,
  },
  {
    fa: 20,
    axe: 2,
    title: 'Sensibilisation des professionnels aux violences',
    porteur: 'DDDFE, DDCS de Moselle',
    status: A_VENIR,
  },
  {
    fa: 21,
    axe: 2,
    title: "Accueil de jour des femmes victimes de violences (Inform'elles)",
    porteur: 'AIEM',
    status: EN_COURS,
  },
  { fa: 22, axe: 2, title: 'Égalité filles-garçons', porteur: '', status: REFLEXION },
  {
    fa: 23,
    axe: 2,
    title: "Compétences psychosociales des femmes en chantier d'insertion",
    porteur: 'CMSEA',
    status: A_VENIR,
  },
  { fa: 24, axe: 2, title: 'Ateliers « Paroles de femmes »', porteur: 'Ecole de Sage-femme de Metz', status: EN_COURS },
  { fa: 25, axe: 2, title: 'Rôle des sages-femmes dans le premier recours', porteur: '', status: REFLEXION },
  { fa: 26, axe: 3, title: 'Promotion du dépistage organisé des cancers', porteur: 'ARS', status: EN_COURS },
  { fa: 27, axe: 3, title: 'Programme « Je t’aime mon cœur »', porteur: '', status: A_VENIR },
  { fa: 28, axe: 3, title: 'Ateliers « Santé vous bien »', porteur: 'ADACS Bellecroix', status: A_VENIR },
  { fa: 29, axe: 3, title: 'Programme Sport-Santé', porteur: '', status: REFLEXION },
  {
    fa: 30,
    axe: 3,
    title: "Groupe d'entraide pour l'arrêt du tabac",
    porteur: 'Ligue contre le cancer',
    status: A_VENIR,
  },
  { fa: 31, axe: 4, title: "Semaines d'Information sur la Santé Mentale", porteur: 'CLSM', status: EN_COURS },
  { fa: 32, axe: 4, title: "Journée d'information sur la santé mentale", porteur: 'CLSM', status: EN_COURS },
  { fa: 33, axe: 4, title: 'Dispositif STOPBLUES', porteur: 'Ville de Metz', status: EN_COURS },
  { fa: 34, axe: 4, title: 'Animation du CLSM', porteur: 'CH de Jury', status: EN_COURS },
  { fa: 35, axe: 5, title: 'Santé et urbanisme', porteur: 'Ville de Metz', status: EN_COURS },
  { fa: 36, axe: 5, title: 'Espaces verts sans produits phytosanitaires', porteur: 'Ville de Metz', status: EN_COURS },
  {
    fa: 37,
    axe: 5,
    title: "Qualité de l'air intérieur dans les crèches et les écoles",
    porteur: 'Ville de Metz',
    status: EN_COURS,
  },
  { fa: 38, axe: 5, title: '', porteur: '', status: REFLEXION },
  { fa: 39, axe: 5, title: '', porteur: '', status: REFLEXION },
  { fa: 40, axe: 5, title: '', porteur: '', status: REFLEXION },
  { fa: 41, axe: 5, title: '', porteur: '', status: REFLEXION },
  {
    fa: 42,
    axe: 5,
    title: 'Vélo : flotte des agents, abris et apprentissage',
    porteur: 'Ville de Metz',
    status: EN_COURS,
  },
  { fa: 43, axe: 5, title: '', porteur: '', status: REFLEXION },
  { fa: 44, axe: 6, title: 'Base Information Professionnelle Partagée', porteur: 'CCAS de Metz', status: EN_COURS },
  { fa: 45, axe: 6, title: '', porteur: '', status: '' },
  {
    fa: 46,
    axe: 6,
    title: 'Répertoire Opérationnel des Ressources',
    porteur: 'MAIA, Département de la Moselle',
    status: EN_COURS,
  },
  {
    fa: 47,
    axe: 6,
    title: "Lutte contre l'isolement des personnes âgées (MONALISA)",
    porteur: 'CCAS de Metz',
    status: EN_COURS,
  },
  { fa: 48, axe: 6, title: 'Application de repérage des personnes âgées isolées', porteur: 'ADMR', status: EN_COURS },
  { fa: 49, axe: 6, title: '', porteur: '', status: '' },
  { fa: 50, axe: 6, title: "Groupe d'entraide des personnes séropositives", porteur: 'AIDES', status: EN_COURS },
  { fa: 51, axe: 6, title: '', porteur: '', status: '' },
  {
    fa: 52,
    axe: 6,
    title: 'Application « premiers répondants »',
    porteur: 'Association française des premiers répondants',
    status: EN_COURS,
  },
  { fa: 53, axe: 6, title: 'Santé dans les foyers de travailleurs migrants', porteur: 'ADOMA', status: EN_COURS },
  { fa: 54, axe: 6, title: 'Habitants, veilleurs de la santé de leur quartier', porteur: '', status: A_VENIR },
  {
    fa: 55,
    axe: 6,
    title: "Plateforme d'accueil médico-psycho-sociale",
    porteur: 'Réseau de solidarité des associations messines',
    status: A_VENIR,
  },
];

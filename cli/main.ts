/**
 * `cls-bilan`: the command line. Results on stdout (JSON with --json), messages and progress on
 * stderr, exit codes 0 (all done), 1 (some file failed), 2 (bad usage).
 */
import { parseTaughtColumns } from '../core/read/taught-columns';
import type { ReadOptions } from '../core/read/table-reader';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MEMORY_MB } from './worker-start';
import { DEFAULT_TIMEOUT_S, defaultJobs, loadPalette, parseFormats, runConvert, UsageError } from './convert';
import { handleInterruptions } from './interrupt';
import { writeErr, writeOut } from './output';
import { workingFolderProblem } from './working-folder';
import { levenshtein } from '../core/base/text';
import { typeset } from '../core/base/typography';

export const USAGE = typeset(`Usage : cls-bilan [convert] [options] <fichier.xlsx|dossier>…
        cls-bilan inspect [--tout] [--json] [--palette F] [--colonnes L] [--jobs N] [--timeout S] <fichier.xlsx|dossier>…
        cls-bilan sync [options] <fichier.xlsx|dossier>…

Commandes :
  convert   (par défaut) Écrit, pour chaque classeur X.xlsx, les tableaux du bilan annuel :
            X.bilan.xlsx (une feuille « Bilan AAAA » par année, Synthèse, Suivi pluriannuel,
            Contrôles) et X.bilan.html (page autonome, imprimable en PDF). Les dossiers sont
            parcourus avec leurs sous-dossiers. Les fichiers d'entrée ne sont jamais modifiés.
  inspect   Affiche, par feuille, l'année, comment le tableau a été lu, le nombre d'actions par
            état, le « % réalisé » et les contrôles (les 8 premiers, un contrôle répété plus de
            10 fois sur une feuille réuni en une ligne ; --tout pour tous, un par ligne). Chaque
            classeur est lu à part, avec les mêmes limites de temps et de mémoire que convert.
            Les couleurs sont celles enregistrées dans le classeur par le complément (sinon la
            palette par défaut), ou celles de --palette.
  sync      Met le classeur de suivi lui-même à jour, comme les boutons du complément Excel :
            couleurs des états, libellés corrigés, liste déroulante des états, nombres de la
            légende, et feuille « Bilan AAAA » de la dernière année avec son graphique (mise à
            jour sur place si elle existe). Tout le reste du classeur est gardé tel quel. Pour
            LibreOffice et Excel sans le complément. L'original est d'abord copié en
            « X (avant synchro AAAA-MM-JJ HHhMM).xlsx ». Refusé si le classeur est ouvert.
            Gardés, sauf demande : un libellé cité par une formule (jamais réécrit), un mot
            qui dit plus que l'état (« reporté »), les couleurs d'une feuille qui a déjà une
            couleur par état.

Options de convert :
  --out DOSSIER       Dossier des bilans (défaut : ./bilans).
  --year AAAA         Seulement le bilan de cette année (défaut : toutes les années trouvées) ;
                      c'est aussi l'année de la synthèse des contrats (voir --annee).
  --format LISTE      Formats parmi xlsx,html,docx,json (défaut : xlsx,html). docx : le bilan
                      pour le rapport annuel (Word, A4 paysage, titres repris par la table
                      des matières, graphique modifiable).
  --palette FICHIER   Couleurs des états, JSON : {"en_cours": "#FFC000", "abandonne": "#808080"}.
                      Sans cette option : celles enregistrées dans chaque classeur par le
                      complément Excel, sinon la palette par défaut.
  --colonnes LISTE    Les colonnes du tableau quand l'outil ne peut pas les deviner, par leurs
                      lettres : etat=E,intitule=B,numero=A,porteur=C (aussi partenaires, axe,
                      objectif, remarques, annee=AAAA, ligne=N) ; « Feuille!etat=E » pour une
                      seule feuille. Valable aussi pour inspect.
  --contrat NOM       Les fichiers donnés sont les années d'un même contrat (un classeur par
                      année) : un seul bilan NOM.bilan.xlsx, avec le suivi pluriannuel. Pour
                      un dossier de plusieurs contrats, voir plutôt --regroupement.
  --annee AAAA        La synthèse des contrats (dès deux contrats) donne pour chacun son année
                      AAAA ; un contrat sans bilan AAAA y reste, marqué « pas de bilan AAAA »,
                      hors des totaux. Sans cette option : la dernière année de chaque contrat.
                      Les bilans gardent toutes leurs années.
  --regroupement FICHIER
                      Le contrat de certains fichiers, quand le regroupement automatique (par le
                      nom du contrat, sinon par les actions en commun) se trompe : un fichier
                      .csv ou .txt, une ligne par classeur, « fichier;contrat » (le nom du
                      fichier ou son chemin dans le dossier, puis le nom du contrat ; « , » ou
                      une tabulation aussi, une ligne de titres permise), tel qu'Excel ou
                      LibreOffice l'enregistrent.
  --porteurs-exacts   « Par porteur » compte chaque écriture d'un porteur à part. Sans cette
                      option, les écritures proches d'une même structure (« MDS de Saint Mihiel »
                      et « MDS St Mihiel ») sont comptées ensemble, et c'est dit sous le tableau.
  --force             Réécrit tous les bilans. Sans cette option, un bilan déjà à jour (même
                      classeur, mêmes options) est gardé tel quel, celui d'un classeur modifié est
                      remplacé, et un fichier qui n'est pas un bilan de l'outil est gardé.
  --jobs N            Fichiers convertis en parallèle (défaut : nombre de cœurs, ici ${defaultJobs()}).
  --timeout SECONDES  Temps maximal par fichier (défaut : ${DEFAULT_TIMEOUT_S}).
  --json              Le compte rendu en JSON sur la sortie standard.
  --quiet             Rien sur la sortie d'erreur sauf les erreurs de commande.
  --debug             Ajoute le détail technique des erreurs inattendues (pour l'équipe).
  -h, --help          Cette aide.

Options de sync :
  --dry-run           Affiche ce qui serait changé, sans rien écrire.
  --out DOSSIER       Écrit une copie synchronisée dans ce dossier ; l'original n'est pas touché.
  --no-backup         Pas de copie « (avant synchro …) » de l'original.
  --seulement LISTE   Parmi couleurs,libelles,liste,legende,bilan (défaut : tout). Nommer
                      couleurs remplace aussi les couleurs propres d'une feuille ; nommer
                      libelles réécrit aussi les mots qui disent plus que l'état (« reporté »).
  --restaurer         Remet les couleurs d'origine enregistrées par sync ou le complément,
                      sur les cellules qui ont encore la couleur de l'outil ; rien d'autre.
  --palette FICHIER   Couleurs des états pour cette fois (défaut : celles enregistrées dans le
                      classeur par le complément, sinon la palette par défaut).
  --colonnes LISTE    Comme pour convert, et enregistrées dans le classeur : inspect, convert,
                      sync et le complément les reprennent ensuite sans l'option.
  --json, --quiet, --jobs, --timeout, --debug : comme pour convert.

Exemples :
  cls-bilan suivi-cls-2023.xlsx
  cls-bilan convert dossier-region/ --out bilans-2023 --year 2023
  cls-bilan convert suivi.xlsx --format xlsx,html,docx,json --palette couleurs.json --force
  cls-bilan convert bilan-2021.xlsx bilan-2022.xlsx bilan-2023.xlsx --contrat "CLS du PETR"
  cls-bilan convert dossier-region/ --annee 2023 --regroupement regroupement.csv
  cls-bilan inspect suivi.xlsx --json > releve.json
  cls-bilan sync suivi-cls.xlsx --dry-run
  cls-bilan sync suivi-cls.xlsx --seulement couleurs,liste
  cls-bilan sync suivi-cls.xlsx --restaurer --dry-run
  cls-bilan sync suivi-cls.xlsx --colonnes etat=E,intitule=B

Codes de sortie : 0 tout a été converti, 1 au moins un fichier est en échec ou n'a pas pu
être lu avec certitude (« Bilan incomplet » : le bilan est écrit et le dit), les autres sont
quand même convertis ; 2 commande mal formée.`);

const COMMANDS = new Set(['convert', 'inspect', 'sync']);

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0) {
    writeErr(`Indiquez un fichier .xlsx ou un dossier.\n\n${USAGE}\n`);
    return 2;
  }
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'aide' || first === 'help') {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS.has(first) ? first : 'convert';
  const args = COMMANDS.has(first) ? rest : [...argv];
  // Every path is resolved against the working folder: without it, nothing can be done.
  const noFolder = workingFolderProblem();
  if (noFolder) {
    writeErr(`${typeset(noFolder)}\n`);
    return 2;
  }
  handleInterruptions();
  try {
    if (command === 'inspect') return await inspectCommand(args);
    if (command === 'sync') return await syncCommand(args);
    return await convertCommand(args);
  } catch (e) {
    if (e instanceof UsageError) {
      writeErr(`${e.message}\n\nAide : cls-bilan --help\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs node's parseArgs, turning its English errors into a French usage error (with the option meant, on a typo). */
function parsed<T>(run: () => T, options: readonly string[]): T {
  try {
    return run();
  } catch (e) {
    throw new UsageError(frenchArgError(e, options));
  }
}

/** The known option closest to a mistyped one (« --ouut » → « --out »), when it is close enough. */
export function closestOption(typed: string, options: readonly string[]): string | null {
  const bare = typed.replace(/^-+/, '').split('=')[0].toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = levenshtein(bare, option, 3);
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(bare.length / 3)) ? `--${best}` : null;
}

/** The options every command has: help, and the technical detail of failures. */
type CommandOptions = NonNullable<ParseArgsConfig['options']> & {
  help: { type: 'boolean'; short: 'h'; default: false };
  debug: { type: 'boolean'; default: false };
};

/**
 * A command's parsed options and inputs, in French on a mistake; null when --help was asked (the
 * usage is printed). --debug is switched on here, and a command without any input is refused.
 */
function commandArgs<T extends CommandOptions>(args: readonly string[], options: T, noInput: string) {
  const result = parsed(
    () => parseArgs({ args: [...args], allowPositionals: true, strict: true, options }),
    Object.keys(options),
  );
  // Every command has these two; TypeScript cannot see it through the generic.
  const common = result.values as { help?: boolean; debug?: boolean };
  if (common.help) {
    writeOut(`${USAGE}\n`);
    return null;
  }
  if (common.debug) process.env.CLS_BILAN_DEBUG = '1';
  if (result.positionals.length === 0) throw new UsageError(noInput);
  return result;
}

async function inspectCommand(args: readonly string[]): Promise<number> {
  const options = {
    json: { type: 'boolean', default: false },
    tout: { type: 'boolean', default: false },
    palette: { type: 'string' },
    colonnes: { type: 'string' },
    debug: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  const command = commandArgs(args, options, 'Indiquez au moins un fichier .xlsx ou un dossier.');
  if (!command) return 0;
  const { values, positionals } = command;
  const { runInspect } = await import('./inspect');
  return runInspect(positionals, {
    json: values.json === true,
    all: values.tout === true,
    palette: values.palette ? await loadPalette(String(values.palette)) : undefined,
    columns: columnsOption(values.colonnes),
    ...poolOptions(values),
  });
}

/**
 * --colonnes: `etat=D,intitule=C,…` for every sheet where a table was found, or
 * `Feuille!etat=D,…` for one sheet.
 */
function columnsOption(value: string | boolean | undefined): ReadOptions['columns'] {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const text = String(value);
  const bang = text.lastIndexOf('!');
  const sheet =
    bang > 0
      ? text
          .slice(0, bang)
          .trim()
          .replace(/^'(.*)'$/, '$1')
      : null;
  const parsedColumns = parseTaughtColumns(bang > 0 ? text.slice(bang + 1) : text);
  if (!parsedColumns.ok) throw new UsageError(parsedColumns.message);
  return { sheet, taught: parsedColumns.taught };
}

/** --jobs and --timeout, shared by convert and inspect: the limits of the pool that reads each file. */
function poolOptions(values: { jobs?: string | boolean; timeout?: string | boolean }): {
  jobs: number;
  timeoutMs: number;
  memoryMb: number;
} {
  const jobs = values.jobs === undefined ? defaultJobs() : integer(String(values.jobs), '--jobs', 1, 64);
  const timeout =
    values.timeout === undefined ? DEFAULT_TIMEOUT_S : integer(String(values.timeout), '--timeout', 1, 3600);
  return { jobs, timeoutMs: timeout * 1000, memoryMb: DEFAULT_MEMORY_MB };
}

/** The options convert and sync share: the pool's limits, the report's form, help. */
const BATCH_OPTIONS = {
  jobs: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function convertCommand(args: readonly string[]): Promise<number> {
  const options = {
    out: { type: 'string', default: 'bilans' },
    year: { type: 'string' },
    format: { type: 'string', default: 'xlsx,html' },
    palette: { type: 'string' },
    colonnes: { type: 'string' },
    contrat: { type: 'string' },
    annee: { type: 'string' },
    regroupement: { type: 'string' },
    'porteurs-exacts': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    ...BATCH_OPTIONS,
  } as const;
  const command = commandArgs(args, options, 'Indiquez au moins un fichier .xlsx ou un dossier à convertir.');
  if (!command) return 0;
  const { values, positionals } = command;
  const year = values.year === undefined ? undefined : integer(String(values.year), '--year', 1990, 2100);
  const pool = poolOptions(values);
  const contract = values.contrat === undefined ? undefined : String(values.contrat).trim();
  if (contract === '') throw new UsageError('--contrat attend le nom du contrat, par exemple --contrat "CLS du PETR".');
  const regionYear = values.annee === undefined ? year : yearOption(String(values.annee), '--annee');
  if (year !== undefined && regionYear !== year) {
    throw new UsageError(
      typeset(
        `--year ${year} et --annee ${String(regionYear)} se contredisent : --year donne déjà l'année de la synthèse des contrats.`,
      ),
    );
  }
  const grouping = values.regroupement === undefined ? undefined : String(values.regroupement).trim();
  if (grouping === '') {
    throw new UsageError(
      typeset('--regroupement attend un fichier .csv ou .txt, une ligne par classeur : « fichier;contrat ».'),
    );
  }
  if (grouping !== undefined && contract !== undefined) {
    throw new UsageError(
      typeset(
        '--contrat range tous les fichiers dans un seul contrat : il ne se combine pas avec --regroupement, qui les range un par un.',
      ),
    );
  }
  return runConvert(positionals, {
    out: String(values.out),
    year,
    formats: parseFormats(String(values.format)),
    palette: values.palette ? await loadPalette(String(values.palette)) : undefined,
    columns: columnsOption(values.colonnes),
    force: values.force === true,
    json: values.json === true,
    quiet: values.quiet === true,
    ...pool,
    contract,
    ...(regionYear !== undefined ? { regionYear } : {}),
    ...(grouping !== undefined ? { grouping } : {}),
    ...(values['porteurs-exacts'] === true ? { exactPorteurs: true } : {}),
  });
}

async function syncCommand(args: readonly string[]): Promise<number> {
  const options = {
    out: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'no-backup': { type: 'boolean', default: false },
    seulement: { type: 'string' },
    restaurer: { type: 'boolean', default: false },
    palette: { type: 'string' },
    colonnes: { type: 'string' },
    ...BATCH_OPTIONS,
  } as const;
  const command = commandArgs(args, options, 'Indiquez au moins un classeur .xlsx ou un dossier à synchroniser.');
  if (!command) return 0;
  const { values, positionals } = command;
  const { runSync } = await import('./sync');
  const { SYNC_PARTS } = await import('../core/write/sync/sync-workbook');
  let only: (typeof SYNC_PARTS)[number][] | undefined;
  if (values.seulement !== undefined) {
    const asked = String(values.seulement)
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean);
    const unknown = asked.filter((p) => !(SYNC_PARTS as readonly string[]).includes(p));
    if (asked.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--seulement attend une liste parmi ${SYNC_PARTS.join(',')} (reçu : « ${String(values.seulement)} »).`,
      );
    }
    only = asked as (typeof SYNC_PARTS)[number][];
  }
  const restore = values.restaurer === true;
  if (restore && (values.seulement !== undefined || values.colonnes !== undefined)) {
    throw new UsageError(
      typeset(
        "--restaurer remet seulement les couleurs d'origine : il ne se combine ni avec --seulement ni avec --colonnes.",
      ),
    );
  }
  return runSync(positionals, {
    out: values.out === undefined ? undefined : String(values.out),
    dryRun: values['dry-run'] === true,
    noBackup: values['no-backup'] === true,
    only,
    palette: values.palette ? await loadPalette(String(values.palette)) : undefined,
    columns: columnsOption(values.colonnes),
    restore,
    json: values.json === true,
    quiet: values.quiet === true,
    ...poolOptions(values),
  });
}

/** --annee: a year of four digits, from 1990 to 2100. */
function yearOption(text: string, option: string): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (!/^\d{4}$/.test(trimmed) || n < 1990 || n > 2100) {
    throw new UsageError(
      typeset(`${option} attend une année à 4 chiffres, par exemple ${option} 2023 (reçu : « ${text} »).`),
    );
  }
  return n;
}

function integer(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} attend un nombre entier entre ${min} et ${max} (reçu : « ${text} »).`);
  }
  return n;
}

function frenchArgError(e: unknown, options: readonly string[]): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const meant = closestOption(unknown[1], options);
    return `Option inconnue : « ${unknown[1]} ».${meant ? ` Vouliez-vous dire « ${meant} » ?` : ''}`;
  }
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `L'option « ${missing[1].split(',').pop()?.trim()} » attend une valeur.`;
  return `Options mal formées (${message}).`;
}

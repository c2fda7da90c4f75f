/**
 * `cls-bilan`: the command line. Results on stdout (JSON with --json), messages on stderr,
 * exit codes 0 (all read), 1 (some file failed), 2 (bad usage).
 */
import { parseArgs } from 'node:util';
import { runInspect } from './inspect';
import { writeErr } from './output';

export const USAGE = `Usage : cls-bilan <commande> [options] <fichier|dossier>…

Commandes :
  inspect   Lit les tableaux de suivi et affiche, par feuille, l'année, le nombre
            d'actions et le nombre d'actions par état d'avancement.

Options :
  --json    Un seul document JSON sur la sortie standard (pour les scripts).
  -h, --help  Cette aide.

Exemples :
  cls-bilan inspect suivi-cls-2023.xlsx
  cls-bilan inspect dossier-region/ --json > releve.json

Codes de sortie : 0 tout a été lu, 1 au moins un fichier n'a pas pu l'être,
2 commande mal formée.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'aide') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'inspect') {
    writeErr(`Commande inconnue : « ${command} ».\n\n${USAGE}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (e) {
    writeErr(`${frenchArgError(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    writeErr(`Indiquez au moins un fichier .xlsx ou un dossier.\n\n${USAGE}\n`);
    return 2;
  }
  return runInspect(parsed.positionals, { json: Boolean(parsed.values.json) });
}

function frenchArgError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `Option inconnue : « ${unknown[1]} ».`;
  return `Options mal formées (${message}).`;
}

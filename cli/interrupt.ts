/**
 * Ctrl-C (SIGINT) and SIGTERM: the run stops cleanly. Workers are stopped, what the files under
 * way left is cleaned (temporary files removed, a workbook being synced put back), a French line
 * says what was finished and what was not, and the process exits with 130. A second signal during
 * that cleaning exits at once.
 */
import { count, typeset } from '../core/base/typography';
import { removePendingTemporaries } from './file-writes';
import { writeErr } from './output';
import { stopPools } from './pool';

export const INTERRUPTED_EXIT = 130;

/** The line printed on an interruption, for `done` files finished of `total`. */
export function interruptionLine(done: number, total: number): string {
  const finished =
    total === 0
      ? 'aucun fichier n’avait encore été traité'
      : `${count(done, 'fichier')} sur ${total} ${done > 1 ? 'étaient terminés' : 'était terminé'}, chacun entier`;
  return typeset(
    `Interrompu : ${finished} ; les fichiers en cours n'ont pas été écrits et leurs fichiers temporaires ont été supprimés. ` +
      `Relancez la même commande pour terminer : ce qui est déjà fait ne sera pas refait.`,
  );
}

let installed = false;

/** Installs the handlers, once per process. */
export function handleInterruptions(): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(INTERRUPTED_EXIT);
    stopping = true;
    void (async () => {
      const report = await stopPools().catch(() => ({ done: 0, total: 0 }));
      removePendingTemporaries();
      writeErr(`\n${interruptionLine(report.done, report.total)}\n`);
      process.exit(INTERRUPTED_EXIT);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

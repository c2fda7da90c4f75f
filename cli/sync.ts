/**
 * `cls-bilan sync`: brings each workbook in step (colours, labels, dropdown, legend counts, the
 * « Bilan AAAA » sheet), each file in its own worker with the pool's time and memory limits. Prints
 * what was done (or, with --dry-run, what would be), file by file, in French.
 */
import type { ReadOptions } from '../core/table-reader';
import { basename } from 'node:path';
import { expandInputs } from '../core/node/files';
import type { Palette } from '../core/status';
import { count, fr, plural, typeset } from '../core/typography';
import { writeDebug, writeErr, writeOut } from './output';
import { runPool, SYNC_WORK } from './pool';
import { backupStamp, isSyncBackup, type SyncResult, type SyncTask } from './sync/sync-file';
import type { SyncPart } from './sync/sync-workbook';

export interface SyncCommandOptions {
  out?: string;
  dryRun: boolean;
  noBackup: boolean;
  only?: SyncPart[];
  palette?: Partial<Palette>;
  /** --colonnes: columns taught for this run, stored in the workbook. */
  columns?: ReadOptions['columns'];
  json: boolean;
  quiet: boolean;
  jobs: number;
  timeoutMs: number;
  memoryMb: number;
}

/** The changes of one file, as sentences (« 3 libellés corrigés », « feuille « Bilan 2022 » créée »). */
export function describeSync(result: SyncResult, planned: boolean): string[] {
  const report = result.report;
  if (!report) return [];
  const lines: string[] = [];
  const verb = (done: string, todo: string) => (planned ? todo : done);
  for (const s of report.sheets) {
    const parts: string[] = [];
    if (s.coloured > 0) {
      parts.push(`${count(s.coloured, 'cellule')} d'état ${planned ? 'à colorer' : plural('colorée', s.coloured)}`);
    }
    if (s.labels.length > 0) {
      parts.push(`${count(s.labels.length, 'libellé')} ${planned ? 'à corriger' : plural('corrigé', s.labels.length)}`);
    }
    if (s.legend.length > 0)
      parts.push(`${count(s.legend.length, 'nombre')} de la légende ${verb('mis à jour', 'à mettre à jour')}`);
    if (s.dropdown.length > 0)
      parts.push(
        `liste déroulante des états sur ${s.dropdown.length > 3 ? `${s.dropdown.slice(0, 3).join(', ')}…` : s.dropdown.join(', ')}`,
      );
    if (parts.length > 0) lines.push(`feuille « ${s.sheet} » : ${parts.join(', ')}`);
    for (const c of s.labels) lines.push(`  ${s.sheet}!${c.cell} : « ${c.before} » → « ${c.after} »`);
    for (const k of s.skipped) lines.push(`  ${s.sheet}!${k.cell} laissée telle quelle : ${k.reason}`);
  }
  if (report.bilan) {
    const what = report.bilan.refreshed ? verb('mise à jour', 'à mettre à jour') : verb('créée', 'à créer');
    lines.push(`feuille « ${report.bilan.name} » ${what}, avec son graphique`);
  }
  for (const t of report.taughtStored) {
    lines.push(
      `colonnes « ${t.columns} » ${verb('enregistrées', 'à enregistrer')} dans le classeur pour la feuille « ${t.sheet} » : inspect, convert et le complément les reprendront sans l'option`,
    );
  }
  if (report.backupSaved > 0) {
    lines.push(
      `couleurs d'origine de ${count(report.backupSaved, 'cellule')} ${verb('enregistrées', 'à enregistrer')} dans le classeur (bouton « Restaurer les couleurs d'origine » du complément)`,
    );
  }
  return lines.map((l) => typeset(l));
}

export async function runSync(inputs: readonly string[], options: SyncCommandOptions): Promise<number> {
  const found = await expandInputs(inputs);
  const stamp = backupStamp(new Date());
  const refused: SyncResult[] = found
    .filter((f) => f.error)
    .map((f) => ({
      input: f.path,
      status: 'failed',
      error: { code: f.error?.code ?? 'FILE_UNREADABLE', message: f.error?.message ?? '' },
    }));
  const tasks: SyncTask[] = found
    .filter((f) => !f.error && !isSyncBackup(basename(f.path)))
    .map((f) => ({
      input: f.path,
      out: options.out,
      dryRun: options.dryRun,
      noBackup: options.noBackup,
      only: options.only,
      palette: options.palette,
      ...(options.columns ? { columns: options.columns } : {}),
      stamp,
    }));
  if (tasks.length === 0 && refused.length === 0) {
    writeErr(fr`Aucun classeur (.xlsx, .xlsm, .xltx) trouvé dans : ${inputs.join(', ')}.\n`);
    return 1;
  }
  const total = tasks.length + refused.length;
  let done = 0;
  const show = (r: SyncResult) => {
    done++;
    writeDebug(r.input, r.error?.detail);
    if (r.error?.detail) delete r.error.detail;
    if (options.quiet || options.json) return;
    const head = `[${done}/${total}] ${r.input}`;
    if (r.status === 'failed') {
      writeErr(fr`${head} : ERREUR — ${r.error?.message ?? ''}\n`);
      return;
    }
    const lines = describeSync(r, r.status === 'planned');
    if (r.status === 'current' || lines.length === 0) {
      writeErr(fr`${head} : déjà à jour, rien à changer\n`);
      return;
    }
    const title =
      r.status === 'planned'
        ? 'simulation, rien n’est écrit'
        : r.written && r.written !== r.input
          ? `copie synchronisée : ${r.written}`
          : 'synchronisé';
    writeErr(fr`${head} (${title})\n`);
    for (const line of lines) writeErr(line.startsWith('  ') ? `    ${line.trimStart()}\n` : `  - ${line}\n`);
    if (r.backup) writeErr(fr`  Sauvegarde de l'original : ${r.backup}\n`);
  };
  refused.forEach(show);
  const results = await runPool(
    tasks,
    { jobs: options.jobs, timeoutMs: options.timeoutMs, memoryMb: options.memoryMb },
    SYNC_WORK,
    (r) => show(r),
  );
  const all = [...refused, ...results];
  const failed = all.filter((r) => r.status === 'failed').length;
  const summary = {
    files: all.length,
    synced: all.filter((r) => r.status === 'synced').length,
    current: all.filter((r) => r.status === 'current').length,
    planned: all.filter((r) => r.status === 'planned').length,
    failed,
  };
  if (options.json) writeOut(`${JSON.stringify({ files: all, summary }, null, 2)}\n`);
  else if (!options.quiet) {
    const parts = [count(summary.files, 'fichier')];
    if (summary.synced) parts.push(count(summary.synced, 'synchronisé', 'synchronisés'));
    if (summary.current) parts.push(`${summary.current} déjà à jour`);
    if (summary.planned) parts.push(count(summary.planned, 'simulé', 'simulés'));
    if (failed) parts.push(count(failed, 'en échec', 'en échec'));
    writeErr(`${typeset(parts.join(', '))}.\n`);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * `cls-bilan sync`: brings each workbook in step (colours, labels, dropdown, legend counts, the
 * « Bilan AAAA » sheet), or with --restaurer puts back its original fills, each file in its own
 * worker with the pool's time and memory limits. Prints what was done (or, with --dry-run, what
 * would be), and what was kept and why, file by file, in French.
 */
import type { ReadOptions } from '../core/read/table-reader';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { expandInputs } from '../core/node/files';
import { type Palette, STATUSES } from '../core/base/status';
import { count, fr, plural, typeset } from '../core/base/typography';
import { writeDebug, writeErr, writeOut } from './output';
import { runPool, SYNC_WORK } from './pool';
import { backupStamp, isSyncBackup, type SyncResult, type SyncTask } from './sync/sync-file';
import { sweepFolder } from './sync/sync-lock';
import type { SheetSync, SyncPart } from '../core/write/sync/sync-workbook';

export interface SyncCommandOptions {
  out?: string;
  dryRun: boolean;
  noBackup: boolean;
  only?: SyncPart[];
  palette?: Partial<Palette>;
  /** --colonnes: columns taught for this run, stored in the workbook. */
  columns?: ReadOptions['columns'];
  /** --restaurer: put back the original fills saved in the workbook, nothing else. */
  restore?: boolean;
  json: boolean;
  quiet: boolean;
  jobs: number;
  timeoutMs: number;
  memoryMb: number;
}

/** « E4, E7, E9 », or « E4, E7, E9, E12, E15… (23 cellules) » for a long list. */
function cellList(cells: readonly string[], shown = 5): string {
  if (cells.length <= shown) return cells.join(', ');
  return `${cells.slice(0, shown).join(', ')}… (${count(cells.length, 'cellule')})`;
}

/** The label changes a sheet kept, one line per word and reason, saying why. */
function describeKept(s: SheetSync, planned: boolean): string[] {
  const groups = new Map<string, SheetSync['kept']>();
  for (const k of s.kept) {
    const key = `${k.reason}\u0000${k.before}\u0000${k.after}`;
    groups.set(key, [...(groups.get(key) ?? []), k]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const { before, after, reason, quotes } = group[0];
    const where = `${s.sheet}!${cellList(group.map((k) => k.cell))}`;
    const kept = planned ? 'serait gardé' : 'gardé';
    if (reason === 'formula') {
      const cited = quotes.map((q) => `${q.place} (« ${q.literal} »)`).join(', ');
      lines.push(
        `  ${where} : « ${before} » ${kept}, pas remplacé par « ${after} » : ${quotes.length > 1 ? 'les formules' : 'la formule'} ${cited} ` +
          `${quotes.length > 1 ? 'citent' : 'cite'} ce mot et ${quotes.length > 1 ? 'changeraient' : 'changerait'} de résultat ; modifiez d'abord la formule si vous voulez le libellé de référence`,
      );
    } else {
      lines.push(
        `  ${where} : « ${before} » ${kept} : ce mot dit plus que « ${after} » (--seulement libelles pour le réécrire quand même)`,
      );
    }
  }
  return lines;
}

/** The sheet's own colour code kept, in one line. */
function describeOwnColours(s: SheetSync, planned: boolean): string[] {
  if (!s.ownColours) return [];
  const code = s.ownColours.colours.map((c) => `${STATUSES[c.status].label} ${c.fill ?? 'sans couleur'}`).join(', ');
  const cells = s.ownColours.cells;
  return [
    `  ${s.sheet} : ${planned ? 'ses couleurs seraient gardées' : 'ses couleurs sont gardées'}, chaque état y a déjà sa couleur (${code}) ; ` +
      `${count(cells, 'cellule')} d'état ${cells > 1 ? 'auraient' : 'aurait'} changé de couleur : --seulement couleurs pour appliquer la palette de l'outil`,
  ];
}

/** What --restaurer did (or would do). */
function describeRestore(result: SyncResult, planned: boolean): string[] {
  const restored = result.report?.restored;
  if (!restored) return [];
  if (restored.length === 0) {
    return ["aucune couleur d'origine n'est enregistrée dans le classeur : rien à restaurer"];
  }
  const lines: string[] = [];
  for (const r of restored) {
    lines.push(
      `feuille « ${r.sheet} » : couleurs d'origine de ${count(r.restored, 'cellule')} ${planned ? 'à restaurer' : plural('restaurée', r.restored)}`,
    );
    if (r.changed.length > 0) {
      lines.push(
        `  ${r.sheet}!${cellList(r.changed)} : ${r.changed.length > 1 ? 'ces cellules ont changé' : 'cette cellule a changé'} depuis la coloration ` +
          `(couleur mise à la main, lignes triées ou insérées) : ${r.changed.length > 1 ? 'elles ne sont pas touchées' : "elle n'est pas touchée"}`,
      );
    }
  }
  return lines;
}

/** The changes of one file, as sentences (« 3 libellés corrigés », « feuille « Bilan 2022 » créée »). */
export function describeSync(result: SyncResult, planned: boolean): string[] {
  const report = result.report;
  if (!report) return [];
  const lines: string[] = [];
  const verb = (done: string, todo: string) => (planned ? todo : done);
  lines.push(...describeRestore(result, planned));
  for (const s of report.sheets) {
    const parts: string[] = [];
    if (s.coloured > 0) {
      parts.push(`${count(s.coloured, 'cellule')} d'état ${planned ? 'à colorer' : plural('colorée', s.coloured)}`);
    }
    if (s.labels.length > 0) {
      parts.push(`${count(s.labels.length, 'libellé')} ${planned ? 'à corriger' : plural('corrigé', s.labels.length)}`);
    }
    if (s.kept.length > 0) {
      parts.push(`${count(s.kept.length, 'libellé')} ${planned ? 'à garder' : plural('gardé', s.kept.length)}`);
    }
    if (s.ownColours) parts.push(`ses couleurs propres ${verb('gardées', 'à garder')}`);
    if (s.legend.length > 0)
      parts.push(`${count(s.legend.length, 'nombre')} de la légende ${verb('mis à jour', 'à mettre à jour')}`);
    if (s.dropdown.length > 0)
      parts.push(
        `liste déroulante des états sur ${s.dropdown.length > 3 ? `${s.dropdown.slice(0, 3).join(', ')}…` : s.dropdown.join(', ')}`,
      );
    if (parts.length > 0) lines.push(`feuille « ${s.sheet} » : ${parts.join(', ')}`);
    for (const c of s.labels) lines.push(`  ${s.sheet}!${c.cell} : « ${c.before} » → « ${c.after} »`);
    lines.push(...describeKept(s, planned), ...describeOwnColours(s, planned));
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

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

export async function runSync(inputs: readonly string[], options: SyncCommandOptions): Promise<number> {
  // Temporary files of runs that were stopped, and syncs they interrupted (a workbook killed while
  // aside is put back), in the folders this run writes to: first those of the inputs, so that such
  // a workbook is found again, then those of the workbooks (links followed) and of --out.
  const swept = new Set<string>();
  const sweep = async (folders: readonly string[]) => {
    for (const folder of folders) {
      if (options.dryRun || swept.has(folder)) continue;
      swept.add(folder);
      for (const note of await sweepFolder(folder))
        if (!options.quiet && !options.json) writeErr(fr`${folder} : ${note}\n`);
    }
  };
  await sweep(await Promise.all(inputs.map(async (i) => ((await isFolder(i)) ? i : dirname(i)))));
  const found = await expandInputs(inputs);
  const stamp = backupStamp(new Date());
  const refused: SyncResult[] = found
    .filter((f) => f.error)
    .map((f) => ({
      input: f.path,
      status: 'failed',
      error: { code: f.error?.code ?? 'FILE_UNREADABLE', message: f.error?.message ?? '' },
    }));
  const tasks: (SyncTask & { restore?: boolean })[] = found
    .filter((f) => !f.error && !isSyncBackup(basename(f.path)))
    .map((f) => ({
      input: f.path,
      out: options.out,
      dryRun: options.dryRun,
      noBackup: options.noBackup,
      // --restaurer brings no part in step: only the saved fills are put back.
      only: options.restore ? [] : options.only,
      palette: options.palette,
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.restore ? { restore: true } : {}),
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
      // What was kept is said even when nothing changed: the user sees why.
      for (const line of lines) writeErr(line.startsWith('  ') ? `    ${line.trimStart()}\n` : `  - ${line}\n`);
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
  const showRecovered = (r: SyncResult) => {
    if (options.quiet || options.json) return;
    for (const note of r.recovered ?? []) writeErr(fr`  - ${note}\n`);
  };
  refused.forEach(show);
  await sweep(
    await Promise.all(tasks.map(async (t) => (t.out ? t.out : dirname(await realpath(t.input).catch(() => t.input))))),
  );
  const results = await runPool(
    tasks,
    { jobs: options.jobs, timeoutMs: options.timeoutMs, memoryMb: options.memoryMb },
    SYNC_WORK,
    (r) => {
      show(r);
      showRecovered(r);
    },
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

/** `cls-bilan convert`: workbooks → yearly bilan tables (xlsx, html, json), one file or a whole folder. */
import type { ReadOptions } from '../core/read/table-reader';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { countBySeverity, isReadingError, severitySentence } from '../core/check/diagnostics';
import { count, fr, typeset } from '../core/base/typography';
import { DEFAULT_PALETTE, mergePalette, type Palette, validatePalette } from '../core/base/status';
import { expandInputs } from '../core/node/files';
import { workbookStem } from '../core/base/workbook-files';
import { decodeGroupingText, type GroupedInput, parseGrouping } from '../core/report/contract-groups';
import { type ConvertResult, type ConvertTask, failedResult, OUTPUT_FORMATS, type OutputFormat } from './convert-task';
import { CONVERT_WORK, runPool } from './pool';
import { sweepFolder } from './sync/sync-lock';
import { writeDebug, writeErr, writeOut } from './output';

export interface ConvertOptions {
  out: string;
  year?: number;
  formats: OutputFormat[];
  /** `--palette`; absent, each workbook is read with the palette it carries. */
  palette?: Palette;
  /** --colonnes. */
  columns?: ReadOptions['columns'];
  force: boolean;
  jobs: number;
  json: boolean;
  quiet: boolean;
  timeoutMs: number;
  memoryMb: number;
  /** --contrat: every input file is a part (a year, say) of this one contract. */
  contract?: string;
  /** --annee (else --year): the year of every contract's line in the region's synthesis. */
  regionYear?: number;
  /** --regroupement: the file naming the contract of some of the files, over the automatic grouping. */
  grouping?: string;
  /** --porteurs-exacts: « Par porteur » counts each spelling apart. */
  exactPorteurs?: boolean;
}

export const DEFAULT_TIMEOUT_S = 120;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export class UsageError extends Error {}

export function parseFormats(value: string): OutputFormat[] {
  const formats = value
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const bad = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || formats.length === 0) {
    throw new UsageError(
      `Format inconnu : « ${bad.join(', ') || value} ». Formats possibles : ${OUTPUT_FORMATS.join(', ')} (séparés par des virgules).`,
    );
  }
  return [...new Set(formats)] as OutputFormat[];
}

export async function loadPalette(path: string): Promise<Palette> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `Palette illisible : « ${path} » (${e instanceof SyntaxError ? 'JSON mal formé' : 'fichier introuvable'}). ` +
        `Attendu : un fichier JSON comme {"en_cours": "#FFC000", "abandonne": "#808080"}.`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`Palette « ${path} » : attendu un objet JSON {"état": "#RRGGBB"}.`);
  }
  const problems = validatePalette(raw as Record<string, unknown>);
  if (problems.length > 0) throw new UsageError(`Palette « ${path} » : ${problems.join(' ')}`);
  return mergePalette(DEFAULT_PALETTE, raw as Record<string, string>);
}

/** A contract's name as a file name: characters Windows refuses become « - ». */
export function fileNameOf(name: string): string {
  const safe = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  return safe === '' ? 'contrat' : safe;
}

/**
 * Inputs → tasks: folders searched recursively, outputs mirroring the folder's tree under --out;
 * with --contrat, one task for all the files, written as `<contrat>.bilan.*` in --out.
 */
export async function planTasks(
  inputs: readonly string[],
  options: ConvertOptions,
): Promise<{ tasks: ConvertTask[]; refused: ConvertResult[]; inputs: GroupedInput[] }> {
  const tasks: ConvertTask[] = [];
  const refused: ConvertResult[] = [];
  const outDir = resolve(options.out);
  const found = await expandInputs(inputs);
  // Folders that could not be opened are reported; the rest is converted.
  for (const f of found) if (f.error) refused.push(failedResult({ input: f.path }, f.error.code, f.error.message));
  const entries = found.filter((f) => !f.error).map((f) => ({ input: f.path, rel: f.relative }));
  const listed = entries.map((e) => ({ path: e.input, relative: e.rel }));
  const inputSet = new Set(entries.map((e) => resolve(e.input)));
  const overwritesInput = (base: string) => options.formats.some((f) => inputSet.has(resolve(`${base}.${f}`)));
  const taskFor = (input: string, outputBase: string, files?: string[]): ConvertTask => ({
    input,
    ...(files ? { files } : {}),
    outputBase,
    formats: options.formats,
    palette: options.palette,
    ...(options.columns ? { columns: options.columns } : {}),
    year: options.year,
    force: options.force,
    ...(options.exactPorteurs ? { exactPorteurs: true } : {}),
  });
  if (options.contract !== undefined && entries.length > 0) {
    const base = join(outDir, `${fileNameOf(options.contract)}.bilan`);
    const task = taskFor(
      options.contract,
      base,
      entries.map((e) => e.input),
    );
    if (overwritesInput(base)) {
      refused.push(
        failedResult(
          task,
          'OUTPUT_IS_INPUT',
          `La sortie du contrat « ${options.contract} » serait un des fichiers d'entrée : rien n'est écrit. Choisissez un autre dossier avec --out.`,
        ),
      );
    } else tasks.push(task);
    return { tasks, refused, inputs: listed };
  }
  const seen = new Set<string>();
  for (const { input, rel } of entries) {
    const base = join(outDir, dirname(rel), `${workbookStem(basename(rel))}.bilan`);
    if (overwritesInput(base)) {
      refused.push(
        failedResult(
          { input },
          'OUTPUT_IS_INPUT',
          `La sortie de « ${input} » serait un des fichiers d'entrée : rien n'est écrit. Choisissez un autre dossier avec --out.`,
        ),
      );
      continue;
    }
    if (seen.has(base)) {
      refused.push(
        failedResult(
          { input },
          'OUTPUT_EXISTS',
          `« ${input} » donnerait le même fichier de sortie qu'un autre fichier d'entrée du même nom : convertissez-le séparément avec un autre --out.`,
        ),
      );
      continue;
    }
    seen.add(base);
    tasks.push(taskFor(input, base));
  }
  return { tasks, refused, inputs: listed };
}

/**
 * --regroupement: the grouping file read (UTF-8 with or without its mark, or as spreadsheets save
 * CSV) and checked against the run's files; a French usage error naming the file and the line.
 */
export async function loadGrouping(path: string, inputs: readonly GroupedInput[]): Promise<Map<string, string>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new UsageError(
      typeset(
        `Regroupement introuvable : « ${path} ». Attendu un fichier .csv ou .txt, une ligne par classeur : « fichier;contrat ».`,
      ),
    );
  }
  const grouping = parseGrouping(basename(path), decodeGroupingText(bytes), inputs);
  if (!grouping.ok) throw new UsageError(grouping.message);
  return grouping.overrides;
}

export async function runConvert(inputs: readonly string[], options: ConvertOptions): Promise<number> {
  const { tasks, refused, inputs: listed } = await planTasks(inputs, options);
  if (tasks.length === 0 && refused.length === 0) {
    writeErr(fr`Aucun classeur (.xlsx, .xlsm, .xltx, .ods, .fods) trouvé dans : ${inputs.join(', ')}.\n`);
    return 1;
  }
  // Read before anything is converted: a grouping file that cannot be used stops the run at once.
  const overrides = options.grouping === undefined ? undefined : await loadGrouping(options.grouping, listed);
  const total = tasks.length + refused.length;
  // Two files or more (converted or not) make a region's synthesis: each worker also gives its
  // contract's line of it.
  const synthesize = total >= 2;
  if (synthesize) for (const task of tasks) task.summarize = true;
  const showBar = !options.quiet && !options.json && process.stderr.isTTY === true;
  const bar = showBar
    ? new SingleBar({
        format: 'Conversion [{bar}] {value}/{total} fichiers | {file}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: true,
        stream: process.stderr,
      })
    : null;
  bar?.start(total, 0, { file: '' });
  let done = 0;
  const report = (r: ConvertResult) => {
    done++;
    writeDebug(r.input, r.error?.detail);
    // The technical detail never goes in what a user reads (the JSON report included).
    if (r.error?.detail) delete r.error.detail;
    if (bar) bar.update(done, { file: basename(r.input) });
    else if (!options.quiet && !options.json)
      writeErr(
        fr`[${done}/${total}] ${r.input} : ${r.upToDate ? 'à jour' : r.ok ? count(actionsOf(r), 'action') : `ERREUR — ${r.error?.message ?? ''}`}\n`,
      );
  };
  refused.forEach(report);
  // Temporary files of runs that were stopped, in the folders this run writes to.
  for (const folder of new Set(tasks.map((t) => dirname(t.outputBase)))) await sweepFolder(folder);
  const results = await runPool(
    tasks,
    { jobs: options.jobs, timeoutMs: options.timeoutMs, memoryMb: options.memoryMb },
    CONVERT_WORK,
    report,
  );
  bar?.stop();
  const all = [...refused, ...results];
  const failed = all.filter((r) => !r.ok);
  const actions = all.reduce((n, r) => n + actionsOf(r), 0);
  const outDir = resolve(options.out);
  // The synthesis's code (its layouts and writers) is loaded only by the runs that write one.
  const region = synthesize ? await import('./synthesis') : null;
  const synthesis = region
    ? await region.writeSynthesis(
        region.synthesisOf(all, tasks, outDir, {
          ...(overrides ? { overrides, grouping: basename(options.grouping ?? '') } : {}),
          ...(options.regionYear !== undefined ? { year: options.regionYear } : {}),
        }),
        {
          out: outDir,
          palette: options.palette,
          force: options.force,
        },
      )
    : null;
  // The lines were for the synthesis; each file's report stays as it was.
  for (const r of all) delete r.summary;
  if (options.json) {
    writeOut(
      `${JSON.stringify(
        {
          files: all,
          ...(synthesis ? { synthesis } : {}),
          summary: {
            files: all.length,
            ok: all.length - failed.length,
            failed: failed.length,
            upToDate: all.filter((r) => r.upToDate).length,
            incomplete: all.filter(isIncomplete).length,
            actions,
          },
        },
        null,
        2,
      )}\n`,
    );
  }
  if (!options.quiet) writeErr(summaryTable(all, options.out, actions));
  if (region && synthesis && !options.quiet) writeErr(region.synthesisLine(synthesis));
  else if (synthesis?.error) writeErr(`${synthesis.error.message}\n`);
  // A bilan written from a reading not to be trusted fails the run, as a file not read does.
  return failed.length > 0 || all.some(isIncomplete) || synthesis?.error ? 1 : 0;
}

/** The file was converted, but from a reading not to be trusted: its bilan says « Bilan incomplet ». */
function isIncomplete(r: ConvertResult): boolean {
  return r.ok && r.sheets.some((s) => s.diagnostics.some(isReadingError));
}

function actionsOf(r: ConvertResult): number {
  return r.sheets.reduce((n, s) => n + s.actionCount, 0);
}

/** Files listed one by one in the summary; past that, only those in failure or with errors. */
const SUMMARY_ROWS = 25;

function summaryTable(all: readonly ConvertResult[], out: string, actions: number): string {
  const lines: string[] = ['', 'Résumé de la conversion'];
  const errorsOf = (r: ConvertResult) => countBySeverity(r.sheets.flatMap((s) => s.diagnostics));
  const shown = all.length <= SUMMARY_ROWS ? all : all.filter((r) => !r.ok || errorsOf(r).error > 0 || isIncomplete(r));
  const nameWidth = Math.min(60, Math.max(7, ...shown.map((r) => r.input.length)));
  if (shown.length > 0)
    lines.push(
      `  ${'Fichier'.padEnd(nameWidth)}  ${'Feuilles'.padStart(8)}  ${'Actions'.padStart(7)}  ${'Contrôles (E/A/I)'.padStart(17)}  Résultat`,
    );
  for (const r of shown) {
    const by = errorsOf(r);
    const name = r.input.length > nameWidth ? `…${r.input.slice(-(nameWidth - 1))}` : r.input;
    lines.push(
      `  ${name.padEnd(nameWidth)}  ${String(r.sheets.length).padStart(8)}  ${String(actionsOf(r)).padStart(7)}  ${`${by.error}/${by.warning}/${by.info}`.padStart(17)}  ${r.upToDate ? 'à jour' : isIncomplete(r) ? 'BILAN INCOMPLET' : r.ok ? 'converti' : `ÉCHEC (${r.error?.code})`}`,
    );
  }
  if (shown.length < all.length) {
    lines.push(
      fr`  … et ${count(all.length - shown.length, 'fichier converti', 'fichiers convertis')} sans erreur de contrôle (détail avec --json).`,
    );
  }
  const failed = all.filter((r) => !r.ok).length;
  const upToDate = all.filter((r) => r.upToDate).length;
  const converted = all.length - failed - upToDate;
  const incomplete = all.filter(isIncomplete);
  const totals = countBySeverity(all.flatMap((r) => r.sheets.flatMap((s) => s.diagnostics)));
  lines.push('');
  lines.push(
    typeset(
      `${count(all.length, 'fichier')}, ${count(converted, 'converti')}` +
        (upToDate > 0 ? `, ${upToDate} déjà à jour (source inchangée, rien de réécrit)` : '') +
        `, ${failed} en échec` +
        (incomplete.length > 0 ? `, ${count(incomplete.length, 'bilan incomplet', 'bilans incomplets')}` : '') +
        `, ${count(actions, 'action')} ; contrôles : ${severitySentence(totals)}.`,
    ),
  );
  if (converted > 0) lines.push(fr`Bilans écrits dans : ${resolve(out)}`);
  else if (upToDate > 0) lines.push(fr`Bilans à jour dans : ${resolve(out)}`);
  for (const r of all.filter((x) => !x.ok)) lines.push(`  ${r.input} : ${r.error?.message ?? ''}`);
  // What makes each incomplete bilan so, and how to fix it, before anything else is read from it.
  for (const r of incomplete) {
    for (const d of r.sheets.flatMap((s) => s.diagnostics).filter(isReadingError)) {
      lines.push(`  ${r.input} : ${d.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

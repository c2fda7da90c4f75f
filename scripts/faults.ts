/**
 * Fault campaign on what writes users' files (`sync` and `convert`), against the built command
 * (`npm run build`), each trial in a folder of its own:
 *
 *   npm run faults -- [--tries N] [--only kill-sync,save,two-syncs,kill-convert,disk-full] [--seed S]
 *
 * - kill-sync: `sync` killed (SIGKILL, or SIGINT for one trial in four) at a random moment, or just
 *   as its temporary file, the workbook set aside or its backup appears. Afterwards the workbook is
 *   under its name, byte-identical or fully synced; every backup is the original, byte for byte; no
 *   file of ours stands under a final name half-written; after SIGINT no temporary file is left,
 *   and the next sync leaves none.
 * - save: the workbook saved by the user (by rename, as Excel and LibreOffice do, or in place)
 *   at a random moment while `sync` runs. Afterwards her save is under the name, as she saved it
 *   or synced: a save never lost.
 * - two-syncs: two syncs of one workbook started together: one refuses, or runs after the other;
 *   every backup is the original.
 * - kill-convert: `convert` killed at a random moment: every output under its final name is whole,
 *   and the next run completes them and leaves no temporary file.
 * - disk-full: sync and convert on a full disk (a small tmpfs; needs root): « le disque est plein »,
 *   the workbook byte-identical, nothing half-written, no temporary file.
 *
 * Prints the figures and exits 1 when any trial failed. test/faults.test.ts runs a few of each.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { prng } from './fuzz-corpus';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'cls-bilan.js');
const A = readFileSync(join(ROOT, 'samples', 'petr-bilan-2022.xlsx'));
const B = readFileSync(join(ROOT, 'samples', 'metz-fiches-actions-2018.xlsx'));

export type Campaign = 'kill-sync' | 'save' | 'two-syncs' | 'kill-convert' | 'disk-full';
export const CAMPAIGNS: readonly Campaign[] = ['kill-sync', 'save', 'two-syncs', 'kill-convert', 'disk-full'];

export interface TrialResult {
  campaign: Campaign;
  trial: string;
  ok: boolean;
  /** Why the trial failed, or what it met (for the figures). */
  notes: string[];
}

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
}

function run(args: readonly string[], cwd: string): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a workbook's bytes are: A or B, as saved or synced (a « Bilan AAAA » sheet added); null: not a whole workbook. */
export function classify(bytes: Uint8Array): { which: 'A' | 'B'; synced: boolean } | null {
  if (Buffer.from(bytes).equals(A)) return { which: 'A', synced: false };
  if (Buffer.from(bytes).equals(B)) return { which: 'B', synced: false };
  try {
    const files = unzipSync(bytes);
    const workbook = strFromU8(files['xl/workbook.xml']);
    const which = workbook.includes('name="Feuil1"') ? 'A' : workbook.includes('name="Suivi 2018"') ? 'B' : null;
    if (!which) return null;
    return { which, synced: /name="Bilan \d{4}"/.test(workbook) };
  } catch {
    return null;
  }
}

function ours(name: string): boolean {
  return name.startsWith('.cls-bilan-');
}

function isBackup(name: string): boolean {
  return name.includes('(avant synchro ');
}

/** The folder's state after a sync of suivi.xlsx that began from `original`; problems as sentences. */
function checkSyncFolder(dir: string, original: Buffer, allowed: readonly ('A' | 'B')[]): string[] {
  const problems: string[] = [];
  const target = join(dir, 'suivi.xlsx');
  if (!existsSync(target)) return ['the workbook is not under its name'];
  const kind = classify(readFileSync(target));
  if (!kind) problems.push('the workbook under its name is not whole');
  else if (!allowed.includes(kind.which))
    problems.push(`the workbook under its name is ${kind.which}: a save was lost`);
  for (const name of readdirSync(dir)) {
    if (!isBackup(name)) continue;
    const bytes = readFileSync(join(dir, name));
    const k = classify(bytes);
    if (!k || k.synced) problems.push(`backup « ${name} » is not an original as saved`);
    else if (!bytes.equals(original) && !allowed.includes(k.which)) problems.push(`backup « ${name} » is unexpected`);
  }
  return problems;
}

/** Duration of an undisturbed sync of A, ms (median of three). */
async function syncDuration(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'cls-faults-'));
    writeFileSync(join(dir, 'suivi.xlsx'), A);
    const t = Date.now();
    await run(['sync', '--quiet', 'suivi.xlsx'], dir).done;
    times.push(Date.now() - t);
    rmSync(dir, { recursive: true, force: true });
  }
  return times.sort((a, b) => a - b)[1];
}

/** Resolves when a file matching `test` appears in `dir` (polled every millisecond), or after `limitMs`. */
async function whenAppears(dir: string, test: (name: string) => boolean, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    try {
      if (readdirSync(dir).some(test)) return true;
    } catch {
      // being written
    }
    await sleep(1);
  }
  return false;
}

type KillMoment = 'random' | 'tmp' | 'orig' | 'backup';

export async function killSyncTrial(rand: () => number, durationMs: number, index: number): Promise<TrialResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cls-faults-'));
  const moments: KillMoment[] = ['random', 'random', 'tmp', 'orig', 'backup'];
  const moment = moments[index % moments.length];
  const signal: NodeJS.Signals = rand() < 0.25 ? 'SIGINT' : 'SIGKILL';
  const trial = `kill ${signal} at ${moment}`;
  const notes: string[] = [];
  try {
    writeFileSync(join(dir, 'suivi.xlsx'), A);
    const r = run(['sync', 'suivi.xlsx'], dir);
    if (moment === 'random') await sleep(rand() * durationMs * 1.2);
    else {
      const test =
        moment === 'backup' ? isBackup : (n: string) => ours(n) && n.endsWith(moment === 'tmp' ? '.tmp' : '.orig');
      await whenAppears(dir, test, durationMs * 3);
    }
    r.child.kill(signal);
    const end = await r.done;
    if (signal === 'SIGINT' && end.code !== null && end.code !== 130 && end.code !== 0)
      notes.push(`exit ${end.code} after SIGINT: ${end.stderr.trim()}`);
    // Killed in the microseconds the workbook is aside: it is whole under its hidden name, and the
    // next sync puts it back (checked below). Counted apart, never after SIGINT.
    const aside = readdirSync(dir).find((n) => ours(n) && n.endsWith('.orig'));
    const setAside = !existsSync(join(dir, 'suivi.xlsx')) && aside !== undefined;
    if (setAside) {
      if (!readFileSync(join(dir, aside)).equals(A)) notes.push('the workbook set aside is not the original');
      if (signal === 'SIGINT') notes.push('the workbook left aside after SIGINT');
    } else notes.push(...checkSyncFolder(dir, A, ['A']));
    if (signal === 'SIGINT' && readdirSync(dir).some(ours)) notes.push('temporary files left after SIGINT');
    const again = await run(['sync', 'suivi.xlsx'], dir).done;
    if (again.code !== 0) notes.push(`the next sync failed (${again.code}): ${again.stderr.trim()}`);
    notes.push(...checkSyncFolder(dir, A, ['A']).map((p) => `after the next sync: ${p}`));
    const kind = classify(readFileSync(join(dir, 'suivi.xlsx')));
    if (!kind?.synced) notes.push('not synced after the next sync');
    const left = readdirSync(dir).filter(ours);
    if (left.length > 0) notes.push(`left after the next sync: ${left.join(', ')}`);
    return {
      campaign: 'kill-sync',
      trial: `${trial}${setAside ? ' (set aside)' : ''}`,
      ok: notes.length === 0,
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Saves B over the workbook as Excel and LibreOffice do (a new file renamed over it), or in place. */
async function saveB(dir: string, how: 'rename' | 'in-place'): Promise<void> {
  const target = join(dir, 'suivi.xlsx');
  if (how === 'rename') {
    const temp = join(dir, 'suivi.xlsx~RF1234.TMP');
    writeFileSync(temp, B);
    renameSync(temp, target);
    return;
  }
  const fd = openSync(target, 'w');
  const third = Math.ceil(B.length / 3);
  for (let i = 0; i < B.length; i += third) {
    writeSync(fd, B, i, Math.min(third, B.length - i));
    await sleep(1);
  }
  closeSync(fd);
}

export async function saveTrial(rand: () => number, durationMs: number): Promise<TrialResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cls-faults-'));
  const how = rand() < 0.6 ? 'rename' : 'in-place';
  const backup = rand() < 0.7;
  // Half the saves at a random moment of the run, half just as sync's result appears beside the
  // workbook: the moments around the replacement, where a save is easiest to lose.
  const onTemp = rand() < 0.5;
  const delay = onTemp ? rand() * 20 : rand() * durationMs;
  const when = onTemp ? `${Math.round(delay)} ms after the result appeared` : `after ${Math.round(delay)} ms`;
  const trial = `save ${how} ${when}${backup ? '' : ' --no-backup'}`;
  const notes: string[] = [];
  try {
    writeFileSync(join(dir, 'suivi.xlsx'), A);
    const r = run(['sync', ...(backup ? [] : ['--no-backup']), 'suivi.xlsx'], dir);
    if (onTemp) await whenAppears(dir, (n) => ours(n) && n.endsWith('.tmp'), durationMs * 3);
    await sleep(delay);
    await saveB(dir, how);
    const end = await r.done;
    notes.push(...checkSyncFolder(dir, A, ['B']));
    if (end.code !== 0 && !/modifié pendant la synchronisation/.test(end.stderr))
      notes.push(`exit ${end.code}: ${end.stderr.trim().split('\n').slice(-2).join(' ')}`);
    const left = readdirSync(dir).filter(ours);
    if (left.length > 0) notes.push(`left: ${left.join(', ')}`);
    const refused = end.code !== 0;
    return { campaign: 'save', trial: `${trial}${refused ? ' (refused)' : ''}`, ok: notes.length === 0, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function twoSyncsTrial(rand: () => number): Promise<TrialResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cls-faults-'));
  const notes: string[] = [];
  const offset = Math.round(rand() * 30);
  try {
    writeFileSync(join(dir, 'suivi.xlsx'), A);
    const first = run(['sync', 'suivi.xlsx'], dir);
    await sleep(offset);
    const second = run(['sync', 'suivi.xlsx'], dir);
    const [a, b] = await Promise.all([first.done, second.done]);
    const outcomes = [a, b].map((e) =>
      e.code === 0
        ? /déjà à jour/.test(e.stderr)
          ? 'after'
          : 'synced'
        : /en cours/.test(e.stderr)
          ? 'refused'
          : 'failed',
    );
    if (outcomes.includes('failed')) notes.push(`a sync failed: ${[a, b].map((e) => e.stderr.trim()).join(' | ')}`);
    if (outcomes.filter((o) => o === 'synced').length !== 1) notes.push(`outcomes: ${outcomes.join(', ')}`);
    notes.push(...checkSyncFolder(dir, A, ['A']));
    const backups = readdirSync(dir).filter(isBackup);
    if (backups.length !== 1) notes.push(`${backups.length} backups`);
    if (readdirSync(dir).some(ours)) notes.push('temporary files left');
    return {
      campaign: 'two-syncs',
      trial: `offset ${offset} ms: ${outcomes.join(', ')}`,
      ok: notes.length === 0,
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether an output file is whole. */
function wholeOutput(path: string): boolean {
  const bytes = readFileSync(path);
  if (path.endsWith('.json')) {
    try {
      JSON.parse(bytes.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  }
  if (path.endsWith('.html')) return bytes.toString('utf8').trimEnd().endsWith('</html>');
  try {
    unzipSync(bytes);
    return true;
  } catch {
    return false;
  }
}

export async function killConvertTrial(rand: () => number, durationMs: number): Promise<TrialResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cls-faults-'));
  const signal: NodeJS.Signals = rand() < 0.25 ? 'SIGINT' : 'SIGKILL';
  const delay = rand() * durationMs * 1.5;
  const notes: string[] = [];
  try {
    writeFileSync(join(dir, 'suivi.xlsx'), A);
    writeFileSync(join(dir, 'autre.xlsx'), B);
    const args = ['convert', 'suivi.xlsx', 'autre.xlsx', '--out', 'bilans', '--format', 'xlsx,html,docx,json'];
    const r = run(args, dir);
    await sleep(delay);
    r.child.kill(signal);
    const end = await r.done;
    if (signal === 'SIGINT' && end.code !== null && end.code !== 130 && end.code !== 0)
      notes.push(`exit ${end.code} after SIGINT`);
    const out = join(dir, 'bilans');
    const names = existsSync(out) ? readdirSync(out) : [];
    for (const name of names) if (!ours(name) && !wholeOutput(join(out, name))) notes.push(`« ${name} » is not whole`);
    if (signal === 'SIGINT' && names.some(ours)) notes.push('temporary files left after SIGINT');
    const again = await run(args, dir).done;
    if (again.code !== 0) notes.push(`the next convert failed (${again.code}): ${again.stderr.trim()}`);
    const after = readdirSync(out);
    if (after.some(ours)) notes.push(`left after the next convert: ${after.filter(ours).join(', ')}`);
    for (const stem of ['suivi', 'autre'])
      for (const f of ['xlsx', 'html', 'docx', 'json'])
        if (!after.includes(`${stem}.bilan.${f}`)) notes.push(`${stem}.bilan.${f} missing after the next convert`);
    return {
      campaign: 'kill-convert',
      trial: `${signal} after ${Math.round(delay)} ms`,
      ok: notes.length === 0,
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** sync and convert on a disk with too little room. Needs root (mount); returns a failed trial otherwise. */
export async function diskFullTrials(): Promise<TrialResult[]> {
  const mount = mkdtempSync(join(tmpdir(), 'cls-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil((A.length + 8192) / 4096) * 4096}`, 'tmpfs', mount], {
      stdio: 'ignore',
    });
  } catch {
    rmSync(mount, { recursive: true, force: true });
    return [{ campaign: 'disk-full', trial: 'mount a small tmpfs', ok: false, notes: ['mount failed (not root?)'] }];
  }
  const results: TrialResult[] = [];
  try {
    writeFileSync(join(mount, 'suivi.xlsx'), A);
    const sync = await run(['sync', 'suivi.xlsx'], mount).done;
    const syncNotes: string[] = [];
    if (sync.code !== 1) syncNotes.push(`exit ${sync.code}`);
    if (!/le disque est plein/.test(sync.stderr)) syncNotes.push(`message: ${sync.stderr.trim()}`);
    if (!readFileSync(join(mount, 'suivi.xlsx')).equals(A)) syncNotes.push('the workbook changed');
    if (readdirSync(mount).some((n) => n !== 'suivi.xlsx')) syncNotes.push(`left: ${readdirSync(mount).join(', ')}`);
    results.push({ campaign: 'disk-full', trial: 'sync', ok: syncNotes.length === 0, notes: syncNotes });

    const convert = await run(['convert', 'suivi.xlsx', '--out', '.', '--format', 'xlsx,html,docx,json'], mount).done;
    const convertNotes: string[] = [];
    if (convert.code !== 1) convertNotes.push(`exit ${convert.code}`);
    if (!/le disque est plein/.test(convert.stderr)) convertNotes.push(`message: ${convert.stderr.trim()}`);
    const names = readdirSync(mount).filter((n) => n !== 'suivi.xlsx');
    for (const name of names) if (ours(name) || !wholeOutput(join(mount, name))) convertNotes.push(`left: ${name}`);
    results.push({ campaign: 'disk-full', trial: 'convert', ok: convertNotes.length === 0, notes: convertNotes });
  } finally {
    try {
      execFileSync('umount', [mount], { stdio: 'ignore' });
    } catch {
      // left mounted: the temporary folder stays
    }
    rmSync(mount, { recursive: true, force: true });
  }
  return results;
}

export interface CampaignOptions {
  tries: number;
  only: readonly Campaign[];
  seed: number;
  onTrial?: (r: TrialResult) => void;
}

export async function runCampaigns(options: CampaignOptions): Promise<TrialResult[]> {
  const rand = prng(options.seed);
  const duration = await syncDuration();
  const results: TrialResult[] = [];
  const push = (r: TrialResult) => {
    results.push(r);
    options.onTrial?.(r);
  };
  const wants = (c: Campaign) => options.only.includes(c);
  for (let i = 0; wants('kill-sync') && i < options.tries; i++) push(await killSyncTrial(rand, duration, i));
  for (let i = 0; wants('save') && i < options.tries; i++) push(await saveTrial(rand, duration));
  for (let i = 0; wants('two-syncs') && i < Math.max(1, Math.round(options.tries / 4)); i++)
    push(await twoSyncsTrial(rand));
  for (let i = 0; wants('kill-convert') && i < options.tries; i++) push(await killConvertTrial(rand, duration * 1.5));
  if (wants('disk-full')) for (const r of await diskFullTrials()) push(r);
  return results;
}

export function summary(results: readonly TrialResult[]): string {
  const lines: string[] = [];
  for (const campaign of CAMPAIGNS) {
    const mine = results.filter((r) => r.campaign === campaign);
    if (mine.length === 0) continue;
    const failed = mine.filter((r) => !r.ok);
    const refused = mine.filter((r) => /refused/.test(r.trial)).length;
    const aside = mine.filter((r) => /set aside/.test(r.trial)).length;
    lines.push(
      `${campaign.padEnd(13)} ${String(mine.length).padStart(4)} trials, ${failed.length} failed` +
        (campaign === 'save' ? `, ${refused} syncs refused (workbook changed), ${failed.length} saves lost` : '') +
        (campaign === 'kill-sync' ? `, ${aside} killed while the workbook was aside (put back by the next sync)` : ''),
    );
    for (const f of failed.slice(0, 5)) lines.push(`  ${f.trial}: ${f.notes.join('; ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let tries = 200;
  let only: Campaign[] = [...CAMPAIGNS];
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tries') tries = Number(argv[++i]);
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i].split(',') as Campaign[];
    else throw new Error(`Unknown argument: ${argv[i]}`);
  }
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('Run `npm run build` first.');
  mkdirSync(tmpdir(), { recursive: true });
  const started = Date.now();
  let n = 0;
  const results = await runCampaigns({
    tries,
    only,
    seed,
    onTrial: (r) => {
      n++;
      if (!r.ok || n % 50 === 0)
        process.stderr.write(`${n} ${r.campaign} ${r.trial}${r.ok ? '' : ` FAILED: ${r.notes.join('; ')}`}\n`);
    },
  });
  console.log(summary(results));
  console.log(`\n${results.length} trials in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) void main();

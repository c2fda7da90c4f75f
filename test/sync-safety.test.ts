/**
 * What sync keeps of the file it replaces (permissions, owner, extended attributes, links), what it
 * refuses (read-only, hard links, a sync under way), how it finishes the work of an interrupted
 * sync, and the figures of the fault campaign (scripts/faults.ts) on a few trials of each kind.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeReason } from '../cli/file-writes';
import { interruptionLine } from '../cli/interrupt';
import { backupName } from '../cli/sync/backup-name';
import { syncFile } from '../cli/sync/sync-file';
import { sweepFolder } from '../cli/sync/sync-lock';
import { HOST_TAG, lockPath, ownerGone, parseTemporaryName, temporaryPath } from '../cli/temporaries';
import { CAMPAIGNS, runCampaigns, summary } from '../scripts/faults';

const SAMPLE = readFileSync(join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx'));
const STAMP = '2026-11-24 09h30';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cls-safety-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sync = (input: string, extra: Partial<Parameters<typeof syncFile>[0]> = {}) =>
  syncFile({ input, dryRun: false, noBackup: false, stamp: STAMP, ...extra });
const ours = () => readdirSync(dir).filter((n) => n.startsWith('.cls-bilan-'));

describe('what sync keeps', () => {
  test('a private workbook stays private, and so does its backup', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    chmodSync(input, 0o600);
    const result = await sync(input);
    expect(result.status).toBe('synced');
    expect(statSync(input).mode & 0o777).toBe(0o600);
    expect(statSync(result.backup as string).mode & 0o777).toBe(0o600);
    expect(readFileSync(result.backup as string).equals(SAMPLE)).toBe(true);
    expect(ours()).toEqual([]);
  });

  test('a symbolic link is followed: its target is synced, the link stays a link', async () => {
    const real = join(dir, 'vrai.xlsx');
    const link = join(dir, 'lien.xlsx');
    writeFileSync(real, SAMPLE);
    symlinkSync(real, link);
    const result = await sync(link);
    expect(result.status).toBe('synced');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real).equals(SAMPLE)).toBe(false);
    expect(result.backup).toBe(join(dir, `vrai (avant synchro ${STAMP}).xlsx`));
  });

  test('the owner and extended attributes are kept (as root, the owner of another user too)', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    const uid = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? 0);
    const gid = process.getuid?.() === 0 ? 65534 : (process.getgid?.() ?? 0);
    chownSync(input, uid, gid);
    execFileSync('python3', ['-c', `import os; os.setxattr(${JSON.stringify(input)}, 'user.cls', b'garde')`]);
    expect((await sync(input)).status).toBe('synced');
    expect(statSync(input).uid).toBe(uid);
    expect(statSync(input).gid).toBe(gid);
    const attr = execFileSync('python3', ['-c', `import os; print(os.getxattr(${JSON.stringify(input)}, 'user.cls'))`]);
    expect(attr.toString().trim()).toBe("b'garde'");
  });
});

describe('what sync refuses, in French, leaving the workbook as it was', () => {
  test('a read-only workbook', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    chmodSync(input, 0o444);
    const result = await sync(input);
    expect(result.error?.code).toBe('READ_ONLY');
    expect(result.error?.message).toContain('en lecture seule');
    expect(readFileSync(input).equals(SAMPLE)).toBe(true);
  });

  test('a workbook with other names (hard links): refused, and --out writes a copy', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    linkSync(input, join(dir, 'autre-nom.xlsx'));
    const result = await sync(input);
    expect(result.error?.code).toBe('HARD_LINKED');
    expect(result.error?.message).toContain('--out');
    expect(readFileSync(input).equals(SAMPLE)).toBe(true);
    const copy = await sync(input, { out: join(dir, 'copies') });
    expect(copy.status).toBe('synced');
    expect(statSync(input).nlink).toBe(2);
  });

  test('a sync under way (its lock held by a running process)', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    const info = { file: 'suivi.xlsx', host: HOST_TAG, pid: process.ppid, started: new Date().toISOString() };
    writeFileSync(lockPath(input), JSON.stringify(info));
    const result = await sync(input);
    expect(result.error?.code).toBe('SYNC_RUNNING');
    expect(result.error?.message).toContain('est en cours');
    expect(readFileSync(input).equals(SAMPLE)).toBe(true);
    expect(existsSync(lockPath(input))).toBe(true);
  });
});

/** A pid no process has: above Linux's pid_max. */
const DEAD_PID = 4_194_999;

describe('what an interrupted sync left is finished by the next run', () => {
  const leftovers = (input: string) => {
    const info = { file: 'suivi.xlsx', host: HOST_TAG, pid: DEAD_PID, started: new Date().toISOString() };
    writeFileSync(lockPath(input), JSON.stringify(info));
    const tag = `${HOST_TAG}${DEAD_PID}`;
    return {
      aside: temporaryPath(input, 'orig').replace(/-[0-9a-f]{4}\d+\.orig$/, `-${tag}.orig`),
      temp: temporaryPath(input, 'tmp').replace(/-[0-9a-f]{4}\d+\.tmp$/, `-${tag}.tmp`),
    };
  };

  test('killed with the workbook aside: the next sync puts it back, then syncs it', async () => {
    const input = join(dir, 'suivi.xlsx');
    const { aside, temp } = leftovers(input);
    writeFileSync(aside, SAMPLE);
    writeFileSync(temp, 'half');
    const result = await sync(input);
    expect(result.status).toBe('synced');
    expect(result.recovered?.[0]).toContain('remis à sa place');
    expect(readFileSync(result.backup as string).equals(SAMPLE)).toBe(true);
    expect(ours()).toEqual([]);
  });

  test('killed after the replacement: the former version becomes a backup, never removed', async () => {
    const input = join(dir, 'suivi.xlsx');
    writeFileSync(input, SAMPLE);
    const { aside } = leftovers(input);
    writeFileSync(aside, SAMPLE);
    const notes = await sweepFolder(dir);
    expect(notes[0]).toContain('gardée en');
    expect(readdirSync(dir).filter((n) => n.includes('avant synchro')).length).toBe(1);
    expect(ours()).toEqual([]);
  });

  test('temporary files: those of a run that is gone are removed, those of a live run kept', async () => {
    const gone = join(dir, `.cls-bilan-0123456789ab-${HOST_TAG}${DEAD_PID}.tmp`);
    const live = join(dir, `.cls-bilan-0123456789ab-${HOST_TAG}${process.ppid}.tmp`);
    const old = join(dir, '.cls-bilan-0123456789ab.tmp');
    const recent = join(dir, '.cls-bilan-ba9876543210.tmp');
    for (const f of [gone, live, old, recent]) writeFileSync(f, 'x');
    const threeHoursAgo = (Date.now() - 3 * 3600 * 1000) / 1000;
    utimesSync(old, threeHoursAgo, threeHoursAgo);
    await sweepFolder(dir);
    expect(ours().sort()).toEqual([live, recent].map((p) => p.slice(dir.length + 1)).sort());
  });

  test('names and owners of temporary files', () => {
    expect(parseTemporaryName(`.cls-bilan-0123456789ab-${HOST_TAG}42.orig`)).toEqual({
      key: '0123456789ab',
      kind: 'orig',
      host: HOST_TAG,
      pid: 42,
    });
    expect(parseTemporaryName('.cls-bilan-0123456789ab.lock')?.kind).toBe('lock');
    expect(parseTemporaryName('suivi.xlsx')).toBeNull();
    expect(ownerGone({ host: HOST_TAG, pid: process.pid }, 1e12)).toBe(false);
    expect(ownerGone({ host: HOST_TAG, pid: 7 }, 0, () => false)).toBe(true);
    expect(ownerGone({ host: 'ffff', pid: 7 }, 1000, () => false)).toBe(false);
  });
});

describe('names and messages', () => {
  test('a long workbook name gives a backup name within 255 bytes', () => {
    const stem = 'é'.repeat(120); // 240 bytes
    const name = backupName(join(dir, `${stem}.xlsx`), STAMP, 2);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/… \(avant synchro 2026-11-24 09h30\) \(2\)\.xlsx$/);
  });

  test('a workbook whose name is 240 bytes long is synced, its backup named within the limit', async () => {
    const input = join(dir, `${'é'.repeat(117)}.xlsx`);
    writeFileSync(input, SAMPLE);
    const result = await sync(input);
    expect(result.status).toBe('synced');
    expect(Buffer.byteLength(basename(result.backup as string))).toBeLessThanOrEqual(255);
    expect(readFileSync(result.backup as string).equals(SAMPLE)).toBe(true);
    expect(ours()).toEqual([]);
  });

  test('the disk full, and an interruption, said in French', () => {
    expect(writeReason(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('le disque est plein');
    expect(interruptionLine(2, 5)).toContain('2 fichiers sur 5 étaient terminés');
    expect(interruptionLine(0, 0)).toContain('aucun fichier');
  });
});

describe('fault campaign (scripts/faults.ts; `npm run faults` runs 200 trials of each)', () => {
  test('kills, saves during sync, two syncs at once, kills of convert, a full disk: no trial fails', async () => {
    const results = await runCampaigns({ tries: 3, only: CAMPAIGNS, seed: 11 });
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) throw new Error(summary(results));
    expect(results.length).toBeGreaterThanOrEqual(12);
  }, 300_000);
});

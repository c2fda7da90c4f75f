/**
 * `convert` on a batch of good, damaged and hostile files: every good file converted, every bad one
 * failed alone with a French message, inputs unchanged, no temporary file or half output left; output
 * problems named as such; long and odd file names. Through the built command (`npm test` builds).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable } from '../cli/output';
import { buildLayoutCorpus } from '../scripts/layout-corpus';
import { hostileWorkbooks, mutatedWorkbooks, RAW_TEXT } from '../scripts/fuzz-corpus';
import { typeset } from '../core/base/typography';
import { runCli } from './run-cli';

const run = runCli;

function hashes(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir).map(
      (f) =>
        [
          f,
          createHash('sha1')
            .update(readFileSync(join(dir, f)))
            .digest('hex'),
        ] as const,
    ),
  );
}

interface Report {
  files: { input: string; ok: boolean; outputs: string[]; error: { code: string; message: string } | null }[];
  synthesis?: { outputs: string[]; failures: { file: string }[] };
}

test('a batch of good, damaged and hostile files: the good ones converted, the rest failed alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-batch-'));
  const input = join(dir, 'entree');
  mkdirSync(input);
  const good = (await buildLayoutCorpus()).slice(0, 4);
  for (const c of good) writeFileSync(join(input, c.file), c.bytes);
  const sources = good.map((c) => ({ name: c.file, bytes: c.bytes }));
  for (const c of mutatedWorkbooks(sources, 40, 7)) writeFileSync(join(input, `abime-${c.name}`), c.bytes);
  for (const c of hostileWorkbooks().filter((h) => !h.name.startsWith('etats'))) {
    writeFileSync(join(input, `piege-${c.name}`), c.bytes);
  }
  const before = hashes(input);
  const out = join(dir, 'bilans');
  const { code, stdout, stderr } = await run(['convert', input, '--out', out, '--json', '--timeout', '60']);
  expect([0, 1]).toContain(code);
  const report = JSON.parse(stdout) as Report;
  expect(report.files).toHaveLength(before.size);
  for (const c of good) {
    const r = report.files.find((f) => f.input.endsWith(c.file));
    expect([c.file, r?.ok]).toEqual([c.file, true]);
  }
  for (const f of report.files) {
    if (f.ok) continue;
    expect(f.outputs).toEqual([]);
    expect([f.input, RAW_TEXT.test(f.error?.message ?? '')]).toEqual([f.input, false]);
  }
  expect(RAW_TEXT.test(stderr)).toBe(false);
  // Inputs unchanged; outputs only for the files converted; nothing temporary left.
  expect(hashes(input)).toEqual(before);
  const written = readdirSync(out);
  expect(written.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  const expected = report.files.filter((f) => f.ok).flatMap((f) => f.outputs.map((o) => o.split('/').pop()));
  // The synthesis of the contracts, which lists the files that failed.
  expected.push(...(report.synthesis?.outputs ?? []).map((o) => o.split('/').pop()));
  expect(report.synthesis?.failures).toHaveLength(report.files.filter((f) => !f.ok).length);
  expect(written.sort()).toEqual(expected.sort());
}, 300_000);

test('an output folder that cannot be written is named as such, in French', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-out-'));
  const c = (await buildLayoutCorpus())[0];
  writeFileSync(join(dir, c.file), c.bytes);
  writeFileSync(join(dir, 'bilans'), 'un fichier, pas un dossier');
  const { code, stdout } = await run(['convert', join(dir, c.file), '--out', join(dir, 'bilans'), '--json']);
  expect(code).toBe(1);
  const [file] = (JSON.parse(stdout) as Report).files;
  expect(file.error?.code).toBe('WRITE_FAILED');
  expect(file.error?.message).toContain(typeset("Impossible d'écrire dans"));
  expect(file.error?.message).toContain('un fichier porte déjà le nom du dossier de sortie');
  expect(RAW_TEXT.test(file.error?.message ?? '')).toBe(false);
  expect(file.error?.message).not.toMatch(/E[A-Z]{3,}/);
});

test('a 240-character file name converts (temporary names stay short)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-long-'));
  const c = (await buildLayoutCorpus())[0];
  const name = `${'suivi-du-contrat-local-de-sante-'.repeat(8).slice(0, 235)}.xlsx`;
  expect(name.length).toBe(240);
  writeFileSync(join(dir, name), c.bytes);
  const { code } = await run(['convert', join(dir, name), '--out', join(dir, 'bilans')]);
  expect(code).toBe(0);
  expect(existsSync(join(dir, 'bilans', name.replace(/\.xlsx$/, '.bilan.xlsx')))).toBe(true);
});

test('control characters in a file name are printed escaped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-ctl-'));
  const c = (await buildLayoutCorpus())[0];
  const name = 'suivi\u001b[31mrouge.xlsx';
  writeFileSync(join(dir, name), c.bytes);
  const { code, stdout } = await run(['inspect', join(dir, name)]);
  expect(code).toBe(0);
  expect(stdout).not.toContain('\u001b');
  expect(stdout).toContain('suivi\\x1b[31mrouge.xlsx');
  expect(printable('a\u0007b\nc\td')).toBe('a\\x07b\nc\td');
});

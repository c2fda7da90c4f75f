/**
 * writeAllAtomically (cli/file-writes.ts) writes its outputs side by side: when one of them cannot be
 * written, none is, no temporary file is left, and the error names that output.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClsError } from '../core/base/errors';
import { writeAllAtomically } from '../cli/file-writes';

test('one output that cannot be written: none is, nothing temporary is left, its folder is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-writes-'));
  writeFileSync(join(dir, 'a.bilan.xlsx'), 'ancien');
  // A file where the second output's folder should be: its folder cannot be made.
  writeFileSync(join(dir, 'pas-un-dossier'), '');
  const big = new Uint8Array(4 << 20).fill(65);
  const error = await writeAllAtomically([
    { path: join(dir, 'a.bilan.xlsx'), data: big },
    { path: join(dir, 'pas-un-dossier', 'a.bilan.html'), data: '<p>bilan</p>' },
    { path: join(dir, 'a.bilan.json'), data: '{}' },
  ]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClsError);
  expect((error as ClsError).code).toBe('WRITE_FAILED');
  expect((error as ClsError).message).toContain('pas-un-dossier');
  expect(readdirSync(dir).sort()).toEqual(['a.bilan.xlsx', 'pas-un-dossier']);
  expect(readFileSync(join(dir, 'a.bilan.xlsx'), 'utf8')).toBe('ancien');
});

test('every output written whole, in place of the old ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cls-writes-'));
  writeFileSync(join(dir, 'a.bilan.xlsx'), 'ancien');
  const big = new Uint8Array(4 << 20).fill(66);
  await writeAllAtomically([
    { path: join(dir, 'a.bilan.xlsx'), data: big },
    { path: join(dir, 'sous-dossier', 'a.bilan.html'), data: '<p>bilan</p>' },
  ]);
  expect(readdirSync(dir).sort()).toEqual(['a.bilan.xlsx', 'sous-dossier']);
  expect(readFileSync(join(dir, 'a.bilan.xlsx')).equals(Buffer.from(big))).toBe(true);
  expect(readFileSync(join(dir, 'sous-dossier', 'a.bilan.html'), 'utf8')).toBe('<p>bilan</p>');
});

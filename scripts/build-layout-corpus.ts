/**
 * Writes the layout corpus (layout-corpus.ts) to a folder, to look at the workbooks in Excel or
 * LibreOffice, or to read them with `cls-bilan inspect`: `npm run corpus [-- DOSSIER]` (default
 * corpus/, ignored by git).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildLayoutCorpus } from './layout-corpus';

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? 'corpus');
  mkdirSync(folder, { recursive: true });
  const cases = await buildLayoutCorpus();
  for (const c of cases) writeFileSync(join(folder, c.file), c.bytes);
  process.stdout.write(`${cases.length} classeurs écrits dans ${folder}\n`);
}

void main();

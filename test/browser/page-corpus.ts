/**
 * For the page's browser test: writes the layout corpus (scripts/layout-corpus.ts: the workbooks
 * written the many ways coordinators keep them, as test/inspect-layout.test.ts reads them) into a
 * folder and prints their names, as JSON. Run as a child process at the start of the test, so that
 * the corpus is made while the browser works on the samples.
 *
 *   tsx test/browser/page-corpus.ts FOLDER
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLayoutCorpus } from '../../scripts/layout-corpus';

export async function writeCorpus(folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const cases = await buildLayoutCorpus();
  for (const c of cases) writeFileSync(join(folder, c.file), c.bytes);
  return cases.map((c) => c.file);
}

if (require.main === module) {
  void writeCorpus(process.argv[2] ?? '.').then((files) => process.stdout.write(JSON.stringify(files)));
}

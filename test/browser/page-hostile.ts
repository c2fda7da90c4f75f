/**
 * For the page's browser test: writes the fuzz corpus's hostile workbooks it drops (the slowest
 * to read, and the bomb) into a folder. Run as a child process at the start of the test, so that
 * the corpus, long to build, is made while the browser works on the samples.
 *
 *   tsx test/browser/page-hostile.ts FOLDER
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileWorkbooks } from '../../scripts/fuzz-corpus';

/** The cases the test drops, by the start of their name: a sheet too slow to read, a zip bomb. */
export const HOSTILE_CASES = { slow: 'etats', bomb: 'bombe' } as const;

export function writeHostile(folder: string): { slow: string; bomb: string } {
  const cases = hostileWorkbooks();
  const pick = (start: string) => {
    const found = cases.find((c) => c.name.startsWith(start));
    if (!found) throw new Error(`no hostile workbook named ${start}…`);
    writeFileSync(join(folder, found.name), found.bytes);
    return found.name;
  };
  return { slow: pick(HOSTILE_CASES.slow), bomb: pick(HOSTILE_CASES.bomb) };
}

if (require.main === module) {
  process.stdout.write(JSON.stringify(writeHostile(process.argv[2] ?? '.')));
}

/**
 * For the page's browser test: writes the hostile workbooks it drops into a folder: a sheet far too
 * slow to read within the test's time limit (3,000 states of 30,000 characters: about 14 s on this
 * project's machines, against the test's 4 s), and the fuzz corpus's bomb. Run as a child process at the start of the test, so that
 * the corpus, long to build, is made while the browser works on the samples.
 *
 *   tsx test/browser/page-hostile.ts FOLDER
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileWorkbooks, longStatesWorkbook } from '../../scripts/fuzz-corpus';

/** The slow workbook's name. */
const SLOW = 'etats-de-30000-caracteres-x3000.xlsx';

export function writeHostile(folder: string): { slow: string; bomb: string } {
  const cases = hostileWorkbooks();
  const pick = (start: string) => {
    const found = cases.find((c) => c.name.startsWith(start));
    if (!found) throw new Error(`no hostile workbook named ${start}…`);
    writeFileSync(join(folder, found.name), found.bytes);
    return found.name;
  };
  writeFileSync(join(folder, SLOW), longStatesWorkbook(3_000));
  return { slow: SLOW, bomb: pick('bombe') };
}

if (require.main === module) {
  process.stdout.write(JSON.stringify(writeHostile(process.argv[2] ?? '.')));
}

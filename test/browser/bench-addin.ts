/**
 * The add-in's cost in Excel round trips, against the fake host: for 1,000 and 10,000 actions,
 * the number of `context.sync()` calls and format operations of « Analyser » and « Colorer les
 * statuts » (and « Restaurer »), with the largest response (Excel on the web refuses over 5 MB).
 *
 *   npm run bench:addin
 */
import { analyseActiveSheet, colourStatuses, restoreFills, type Runner } from '../../addin/excel/operations';
import { install, type FakeExcelControls } from './fake-office';
import { syntheticSheet } from './workbook-json';

interface Row {
  rows: number;
  pass: string;
  syncs: number;
  formatOps: number;
  maxResponse: string;
  ms: number;
}

const host = globalThis as unknown as { Excel: { run: Runner } };

async function measure(
  fake: FakeExcelControls,
  rows: number,
  pass: string,
  work: () => Promise<unknown>,
): Promise<Row> {
  fake.resetStats();
  const start = performance.now();
  await work();
  const ms = Math.round(performance.now() - start);
  const s = fake.stats();
  return {
    rows,
    pass,
    syncs: s.syncs,
    formatOps: s.formatOps,
    maxResponse: `${(s.maxResponseBytes / 1048576).toFixed(2)} Mo`,
    ms,
  };
}

async function main(): Promise<void> {
  const out: Row[] = [];
  let restoredExactly = true;
  for (const rows of [1_000, 10_000, 50_000]) {
    const fake = install(globalThis, { sheets: [syntheticSheet('2022', rows)] });
    const run: Runner = (batch) => host.Excel.run(batch);
    const before = JSON.stringify(fake.fills('2022'));
    out.push(await measure(fake, rows, 'Analyser', () => analyseActiveSheet(run)));
    out.push(await measure(fake, rows, 'Colorer les états', () => colourStatuses(run)));
    if (rows <= 10_000) out.push(await measure(fake, rows, 'Colorer (2e fois)', () => colourStatuses(run)));
    out.push(await measure(fake, rows, 'Restaurer', () => restoreFills(run)));
    restoredExactly &&= JSON.stringify(fake.fills('2022')) === before;
  }
  console.table(out);
  const worst = out.filter((r) => r.rows <= 10_000 && r.pass !== 'Restaurer').reduce((m, r) => Math.max(m, r.syncs), 0);
  console.log(`Round trips per pass up to 10,000 rows: at most ${worst} (target ≤ 3).`);
  console.log(`50,000 rows: values over 5 MB, read in bands (refused batches count as round trips).`);
  console.log(`Original fills restored exactly: ${restoredExactly ? 'yes' : 'NO'}.`);
  if (worst > 3 || !restoredExactly) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

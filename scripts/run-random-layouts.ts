/**
 * Measures the reader on random tracking workbooks (scripts/random-layouts.ts):
 *
 *   npm run corpus:random -- N [--seed S] [--out DIR] [--soffice K] [--examples E] [--case SEED]
 *
 * Prints the share read exactly, the silent misreads, the failure rates per dimension value and
 * the first silent cases. `--out DIR` saves the workbooks not read exactly, named by seed.
 * `--soffice K` also round-trips K of them through LibreOffice (to .xlsx and to .ods) and measures
 * those. `--case SEED` measures one workbook by its seed and prints it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeCase,
  generateWorkbook,
  type GeneratedWorkbook,
  type Measured,
  measureRandomLayouts,
  measureWorkbook,
  report,
  roundTripThroughSoffice,
} from './random-layouts';

interface Args {
  count: number;
  seed: number;
  out: string | null;
  soffice: number;
  examples: number;
  only: number | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { count: 200, seed: 1, out: null, soffice: 0, examples: 5, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') args.seed = Number(value());
    else if (a === '--out') args.out = value();
    else if (a === '--soffice') args.soffice = Number(value());
    else if (a === '--examples') args.examples = Number(value());
    else if (a === '--case') args.only = Number(value());
    else if (/^\d+$/.test(a)) args.count = Number(a);
    else throw new Error(`Unknown argument: ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.only !== null) {
    const gen = await generateWorkbook(args.only);
    const m = await measureWorkbook(gen);
    console.log(describeCase(m));
    console.log(JSON.stringify({ dims: gen.dims, errors: m.errors, problems: m.problems }, null, 2));
    if (args.out) save(args.out, gen);
    return;
  }
  const started = Date.now();
  const kept: GeneratedWorkbook[] = [];
  const every = args.soffice > 0 ? Math.max(1, Math.floor(args.count / args.soffice)) : 0;
  let index = 0;
  const results = await measureRandomLayouts(args.count, {
    seed: args.seed,
    onMeasured: (gen, m) => {
      if (args.out && m.outcome !== 'exact') save(args.out, gen);
      if (every > 0 && index % every === 0 && kept.length < args.soffice) kept.push(gen);
      index++;
    },
  });
  const ms = Date.now() - started;
  console.log(report(results, `seed ${args.seed}`, args.examples));
  console.log(`\n${args.count} workbooks in ${(ms / 1000).toFixed(1)} s`);
  if (kept.length > 0) {
    const trips = await roundTripThroughSoffice(kept);
    const before = new Map(results.map((r) => [r.seed, r.outcome]));
    const worse = trips.filter((t) => before.get(t.measured.seed) === 'exact' && t.measured.outcome !== 'exact');
    console.log(
      `\nLibreOffice: ${kept.length} workbooks; read exactly before but not after the round trip: ${worse.length}`,
    );
    for (const t of worse.slice(0, args.examples)) console.log(describeCase(t.measured));
    for (const format of ['xlsx', 'ods'] as const) {
      const measured: Measured[] = trips.filter((t) => t.format === format).map((t) => t.measured);
      console.log(`\n${report(measured, `LibreOffice round trip to .${format}`, args.examples)}`);
      if (args.out) {
        for (const t of trips) {
          if (t.format === format && t.measured.outcome !== 'exact') {
            writeFileSync(join(args.out, `${t.measured.seed}.soffice.${format}`), t.bytes);
          }
        }
      }
    }
  }
}

function save(dir: string, gen: GeneratedWorkbook): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${gen.seed}.xlsx`), gen.bytes);
  writeFileSync(
    join(dir, `${gen.seed}.json`),
    JSON.stringify({ fileName: gen.fileName, dims: gen.dims, truth: gen.truth }, null, 2),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

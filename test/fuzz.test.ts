/**
 * Untrusted bytes: mutated copies of the samples and the corpus, and hand-made hostile workbooks.
 * Each one reads to a result or to a clear French error (a ClsError), never a crash, a hang, raw
 * JavaScript text or an errno; the full set runs with `npm run fuzz` (FUZZ_COUNT workbooks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeWorkbook, allDiagnostics } from '../core/report/analysis';
import { isClsError } from '../core/base/errors';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { type FuzzCase, hostileWorkbooks, mutatedWorkbooks, RAW_TEXT } from '../scripts/fuzz-corpus';

const SAMPLES = join(__dirname, '..', 'samples');
const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const HOSTILE = hostileWorkbooks();

async function survive(c: FuzzCase): Promise<{ ok: boolean; code?: string; ms: number; problem?: string }> {
  const start = performance.now();
  try {
    const reading = await readTrackingWorkbook(c.bytes, c.name);
    const analysis = analyzeWorkbook(reading);
    const messages = allDiagnostics(analysis).map((d) => d.message);
    const raw = messages.find((m) => RAW_TEXT.test(m));
    return {
      ok: true,
      ms: performance.now() - start,
      problem: raw ? `message brut : ${raw.slice(0, 200)}` : undefined,
    };
  } catch (e) {
    const ms = performance.now() - start;
    if (!isClsError(e)) return { ok: false, ms, problem: `exception ${String(e).slice(0, 200)}` };
    if (RAW_TEXT.test(e.message)) return { ok: false, ms, problem: `message brut : ${e.message.slice(0, 200)}` };
    return { ok: false, code: e.code, ms };
  }
}

test(`${COUNT} mutated workbooks: a reading or a French error, none hanging`, async () => {
  // The samples, and their LibreOffice .ods versions.
  const sources = [SAMPLES, join(SAMPLES, 'ods')].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.xlsx') || f.endsWith('.ods'))
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })),
  );
  const problems: string[] = [];
  const codes = new Map<string, number>();
  for (const c of mutatedWorkbooks(sources, COUNT)) {
    const r = await survive(c);
    const key = r.ok ? 'lu' : (r.code ?? 'exception');
    codes.set(key, (codes.get(key) ?? 0) + 1);
    if (r.problem) problems.push(`${c.name} (${c.mutation}) : ${r.problem}`);
    if (r.ms > 30_000) problems.push(`${c.name} (${c.mutation}) : ${Math.round(r.ms)} ms`);
  }
  expect(problems).toEqual([]);
  // The corpus is not only refused files: many mutations leave a readable workbook.
  expect(codes.get('lu') ?? 0).toBeGreaterThan(COUNT / 10);
});

/** What each hostile workbook must give: a reading (« lu ») or the code of its French error. */
const EXPECTED: Readonly<Record<string, string>> = {
  'bombe-sous-declaree.xlsx': 'TOO_LARGE',
  // Everything merged into A1: only A1 shows, as in Excel; no table is left.
  'fusion-toute-la-feuille.xlsx': 'NO_TABLE',
  'colonnes-99999999.xlsx': 'lu',
  '50000-fusions.xlsx': 'lu',
  '10000-lignes-meme-numero.xlsx': 'lu',
  'etats-de-30000-caracteres.xlsx': 'lu',
  'cellules-sans-r.xlsx': 'lu',
};

test.each(HOSTILE.map((c) => [c.name, c] as const))('%s', async (name, c) => {
  const r = await survive(c);
  expect(r.problem).toBeUndefined();
  expect(r.ok ? 'lu' : r.code).toBe(EXPECTED[name]);
  // A guard against hangs, not a speed target (`npm run bench` measures speed).
  expect(r.ms).toBeLessThan(60_000);
});

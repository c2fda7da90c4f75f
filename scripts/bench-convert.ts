/**
 * Benchmark of `cls-bilan convert` (`npm run bench`). In a temporary folder it generates a workbook
 * of 20,000 actions across 5 yearly sheets and 200 small workbooks, then measures:
 * - R: convert of the large workbook ÷ a bare exceljs readFile + writeFile of it (both as fresh
 *   Node processes, so start-up counts on both sides): target ≤ 0.7;
 * - S: the 200-file batch with --jobs 1 ÷ with --jobs 2: target ≥ 1.6 on 2 cores;
 * - M: peak resident memory of the large conversion, MB: target ≤ 300;
 * - the XML the floor reads and writes against the XML of the bilan workbook convert writes (R's
 *   two sides do not write the same amount);
 * - convert's stages on the large workbook in this process: read, analyse, lay out, write each format;
 * - the reader alone on the large workbook, ours and exceljs's, in this process.
 * Each figure is the median of BENCH_RUNS rounds (default 3), the four commands taken in turn in
 * each round, so that a slow moment of the machine weighs on one round and not on one side of a
 * ratio; M is the highest peak. The last line is `ratio=R jobs_speedup=S peak_rss_mb=M`. Not a
 * test: figures depend on the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { useNodeZlib } from '../core/node/zlib';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { analyzeWorkbook } from '../core/report/analysis';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { wordBilanLayout } from '../core/layout/word-bilan';
import { bilanJsonText } from '../core/layout/bilan-json';
import { writeXlsx } from '../core/write/xlsx/package';
import { renderHtml } from '../core/write/html';
import { renderDocx } from '../core/write/docx';
import { readWorkbook as readWithExcelJs } from './exceljs-reader';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cls-bilan.js');
const PROBE = join(ROOT, 'scripts', 'rss-probe.js');
const LARGE_ACTIONS = Number(process.env.BENCH_ACTIONS ?? 20000);
const SMALL_FILES = Number(process.env.BENCH_FILES ?? 200);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
export const YEARS = [2019, 2020, 2021, 2022, 2023];
const STATUSES = ['Réalisé', 'En cours', 'Réflexion engagée', 'Non commencé', 'Abandonné'];
const FILLS: Record<string, string> = {
  Réalisé: 'FF92D050',
  'En cours': 'FFFFC000',
  'Réflexion engagée': 'FF9DC3E6',
  'Non commencé': 'FFFF9999',
  Abandonné: 'FF808080',
};
const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];

function addYearSheet(wb: ExcelJS.Workbook, year: number, yi: number, actions: number): void {
  const ws = wb.addWorksheet(String(year));
  ws.addRow([`Bilan ${year} par action`]);
  ws.addRow([]);
  ws.addRow(HEADER);
  for (let i = 0; i < actions; i++) {
    const obj = Math.floor(i / 25);
    const objCode = `${Math.floor(obj / 8) + 1}.${(obj % 8) + 1}`;
    const status = STATUSES[(i * 7 + yi * 3) % STATUSES.length];
    const row = ws.addRow([
      i % 25 === 0 ? objCode : null,
      i % 25 === 0 ? `Objectif ${objCode}` : null,
      `Action ${i} : ${['prévention', 'mobilité', 'habitat', 'parentalité', 'autonomie'][i % 5]} ${yi >= 3 && i % 10 === 0 ? '(suite)' : ''}`.trim(),
      i % 4 === 0 ? 'Piste' : `${objCode}.${(i % 25) + 1}`,
      i % 9 === 0 ? null : `Porteur ${i % 41}`,
      status,
      `Remarque ${year} sur l'action ${i}`,
    ]);
    row.getCell(6).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[status] } };
  }
}

/** The bench workbook: `actionsPerYear` actions on one sheet per year (also used by bench-page.ts). */
export async function makeWorkbook(path: string, actionsPerYear: number, years: readonly number[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  years.forEach((y, yi) => addYearSheet(wb, y, yi, actionsPerYear));
  await wb.xlsx.writeFile(path);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The uncompressed size of a package's parts, MB. */
function unzippedMb(bytes: Uint8Array): number {
  const parts = unzipSync(bytes);
  return Object.values(parts).reduce((n, part) => n + part.length, 0) / 1e6;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function timed(label: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  execFileSync('node', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  process.stdout.write(`${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(7)} s\n`);
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cls-bilan-bench-'));
  try {
    const large = join(dir, 'grand-20000-actions.xlsx');
    await makeWorkbook(large, Math.round(LARGE_ACTIONS / YEARS.length), YEARS);
    const small = join(dir, 'region');
    mkdirSync(small);
    const template = join(dir, 'petit.xlsx');
    await makeWorkbook(template, 70, [2023]);
    const bytes = readFileSync(template);
    for (let i = 0; i < SMALL_FILES; i++) writeFileSync(join(small, `cls-${String(i).padStart(3, '0')}.xlsx`), bytes);
    process.stdout.write(`classeurs générés dans ${dir}\n`);

    const floorScript = join(dir, 'floor.js');
    writeFileSync(
      floorScript,
      `const ExcelJS = require(${JSON.stringify(require.resolve('exceljs'))});\n` +
        `(async () => { const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(process.argv[2]); await wb.xlsx.writeFile(process.argv[3]); })();\n`,
    );
    const rssFile = join(dir, 'rss.txt');
    const times: Record<'floor' | 'convert' | 'jobs1' | 'jobs2', number[]> = {
      floor: [],
      convert: [],
      jobs1: [],
      jobs2: [],
    };
    let peak = 0;
    for (let round = 1; round <= RUNS; round++) {
      const tag = RUNS > 1 ? ` [${round}/${RUNS}]` : '';
      times.floor.push(
        timed(`exceljs readFile + writeFile (plancher)${tag}`, [floorScript, large, join(dir, 'copie.xlsx')]),
      );
      times.convert.push(
        timed(
          `convert du grand classeur (xlsx + html)${tag}`,
          [
            '--require',
            PROBE,
            BIN,
            'convert',
            large,
            '--out',
            join(dir, 'out-large'),
            '--force',
            '--quiet',
            '--jobs',
            '1',
          ],
          { CLS_BENCH_RSS_FILE: rssFile },
        ),
      );
      peak = Math.max(peak, Number(readFileSync(rssFile, 'utf8')));
      for (const jobs of [1, 2] as const) {
        times[`jobs${jobs}`].push(
          timed(`convert de ${SMALL_FILES} petits classeurs, --jobs ${jobs}${tag}`, [
            BIN,
            'convert',
            small,
            '--out',
            join(dir, `out-${jobs}`),
            '--force',
            '--quiet',
            '--jobs',
            String(jobs),
          ]),
        );
      }
    }
    const floor = median(times.floor);
    const convert = median(times.convert);
    const jobs1 = median(times.jobs1);
    const jobs2 = median(times.jobs2);
    if (RUNS > 1) {
      process.stdout.write(
        `médianes : plancher ${seconds(floor)} s, grand classeur ${seconds(convert)} s, ` +
          `--jobs 1 ${seconds(jobs1)} s, --jobs 2 ${seconds(jobs2)} s\n`,
      );
    }
    // In this process, Node's zlib inflates and deflates, as in convert's workers (cli/convert-worker.ts).
    useNodeZlib();
    // The reader alone, in this process: ours and, for comparison, exceljs's (median of the rounds).
    const largeBytes = new Uint8Array(readFileSync(large));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      let t = performance.now();
      await readWorkbook(largeBytes, 'grand.xlsx');
      ours.push(performance.now() - t);
      t = performance.now();
      await readWithExcelJs(largeBytes, 'grand.xlsx');
      theirs.push(performance.now() - t);
    }
    process.stdout.write(
      `lecture seule du grand classeur : notre lecteur ${seconds(median(ours))} s, exceljs ${seconds(median(theirs))} s\n`,
    );
    // convert's stages on the large workbook, in this process (median of the rounds): where the time goes.
    const stages: Record<string, number[]> = {};
    const stage = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
      const t = performance.now();
      const out = await run();
      (stages[name] ??= []).push(performance.now() - t);
      return out;
    };
    for (let round = 0; round < RUNS; round++) {
      const reading = await stage('lecture', () => readTrackingWorkbook(largeBytes, 'grand.xlsx'));
      const analysis = await stage('analyse (contrôles, bilans, suivi)', () => analyzeWorkbook(reading));
      const { palette } = reading;
      const doc = await stage('mise en page', () => bilanDocument(analysis, { palette, fileStem: 'grand' }));
      const meta = { title: doc.title, properties: {}, version: 'bench' };
      await stage('écriture xlsx', () => writeXlsx(doc.layout, meta));
      await stage('écriture html', () => renderHtml(doc.layout, { title: doc.title, meta: {} }));
      const word = wordBilanLayout(analysis, { palette, contract: doc.contract });
      await stage('écriture docx', () => renderDocx(word, { title: doc.title, properties: {} }));
      await stage('écriture json', () =>
        bilanJsonText({
          fingerprint: null,
          version: 'bench',
          file: 'grand.xlsx',
          palette: { source: reading.paletteSource, colours: palette },
          analysis,
        }),
      );
    }
    process.stdout.write('étapes de convert sur le grand classeur (dans ce processus) :\n');
    for (const [name, values] of Object.entries(stages)) {
      process.stdout.write(`  ${name.padEnd(36)} ${seconds(median(values)).padStart(7)} s\n`);
    }
    // The same workbook saved by LibreOffice as .ods, read by our .ods reader (when LibreOffice is here).
    try {
      execFileSync('soffice', ['--headless', '--convert-to', 'ods', '--outdir', dir, large], { stdio: 'ignore' });
      const odsBytes = new Uint8Array(readFileSync(large.replace(/\.xlsx$/, '.ods')));
      const odsTimes: number[] = [];
      for (let round = 0; round < RUNS; round++) {
        const t = performance.now();
        await readWorkbook(odsBytes, 'grand.ods');
        odsTimes.push(performance.now() - t);
      }
      process.stdout.write(`lecture seule du même classeur en .ods : ${seconds(median(odsTimes))} s\n`);
    } catch {
      process.stdout.write(`lecture .ods non mesurée : LibreOffice (soffice) n'est pas installé\n`);
    }
    const ratio = convert / floor;
    const speedup = jobs1 / jobs2;
    const inputXml = unzippedMb(readFileSync(large));
    const bilanXml = unzippedMb(readFileSync(join(dir, 'out-large', 'grand-20000-actions.bilan.xlsx')));
    process.stdout.write(
      `XML décompressé : classeur d'entrée ${inputXml.toFixed(1)} Mo (lu et réécrit par le plancher), ` +
        `bilan écrit par convert ${bilanXml.toFixed(1)} Mo\n`,
    );
    process.stdout.write(`objectifs : ratio ≤ 0.7, jobs_speedup ≥ 1.6, peak_rss_mb ≤ 300\n`);
    process.stdout.write(`ratio=${ratio.toFixed(2)} jobs_speedup=${speedup.toFixed(2)} peak_rss_mb=${peak}\n`);
  } finally {
    if (process.env.BENCH_KEEP) process.stdout.write(`dossier gardé : ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`Échec du benchmark : ${String(e)}\n`);
    process.exit(1);
  });
}

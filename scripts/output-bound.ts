/**
 * Measures that `convert`'s outputs grow with its input, not with its square or its repetitions
 * (`npm run bound`, which builds first): the hostile workbooks of issue 24 (5,000 rows sharing one
 * code; 2,000 distinct 30,000-character states; 2,000 × 30,000-character titles) and the fuzz
 * corpus (scripts/fuzz-corpus.ts: its hand-made hostile workbooks and BOUND_FUZZ_COUNT mutated
 * samples, 300 by default) are converted by the built command, as a user would run it, to xlsx,
 * html, docx and json. For each workbook it prints the input's uncompressed size, the outputs'
 * total size and whether the bound holds: outputs together ≤ 6 × the input's uncompressed size +
 * 2 MB. Exits 1 when it fails for any workbook. `measureCase` converts in-process, for the test
 * (test/output-bound.test.ts).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { strToU8, Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { convertFile } from '../cli/convert-file';
import { OUTPUT_FORMATS } from '../cli/convert-task';
import { hostileWorkbooks, mutatedWorkbooks } from './fuzz-corpus';

/** The bound: outputs together ≤ OUTPUT_FACTOR × the input's uncompressed size + OUTPUT_SLACK bytes. */
export const OUTPUT_FACTOR = 6;
export const OUTPUT_SLACK = 2 * 1024 * 1024;

/** The most bytes counted when inflating an input (a zip bomb is refused by the reader anyway). */
const COUNT_CAP = 1024 * 1024 * 1024;

export interface BoundCase {
  name: string;
  bytes: Uint8Array;
}

export interface BoundMeasure {
  name: string;
  /** The file's size. */
  inputBytes: number;
  /** What its parts inflate to (the file's size for what is not a zip). */
  uncompressedBytes: number;
  /** The outputs written, all formats together (0 when the conversion failed). */
  outputBytes: number;
  /** Size of each output written, by format. */
  byFormat: Partial<Record<string, number>>;
  /** The conversion's error code, or null when it wrote its outputs. */
  error: string | null;
  bound: number;
  holds: boolean;
  ms: number;
}

/** The bound for an input of this uncompressed size. */
export function outputBound(uncompressedBytes: number): number {
  return OUTPUT_FACTOR * uncompressedBytes + OUTPUT_SLACK;
}

/**
 * The bytes the parts of a zip inflate to, counted as a stream (never held whole), up to COUNT_CAP;
 * for what is not a zip or stops inflating, at least the file's own size.
 */
export function uncompressedSize(bytes: Uint8Array): number {
  let total = 0;
  try {
    const unzip = new Unzip((file) => {
      file.ondata = (err, chunk) => {
        if (err) return;
        total += chunk.length;
        if (total > COUNT_CAP) file.terminate();
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    unzip.push(bytes, true);
  } catch {
    // A damaged zip: what inflated so far counts.
  }
  return Math.max(total, bytes.length);
}

// ---------------------------------------------------------------------------------------------
// The hostile workbooks of the issue

const DATE = new Date(Date.UTC(2024, 0, 15));
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A one-sheet workbook « Suivi 2023 » whose rows are given as texts (shared strings), the first row the header. */
function tableWorkbook(rows: readonly (readonly string[])[]): Uint8Array {
  const strings = new Map<string, number>();
  const index = (t: string) => {
    let i = strings.get(t);
    if (i === undefined) {
      i = strings.size;
      strings.set(t, i);
    }
    return i;
  };
  const column = (c: number) => String.fromCharCode(65 + c);
  const sheetRows = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row
          .map((t, c) => (t === '' ? '' : `<c r="${column(c)}${r + 1}" t="s"><v>${index(t)}</v></c>`))
          .join('')}</row>`,
    )
    .join('');
  const sst = [...strings.keys()].map((t) => `<si><t xml:space="preserve">${escape(t)}</t></si>`).join('');
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      '<sheets><sheet name="Suivi 2023" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN_NS}">${sst}</sst>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  const input: Zippable = {};
  for (const [name, text] of Object.entries(parts)) input[name] = [strToU8(text), { mtime: DATE }];
  return zipSync(input);
}

const HEADER = ['ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];

/** « 0 texte texte texte… » of exactly `length` characters, distinct for each `i`. */
function longText(i: number, length: number, words: string): string {
  return `${i} `.padEnd(length, words);
}

/**
 * The hostile workbooks of issue 24 §5, `scale` times their size (1: the issue's; a test takes a
 * small one): rows sharing one code, whose states repeat the same checks on every row; distinct
 * states of 30,000 characters; titles of 30,000 characters.
 */
export function issueWorkbooks(scale = 1, textLength = 30_000): BoundCase[] {
  const n = (count: number) => Math.max(10, Math.round(count * scale));
  // One state in five each: « Réalisé » unqualified on a sheet that qualifies others
  // (STATUS_AMBIGUOUS) and « Abandonné » without a remark (ABANDON_WITHOUT_REASON) on 1 row in 5.
  const states = ['Réalisé', 'Abandonné', 'En cours', 'Non commencé', 'Réalisé et clos'];
  const sameCode = [HEADER];
  for (let i = 0; i < n(5_000); i++)
    sameCode.push([`Action numéro ${i}`, '1.1.1', `Porteur ${i % 7}`, states[i % 5], '']);
  const longStates = [HEADER];
  for (let i = 0; i < n(2_000); i++) {
    longStates.push([`Action ${i}`, `1.1.${i + 1}`, 'CPTS', longText(i, textLength, 'état inconnu '), '']);
  }
  const longTitles = [HEADER];
  for (let i = 0; i < n(2_000); i++) {
    longTitles.push([longText(i, textLength, 'intitulé très long '), `1.1.${i + 1}`, 'CPTS', states[i % 4], 'vu']);
  }
  const k = (count: number) => (count >= 1000 ? `${Math.round(count / 1000)}000` : String(count));
  return [
    { name: `${k(n(5_000))}-lignes-meme-numero.xlsx`, bytes: tableWorkbook(sameCode) },
    { name: `${k(n(2_000))}-etats-de-${textLength}-caracteres.xlsx`, bytes: tableWorkbook(longStates) },
    { name: `${k(n(2_000))}-titres-de-${textLength}-caracteres.xlsx`, bytes: tableWorkbook(longTitles) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Converts one workbook in this process, to every format, in `folder`, and measures its outputs. */
export async function measureCase(c: BoundCase, folder: string): Promise<BoundMeasure> {
  const input = join(folder, c.name);
  writeFileSync(input, c.bytes);
  const start = performance.now();
  const result = await convertFile({
    input,
    outputBase: join(folder, c.name.replace(/\.\w+$/, '.bilan')),
    formats: [...OUTPUT_FORMATS],
    force: true,
  });
  const ms = performance.now() - start;
  const byFormat: Partial<Record<string, number>> = {};
  for (const path of result.outputs) byFormat[path.slice(path.lastIndexOf('.') + 1)] = statSync(path).size;
  const outputBytes = Object.values(byFormat).reduce<number>((n, s) => n + (s ?? 0), 0);
  const uncompressedBytes = uncompressedSize(c.bytes);
  const bound = outputBound(uncompressedBytes);
  for (const path of [input, ...result.outputs]) rmSync(path, { force: true });
  return {
    name: c.name,
    inputBytes: c.bytes.length,
    uncompressedBytes,
    outputBytes,
    byFormat,
    error: result.ok ? null : (result.error?.code ?? 'ERREUR'),
    bound,
    holds: outputBytes <= bound,
    ms,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)} Mo`;
}

/** One line per workbook: sizes, the ratio, whether the bound holds. */
export function describeMeasure(m: BoundMeasure): string {
  const formats = Object.entries(m.byFormat)
    .map(([f, s]) => `${f} ${mb(s ?? 0)}`)
    .join(', ');
  const ratio = m.uncompressedBytes > 0 ? (m.outputBytes / m.uncompressedBytes).toFixed(2) : '—';
  return (
    `${m.holds ? 'OK   ' : 'ÉCHEC'} ${m.name} : entrée ${mb(m.inputBytes)} (décompressée ${mb(m.uncompressedBytes)}), ` +
    `sorties ${mb(m.outputBytes)} (×${ratio}${formats ? ` ; ${formats}` : ''}), borne ${mb(m.bound)}` +
    `${m.error ? `, non converti : ${m.error}` : ''}${Number.isFinite(m.ms) ? `, ${Math.round(m.ms)} ms` : ''}`
  );
}

/** The formats but Word, for a workbook whose Word bilan is past the command's limits. */
const WITHOUT_WORD = OUTPUT_FORMATS.filter((f) => f !== 'docx');

/** What `convert --json` says of each file. */
interface CliReport {
  files: { input: string; ok: boolean; outputs: string[]; error: { code: string } | null }[];
}

/**
 * Converts the cases with the built command, as a user would: each file in a worker of the pool,
 * with the command's limits of time and memory (a workbook past them fails alone, writing nothing).
 */
export function measureWithCli(
  cases: readonly BoundCase[],
  folder: string,
  bin: string,
  formats: readonly string[] = OUTPUT_FORMATS,
): BoundMeasure[] {
  if (cases.length === 0) return [];
  const input = join(folder, 'entrees');
  const out = join(folder, 'bilans');
  rmSync(input, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(input, { recursive: true });
  for (const c of cases) writeFileSync(join(input, c.name), c.bytes);
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [bin, 'convert', input, '--out', out, '--format', formats.join(','), '--force', '--json', '--quiet'],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
  );
  const ms = performance.now() - start;
  let report: CliReport;
  try {
    report = JSON.parse(run.stdout) as CliReport;
  } catch {
    throw new Error(`convert n'a pas rendu de compte rendu JSON (code ${run.status}) : ${run.stderr.slice(0, 2000)}`);
  }
  const byName = new Map(report.files.map((f) => [basename(f.input), f]));
  const measures = cases.map((c) => {
    const file = byName.get(c.name);
    const byFormat: Partial<Record<string, number>> = {};
    for (const path of file?.outputs ?? []) byFormat[path.slice(path.lastIndexOf('.') + 1)] = statSync(path).size;
    const outputBytes = Object.values(byFormat).reduce<number>((n, s) => n + (s ?? 0), 0);
    const uncompressedBytes = uncompressedSize(c.bytes);
    const bound = outputBound(uncompressedBytes);
    return {
      name: c.name,
      inputBytes: c.bytes.length,
      uncompressedBytes,
      outputBytes,
      byFormat,
      error: !file ? 'ABSENT' : file.ok ? null : (file.error?.code ?? 'ERREUR'),
      bound,
      holds: outputBytes <= bound,
      ms: cases.length === 1 ? ms : NaN,
    };
  });
  rmSync(input, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return measures;
}

async function main(): Promise<number> {
  // Run from dist/scripts (npm run bound builds first) or from scripts/ (tsx): the project's root.
  const root = [join(__dirname, '..'), join(__dirname, '..', '..')].find((d) => existsSync(join(d, 'package.json')));
  if (!root) throw new Error('dossier du projet introuvable');
  const bin = join(root, 'bin', 'cls-bilan.js');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('lancez « npm run build » d’abord');
  const samples = join(root, 'samples');
  const count = Number(process.env.BOUND_FUZZ_COUNT ?? 300);
  const sources = [samples, join(samples, 'ods')].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.xlsx') || f.endsWith('.ods'))
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })),
  );
  const groups: { title: string; cases: () => BoundCase[]; oneByOne: boolean }[] = [
    { title: 'Classeurs hostiles du ticket 24', cases: () => issueWorkbooks(), oneByOne: true },
    { title: 'Classeurs hostiles du corpus de fuzz', cases: () => hostileWorkbooks(), oneByOne: true },
    {
      title: `${count} classeurs modifiés du corpus de fuzz (scripts/fuzz-corpus.ts)`,
      cases: () => mutatedWorkbooks(sources, count),
      oneByOne: false,
    },
  ];
  const folder = mkdtempSync(join(tmpdir(), 'cls-bilan-bound-'));
  let failed = 0;
  let measured = 0;
  let worst: BoundMeasure | null = null;
  let largestRatio: BoundMeasure | null = null;
  const ratio = (m: BoundMeasure) => m.outputBytes / Math.max(1, m.uncompressedBytes);
  try {
    for (const group of groups) {
      process.stdout.write(`\n${group.title}\n`);
      const cases = group.cases();
      const batches = group.oneByOne ? cases.map((c) => [c]) : [cases];
      for (const batch of batches) {
        const measures = measureWithCli(batch, folder, bin);
        // A workbook past the command's limits writes nothing: the formats but Word are measured
        // again without it (the Word bilan is the heaviest to build), so that its size is known too.
        for (const m of [...measures]) {
          if (m.error !== 'TIMEOUT' && m.error !== 'OUT_OF_MEMORY') continue;
          const c = batch.find((b) => b.name === m.name);
          const [without] = c ? measureWithCli([c], folder, bin, WITHOUT_WORD) : [];
          if (without) measures.push({ ...without, name: `${m.name} (sans docx)` });
        }
        for (const m of measures) {
          measured++;
          if (!m.holds) failed++;
          if (!worst || m.outputBytes / m.bound > worst.outputBytes / worst.bound) worst = m;
          if (m.uncompressedBytes > 1024 * 1024 && (!largestRatio || ratio(m) > ratio(largestRatio))) largestRatio = m;
          process.stdout.write(`${describeMeasure(m)}\n`);
        }
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${measured} classeurs mesurés, borne (sorties ≤ ${OUTPUT_FACTOR} × entrée décompressée + ${mb(OUTPUT_SLACK)}) ` +
      `${failed === 0 ? 'tenue pour tous' : `dépassée pour ${failed}`}.` +
      (worst ? ` Le plus proche de la borne : ${worst.name}, ${mb(worst.outputBytes)} sur ${mb(worst.bound)}.` : '') +
      (largestRatio
        ? ` Plus fort rapport au-delà de 1 Mo décompressé : ${largestRatio.name}, ×${ratio(largestRatio).toFixed(2)}.`
        : '') +
      '\n',
  );
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

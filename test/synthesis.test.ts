/**
 * The synthesis of a region's contracts: `convert` of the samples writes one line per contract (its
 * yearly files and their .ods copies grouped), whose numbers are those of the bilan of the file
 * giving its last year, the region's totals, the files left out; it is incremental like the
 * bilans. The core's totals are checked on random sets of counts.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { emptyCounts, type StatusCounts } from '../core/base/status-counts';
import { doneCount, donePercentOf } from '../core/report/bilan';
import { type ContractSummary, regionSynthesis } from '../core/report/region-synthesis';
import { STATUS_IDS } from '../core/base/status';
import { ROOT, runCli } from './run-cli';

const SAMPLES = join(ROOT, 'samples');

const run = runCli;

/** Every workbook of the samples folder, subfolders included, as `convert` finds them. */
function sampleFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sampleFiles(join(dir, e.name), `${prefix}${e.name}/`)
      : /\.(xlsx|ods)$/.test(e.name)
        ? [`${prefix}${e.name}`]
        : [],
  );
}

interface BilanJson {
  sheets: { bilan: { year: number | null; total: number; counts: StatusCounts; donePercent: number } }[];
}

describe('convert samples: the synthesis of the contracts', () => {
  const out = mkdtempSync(join(tmpdir(), 'cls-synthese-'));
  const files = sampleFiles(SAMPLES);
  let report: {
    synthesis: { contracts: ContractSummary[]; totals: { actions: number; counts: StatusCounts }; upToDate: boolean };
  };
  let sheet: ExcelJS.Worksheet;
  let annex: ExcelJS.Worksheet;
  let stderr = '';
  beforeAll(async () => {
    const r = await run(['convert', SAMPLES, '--out', out, '--format', 'xlsx,html,json', '--json']);
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout);
    stderr = r.stderr;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'synthese-contrats.xlsx'));
    [sheet, annex] = wb.worksheets;
  }, 120_000);

  test('two contracts, not twelve files: each .ods is a copy of its .xlsx, the yearly files and the four-year file one contract', () => {
    expect(files.length).toBe(12);
    const { contracts } = report.synthesis;
    expect(contracts).toHaveLength(2);
    const all = contracts.flatMap((c) => [...c.files, ...c.copies.map((k) => k.file)]);
    expect(all.map((f) => f.replace(/^.*samples\//, '')).sort()).toEqual([...files].sort());
    // Every .ods is the copy of its .xlsx twin, counted once.
    for (const ods of files.filter((f) => f.endsWith('.ods'))) {
      const copy = contracts.flatMap((c) => c.copies).find((k) => k.file.endsWith(ods));
      expect(copy?.of).toMatch(/\.xlsx$/);
    }
    expect(contracts.every((c) => c.conflicts.length === 0)).toBe(true);
    expect(stderr).toMatch(/12 fichiers → 2 contrats/);
  });

  test('each line: its last year’s numbers, equal to the JSON bilan of the file that gives that year', () => {
    let header = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'Contrat' && !header) header = n;
    });
    const headers = (sheet.getRow(header).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    const col = (name: string) => headers.indexOf(name);
    // The committee's table: no file, no checks (they go to the annex).
    for (const gone of ['Fichier', 'Erreurs', 'Avertissements', 'Reculs']) expect(col(gone)).toBe(-1);
    const lines: ExcelJS.Row[] = [];
    for (let n = header + 1; sheet.getRow(n).getCell(1).value !== 'Total de la région'; n++)
      lines.push(sheet.getRow(n));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const link = line.getCell(col('Bilan')).value as { text: string; hyperlink: string };
      expect(existsSync(join(out, link.hyperlink))).toBe(true);
      const json: BilanJson = JSON.parse(readFileSync(join(out, link.hyperlink.replace(/\.html$/, '.json')), 'utf8'));
      const year = line.getCell(col('Dernière année')).value;
      const own = json.sheets.find((s) => s.bilan.year === year)?.bilan;
      if (!own) throw new Error(`the bilan linked has no ${String(year)}`);
      expect(line.getCell(col('Actions')).value).toBe(own.total);
      expect(line.getCell(col('En cours')).value).toBe(own.counts.en_cours);
      expect(line.getCell(col('Réalisé (clos)')).value).toBe(own.counts.realise_clos);
      expect(line.getCell(col('Non commencé')).value).toBe(own.counts.non_commence);
      expect(line.getCell(col('Abandonné')).value).toBe(own.counts.abandonne);
      expect(Math.round(Number(line.getCell(col('% réalisé')).value) * 100)).toBe(own.donePercent);
    }
    // PETR's four years read as one contract: its change over a year is there.
    const petr = report.synthesis.contracts.find((c) => c.years.length === 4);
    expect(petr?.change).not.toBeNull();
    expect(annex.getCell('A1').value).toBe('Fichiers et contrôles des contrats');
  });

  test('sorted by name; the region’s totals are the sum of the lines; --json has the same data', () => {
    const { contracts, totals } = report.synthesis;
    const names = contracts.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base', numeric: true })));
    expect(totals.actions).toBe(contracts.reduce((n, c) => n + c.actions, 0));
    for (const id of STATUS_IDS) expect(totals.counts[id]).toBe(contracts.reduce((n, c) => n + c.counts[id], 0));
  });

  test('the html page has the same lines, links that open each bilan, and the chart', () => {
    const html = readFileSync(join(out, 'synthese-contrats.html'), 'utf8');
    const links = [...html.matchAll(/<a href="([^"]+\.bilan\.html)">/g)].map((m) => decodeURI(m[1]));
    expect(links).toHaveLength(2);
    for (const l of links) expect(existsSync(join(out, l))).toBe(true);
    expect(html).toContain('<svg');
    expect(html).toMatch(/«\s*%\s*réalisé\s*»\s*des contrats/);
  });

  test('a second run rewrites nothing: the synthesis is « à jour »', async () => {
    const path = join(out, 'synthese-contrats.xlsx');
    const before = statSync(path).mtimeMs;
    const r = await run(['convert', SAMPLES, '--out', out, '--format', 'xlsx,html,json', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).synthesis.upToDate).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before);
  }, 120_000);
});

describe('the synthesis lists the files that could not be read, and keeps a file that is not ours', () => {
  const input = mkdtempSync(join(tmpdir(), 'cls-synthese-in-'));
  const out = mkdtempSync(join(tmpdir(), 'cls-synthese-out-'));
  beforeAll(() => {
    cpSync(join(SAMPLES, 'petr-bilan-2022.xlsx'), join(input, 'cls-a.xlsx'));
    cpSync(join(SAMPLES, 'metz-fiches-actions-2018.xlsx'), join(input, 'cls-b.xlsx'));
    writeFileSync(join(input, 'abime.xlsx'), 'pas un classeur');
  });

  test('two contracts and a broken file: the file is listed with its reason, exit 1', async () => {
    const r = await run(['convert', input, '--out', out, '--json']);
    expect(r.code).toBe(1);
    const { synthesis } = JSON.parse(r.stdout);
    // « Contrat local de santé (cls-a) » (unnamed, told apart by its file) before « Contrat Local de Santé du territoire messin » (its title).
    expect(synthesis.contracts.map((c: ContractSummary) => c.file.split('/').pop())).toEqual([
      'cls-a.xlsx',
      'cls-b.xlsx',
    ]);
    expect(synthesis.contracts[0].name).toBe('Contrat local de santé (cls-a)');
    expect(synthesis.contracts[1].name).toMatch(/^Contrat Local de Santé du territoire messin/);
    expect(synthesis.failures).toHaveLength(1);
    expect(synthesis.failures[0].file).toMatch(/abime\.xlsx$/);
    expect(synthesis.failures[0].code).toBe('TEXT_FILE');
    const html = readFileSync(join(out, 'synthese-contrats.html'), 'utf8');
    expect(html).toContain('Fichiers non lus');
    expect(html).toContain('abime.xlsx');
  }, 60_000);

  test('a synthese-contrats.xlsx that is not ours is kept, and said; --force replaces it', async () => {
    writeFileSync(join(out, 'synthese-contrats.xlsx'), 'le tableau de quelqu’un');
    const r = await run(['convert', input, '--out', out]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(out, 'synthese-contrats.xlsx'), 'utf8')).toBe('le tableau de quelqu’un');
    expect(r.stderr).toMatch(/n.est pas une synthèse écrite par cls-bilan/);
    const forced = await run(['convert', input, '--out', out, '--force', '--json']);
    expect(JSON.parse(forced.stdout).synthesis.outputs).toHaveLength(2);
    expect(readFileSync(join(out, 'synthese-contrats.xlsx')).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  test('a single contract writes no synthesis', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'cls-synthese-1-'));
    const r = await run(['convert', join(input, 'cls-a.xlsx'), '--out', alone, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).synthesis).toBeUndefined();
    expect(existsSync(join(alone, 'synthese-contrats.xlsx'))).toBe(false);
  }, 60_000);
});

describe('regionSynthesis on random sets of counts', () => {
  /** A small deterministic generator (mulberry32), so that a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  test('300 regions: totals are the sums, the % réalisé is rounded as a bilan’s, lines in name order', () => {
    const next = random(15);
    for (let region = 0; region < 300; region++) {
      const n = 1 + Math.floor(next() * 12);
      const lines: ContractSummary[] = Array.from({ length: n }, (_, i) => {
        const counts = emptyCounts();
        for (const k of Object.keys(counts) as (keyof StatusCounts)[])
          counts[k] = Math.floor(next() * (next() < 0.2 ? 0 : 40));
        const actions = Object.values(counts).reduce((a, b) => a + b, 0);
        return {
          name: `CLS ${String.fromCharCode(65 + Math.floor(next() * 26))}${i}`,
          file: `f${i}.xlsx`,
          files: [`f${i}.xlsx`],
          copies: [],
          conflicts: [],
          years: [2023],
          lastYear: 2023,
          actions,
          counts,
          done: doneCount(counts),
          donePercent: donePercentOf(counts),
          change: null,
          errors: Math.floor(next() * 3),
          warnings: Math.floor(next() * 9),
          regressions: Math.floor(next() * 2),
          bilan: null,
        };
      });
      const s = regionSynthesis(lines, []);
      let actions = 0;
      let done = 0;
      for (const l of lines) {
        actions += l.actions;
        done += l.done;
      }
      expect(s.totals.actions).toBe(actions);
      expect(s.totals.done).toBe(done);
      expect(s.totals.contracts).toBe(n);
      // The done actions together, rounded half up as a bilan's « % réalisé »: within half a point.
      if (actions > 0) expect(Math.abs(s.totals.donePercent - (100 * done) / actions)).toBeLessThanOrEqual(0.5);
      else expect(s.totals.donePercent).toBe(0);
      expect(s.totals.errors).toBe(lines.reduce((k, l) => k + l.errors, 0));
      for (let i = 1; i < s.contracts.length; i++) {
        expect(
          s.contracts[i - 1].name.localeCompare(s.contracts[i].name, 'fr', { sensitivity: 'base', numeric: true }),
        ).toBeLessThanOrEqual(0);
      }
    }
  });
});

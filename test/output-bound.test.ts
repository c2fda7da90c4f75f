/**
 * Outputs that grow with the input, not with its square or its repetitions (issue 24 §5): the
 * hostile workbooks of scripts/output-bound.ts, scaled down, converted in-process to xlsx, html,
 * docx and json; the grouped findings of the Contrôles annex, the json and `inspect`; long texts
 * cut in the bilans and the json. `npm run bound` measures the full-size cases and the fuzz corpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWorkbook, allDiagnostics } from '../core/report/analysis';
import { type SheetLayout } from '../core/layout/sheet-layout';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { bilanJsonText } from '../core/layout/bilan-json';
import { FULL_LIST_COMMAND, GROUP_THRESHOLD, groupDiagnostics, lineCell } from '../core/check/diagnostic-groups';
import { diag, type Diagnostic } from '../core/check/diagnostics';
import { readTrackingWorkbook } from '../core/read/read-tracking';
import { DEFAULT_PALETTE } from '../core/base/status';
import { cutForJson, cutShown, MAX_JSON_TEXT, MAX_SHOWN_TEXT } from '../core/base/text';
import { type BoundCase, issueWorkbooks, measureCase, OUTPUT_FACTOR } from '../scripts/output-bound';
import { runCli } from './run-cli';

/** The issue's workbooks at 1/20 of their size: 250 rows sharing one code, 100 states and 100 titles of 30,000 characters. */
const SCALE = 0.05;
const [sameCode, longStates, longTitles] = issueWorkbooks(SCALE);

let folder = '';
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'cls-bilan-bound-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Each case converted once, its measure shared by the tests. */
const measures = new Map<string, ReturnType<typeof measureCase>>();
function measured(c: BoundCase): ReturnType<typeof measureCase> {
  let m = measures.get(c.name);
  if (!m) {
    m = measureCase(c, folder);
    measures.set(c.name, m);
  }
  return m;
}

async function analysed(c: BoundCase) {
  const reading = await readTrackingWorkbook(c.bytes, c.name);
  return { reading, analysis: analyzeWorkbook(reading, { palette: reading.palette }) };
}

describe('the bound: outputs together ≤ 6 × the input uncompressed + 2 MB', () => {
  test.each([sameCode, longStates, longTitles].map((c) => [c.name, c] as const))(
    '%s, converted to xlsx, html, docx and json',
    async (_name, c) => {
      const m = await measured(c);
      expect(m.error).toBeNull();
      expect(Object.keys(m.byFormat).sort()).toEqual(['docx', 'html', 'json', 'xlsx']);
      expect(m.outputBytes).toBeLessThanOrEqual(m.bound);
      expect(m.holds).toBe(true);
    },
  );

  test('rows sharing one code: each row added adds less than 6 times its own size (no output per repetition)', async () => {
    // The fixed part of the outputs (styles, page, Word template) is left out by taking the difference.
    const [twice] = issueWorkbooks(2 * SCALE);
    const small = await measured(sameCode);
    const large = await measured(twice);
    const addedIn = large.uncompressedBytes - small.uncompressedBytes;
    const addedOut = large.outputBytes - small.outputBytes;
    expect(addedIn).toBeGreaterThan(0);
    expect(addedOut).toBeLessThanOrEqual(OUTPUT_FACTOR * addedIn);
  });

  test.each([longStates, longTitles].map((c) => [c.name, c] as const))(
    '%s: long texts are not repeated, the outputs are smaller than the input',
    async (_name, c) => {
      const m = await measured(c);
      expect(m.outputBytes).toBeLessThan(m.uncompressedBytes);
    },
  );
});

describe('findings grouped per check and sheet', () => {
  const finding = (code: 'STATUS_AMBIGUOUS' | 'STATUS_NONCANONICAL', sheet: string, row: number): Diagnostic =>
    diag(
      code,
      sheet,
      `D${row}`,
      `Message de la ligne ${row}.`,
      code === 'STATUS_NONCANONICAL' ? [{ cell: `D${row}`, value: 'En cours' }] : null,
    );

  test(`up to ${GROUP_THRESHOLD} stay one a line; beyond, one line per check and sheet, every cell and fix kept`, () => {
    const ten = Array.from({ length: GROUP_THRESHOLD }, (_, i) => finding('STATUS_AMBIGUOUS', 'A', i + 2));
    expect(groupDiagnostics(ten)).toEqual(ten);
    const many = Array.from({ length: 1000 }, (_, i) => finding('STATUS_NONCANONICAL', 'A', i + 2));
    const other = finding('STATUS_AMBIGUOUS', 'B', 5);
    const lines = groupDiagnostics([...many.slice(0, 3), other, ...many.slice(3)]);
    expect(lines).toHaveLength(2);
    const [group, single] = lines;
    expect(single).toEqual(other);
    expect(group.count).toBe(1000);
    expect(group.cells).toHaveLength(1000);
    expect(group.fix).toHaveLength(1000);
    expect(group.cell).toBe('D2');
    expect(lineCell(group)).toBe('D2…D1001');
    expect(group.message).toMatch(/lignes 2, 3, 4, 5, 6… et 995\s+autres lignes/);
    expect(group.message).toContain('Message de la ligne 2.');
    expect(group.message).toContain(FULL_LIST_COMMAND);
    // Another sheet, or another year of the same sheet, is another line.
    const years = [
      ...many.slice(0, 11).map((d) => ({ ...d, year: 2022 })),
      ...many.slice(0, 11).map((d) => ({ ...d, year: 2023 })),
    ];
    expect(groupDiagnostics(years).map((l) => [l.year, l.count])).toEqual([
      [2022, 11],
      [2023, 11],
    ]);
  });

  test('the Contrôles annex and the json of 250 rows sharing one code: a few lines, every cell in the json', async () => {
    const { reading, analysis } = await analysed(sameCode);
    const all = allDiagnostics(analysis);
    const counts = new Map<string, number>();
    for (const d of all) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    // One row in five is « Réalisé » unqualified, one in five abandoned without a remark.
    expect(counts.get('STATUS_AMBIGUOUS')).toBe(50);
    expect(counts.get('ABANDON_WITHOUT_REASON')).toBe(50);
    const { layout } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: 'suivi' });
    const controls = layout.sheets.find((s) => s.name === 'Contrôles') as SheetLayout;
    const lines = controls.rows.slice((controls.headerRow ?? 0) + 1);
    expect(lines.length).toBe(groupDiagnostics(all).length);
    expect(lines.length).toBeLessThan(15);
    const texts = controls.rows.flat().map((c) => String(c?.value ?? ''));
    expect(texts.some((t) => /lignes 2, 7, 12, 17, 22… et 45\s+autres lignes/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes(FULL_LIST_COMMAND))).toBe(true);
    const json = JSON.parse(
      bilanJsonText({
        fingerprint: null,
        version: '0',
        file: 'x.xlsx',
        palette: { source: 'défaut', colours: reading.palette },
        analysis,
      }),
    ) as { diagnostics: { code: string; count?: number; cells?: string[] }[] };
    expect(json.diagnostics).toHaveLength(lines.length);
    const ambiguous = json.diagnostics.find((d) => d.code === 'STATUS_AMBIGUOUS');
    expect(ambiguous?.count).toBe(50);
    expect(ambiguous?.cells).toHaveLength(50);
  });

  test('inspect groups the same way; --tout lists every finding', async () => {
    const input = join(folder, 'meme-numero.xlsx');
    writeFileSync(input, sameCode.bytes);
    const grouped = await runCli(['inspect', input]);
    expect(grouped.stdout).toMatch(/D2…D247 STATUS_AMBIGUOUS\s:\sCe contrôle revient 50\sfois/);
    expect(grouped.stdout).toMatch(/… et 45\s+autres lignes/);
    const all = await runCli(['inspect', '--tout', input]);
    const listed = all.stdout.split('\n').filter((l) => /^\s+\[(Erreur|Avertissement|Information)\]/.test(l));
    const json = JSON.parse((await runCli(['inspect', '--json', input])).stdout) as {
      files: { sheets: { diagnostics: unknown[] }[] }[];
    };
    expect(listed).toHaveLength(json.files[0].sheets[0].diagnostics.length);
    expect(listed.length).toBeGreaterThan(100);
    expect(all.stdout).not.toContain('Ce contrôle revient');
  }, 60_000);
});

describe('long texts', () => {
  test('cut for the bilans with an ellipsis, for the json with a marker that gives the length', () => {
    const long = 'x'.repeat(30_000);
    expect(cutShown('court')).toBe('court');
    expect(cutShown(long)).toHaveLength(MAX_SHOWN_TEXT);
    expect(cutShown(long).endsWith('…')).toBe(true);
    expect(cutForJson(long)).toBe(`${'x'.repeat(MAX_JSON_TEXT)} … [texte coupé\u00a0: 30\u202f000 caractères]`);
    // A surrogate pair is never split.
    const emoji = `${'a'.repeat(MAX_SHOWN_TEXT - 2)}😀😀`;
    expect(cutShown(emoji)).toBe(`${'a'.repeat(MAX_SHOWN_TEXT - 2)}…`);
  });

  test('2,000-character texts at most in the bilan layouts and the json', async () => {
    for (const c of [longStates, longTitles]) {
      const { reading, analysis } = await analysed(c);
      const { layout } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: 'suivi' });
      const longest = Math.max(
        ...layout.sheets.flatMap((s) => s.rows.flat().map((cell) => String(cell?.value ?? '').length)),
      );
      expect(longest).toBeLessThanOrEqual(MAX_SHOWN_TEXT);
      const text = bilanJsonText({
        fingerprint: null,
        version: '0',
        file: c.name,
        palette: { source: 'défaut', colours: reading.palette },
        analysis,
      });
      const strings: string[] = [];
      JSON.parse(text, (_key, value: unknown) => {
        if (typeof value === 'string') strings.push(value);
        return value;
      });
      expect(Math.max(...strings.map((s) => s.length))).toBeLessThanOrEqual(MAX_JSON_TEXT + 50);
      expect(text).toContain('[texte coupé\u00a0: 30\u202f000 caractères]');
    }
  });
});

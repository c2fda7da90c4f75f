/**
 * A workbook that names no contract: its bilans say « Contrat local de santé », never the file's
 * name (« CLS petr-bilan-2022 »), in their headings, footers and document properties, in every
 * format; `--contrat` names it; the file's name is in the annex only; `inspect` suggests the title
 * cell. Through the built command, as a user runs it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { typeset } from '../core/base/typography';
import { ROOT, runCli } from './run-cli';

const SAMPLE = join(ROOT, 'samples', 'petr-bilan-2022.xlsx');

function parts(path: string): Record<string, string> {
  const zip = unzipSync(new Uint8Array(readFileSync(path)));
  return Object.fromEntries(Object.entries(zip).map(([name, data]) => [name, strFromU8(data)]));
}

describe('a workbook that names no contract', () => {
  const out = mkdtempSync(join(tmpdir(), 'cls-contract-name-'));
  let code: number;
  beforeAll(async () => {
    code = (await runCli(['convert', SAMPLE, '--out', out, '--format', 'xlsx,html,docx', '--quiet'])).code;
  }, 120_000);

  test('the html: « Contrat local de santé » in its title and headings; the file name in the annex only', () => {
    expect(code).toBe(0);
    const html = readFileSync(join(out, 'petr-bilan-2022.bilan.html'), 'utf8');
    expect(html).toContain('<title>Bilan 2022 — Contrat local de santé</title>');
    expect(html).toContain('<h1>Bilan 2022 — Contrat local de santé</h1>');
    const annex = html.indexOf('<div class="annexe"');
    expect(annex).toBeGreaterThan(0);
    expect(html.slice(0, annex)).not.toContain('petr-bilan-2022');
    expect(html.slice(annex)).toContain(typeset('Classeur lu : « petr-bilan-2022 ».'));
  });

  test('the xlsx: title property, sheets and footers', () => {
    const xlsx = parts(join(out, 'petr-bilan-2022.bilan.xlsx'));
    expect(xlsx['docProps/core.xml']).toContain('<dc:title>Bilan 2022 — Contrat local de santé</dc:title>');
    const sheets = Object.entries(xlsx).filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    for (const [, xml] of sheets) expect(xml).not.toContain('CLS petr-bilan-2022');
    expect(xlsx['xl/sharedStrings.xml']).not.toContain('CLS petr-bilan-2022');
    expect(xlsx['xl/sharedStrings.xml']).toContain('Contrat local de santé — 71 actions');
  });

  test('the docx: title property and heading, footer', () => {
    const docx = parts(join(out, 'petr-bilan-2022.bilan.docx'));
    expect(docx['docProps/core.xml']).toContain('<dc:title>Bilan 2022 — Contrat local de santé</dc:title>');
    const all = Object.values(docx).join('\n');
    expect(all).not.toContain('petr-bilan-2022');
    const footer = Object.entries(docx).find(([name]) => /^word\/footer\d*\.xml$/.test(name))?.[1] ?? '';
    expect(footer).toContain('Bilan 2022 — Contrat local de santé');
  });

  test('--contrat names it', async () => {
    const named = mkdtempSync(join(tmpdir(), 'cls-contract-named-'));
    const r = await runCli([
      'convert',
      SAMPLE,
      '--out',
      named,
      '--format',
      'html',
      '--contrat',
      'CLS du PETR',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(named, 'CLS du PETR.bilan.html'), 'utf8');
    expect(html).toContain('<title>Bilan 2022 — CLS du PETR</title>');
    expect(html).not.toContain('Contrat local de santé —');
  }, 120_000);

  test('inspect suggests a title cell that names the contract', async () => {
    const r = await runCli(['inspect', SAMPLE]);
    expect(r.stdout).toContain('CONTRACT_UNNAMED');
    expect(r.stdout).toContain(typeset("les bilans l'appellent « Contrat local de santé »"));
    expect(r.stdout).toContain('une cellule au-dessus du tableau');
  }, 120_000);
});

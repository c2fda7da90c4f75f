/**
 * The Word bilan (`convert --format docx`), through the built command: the document's XML read
 * back (page, language, headings, legend, the grouped table with its shaded statuses, the
 * conclusion, the native chart), then opened by LibreOffice Writer and read back as PDF text. The
 * expected figures are the PETR report's (seed 002): 71 actions in 2022, legend 9/11/28/12/10/1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { textColourOn } from '../core/base/contrast';
import { DEFAULT_PALETTE, STATUS_IDS, type StatusId } from '../core/base/status';
import { typeset } from '../core/base/typography';
import { PETR } from './petr-report';
import { ROOT, runCli } from './run-cli';
import { convertToPdf, pdfText } from './libreoffice';

const SAMPLES = join(ROOT, 'samples');

const run = runCli;

/** The PETR report's legend for 2022 (seed 002: 9 / 11 / 28 / 12 / 10 / 1), in the legend's order. */
const LEGEND_2022: [StatusId, number][] = (
  ['realise_clos', 'realise_perenne', 'en_cours', 'reflexion', 'non_commence', 'abandonne'] as const
).map((id) => [id, PETR[2022].counts[id]]);

/** The text of a piece of WordprocessingML, runs joined, paragraphs on their own lines. */
function textOf(xml: string): string {
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

const tablesOf = (xml: string) => [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
const rowsOf = (table: string) => [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
const cellsOf = (row: string) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
const fillOf = (cell: string) => /<w:shd [^>]*w:fill="([0-9A-F]{6})"/.exec(cell)?.[1] ?? null;
const hex = (c: string) => c.replace('#', '').toUpperCase();

describe('convert --format docx', () => {
  const out = mkdtempSync(join(tmpdir(), 'cls-docx-'));
  let parts: Record<string, Uint8Array>;
  let doc: string;
  let four: string;
  let code: number;
  beforeAll(async () => {
    const r = await run([
      'convert',
      join(SAMPLES, 'petr-bilan-2022.xlsx'),
      join(SAMPLES, 'petr-coeur-de-lorraine-2020-2023.xlsx'),
      '--out',
      out,
      '--format',
      'docx',
      '--json',
    ]);
    code = r.code;
    parts = unzipSync(new Uint8Array(readFileSync(join(out, 'petr-bilan-2022.bilan.docx'))));
    doc = strFromU8(parts['word/document.xml']);
    four = strFromU8(
      unzipSync(new Uint8Array(readFileSync(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.docx'))))[
        'word/document.xml'
      ],
    );
  }, 60_000);

  test('A4 landscape, French, the title and each year under Word’s own heading styles', () => {
    expect(code).toBe(0);
    expect(doc).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const styles = strFromU8(parts['word/styles.xml']);
    expect(styles).toMatch(/<w:lang w:val="fr-FR"/);
    // Word's built-in heading styles (names compared without case), with their outline levels.
    expect(styles).toMatch(
      /<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="[Hh]eading 1"\/>(?:(?!<\/w:style>).)*<w:outlineLvl w:val="0"\/>/s,
    );
    expect(styles).toMatch(
      /<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="[Hh]eading 2"\/>(?:(?!<\/w:style>).)*<w:outlineLvl w:val="1"\/>/s,
    );
    const headings = (xml: string, style: string) =>
      [
        ...xml.matchAll(new RegExp(`<w:p>(?:(?!</w:p>).)*?<w:pStyle w:val="${style}"/>(?:(?!</w:p>).)*</w:p>`, 'gs')),
      ].map((m) => textOf(m[0]).trim());
    expect(headings(doc, 'Title')).toEqual(['Bilan 2022 — Contrat local de santé']);
    // The parts of the xlsx and the html, each under a first-level heading, its blocks under
    // second-level ones: the table of contents of the report.
    expect(headings(doc, 'Heading1')).toEqual(['Bilan 2022 par action', 'Synthèse — Contrat local de santé']);
    expect(headings(doc, 'Heading2')).toEqual([
      'Avancement des actions',
      typeset("État d'avancement des actions par année"),
      'Par axe — 2022',
      'Fiches-actions et pistes — 2022',
      'Par objectif — 2022',
      'Par porteur — 2022',
    ]);
    // The four-year bilan: one heading per year, then the synthesis of the years beside them (not
    // inside 2023), its changes from one year to the next, and the follow-up; each from a new page.
    expect(headings(four, 'Heading1')).toEqual([
      ...[2020, 2021, 2022, 2023].map((y) => `Bilan ${y} par action`),
      'Synthèse — Contrat local de santé',
      'Suivi pluriannuel des actions',
    ]);
    expect(headings(four, 'Heading2').filter((h) => /^Évolutions/.test(h))).toEqual([
      'Évolutions 2020 → 2021',
      'Évolutions 2021 → 2022',
      'Évolutions 2022 → 2023',
    ]);
    expect(four.match(/<w:pageBreakBefore\/>/g)).toHaveLength(5);
  });

  test('what the xlsx and the html have: per axe (with titles from another year), type, objective, porteur, follow-up', () => {
    const text = textOf(four);
    // 2023 writes its axes as « Axe 1 »: their titles come from the years that give them.
    expect(text).toMatch(/^1 – \S.*$/m);
    expect(text).not.toMatch(/^Axe 1$/m);
    for (const part of [
      'Fiches-actions',
      'Actions sans numéro',
      'Sans porteur',
      'Une action portée par plusieurs structures',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(typeset('Les pourcentages étant arrondis, leur somme peut différer de 100 %.'));
    // The follow-up: one row per action followed, with what happened to it.
    expect(text).toMatch(/réalisée en 20\d\d/);
  });

  test('the properties name the contract and cls-bilan', () => {
    const core = strFromU8(parts['docProps/core.xml']);
    expect(core).toContain('<dc:title>Bilan 2022 — Contrat local de santé</dc:title>');
    expect(core).toContain('<dc:creator>cls-bilan</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>cls-bilan</cp:lastModifiedBy>');
    expect(core).not.toMatch(/Un-named|petr-bilan-2022/);
  });

  test('the legend « Avancement des actions »: the count per status on its colour', () => {
    const legend = tablesOf(doc)[0];
    const lines = rowsOf(legend).map((row) => {
      const [count, sentence] = cellsOf(row);
      return [Number(textOf(count).trim()), fillOf(sentence)];
    });
    expect(lines).toEqual(LEGEND_2022.map(([id, n]) => [n, hex(DEFAULT_PALETTE[id])]));
  });

  test('the table: 71 action rows under a repeated header, statuses shaded in a readable text colour, pistes in italics', () => {
    const main = tablesOf(doc).find((t) => textOf(t).includes('ETAT AVANCEMENT ACTION')) ?? '';
    const [header, ...rows] = rowsOf(main);
    expect(header).toContain('<w:tblHeader/>');
    expect(rows).toHaveLength(71);
    expect(rows.every((r) => r.includes('<w:cantSplit/>'))).toBe(true);
    // Every status cell is the 6th column of its row: counted by colour, they make the legend.
    const byFill = new Map<string, number>();
    for (const row of rows) {
      const cells = cellsOf(row);
      const status = cells[cells.length - 2];
      const fill = fillOf(status);
      if (!fill) continue;
      byFill.set(fill, (byFill.get(fill) ?? 0) + 1);
      const colour = /<w:color w:val="([0-9A-F]{6})"\/>/.exec(status)?.[1];
      expect(colour).toBe(hex(textColourOn(`#${fill}`)));
    }
    const expected = new Map(LEGEND_2022.map(([id, n]) => [hex(DEFAULT_PALETTE[id]), n]));
    expect(byFill).toEqual(expected);
    expect(STATUS_IDS.filter((id) => id !== 'realise').map((id) => hex(DEFAULT_PALETTE[id]))).toEqual([
      ...expected.keys(),
    ]);
    // The axe and objective cells of a group are merged down its rows.
    expect(main.match(/<w:vMerge w:val="restart"\/>/g)?.length).toBeGreaterThan(10);
    // « 34 fiches-actions, 35 pistes d'action » (seed 002): each piste's title is in italics.
    const pistes = rows.filter((r) => cellsOf(r).some((c) => textOf(c).trim() === 'Piste'));
    expect(pistes).toHaveLength(35);
    for (const row of pistes) {
      const cells = cellsOf(row);
      const title = cells[cells.length - 5];
      expect(title).toContain('<w:i/>');
    }
  });

  test('the conclusion of the report', () => {
    const text = textOf(doc);
    expect(text).toContain(typeset('À ce jour, 28 % des actions sont réalisées, soit 20 actions et 1 % abandonnées.'));
    expect(text).toContain(typeset('Il reste à mener 50 actions.'));
  });

  test('a native Word chart of the states per year, with its data in an embedded workbook', () => {
    const rels = strFromU8(parts['word/_rels/document.xml.rels']);
    expect(rels).toMatch(/relationships\/chart" Target="charts\/chart1\.xml"/);
    const chart = strFromU8(parts['word/charts/chart1.xml']);
    expect(chart).toContain('<c:grouping val="stacked"/>');
    const series = chart.match(/<c:ser>/g) ?? [];
    expect(series).toHaveLength(6);
    for (const [id] of LEGEND_2022) expect(chart).toContain(`<a:srgbClr val="${hex(DEFAULT_PALETTE[id])}"/>`);
    expect(chart).toContain('2022 (28\u00a0% réalisé)');
    expect(Object.keys(parts).some((p) => /^word\/embeddings\/.+\.xlsx$/.test(p))).toBe(true);
  });

  test('incremental: the docx carries the fingerprint, a second run leaves it as it is', async () => {
    const path = join(out, 'petr-bilan-2022.bilan.docx');
    expect(strFromU8(parts['docProps/custom.xml'])).toMatch(/name="cls-bilan-empreinte"/);
    const before = statSync(path).mtimeMs;
    const again = await run([
      'convert',
      join(SAMPLES, 'petr-bilan-2022.xlsx'),
      '--out',
      out,
      '--format',
      'docx',
      '--json',
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files[0].upToDate).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before);
  });

  test('LibreOffice Writer opens it: the PDF has the title, the legend and the conclusion', () => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status !== 0) throw new Error('LibreOffice is required: apt-get install libreoffice-writer-nogui');
    convertToPdf(out, [join(out, 'petr-bilan-2022.bilan.docx')]);
    const pdf = join(out, 'petr-bilan-2022.bilan.pdf');
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    const text = pdfText(pdf);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    expect(text).toContain('Bilan 2022 par action');
    // Each page repeats the table's header and carries its footer.
    expect(pages.filter((p) => p.includes('REMARQUES')).length).toBeGreaterThan(2);
    expect(text).toMatch(new RegExp(`page ${pages.length} sur ${pages.length}`));
    for (const [, n] of LEGEND_2022) expect(text).toMatch(new RegExp(`^\\s*${n}\\s+\\S`, 'm'));
    expect(text.replace(/\s+/g, ' ')).toContain('À ce jour, 28 % des actions sont réalisées');
  }, 200_000);

  test('LibreOffice Writer prints the four-year bilan with no page holding a heading alone', () => {
    convertToPdf(out, [join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.docx')]);
    const text = pdfText(join(out, 'petr-coeur-de-lorraine-2020-2023.bilan.pdf'));
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    const body = (page: string) => page.split('\n').filter((l) => l.trim() !== '' && !/page \d+ sur \d+/.test(l));
    // A page of one or two lines: a heading left alone (headings are paragraphs, which Writer keeps
    // with what follows). A conclusion after a table is Word's to keep (below): Writer ignores
    // « keep with next » inside table cells, and may leave it on a page of its own.
    const conclusion = (page: string) => /À ce jour|Il reste à mener|En italique/.test(page);
    expect(
      pages.map((p, i) => ({ page: i + 1, lines: body(p).length, p })).filter((p) => p.lines <= 3 && !conclusion(p.p)),
    ).toEqual([]);
  }, 200_000);

  test('each year’s conclusion is kept with the last rows of its table, as Word keeps them (keepNext, rows unsplit)', () => {
    // Each « À ce jour » paragraph: the table just before it ends with rows whose every paragraph
    // keeps with the next (ECMA-376 §17.3.1.15), so Word moves them to the conclusion's page.
    const years = [
      ...four.matchAll(
        /<w:tbl>((?:(?!<w:tbl>)[\s\S])*?)<\/w:tbl>(?:<w:p>(?:(?!<w:tbl>)[\s\S])*?<\/w:p>)*?<w:p>(?:(?!<\/w:p>)[\s\S])*?À ce jour/g,
      ),
    ];
    expect(years.length).toBeGreaterThanOrEqual(4);
    for (const [, table] of years) {
      const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]);
      const last = rows.slice(-2);
      for (const row of last) {
        expect(row).toContain('<w:cantSplit/>');
        const paragraphs = [...row.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => m[1]);
        expect(paragraphs.length).toBeGreaterThan(0);
        for (const p of paragraphs) expect(p).toContain('<w:keepNext/>');
      }
    }
    // And the conclusion's own paragraphs keep with each other.
    const conclusion = /<w:p>((?:(?!<\/w:p>)[\s\S])*?)À ce jour/.exec(four)?.[1] ?? '';
    expect(conclusion).toContain('<w:keepNext/>');
  });
});

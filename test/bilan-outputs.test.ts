/**
 * The bilans as a steering committee reads them, on the seed samples: typography, contrast, the
 * tables of the html page, the type legend, the porteur block, the native chart of the xlsx and
 * the contract's name.
 */
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { renderHtml } from '../core/write/html';
import { renderXlsx } from '../cli/write-xlsx';
import { analyzeWorkbook, type WorkbookAnalysis } from '../core/report/analysis';
import { type SheetLayout, type WorkbookLayout } from '../core/layout/sheet-layout';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { contrastRatio } from '../core/base/contrast';
import { contractLabel, contractTitle, splitTitle } from '../core/read/contract-title';
import { gridFromRows } from '../core/base/grid';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { readTrackingSheet } from '../core/read/table-reader';
import { DEFAULT_PALETTE } from '../core/base/status';
import { count, formatNumber, fr, typeset } from '../core/base/typography';
import { SAMPLE_FILES, SAMPLES } from './sample-files';

interface Converted {
  analysis: WorkbookAnalysis;
  layout: WorkbookLayout;
  html: string;
}

const converted = new Map<string, Converted>();

async function convert(file: string): Promise<Converted> {
  const done = converted.get(file);
  if (done) return done;
  const analysis = analyzeWorkbook(await readTrackingFile(join(SAMPLES, file)));
  const { layout, title } = bilanDocument(analysis, {
    palette: DEFAULT_PALETTE,
    fileStem: file.replace(/\.xlsx$/, ''),
  });
  const result = { analysis, layout, html: renderHtml(layout, { title }) };
  converted.set(file, result);
  return result;
}

function sheet(layout: WorkbookLayout, name: string): SheetLayout {
  const found = layout.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

/** Text cells of a layout (the writers print them as they are). */
function texts(s: SheetLayout): string[] {
  return s.rows.flat().flatMap((c) => (typeof c?.value === 'string' ? [c.value] : []));
}

describe('French typography (core/base/typography.ts)', () => {
  test('no-break spaces before « : % » » and after « «  », narrow before « ; ! ? »', () => {
    expect(typeset('Lecture : en-tête ; colonnes ? « A » 28 %')).toBe(
      'Lecture\u00a0: en-tête\u202f; colonnes\u202f? «\u00a0A\u00a0» 28\u00a0%',
    );
    // Idempotent, and a colon without a space before it (an address, a time) is left alone.
    const once = typeset('Cellule A1:B2 à 10:30 : vérifiez');
    expect(once).toBe('Cellule A1:B2 à 10:30\u00a0: vérifiez');
    expect(typeset(once)).toBe(once);
  });

  test('one apostrophe (’) in our words, the user’s quoted text kept as written', () => {
    expect(typeset("L'action « l'été d'abord » n'a pas de porteur")).toBe(
      "L’action «\u00a0l'été d'abord\u00a0» n’a pas de porteur",
    );
    // A template of ours inserts a file name as it is on disk.
    const name = "suivi l'ARS.xlsx";
    expect(fr`Impossible d'écrire « ${name} » : disque plein`).toBe(
      `Impossible d’écrire «\u00a0suivi l'ARS.xlsx\u00a0»\u00a0: disque plein`,
    );
  });

  test('plurals agree with the count; 0 and 1 are singular', () => {
    expect(count(0, 'fichier')).toBe('0 fichier');
    expect(count(1, 'fichier lu', 'fichiers lus')).toBe('1 fichier lu');
    expect(count(11, 'point')).toBe('11 points');
  });

  test('a decimal comma; years and four digits stay whole, larger numbers grouped by a narrow space', () => {
    expect(formatNumber(0.9)).toBe('0,9');
    expect(formatNumber(2022)).toBe('2022');
    expect(formatNumber(20000)).toBe('20\u202f000');
    expect(formatNumber(-1234567.25)).toBe('-1\u202f234\u202f567,25');
  });

  test.each(SAMPLE_FILES)(
    '%s: every text of ours in the bilan is typeset (no plain space before : ; % », none after «)',
    async (file) => {
      const { layout, html } = await convert(file);
      for (const s of layout.sheets) {
        // The user's cells (titles, remarks) are theirs; ours are every text that typeset leaves unchanged.
        const ours = texts(s).filter((t) =>
          /^(Bilan|Synthèse|Avancement|Type d|État d|Par |À ce jour|Il reste|Évolutions|Contrôles|Sources|Rapprochements|Annexe|Une action|Chaque ligne|\d+ fiches?-actions?)/.test(
            t,
          ),
        );
        expect(ours.length).toBeGreaterThan(0);
        for (const t of ours) expect(typeset(t)).toBe(t);
      }
      expect(html).not.toMatch(/ (?:%|:)<\/(?:p|td|th)>/);
      expect(html).toContain('\u00a0% réalisé');
    },
  );

  test('the conclusion of the report, typeset: « À ce jour, 28 % … »', async () => {
    const { analysis } = await convert('petr-bilan-2022.xlsx');
    expect(analysis.sheets[0].bilan.conclusion).toBe(
      'À ce jour, 28\u00a0% des actions sont réalisées, soit 20 actions et 1\u00a0% abandonnées.',
    );
  });
});

describe('contrast of at least 4.5:1 in every cell of every bilan', () => {
  test.each(SAMPLE_FILES)('%s', async (file) => {
    const { layout } = await convert(file);
    for (const s of layout.sheets) {
      for (const cell of s.rows.flat()) {
        if (!cell || cell.value === null || cell.value === '') continue;
        const ratio = contrastRatio(cell.colour ?? '#000000', cell.fill ?? '#FFFFFF');
        if (ratio < 4.5) throw new Error(`${s.name}: « ${cell.value} » ${cell.colour} on ${cell.fill}: ${ratio}`);
      }
    }
  });
});

/** Each html table: the number of columns its header spans, and those of each body row. */
function htmlTables(html: string): { header: number; rows: number[] }[] {
  const spanOf = (cell: string) => Number(/colspan="(\d+)"/.exec(cell)?.[1] ?? 1);
  const width = (row: string) => [...row.matchAll(/<t[dh]\b[^>]*>/g)].reduce((n, m) => n + spanOf(m[0]), 0);
  return [...html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/g)].flatMap((m) => {
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(m[1]);
    if (!head) return [];
    const body = m[1].slice(m[1].indexOf('</thead>'));
    // Rows whose first cells are covered by a rowspan above are shorter: count the rowspans too.
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => r[1]);
    const pending: number[] = [];
    const widths = rows.map((row) => {
      const carried = pending.filter((n) => n > 0).length;
      for (let i = 0; i < pending.length; i++) pending[i]--;
      for (const cell of row.matchAll(/<t[dh]\b[^>]*>/g)) {
        const span = Number(/rowspan="(\d+)"/.exec(cell[0])?.[1] ?? 1);
        if (span > 1) pending.push(span - 1);
      }
      return width(row) + carried;
    });
    return [{ header: width(head[1]), rows: widths }];
  });
}

describe('the html page', () => {
  test.each(SAMPLE_FILES)('%s: each table has its own header, as wide as its rows', async (file) => {
    const { html, layout } = await convert(file);
    const tables = htmlTables(html);
    const expected = layout.sheets.reduce((n, s) => n + s.tableHeaders.length, 0);
    expect(tables).toHaveLength(expected);
    for (const t of tables) {
      expect(t.rows.length).toBeGreaterThan(0);
      for (const w of t.rows) expect(w).toBe(t.header);
    }
  });

  test('the Synthèse of four years: the statuses block, then one table per block with its own header', async () => {
    const { html } = await convert('petr-coeur-de-lorraine-2020-2023.xlsx');
    const synthesis = html.slice(html.indexOf('Synthèse —'), html.indexOf('Suivi pluriannuel des actions'));
    const headers = [...synthesis.matchAll(/<thead><tr>([\s\S]*?)<\/tr>\s*<\/thead>/g)].map((m) =>
      [...m[1].matchAll(/>([^<]*)<\/th>/g)].map((c) => c[1]),
    );
    expect(headers[0]).toEqual(['État', '2020', '2021', '2022', '2023', '% 2020', '% 2021', '% 2022', '% 2023']);
    expect(headers.slice(1, 5).map((h) => h[0])).toEqual(['Axe', 'Type', 'Objectif', 'Porteur']);
    expect(headers.slice(5).map((h) => h.join('|'))).toEqual([
      'État 2020|État 2021|Actions',
      'État 2021|État 2022|Actions',
      'État 2022|État 2023|Actions',
    ]);
  });

  test('the annex (checks, sources) comes after the bilan, printed only when its box is ticked', async () => {
    const { html } = await convert('petr-bilan-2022.xlsx');
    const annex = html.indexOf('<div class="annexe"');
    expect(annex).toBeGreaterThan(html.indexOf('Synthèse —'));
    expect(html.indexOf('Contrôles du tableau de suivi')).toBeGreaterThan(annex);
    expect(html.indexOf('Sources et rapprochements')).toBeGreaterThan(annex);
    // Unticked: the committee's print leaves the annex out (issue 25, §2.5).
    expect(html).toContain('<input type="checkbox" id="avec-annexe" class="noprint">');
    expect(html).toContain('#avec-annexe:not(:checked)~.annexe{display:none}');
    // No technical wording before the annex.
    const bilan = html.slice(0, annex);
    expect(bilan).not.toContain('Feuille source');
    expect(bilan).not.toContain('Feuil1');
    expect(bilan).not.toMatch(/\(0[.,]\d+\)/);
  });

  test('the chart: round ticks, the « % réalisé » on each bar, the legend from the top segment down, hatching, a download', async () => {
    const { html } = await convert('petr-coeur-de-lorraine-2020-2023.xlsx');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const ticks = [...svg.matchAll(/text-anchor="end" font-size="11">(\d+)<\/text>/g)].map((m) => Number(m[1]));
    // Steps of 20, with room above the highest bar (76) for its labels.
    expect(ticks).toEqual([0, 20, 40, 60, 80, 100]);
    for (const done of ['23\u00a0% réalisé', '28\u00a0% réalisé', '38\u00a0% réalisé']) expect(svg).toContain(done);
    const legend = [...svg.matchAll(/<text x="\d+" y="\d+" font-size="12">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(legend.slice(-6)).toEqual([
      'Abandonné',
      'Non commencé',
      'Réflexion engagée',
      'En cours',
      'Réalisé (pérenne)',
      'Réalisé (clos)',
    ]);
    // Solid fills in the states' own colours, as the xlsx and the docx (test/chart-formats.test.ts).
    expect(svg).not.toContain('<pattern');
    expect(html).toMatch(/<a class="noprint" download="graphique-etats-par-annee.svg" href="data:image\/svg\+xml/);
  });
});

describe('what the seed report has', () => {
  test('the type legend when the source has one, and what the italics mean', async () => {
    const { layout } = await convert('petr-bilan-2020-sous-tableaux.xlsx');
    const t = texts(sheet(layout, 'Bilan 2020'));
    expect(t).toContain(typeset("Type d'action :"));
    expect(t).toContain('Action définie au moment de la signature de la convention');
    expect(t).toContain(typeset("Piste d'action (en italique dans le tableau)"));
    const piste = sheet(layout, 'Bilan 2020')
      .rows.flat()
      .find((c) => c?.value === typeset("Piste d'action (en italique dans le tableau)"));
    expect(piste?.italic).toBe(true);
    // Without a type legend in the source, none is made up, but the italics are still explained.
    const other = texts(sheet((await convert('petr-bilan-2022.xlsx')).layout, 'Bilan 2022'));
    expect(other).not.toContain(typeset("Type d'action :"));
    expect(other.some((x) => x.includes('En italique'))).toBe(true);
  });

  test('a porteur block in the Synthèse, from the bilan’s own counts', async () => {
    const { layout, analysis } = await convert('petr-bilan-2022.xlsx');
    const s = sheet(layout, 'Synthèse');
    const start = s.rows.findIndex((r) => r[0]?.value === 'Porteur');
    expect(start).toBeGreaterThan(0);
    const rows: (string | number | null)[][] = [];
    for (let r = start + 1; typeof s.rows[r]?.[1]?.value === 'number'; r++)
      rows.push(s.rows[r].map((c) => c?.value ?? null));
    const byPorteur = analysis.sheets[0].bilan.byPorteur;
    const several = byPorteur.filter((g) => g.key !== '~' && g.total >= 2);
    const single = byPorteur.filter((g) => g.key !== '~' && g.total < 2);
    // One row per porteur of two actions or more, as computed in the bilan.
    expect(rows.slice(0, several.length).map((r) => r.slice(0, 3))).toEqual(
      several.map((g) => [g.label, g.total, g.done]),
    );
    // Then the porteurs of a single action on one row that names every one of them.
    const others = rows[several.length];
    expect(String(others[0])).toContain(`${single.length} autres porteurs`);
    for (const g of single) expect(String(others[0])).toContain(g.label);
    expect(others[1]).toBe(single.length);
    // Then the actions without porteur.
    expect(rows[rows.length - 1][0]).toBe('Sans porteur');
    expect(rows[rows.length - 1][1]).toBe(byPorteur.find((g) => g.key === '~')?.total);
  });

  test('« Il reste à mener N actions » after the conclusion, in the bilan sheet and the Synthèse', async () => {
    const { layout } = await convert('petr-bilan-2022.xlsx');
    expect(texts(sheet(layout, 'Bilan 2022'))).toContain('Il reste à mener 50 actions.');
    expect(texts(sheet(layout, 'Synthèse'))).toContain('Il reste à mener 50 actions.');
  });

  test('axes shown with their titles when the workbook names them (Metz), « Axe N » otherwise', async () => {
    const metz = texts(sheet((await convert('metz-fiches-actions-2018.xlsx')).layout, 'Synthèse'));
    expect(metz).toContain('1 – Commencer la vie en bonne santé');
    const petr = texts(sheet((await convert('petr-bilan-2022.xlsx')).layout, 'Synthèse'));
    expect(petr).toContain('Axe 1');
    expect(petr).toContain('1.1 – renforcer la mobilité');
  });
});

describe('the native chart of the xlsx', () => {
  test('a stacked column chart part over the Synthèse counts, one series per state in the palette colours', async () => {
    const { layout } = await convert('petr-coeur-de-lorraine-2020-2023.xlsx');
    const parts = unzipSync(await renderXlsx(layout, { title: 'Bilan' }));
    const chart = strFromU8(parts['xl/charts/chart1.xml']);
    expect(chart).toContain('<c:barDir val="col"/><c:grouping val="stacked"/>');
    expect(chart).toContain('<c:overlap val="100"/>');
    const series = [...chart.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => m[0]);
    expect(series).toHaveLength(6);
    // Each series names its state from column A and takes its counts from the year columns B:E.
    expect(series[2]).toMatch(/<c:tx><c:strRef><c:f>'Synthèse'!\$A\$\d+<\/c:f>[\s\S]*<c:v>En cours<\/c:v>/);
    expect(series[2]).toMatch(/<c:val><c:numRef><c:f>'Synthèse'!\$B\$\d+:\$E\$\d+<\/c:f>/);
    expect(series[2]).toContain('<c:v>29</c:v>');
    expect(series[2]).toContain(`<a:srgbClr val="${DEFAULT_PALETTE.en_cours.slice(1)}"/>`);
    expect(series[0]).toMatch(/<c:cat><c:strRef><c:f>'Synthèse'!\$B\$\d+:\$E\$\d+<\/c:f>[\s\S]*<c:v>2020<\/c:v>/);
    // Wired into the package: drawing, relationships, content types, and the sheet's <drawing>.
    const synthesis = layout.sheets.findIndex((s) => s.name === 'Synthèse') + 1;
    expect(strFromU8(parts[`xl/worksheets/sheet${synthesis}.xml`])).toMatch(/<drawing r:id="rId1"\/><\/worksheet>$/);
    expect(strFromU8(parts[`xl/worksheets/_rels/sheet${synthesis}.xml.rels`])).toContain(
      'Target="../drawings/drawing1.xml"',
    );
    expect(strFromU8(parts['xl/drawings/_rels/drawing1.xml.rels'])).toContain('Target="../charts/chart1.xml"');
    const types = strFromU8(parts['[Content_Types].xml']);
    expect(types).toContain('PartName="/xl/charts/chart1.xml"');
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');
    // Anchored on the empty rows the Synthèse keeps for it.
    const drawing = strFromU8(parts['xl/drawings/drawing1.xml']);
    const chartRow = sheet(layout, 'Synthèse').chart?.atRow;
    expect(drawing).toContain(`<xdr:row>${chartRow}</xdr:row>`);
  });
});

describe('the contract, named as the ARS knows it', () => {
  test('from the title block, with its period (Metz)', async () => {
    const { analysis, html } = await convert('metz-fiches-actions-2018.xlsx');
    const title = contractTitle(
      analysis.sheets.map((s) => s.sheet),
      undefined,
      'metz',
    );
    expect(title).toEqual({
      name: 'Contrat Local de Santé du territoire messin',
      period: '2017–2020',
      source: 'workbook',
      file: 'metz',
    });
    expect(html).toContain('<h1>Bilan 2018 — Contrat Local de Santé du territoire messin 2017–2020</h1>');
  });

  test('--contrat wins; a file name is no contract’s name: « Contrat local de santé », the file kept for the annex', () => {
    const sheets = [{ contractTitle: { text: 'CLS de Metz (2017 - 2020)', cell: 'A1' } }];
    expect(contractTitle(sheets, 'CLS du PETR', 'f')).toEqual({
      name: 'CLS du PETR',
      period: '2017–2020',
      source: 'option',
    });
    expect(contractTitle([], undefined, 'petr-bilan-2022')).toEqual({
      name: 'Contrat local de santé',
      period: null,
      source: 'file',
      file: 'petr-bilan-2022',
    });
    expect(contractLabel(contractTitle([], undefined, 'petr-bilan-2022'))).toBe('Contrat local de santé');
    expect(splitTitle('Contrat local de santé du Pays Barrois, 2019 à 2023')).toEqual({
      name: 'Contrat local de santé du Pays Barrois',
      period: '2019–2023',
    });
    expect(splitTitle('CLS 2e génération')).toEqual({ name: 'CLS 2e génération', period: null });
  });
});

describe('the contract title read from generated title blocks, written the ways coordinators write it', () => {
  const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];
  const ROW = ['1.1', 'renforcer la mobilité', 'Acquérir un bus itinérant', '1.1.1', 'CD', 'En cours', null];
  // Each title block (rows above the header) and the name and period expected, written by hand.
  const cases: [string, (string | null)[][], { name: string; period: string | null } | null][] = [
    [
      'capitales sans accent, période avec tiret',
      [['CONTRAT LOCAL DE SANTE DU PAYS BARROIS 2020-2024']],
      { name: 'CONTRAT LOCAL DE SANTE DU PAYS BARROIS', period: '2020–2024' },
    ],
    [
      'sigle, période entre parenthèses avec « à »',
      [[null, 'CLS de la Communauté de communes (2019 à 2023)']],
      { name: 'CLS de la Communauté de communes', period: '2019–2023' },
    ],
    [
      'minuscules, sans période, sous un titre de bilan',
      [['Bilan 2022 par action'], ['contrat local de santé du territoire de Verdun']],
      { name: 'contrat local de santé du territoire de Verdun', period: null },
    ],
    [
      'période avec barre oblique et tiret long',
      [['Contrat Local de Santé 2e génération — 2018/2022']],
      { name: 'Contrat Local de Santé 2e génération', period: '2018–2022' },
    ],
    ['aucun titre de contrat', [['Bilan 2022 par action'], ['Mis à jour le 12/01/2023']], null],
    ['un mot qui contient « cls » n’est pas le sigle', [['Tableau des actions CLSPD 2021']], null],
  ];
  test.each(cases)('%s', (_, titleRows, expected) => {
    const sheet = readTrackingSheet(gridFromRows('Feuil1', [...titleRows, [], HEADER, ROW]));
    if (!sheet) throw new Error('no table');
    const title = contractTitle([sheet], undefined, 'fichier');
    if (expected === null) {
      expect(title).toEqual({ name: 'Contrat local de santé', period: null, source: 'file', file: 'fichier' });
    } else {
      expect({ name: title.name, period: title.period }).toEqual(expected);
      expect(title.source).toBe('workbook');
    }
  });
});

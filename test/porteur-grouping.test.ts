/**
 * « Par porteur » counts close spellings of one organisation together, and says which: spellings
 * generated from names as coordinators write them (case, accents, hyphens, « St » for « Saint »,
 * link words, apostrophes, plurals) always meet; organisations that differ (another place, a
 * number, a word more, an acronym that could be several) never do.
 */
import { gridFromRows } from '../core/base/grid';
import type { Action } from '../core/base/model';
import { readTrackingSheet } from '../core/read/table-reader';
import { porteurKey, porteurMatching, yearBilan } from '../core/report/bilan';
import { analyzeWorkbook } from '../core/report/analysis';
import { readTrackingFile } from '../core/node/read-tracking-file';
import { bilanDocument } from '../core/layout/bilan-workbook';
import { DEFAULT_PALETTE } from '../core/base/status';
import { typeset } from '../core/base/typography';
import { join } from 'node:path';

/** A small random generator, the same every run. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ways a coordinator writes the same name: each keeps the organisation. */
const VARIATIONS: ((name: string, next: () => number) => string)[] = [
  (n) => n.toUpperCase().replace(/\bST\b/g, 'ST'),
  (n) => n.toLowerCase(),
  (n) => n.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
  (n) => n.replace(/\bSaint[- ]/g, 'St '),
  (n) => n.replace(/\bSaint[- ]/g, 'St-'),
  (n) => n.replace(/\bSaint[- ]/g, 'St. '),
  (n) => n.replace(/ /g, '  '),
  (n) => ` ${n} `,
  (n) => n.replace(/-/g, ' '),
  (n) => n.replace(/ de (?=[A-ZÉ])/g, ' '),
  (n) => n.replace(/ (?=Saint|St)/g, ' de '),
  (n) => n.replace(/’/g, "'"),
  (n) => n.replace(/['’]/g, ''),
  (n, next) => (next() < 0.5 ? `${n}.` : `${n} :`),
];

/** Each organisation as written once, the way the generator starts from. */
const ORGANISATIONS = [
  'MDS de Saint-Mihiel',
  'Maison de santé de Vigneulles',
  'Interm’aides 55',
  'Familles Rurales',
  'Centre hospitalier de Verdun',
  'Ville de Metz',
  'CCAS de Metz',
  'Réseau de santé Sud Meusien',
  'Association Oxygène',
  'EHPAD Les Eaux Vives',
];

function spellings(name: string, next: () => number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = name;
    const steps = 1 + Math.floor(next() * 3);
    for (let k = 0; k < steps; k++) s = VARIATIONS[Math.floor(next() * VARIATIONS.length)](s, next);
    out.push(s);
  }
  return out;
}

/** Actions with only what the matching reads: their porteurs. */
function actions(porteurs: readonly (readonly string[])[]): Action[] {
  return porteurs.map((p) => ({ porteurs: [...p] }) as unknown as Action);
}

describe('porteur spellings generated from ten organisations', () => {
  const next = random(25);
  test('every spelling of one organisation meets the others, and no two organisations meet', () => {
    for (let round = 0; round < 40; round++) {
      const written = ORGANISATIONS.map((o) => spellings(o, next, 4));
      const { labelOf } = porteurMatching(actions(written.flat().map((p) => [p])));
      const shown = written.map((ss) => new Set(ss.map(labelOf)));
      for (const s of shown) expect(s.size).toBe(1);
      const labels = shown.map((s) => [...s][0]);
      expect(new Set(labels).size).toBe(ORGANISATIONS.length);
    }
  });
});

describe('what is never brought together', () => {
  const apart: [string, string][] = [
    ['CD 54', 'CD 55'],
    ['MDS Verdun', 'MDS Saint-Mihiel'],
    ['PETR', 'Collectivités PETR'],
    ['CPIE Nancy', 'CIPIE Nancy'],
    ['mutualité française', 'Mutualité Française - Autre'],
    ['plateforme', 'Plateforme sociale'],
    ['CC', 'CC AAA'],
    ['CD', 'CD Autonomie'],
    ['Fresnes', 'CC Fresnes'],
    ['EHPAD Hannonville', 'EHPAD Thiaucourt'],
    ['Collège de Fresnes', 'Collège de Vigneulles'],
    ['ARS', 'ARS DT55'],
    ['CCAS', 'CCA'],
  ];
  test.each(apart)('« %s » and « %s »', (a, b) => {
    const { labelOf, merges } = porteurMatching(actions([[a], [b], [a]]));
    expect(labelOf(a)).not.toBe(labelOf(b));
    expect(merges).toEqual([]);
  });

  test('an acronym alone stays apart when two longer names start with it (« MDS » could be either)', () => {
    const { labelOf } = porteurMatching(actions([['MDS'], ['MDS SM'], ['MDS VD']]));
    expect(new Set(['MDS', 'MDS SM', 'MDS VD'].map(labelOf)).size).toBe(3);
  });
});

describe('what is brought together', () => {
  test('« PETR » and its only longer form « PETR CDL », under the spelling of the most actions', () => {
    const { labelOf, merges } = porteurMatching(
      actions([['PETR'], ['PETR'], ['PETR CDL'], ['Collectivités PETR'], ['PETR', 'PETR CDL']]),
    );
    expect(labelOf('PETR CDL')).toBe('PETR');
    expect(labelOf('Collectivités PETR')).toBe('Collectivités PETR');
    expect(merges).toEqual([{ label: 'PETR', spellings: ['PETR', 'PETR CDL'] }]);
  });

  test('keys: link words, « St », plurals, apostrophes and accents aside', () => {
    expect(porteurKey('MDS de Saint Mihiel')).toBe(porteurKey('MDS St Mihiel'));
    expect(porteurKey('Familles Rurales')).toBe(porteurKey('famille rurale'));
    expect(porteurKey("Interm'aides 55")).toBe(porteurKey('Intermaides 55'));
    expect(porteurKey('Cœur de Lorraine')).toBe(porteurKey('Coeur de Lorraine'));
    expect(porteurKey('INTERM’AIDES 55')).toBe(porteurKey('Interm’aides 55'));
    expect(porteurKey('?')).toBeNull();
  });

  test('an action naming two spellings of one organisation counts once for it', () => {
    const sheet = readTrackingSheet(
      gridFromRows('2022', [
        ['ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION'],
        ['Bus', '1.1.1', 'PETR, PETR CDL', 'Réalisé (clos)'],
        ['Habitat', '1.1.2', 'PETR', 'En cours'],
        ['Santé', '1.1.3', 'MDS de Saint Mihiel', 'En cours'],
        ['Jeunes', '1.1.4', 'MDS St Mihiel', 'Réalisé (pérenne)'],
      ]),
    );
    if (!sheet) throw new Error('no table');
    const b = yearBilan(sheet);
    expect(b.byPorteur.map((g) => [g.label, g.total, g.done])).toEqual([
      ['MDS de Saint Mihiel', 2, 1],
      ['PETR', 2, 1],
    ]);
    // As written, each spelling apart (case and accents aside, as before).
    expect(b.byPorteurExact.map((g) => [g.label, g.total])).toEqual([
      ['PETR', 2],
      ['MDS de Saint Mihiel', 1],
      ['MDS St Mihiel', 1],
      ['PETR CDL', 1],
    ]);
  });
});

describe('the PETR 2022 bilan: « Par porteur » groups « PETR » / « PETR CDL » and the two MDS of Saint-Mihiel, and says so', () => {
  test('grouped by default, said under the table; exactPorteurs counts them apart', async () => {
    const analysis = analyzeWorkbook(await readTrackingFile(join(__dirname, '..', 'samples', 'petr-bilan-2022.xlsx')));
    const texts = (exactPorteurs: boolean) => {
      const { layout } = bilanDocument(analysis, { palette: DEFAULT_PALETTE, fileStem: 'petr', exactPorteurs });
      const synthesis = layout.sheets.find((s) => s.name === 'Synthèse');
      return (synthesis?.rows ?? []).map((r) => r.map((c) => String(c?.value ?? '')));
    };
    const grouped = texts(false);
    const line = (rows: string[][], name: string) => rows.find((r) => r[0] === name)?.slice(1, 3);
    // 2022: « PETR » 7 actions and « PETR CDL » 3; « MDS de Saint Mihiel » 1 and « MDS St Mihiel » 1.
    expect(line(grouped, 'PETR')).toEqual(['10', '3']);
    expect(line(grouped, 'MDS de Saint Mihiel')).toEqual(['2', '1']);
    expect(line(grouped, 'PETR CDL')).toBeUndefined();
    const note = grouped.flat().find((t) => t.startsWith('Écritures comptées comme une même structure'));
    expect(note).toContain(typeset('« PETR » et « PETR CDL »'));
    expect(note).toContain(typeset('« MDS de Saint Mihiel » et « MDS St Mihiel »'));
    const exact = texts(true);
    expect(line(exact, 'PETR')).toEqual(['7', '2']);
    expect(line(exact, 'PETR CDL')).toEqual(['3', '1']);
    expect(exact.flat().some((t) => t.startsWith('Écritures comptées'))).toBe(false);
  });
});

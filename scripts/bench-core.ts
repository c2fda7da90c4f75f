/**
 * Benchmark of the core (`npm run bench:core`): 20,000 actions followed over 5 yearly sheets
 * (100,000 rows), with drifting titles, codes that appear, statuses that move. Prints the time of
 * each step; not a test (timings depend on the machine).
 */
import { performance } from 'node:perf_hooks';
import { gridFromRows } from '../core/base/grid';
import { readTrackingSheet } from '../core/read/table-reader';
import { checkSheet } from '../core/check/diagnostics';
import { yearBilan } from '../core/report/bilan';
import { buildHistory, checkHistory } from '../core/report/history';
import type { TrackingSheet } from '../core/base/model';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 20000);
const YEARS = [2019, 2020, 2021, 2022, 2023];
const STATUSES = ['Réalisé', 'En cours', 'Réflexion engagée', 'Non commencé', 'Abandonné', 'en cours'];
const WORDS = [
  'santé',
  'mobilité',
  'prévention',
  'parentalité',
  'autonomie',
  'habitat',
  'addictions',
  'aidants',
  'jeunes',
  'séniors',
  'numérique',
  'sport',
  'alimentation',
  'logement',
  'mentale',
  'accès',
  'soins',
  'réseau',
  'forum',
  'formation',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function makeSheet(year: number, yi: number): string[][] {
  const rand = rng(year);
  const rows: string[][] = [
    ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'],
  ];
  const perObjective = 40;
  for (let i = 0; i < ACTIONS; i++) {
    const obj = Math.floor(i / perObjective);
    const axe = Math.floor(obj / 10) + 1;
    const objCode = `${axe}.${(obj % 10) + 1}`;
    const base = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} action ${i}`;
    const title = yi >= 2 && i % 9 === 0 ? `${base} (suite du projet)` : base;
    const code = yi >= 1 || i % 3 !== 0 ? `${objCode}.${(i % perObjective) + 1}` : 'Piste';
    rows.push([
      i % perObjective === 0 ? objCode : '',
      i % perObjective === 0 ? `Objectif ${objCode}` : '',
      title,
      code,
      i % 11 === 0 ? '' : `Porteur ${i % 37}`,
      STATUSES[Math.floor(rand() * STATUSES.length)],
      i % 5 === 0 ? 'Remarque inchangée' : `Remarque ${year}`,
    ]);
  }
  return rows;
}

function time<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  process.stdout.write(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms\n`);
  return out;
}

const grids = time(`build ${YEARS.length} grids × ${ACTIONS} rows`, () =>
  YEARS.map((y, yi) => gridFromRows(String(y), makeSheet(y, yi))),
);
const sheets = time('read tables (table-reader)', () => grids.map((g) => readTrackingSheet(g) as TrackingSheet));
const diags = time('validate every sheet (catalogue)', () => sheets.flatMap((s) => checkSheet(s)));
const bilans = time('yearly bilan of every sheet', () => sheets.map((s) => yearBilan(s)));
const history = time('match across years (history)', () => buildHistory(sheets));
const cross = time('year-to-year checks', () => checkHistory(history));
const matched = history.pairs.reduce((n, p) => n + p.matched, 0);
process.stdout.write(
  `actions=${ACTIONS} years=${YEARS.length} rows=${sheets.reduce((n, s) => n + s.actions.length, 0)} ` +
    `diagnostics=${diags.length + cross.length} bilans=${bilans.length} matched=${matched} tracks=${history.tracks.length}\n`,
);

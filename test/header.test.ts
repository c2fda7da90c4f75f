/** Header cells read by meaning: the examples, and what must not read as a header. */
import { headerCell, readHeaderRow } from '../core/read/header';
import { findYear } from '../core/read/table-reader';
import { gridFromRows } from '../core/base/grid';

test.each([
  ['Intitulé de la fiche-action', 'title', null],
  ['INTITULE DE LA\nFICHE-ACTION', 'title', null],
  ['Statut au 31/12/2022', 'status', 2022],
  ['Etat au 31/12/2023', 'status', 2023],
  ["Pilote de l'action", 'porteur', null],
  ['Structure(s) porteuse(s)', 'porteur', null],
  ['Niveau de réalisation', 'status', null],
  ['N° de fiche', 'code', null],
  ['Thématique', 'axe', null],
  ['Code action', 'code', null],
  ['Observations :', 'remarques', null],
  ['Etat 2022', 'status', 2022],
  ['n° de la fiche action ou piste', 'code', null],
  ["Nom de l'action", 'title', null],
  ['Objectifs atteints', 'objectifsAtteints', null],
  ['Reste-à-faire', 'resteAFaire', null],
  ["Objectifs / critères d'évaluation", 'remarques', null],
  ['2022', 'year', 2022],
  ['Année 2023', 'year', 2023],
])('« %s » → %s (year %s)', (text, role, year) => {
  expect(headerCell(text)).toMatchObject({ role, year });
});

test.each([
  'Nombre d’actions',
  'Date de mise à jour',
  'Budget prévisionnel',
  'Nom',
  'Projet de territoire (pilier 3 du projet de territoire)',
  'Action expérimentale pour 3 ans, en cours de redéfinition',
])('« %s » names no column', (text) => {
  expect(headerCell(text)).toBeNull();
});

test.each([
  ['Fiche-action', 'title'],
  ['Fiche-action n°', 'code'],
  ['Co-porteur', 'partenaires'],
  ['Sous-objectif', 'objectif'],
  ['Porteur-pilote', 'porteur'],
])('a compound of header words: « %s » → %s', (text, role) => {
  expect(headerCell(text)).toMatchObject({ role });
});

test.each(['Fa-Sel', 'FA-SEL Bank', 'Action-Sel', 'État-civil', 'Fiche-client', 'Fasel'])(
  'a head word never matches the beginning of another word: « %s » names no column',
  (text) => {
    expect(headerCell(text)).toBeNull();
  },
);

test('a list whose cell says « Fa-Sel » is not a table of actions (issue 24 §6)', () => {
  expect(readHeaderRow(['Fa-Sel', 'Statut', 'Montant'])).toBeNull();
  expect(readHeaderRow(['FA', 'Statut', 'Porteur'])).not.toBeNull();
});

test('a percentage header still reads as a state column, and says so', () => {
  expect(headerCell('Avancement (%)')).toMatchObject({ role: 'status', percent: true });
});

test('rows of data that begin like a header are not headers', () => {
  expect(readHeaderRow(['Acquérir un bus itinérant', 'Action', 'CD', 'Réalisé', 'Mise en service'])).toBeNull();
  expect(
    readHeaderRow(['Actions MDS pour les mères isolées', 'Piste', 'MDS', 'Action MDS via contrat RSA']),
  ).toBeNull();
  expect(readHeaderRow(['Fiche action', 'Porteur', 'Budget', 'Financement'])).toBeNull();
  expect(readHeaderRow(['Nom', 'Structure', 'Téléphone', 'Mail'])).toBeNull();
});

test('the year of the bilan is not a date of update in the title block', () => {
  const grid = gridFromRows('Suivi', [['Tableau mis à jour le 12/01/2024'], ['Situation au 31/12/2023'], ['Actions']]);
  expect(findYear(grid, 2)).toEqual({ year: 2023, source: 'title', cell: 'A2' });
});

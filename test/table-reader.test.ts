import { gridFromRows, type Grid } from '../core/base/grid';
import {
  readCodeCell,
  readTrackingSheet,
  readWorkbookTables,
  splitGluedTitle,
  splitPorteurs,
} from '../core/read/table-reader';
import { countStatuses } from '../core/base/status-counts';
import { isClsError } from '../core/base/errors';
import { typeset } from '../core/base/typography';

const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];

function withFills(grid: Grid, fills: Record<string, string>): Grid {
  for (const [a1, fill] of Object.entries(fills)) {
    const m = /^([A-Z])(\d+)$/.exec(a1);
    if (!m) throw new Error(a1);
    const r = Number(m[2]) - 1;
    const c = m[1].charCodeAt(0) - 65;
    grid.cells[r] = grid.cells[r] ?? [];
    const cell = grid.cells[r][c] ?? { text: '', value: null };
    grid.cells[r][c] = { ...cell, fill };
  }
  return grid;
}

describe('codes and titles', () => {
  test.each([
    ['1.1.1_Acquérir un bus itinérant', '1.1.1', 'fiche', 'Acquérir un bus itinérant'],
    ['2.3.1 Se former à citique', '2.3.1', 'fiche', 'Se former à citique'],
    ['3.4.1_ Formation à destination des aidants', '3.4.1', 'fiche', 'Formation à destination des aidants'],
    ['Piste1_Projet mobilité', null, 'piste', 'Projet mobilité'],
    ['FA 15 : Extension addictions', 'FA 15', 'fiche', 'Extension addictions'],
    ['Transport à la demande', null, null, 'Transport à la demande'],
    ['Soutien implantation équipe mobile 1.2.3 Enfant', null, null, 'Soutien implantation équipe mobile 1.2.3 Enfant'],
  ])('%j', (text, code, kind, title) => {
    const s = splitGluedTitle(text);
    expect(s.code).toBe(code);
    expect(s.kind).toBe(kind);
    expect(s.title).toBe(title);
  });

  test.each([
    ['1.2.2', '1.2.2', 'fiche', undefined],
    ['Piste', null, 'piste', undefined],
    ['Action', null, 'action', undefined],
    ['FA 15', 'FA 15', 'fiche', undefined],
    ['FA18', 'FA 18', 'fiche', 'FA18'],
    ['Fiche-action 4', 'FA 4', 'fiche', 'Fiche-action 4'],
    ['Fiche n°15', 'FA 15', 'fiche', 'Fiche n°15'],
    ['3.1 .2', '3.1.2', 'fiche', '3.1 .2'],
  ])('code cell %j', (text, code, kind, written) => {
    const r = readCodeCell(text);
    expect(r.code).toBe(code);
    expect(r.kind).toBe(kind);
    expect(r.written).toBe(written);
  });

  test('porteurs split on , ; / + and « et »', () => {
    expect(splitPorteurs('PETR, MDS Verdun, Familles Rurales')).toEqual(['PETR', 'MDS Verdun', 'Familles Rurales']);
    expect(splitPorteurs("Interm'aides 55 et mutualité française")).toEqual(["Interm'aides 55", 'mutualité française']);
    expect(splitPorteurs('ARS/PETR')).toEqual(['ARS', 'PETR']);
    expect(splitPorteurs('PTA + CD autonomie')).toEqual(['PTA', 'CD autonomie']);
    expect(splitPorteurs('')).toEqual([]);
  });
});

describe('readTrackingSheet on grids', () => {
  test('title block, legend with counts, header, written-once objectives, empty title counted', () => {
    const grid = gridFromRows('Feuil1', [
      ['Bilan 2022 par action'],
      [],
      ['Avancement des actions :'],
      [null, null, '9', null, 'Action réalisée et close, ne nécessite pas de suivi dans le temps'],
      [null, null, '28', null, 'Action en cours déploiement, projet en émergence'],
      [],
      HEADER,
      ['1.1', 'renforcer la mobilité', 'Acquérir un bus itinérant', '1.1.1', 'CD', 'Réalisé', 'Action expérimentale'],
      [null, null, 'Projet mobilité', '1.1.4', 'PETR, MDS Verdun', 'En cours', null],
      ['2.2', 'Diminuer risques liés aux polluants', null, 'Piste', null, 'Non commencé', 'Prévoir fiche'],
      [null, null, 'Actions MDS pour les mères isolées', 'Piste', 'MDS', 'en cours', null],
    ]);
    withFills(grid, { D4: '#00B050', D5: '#FFC000', F8: '#00B050' });
    const sheet = readTrackingSheet(grid);
    expect(sheet).not.toBeNull();
    if (!sheet) return;
    expect(sheet.year).toBe(2022);
    expect(sheet.yearSource).toBe('title');
    expect(sheet.header.rows).toEqual([7]);
    expect(sheet.legend.map((l) => [l.status, l.declaredCount, l.colour])).toEqual([
      ['realise_clos', 9, '#00B050'],
      ['en_cours', 28, '#FFC000'],
    ]);
    expect(sheet.actions).toHaveLength(4);
    const [bus, mobilite, polluants, meres] = sheet.actions;
    expect(bus).toMatchObject({ code: '1.1.1', kind: 'fiche', status: 'realise_clos', statusSource: 'text+colour' });
    expect(bus.objectif).toEqual({ code: '1.1', title: 'renforcer la mobilité' });
    expect(bus.axe?.code).toBe('1');
    expect(bus.source.cells.status).toBe('F8');
    expect(mobilite.objectif?.code).toBe('1.1');
    expect(mobilite.porteurs).toEqual(['PETR', 'MDS Verdun']);
    expect(polluants).toMatchObject({ title: '', kind: 'piste', status: 'non_commence' });
    expect(polluants.objectif?.code).toBe('2.2');
    expect(meres).toMatchObject({ status: 'en_cours', statusText: 'en cours' });
    expect(meres.objectif?.code).toBe('2.2');
  });

  test('merged objective cells are carried down, a covered cell is not read again', () => {
    const grid = gridFromRows('2021', [
      HEADER,
      ['1.2', "Améliorer l'accès aux services", 'Projet de territoire', '1.2.1', 'PETR', 'En cours'],
      [null, null, 'Développement info', 'Piste', null, 'Non commencé'],
      ['1.3', 'Actions intergénérationnelles', 'Organiser rencontres', '1.3.1', 'EHPAD', 'Réalisé'],
    ]);
    grid.merges.push({ top: 1, left: 0, bottom: 2, right: 0 }, { top: 1, left: 1, bottom: 2, right: 1 });
    const sheet = readTrackingSheet(grid);
    expect(sheet?.year).toBe(2021);
    expect(sheet?.yearSource).toBe('name');
    expect(sheet?.actions.map((a) => a.objectif?.code)).toEqual(['1.2', '1.2', '1.3']);
  });

  test('2020 sub-tables: titles of axes and objectives as rows, repeated headers, continuation rows', () => {
    const sub = ['Actions', 'Porteur', 'Avancement', '(+)avancées, (-)difficultés', 'Préconisations'];
    const grid = gridFromRows('Bilan', [
      ['Bilan 2020 par action'],
      ['Axe 1, diminuer l’isolement des personnes en situation difficile'],
      ['Objectif 1.1_renforcer la mobilité'],
      sub,
      ['1.1.1_Acquérir un bus itinérant', 'CD', 'Réalisé', '+ mise en service', 'expérimentation'],
      ['Piste1_Projet mobilité', 'PETR', 'En cours', null, null],
      [],
      ['Objectif 1.2_Améliorer l’accès aux services'],
      sub,
      ['Projet de territoire', 'PETR et partenaires', 'En cours', '+ Label MFS', null],
      [null, null, null, '+ liens avec e-meuse santé', 'Chantier 2021'],
      sub,
      ['Mise en place service bénévole', null, 'En cours', null, null],
      [],
      ['Axe 2, prévenir les risques sanitaires'],
      ['3.2_Améliorer les connaissances des professionnels'],
      sub,
      ['Améliorer la prise en charge', null, 'Non commencé', null, null],
    ]);
    const sheet = readTrackingSheet(grid);
    if (!sheet) throw new Error('no table');
    expect(sheet.year).toBe(2020);
    expect(sheet.header.rows).toEqual([4, 9, 12, 17]);
    expect(sheet.actions.map((a) => [a.code, a.kind, a.title, a.objectif?.code, a.axe?.code])).toEqual([
      ['1.1.1', 'fiche', 'Acquérir un bus itinérant', '1.1', '1'],
      [null, 'piste', 'Projet mobilité', '1.1', '1'],
      [null, 'action', 'Projet de territoire', '1.2', '1'],
      [null, 'action', 'Mise en place service bénévole', '1.2', '1'],
      [null, 'action', 'Améliorer la prise en charge', '3.2', '2'],
    ]);
    expect(sheet.actions[2].notes.avancees).toBe('+ Label MFS\n+ liens avec e-meuse santé');
    expect(sheet.actions[2].notes.preconisations).toBe('Chantier 2021');
    expect(sheet.actions[0].codeWritten).toBe('1.1.1_Acquérir un bus itinérant');
  });

  test('a row pushed one column right is read where its cells are (seen in the 2023 table)', () => {
    const grid = gridFromRows('2023', [
      HEADER,
      [
        '2.3',
        'Diminuer risques espèces nuisibles',
        'Lutte contre les chenilles',
        null,
        'Piste',
        'PETR et partenaires',
        'Réalisé',
      ],
      [null, null, 'Se former à citique (tiques)', '2.3.1', 'CIPIE Nancy', null, 'Réalisé', 'Une balade solidaire'],
      [null, null, 'Octobre rose', '3.1.2', 'PETR', 'Réalisé', '2019 et 2021'],
    ]);
    const sheet = readTrackingSheet(grid);
    const [chenilles, citique, octobre] = sheet?.actions ?? [];
    expect(chenilles).toMatchObject({
      kind: 'piste',
      porteur: 'PETR et partenaires',
      status: 'realise',
      shiftedFrom: 'D2',
    });
    expect(citique).toMatchObject({ code: '2.3.1', porteur: 'CIPIE Nancy', status: 'realise', shiftedFrom: 'F3' });
    expect(citique.notes.remarques).toBe('Une balade solidaire');
    expect(citique.source.cells.status).toBe('G3');
    expect(octobre.shiftedFrom).toBeUndefined();
  });

  test('status by colour alone, the sheet legend as the key, even against the default palette', () => {
    const grid = gridFromRows('Bilan 2023', [
      ['Avancement des actions :'],
      [null, '6', null, 'Action réalisée et close, ne nécessite pas de suivi dans le temps'],
      [
        null,
        '23',
        null,
        'Réalisé, avec déroulement pérenne et récurrent (qui appelle un) suivi régulier du fonctionnement',
      ],
      [null, '21', null, 'Action en cours déploiement, projet en émergence'],
      HEADER,
      ['1.1', 'renforcer la mobilité', 'Acquérir un bus itinérant', '1.1.1', 'CD', null, null],
      [null, null, 'Transport à la demande', '1.1.3', 'CC Fresnes', null, null],
      [null, null, 'Projet mobilité', '1.1.4', 'PETR', null, null],
      [null, null, 'Sans couleur', '1.1.5', 'PETR', null, null],
    ]);
    withFills(grid, { C2: '#00A651', C3: '#B5E61D', C4: '#F7B500', F6: '#00A651', F7: '#B5E61D', F8: '#F7B500' });
    const sheet = readTrackingSheet(grid);
    expect(sheet?.actions.map((a) => [a.status, a.statusSource])).toEqual([
      ['realise_clos', 'colour'],
      ['realise_perenne', 'colour'],
      ['en_cours', 'colour'],
      [null, 'none'],
    ]);
    expect(sheet && countStatuses(sheet.actions).sans_etat).toBe(1);
  });

  test('type legend (2020): a title fill says fiche or piste', () => {
    const grid = gridFromRows('Bilan 2020', [
      ["Type d'action :"],
      [null, null, 'Action définie au moment de la signature de la convention'],
      [null, null, "Piste d'action"],
      ['Actions', 'Porteur', 'Avancement'],
      ['Transport à la demande', 'CC Fresnes', 'Réalisé'],
      ['Aides aux aidants', "Interm'aides 55", 'Réalisé'],
    ]);
    withFills(grid, { B2: '#DDEBF7', B3: '#FFF2CC', A5: '#DDEBF7', A6: '#FFF2CC' });
    const sheet = readTrackingSheet(grid);
    expect(sheet?.kindLegend.map((k) => k.kind)).toEqual(['fiche', 'piste']);
    expect(sheet?.actions.map((a) => a.kind)).toEqual(['fiche', 'piste']);
  });

  test('legend lines are never counted as actions, nor is text under the table after blank rows', () => {
    const grid = gridFromRows('Suivi', [
      ['Avancement des actions :'],
      [null, 'Non commencé'],
      [null, 'Abandonné'],
      ['Actions', 'Porteur', 'Statut'],
      ['Acquérir un bus', 'CD', 'Réalisé'],
      [],
      [],
      ['A ce jour, 38 % des actions sont réalisées'],
    ]);
    const sheet = readTrackingSheet(grid);
    expect(sheet?.legend.map((l) => l.status)).toEqual(['non_commence', 'abandonne']);
    expect(sheet?.actions).toHaveLength(1);
  });

  test('no table anywhere: NO_TABLE names the sheets looked at and the expected header words', () => {
    const grids = [gridFromRows('Feuil1', [['Bonjour']]), gridFromRows('Notes', [])];
    let caught: unknown;
    try {
      readWorkbookTables(grids, 'vide.xlsx');
    } catch (e) {
      caught = e;
    }
    expect(isClsError(caught)).toBe(true);
    if (!isClsError(caught)) return;
    expect(caught.code).toBe('NO_TABLE');
    expect(caught.message).toContain(typeset('« vide.xlsx »'));
    expect(caught.message).toContain(typeset('« Feuil1 », « Notes »'));
    expect(caught.message).toContain('ETAT AVANCEMENT ACTION');
  });

  test('sheets without a table are listed beside those with one', () => {
    const grids = [
      gridFromRows('Notes', [['Compte rendu']]),
      gridFromRows('2022', [HEADER, [null, null, 'Action', '1.1.1', 'X', 'En cours']]),
    ];
    const reading = readWorkbookTables(grids, 'suivi.xlsx');
    expect(reading.sheets.map((s) => s.name)).toEqual(['2022']);
    expect(reading.withoutTable).toEqual([{ name: 'Notes', filledCells: 1, statusCells: 0, statusColumn: false }]);
  });

  test('Melun: « Fiche action | Objectifs/critères d’évaluation », codes FA n glued to titles (seed 003)', () => {
    const grid = gridFromRows('Revue T4 2021', [
      ['I. DÉPLOIEMENT DES ACTIONS (état d’avancement)'],
      ['Fiche action', "Objectifs/critères d'évaluation"],
      ["FA 1 : Etude d'opportunité pour un centre intercommunal de santé", 'Mobilisation des acteurs'],
      ['FA 2 : Mise en place du « Panorama Territorial de Santé »', 'Mobilisation d’un groupe de travail'],
      ['FA 4 : Contribution à la création d’une CPTS', 'Réponse aux sollicitations'],
    ]);
    const sheet = readTrackingSheet(grid);
    expect(sheet?.year).toBe(2021);
    expect(sheet?.actions.map((a) => [a.code, a.kind, a.title, a.status])).toEqual([
      ['FA 1', 'fiche', "Etude d'opportunité pour un centre intercommunal de santé", null],
      ['FA 2', 'fiche', 'Mise en place du « Panorama Territorial de Santé »', null],
      ['FA 4', 'fiche', 'Contribution à la création d’une CPTS', null],
    ]);
    expect(sheet?.actions[0].notes.remarques).toBe('Mobilisation des acteurs');
  });

  test('annexe 8 (seed 002): AXES | STRATEGIE | OBJECTIFS SPECIFIQUES | ACTIONS | n° de la fiche action ou piste | PORTEUR', () => {
    const grid = gridFromRows('Annexe 8', [
      ['AXES', 'STRATEGIE', 'OBJECTIFS SPECIFIQUES', 'ACTIONS', 'n° de la fiche action ou piste', 'PORTEUR'],
      [
        '1/ Promouvoir un environnement physique et social favorable',
        '1/1/ Diminuer l’isolement',
        'Renforcer la mobilité',
        'Acquérir un bus itinérant',
        '1.1.1',
        'Conseil Départemental de la Meuse',
      ],
      [null, null, null, 'Projet mobilité', '1.1.4', 'PETR, MDS Verdun, Familles Rurales'],
      [null, null, null, 'Actions MDS pour les mères isolées', 'Piste', 'MDS de Saint Mihiel'],
    ]);
    const sheet = readTrackingSheet(grid);
    expect(sheet?.actions).toHaveLength(3);
    expect(sheet?.actions[1]).toMatchObject({ code: '1.1.4', kind: 'fiche', status: null });
    expect(sheet?.actions[2].axe).toEqual({
      code: '1',
      title: 'Promouvoir un environnement physique et social favorable',
    });
    expect(sheet?.actions[2].objectif?.title).toBe('Renforcer la mobilité');
  });
});

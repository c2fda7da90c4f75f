import {
  DEFAULT_PALETTE,
  parseStatus,
  STATUS_IDS,
  STATUSES,
  statusFromColour,
  normalizeColour,
  validatePalette,
  type StatusId,
} from '../core/base/status';
import { emptyCounts } from '../core/base/status-counts';

describe('status ids, labels and palette', () => {
  test('exactly the seven ids of the issue, in legend order', () => {
    expect(STATUS_IDS).toEqual([
      'realise_clos',
      'realise_perenne',
      'realise',
      'en_cours',
      'reflexion',
      'non_commence',
      'abandonne',
    ]);
  });

  test('every count has the ids in legend order, « sans état » last', () => {
    expect(Object.keys(emptyCounts())).toEqual([...STATUS_IDS, 'sans_etat']);
    expect(Object.values(emptyCounts()).every((n) => n === 0)).toBe(true);
  });

  test('legend sentences are those of the PETR report', () => {
    expect(STATUSES.realise_clos.legend).toBe('Action réalisée et close, ne nécessite pas de suivi dans le temps');
    expect(STATUSES.realise_perenne.legend).toBe(
      'Réalisé, avec déroulement pérenne et récurrent (qui appelle un) suivi régulier du fonctionnement',
    );
    expect(STATUSES.en_cours.legend).toBe('Action en cours déploiement, projet en émergence');
    // One wording for the state and its legend (the report's legend said « Réflexion amorcée »).
    expect(STATUSES.reflexion.legend).toBe(STATUSES.reflexion.label);
    expect(STATUSES.non_commence.legend).toBe('Non commencé');
    expect(STATUSES.abandonne.legend).toBe('Abandonné');
  });

  test('default palette of the issue', () => {
    expect(DEFAULT_PALETTE).toEqual({
      realise_clos: '#00B050',
      realise_perenne: '#92D050',
      realise: '#C6E0B4',
      en_cours: '#FFC000',
      reflexion: '#9DC3E6',
      non_commence: '#FF9999',
      abandonne: '#808080',
    });
  });
});

describe('parseStatus: every spelling counted in the four PETR tables', () => {
  // DOMAIN.md: Réalisé 83, En cours 102, en cours 2, Réflexion engagée 40, Non commencé 47,
  // Non Commencé 1, Abandonné 3, Abandonnée 4, Non réalisé 2; plus Engagé/Engagée (2022), whose
  // legend count (12 réflexions = 10 + 2) says they are réflexions.
  const table: [string, StatusId, string][] = [
    ['Réalisé', 'realise', 'canonical'],
    ['En cours', 'en_cours', 'canonical'],
    ['en cours', 'en_cours', 'spelling'],
    ['Réflexion engagée', 'reflexion', 'canonical'],
    ['Non commencé', 'non_commence', 'canonical'],
    ['Non Commencé', 'non_commence', 'spelling'],
    ['Abandonné', 'abandonne', 'canonical'],
    ['Abandonnée', 'abandonne', 'spelling'],
    ['Non réalisé', 'non_commence', 'spelling'],
    ['Engagé', 'reflexion', 'spelling'],
    ['Engagée', 'reflexion', 'spelling'],
    ['Réflexion amorcée', 'reflexion', 'canonical'],
    ['réflexion amorcée', 'reflexion', 'spelling'],
    ['  En   cours ', 'en_cours', 'canonical'],
    ['EN COURS', 'en_cours', 'spelling'],
    ['Realise', 'realise', 'spelling'],
    ['Terminée', 'realise', 'spelling'],
    ['Reportée', 'non_commence', 'spelling'],
    ['Annulée et non reportée', 'abandonne', 'spelling'],
    ['Réalisé (clos)', 'realise_clos', 'canonical'],
    ['Réalisé et clos', 'realise_clos', 'spelling'],
    ['Réalisé (pérenne)', 'realise_perenne', 'canonical'],
    ['Pérenne', 'realise_perenne', 'spelling'],
    ['action réalisée et close, ne nécessite pas de suivi dans le temps', 'realise_clos', 'legend'],
    [
      'réalisé, avec déroulement pérenne et récurrent (qui appelle un) suivi régulier du fonctionnement',
      'realise_perenne',
      'legend',
    ],
    ['action en cours déploiement, projet en émergence', 'en_cours', 'spelling'],
    ['En cours En cours', 'en_cours', 'partial'],
    ['En cours (2022)', 'en_cours', 'partial'],
    ['Réalisé en 2021', 'realise', 'partial'],
  ];
  test.each(table)('%j → %s (%s)', (text, status, match) => {
    const parsed = parseStatus(text);
    expect(parsed.status).toBe(status);
    expect(parsed.match).toBe(match);
    expect(parsed.explanation.length).toBeGreaterThan(5);
  });

  test('unknown text: no status, the closest one suggested', () => {
    const typo = parseStatus('En cour');
    expect(typo.status).toBeNull();
    expect(typo.match).toBe('unknown');
    expect(typo.suggestion?.status).toBe('en_cours');
    expect(typo.explanation).toContain('En cours');
    expect(parseStatus('Abandone').suggestion?.status).toBe('abandonne');
    expect(parseStatus('Non comencé').suggestion?.status).toBe('non_commence');
    expect(parseStatus('Réflextion').suggestion?.status).toBe('reflexion');
  });

  test('an unknown word gets the nearest state as its suggestion', () => {
    const p = parseStatus('Terminné');
    expect(p.status).toBeNull();
    expect(p.match).toBe('unknown');
    expect(p.suggestion).toMatchObject({ status: 'realise', spelling: 'termine', distance: 1 });
    expect(p.explanation).toContain('Réalisé');
    expect(parseStatus('En atente').suggestion?.status).toBe('non_commence');
    expect(parseStatus('Annullé').suggestion?.status).toBe('abandonne');
    expect(parseStatus('Démaré').suggestion?.status).toBe('en_cours');
  });

  test('« Je ne sais pas » (evaluation questionnaire) is no status and no typo', () => {
    const p = parseStatus('Je ne sais pas');
    expect(p.status).toBeNull();
    expect(p.match).toBe('not_known');
    expect(p.suggestion).toBeUndefined();
  });

  test('empty', () => {
    expect(parseStatus('  ').match).toBe('empty');
    expect(parseStatus(null).status).toBeNull();
  });
});

describe('parseStatus: the words coordinators write', () => {
  const words: [string, StatusId][] = [
    // réalisé, kind not said
    ['fait', 'realise'],
    ['Fait', 'realise'],
    ['faite', 'realise'],
    ['terminé', 'realise'],
    ['Terminée', 'realise'],
    ['achevé', 'realise'],
    ['Achevée', 'realise'],
    ['OK', 'realise'],
    ['ok', 'realise'],
    ['Ok', 'realise'],
    ['fini', 'realise'],
    ['Finie', 'realise'],
    ['réalisée', 'realise'],
    // en cours
    ['démarré', 'en_cours'],
    ['Démarrée', 'en_cours'],
    ['en cours de réalisation', 'en_cours'],
    ['En cours de mise en œuvre', 'en_cours'],
    ['en cours de mise en oeuvre', 'en_cours'],
    ['En cours de mise en place', 'en_cours'],
    // réflexion
    ["à l'étude", 'reflexion'],
    ['A l’étude', 'reflexion'],
    ['en réflexion', 'reflexion'],
    ['En cours de réflexion', 'reflexion'],
    ['En préparation', 'reflexion'],
    // non commencé
    ['pas commencé', 'non_commence'],
    ['non démarré', 'non_commence'],
    ['Pas démarré', 'non_commence'],
    ['à lancer', 'non_commence'],
    ['À lancer', 'non_commence'],
    ['non lancé', 'non_commence'],
    ['Pas lancée', 'non_commence'],
    ['en attente', 'non_commence'],
    ['Reporté', 'non_commence'],
    // abandonné
    ['annulé', 'abandonne'],
    ['Annulée', 'abandonne'],
  ];
  test.each(words)('%j → %s', (text, status) => {
    const parsed = parseStatus(text);
    expect(parsed.status).toBe(status);
    expect(parsed.match).toBe('spelling');
  });

  // Case, accents, white space around and a symbol before change nothing.
  test.each(words)('%j in capitals, without accents, with spaces and an emoji → the same state', (text, status) => {
    const variants = [
      text.toUpperCase(),
      text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
      `  ${text}  `,
      `${text}\u00a0`,
      `✅ ${text}`,
      `🟠${text}`,
    ];
    for (const variant of variants) expect([variant, parseStatus(variant).status]).toEqual([variant, status]);
  });

  test('« OK » is a state only as the whole cell', () => {
    expect(parseStatus('OK pour la salle').status).toBeNull();
    expect(parseStatus('Convention OK').status).toBeNull();
    expect(parseStatus('Fait le point avec la mairie').status).toBeNull();
    expect(parseStatus('En attente du financement ARS').status).toBeNull();
    expect(parseStatus('Okay').status).toBeNull();
  });

  test('no header word of a status column reads as a state', () => {
    for (const header of ['État', 'Statut', 'Avancement', 'Réalisation', 'Mise en œuvre', 'Situation', 'Calendrier']) {
      expect([header, parseStatus(header).status]).toEqual([header, null]);
    }
  });
});

describe('colours', () => {
  test('a fill picks the nearest palette entry within tolerance, and nothing far away', () => {
    expect(statusFromColour('#00B050', DEFAULT_PALETTE)).toBe('realise_clos');
    expect(statusFromColour('FF92D050', DEFAULT_PALETTE)).toBe('realise_perenne');
    expect(statusFromColour('#FFC104', DEFAULT_PALETTE)).toBe('en_cours');
    expect(statusFromColour('#0000FF', DEFAULT_PALETTE)).toBeNull();
    expect(statusFromColour(undefined, DEFAULT_PALETTE)).toBeNull();
  });

  test('candidates can be limited (the réalisé kinds)', () => {
    expect(statusFromColour('#FFC000', DEFAULT_PALETTE, ['realise_clos', 'realise_perenne'])).toBeNull();
  });

  test('normalizeColour and validatePalette', () => {
    expect(normalizeColour('ff00b050')).toBe('#00B050');
    expect(normalizeColour('#abc')).toBeNull();
    expect(validatePalette({ en_cours: '#FFC000' })).toEqual([]);
    const problems = validatePalette({ encours: '#FFC000', abandonne: 'gris' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('encours');
    expect(problems[1]).toContain('#RRGGBB');
  });
});

/** The small contract the region tests build their workbooks from: five actions and two years of states. */
export const ACTIONS = [
  ['1.1.1', 'Acquérir un bus itinérant pour les villages'],
  ['1.1.2', 'Navette vers la maison de santé'],
  ['1.2.1', 'Ateliers nutrition dans les écoles'],
  ['2.1.1', 'Forum de l’autonomie des seniors'],
  ['2.1.2', 'Sensibilisation au dépistage du cancer'],
];
export const S22 = ['En cours', 'Non commencé', 'En cours', 'Réflexion engagée', 'Abandonné'];
export const S23 = ['Réalisé (clos)', 'En cours', 'Réalisé (pérenne)', 'En cours', 'Abandonné'];

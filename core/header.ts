/**
 * Header vocabulary of tracking tables: which header words mean which column, in the spellings of
 * the seeds (PETR bilans 2020–2023, annexe 8, Melun's fiches, Metz's list) and their usual variants.
 */
import type { ColumnRole } from './model';
import { normalize } from './text';

/** Exact header texts (normalized) → role. */
const EXACT: ReadonlyArray<readonly [string, ColumnRole]> = [
  ['axes', 'axe'],
  ['axe', 'axe'],
  ['axe strategique', 'axe'],
  ['axes strategiques', 'axe'],
  ['orientation', 'axe'],
  ['orientations', 'axe'],
  ['strategie', 'strategie'],
  ['objectif strategique', 'strategie'],
  ['objectifs strategiques', 'strategie'],
  ['objectifs', 'objectif'],
  ['objectif', 'objectif'],
  ['objectifs specifiques', 'objectif'],
  ['objectif specifique', 'objectif'],
  ['objectif operationnel', 'objectif'],
  ['objectifs operationnels', 'objectif'],
  ['priorite', 'objectif'],
  ['priorites', 'objectif'],
  ['actions', 'title'],
  ['action', 'title'],
  ['fiche action', 'title'],
  ['fiches actions', 'title'],
  ['intitule', 'title'],
  ['intitule de l action', 'title'],
  ['libelle', 'title'],
  ['nom de l action', 'title'],
  ['titre', 'title'],
  ['n ou piste', 'code'],
  ['n', 'code'],
  ['no', 'code'],
  ['num', 'code'],
  ['numero', 'code'],
  ['n fiche', 'code'],
  ['n fa', 'code'],
  ['n de fiche', 'code'],
  ['n de la fiche', 'code'],
  ['n de la fiche action', 'code'],
  ['n de la fiche action ou piste', 'code'],
  ['code', 'code'],
  ['ref', 'code'],
  ['reference', 'code'],
  ['porteur', 'porteur'],
  ['porteurs', 'porteur'],
  ['porteur s', 'porteur'],
  ['pilote', 'porteur'],
  ['pilotes', 'porteur'],
  ['pilote s', 'porteur'],
  ['responsable', 'porteur'],
  ['structure porteuse', 'porteur'],
  ['partenaires', 'partenaires'],
  ['partenaire', 'partenaires'],
  ['partenaire s', 'partenaires'],
  ['partenaires associes', 'partenaires'],
  ['etat avancement action', 'status'],
  ['etat d avancement', 'status'],
  ['etat avancement', 'status'],
  ['etat d avancement de l action', 'status'],
  ['etat de l action', 'status'],
  ['avancement', 'status'],
  ['statut', 'status'],
  ['etat', 'status'],
  ['niveau d avancement', 'status'],
  ['remarques', 'remarques'],
  ['remarque', 'remarques'],
  ['commentaires', 'remarques'],
  ['commentaire', 'remarques'],
  ['observations', 'remarques'],
  ['objectifs criteres d evaluation', 'remarques'],
  ['objectifs atteints', 'objectifsAtteints'],
  ['reste a faire', 'resteAFaire'],
];

/** Header texts recognised by how they begin (long headers written with extra words). */
const PREFIXES: ReadonlyArray<readonly [string, ColumnRole]> = [
  ['avancees', 'avancees'],
  ['preconisation', 'preconisations'],
  ['prioritaire', 'preconisations'],
  ['etat d avancement', 'status'],
  ['etat avancement', 'status'],
  ['n de la fiche', 'code'],
  ['porteur', 'porteur'],
  ['partenaires', 'partenaires'],
];

const EXACT_MAP: ReadonlyMap<string, ColumnRole> = new Map(EXACT);

export function headerRole(text: string): ColumnRole | null {
  const norm = normalize(text);
  if (!norm) return null;
  const exact = EXACT_MAP.get(norm);
  if (exact) return exact;
  for (const [prefix, role] of PREFIXES) if (norm.startsWith(prefix)) return role;
  return null;
}

/** The header words a user should see when no table was found. */
export const EXPECTED_HEADER_WORDS = [
  'ACTIONS (ou « Fiche action », « Intitulé »)',
  'ETAT AVANCEMENT ACTION (ou « Avancement », « Statut », « Etat d’avancement »)',
  'n° ou piste (ou « N° », « Code »)',
  'PORTEUR',
  'AXES / OBJECTIFS',
  'REMARQUES',
];

export type ColumnMap = Partial<Record<ColumnRole, number>>;

/**
 * Reads a row as a header: the roles found and where. A row is a header when it names the action
 * column and at least one other known column (Melun's `Fiche action | Objectifs/critères
 * d'évaluation` has no status column); a repeated word keeps its first column.
 */
/** Cheap test before normalizing: could this text be the header of the actions column? */
const TITLE_HEADER_START = /^\s*(act|fich|int|lib|nom|tit)/i;

export function readHeaderRow(texts: readonly string[]): ColumnMap | null {
  // Action titles often begin like the header (« Actions collectivités… »): normalize the other
  // cells only once one of them is the header of the actions column.
  if (!texts.some((t) => t.length < 40 && TITLE_HEADER_START.test(t) && headerRole(t) === 'title')) return null;
  const map: ColumnMap = {};
  let found = 0;
  texts.forEach((text, col) => {
    const role = headerRole(text);
    if (!role || map[role] !== undefined) return;
    map[role] = col;
    found++;
  });
  if (map.title === undefined) return null;
  return found >= 2 ? map : null;
}

/**
 * Columns taught once: when the reader cannot tell which column holds what, the user says it
 * (`--colonnes etat=D,intitule=C,numero=A,porteur=E,annee=2024`), and `cls-bilan sync` keeps it in
 * the workbook so that every host reads the sheet the same way afterwards without the option.
 *
 * Kept like the generated-sheet mark (core/base/generated-sheet.ts): a name defined on the sheet itself,
 * `<definedName name="CLS_COLONNES" localSheetId="…">"etat=D;intitule=C"</definedName>`, which
 * follows the sheet when it is renamed or moved. Its value is a text constant.
 */
import { columnIndex, columnLetters } from '../base/grid';
import type { ColumnRole } from '../base/model';

/** The sheet-scoped defined name holding the taught columns. */
export const TAUGHT_COLUMNS_NAME = 'CLS_COLONNES';

export interface TaughtColumns {
  /** Role → 0-based column. */
  columns: Partial<Record<ColumnRole, number>>;
  /** The year of the sheet's bilan, when the user gave it. */
  year: number | null;
  /** 1-based row of the header, when the user gave it. */
  headerRow: number | null;
}

/** The French words of the option, by role (and the two that are not columns). */
const ROLE_WORDS: Readonly<Record<string, ColumnRole>> = {
  etat: 'status',
  intitule: 'title',
  action: 'title',
  numero: 'code',
  porteur: 'porteur',
  partenaires: 'partenaires',
  axe: 'axe',
  objectif: 'objectif',
  remarques: 'remarques',
};

/** The option's word of each role, for writing a mapping back. */
const WORD_OF_ROLE: Partial<Record<ColumnRole, string>> = Object.fromEntries(
  Object.entries(ROLE_WORDS)
    .filter(([word]) => word !== 'action')
    .map(([word, role]) => [role, word]),
);

export const TAUGHT_ROLE_WORDS = [...Object.keys(ROLE_WORDS).filter((w) => w !== 'action'), 'annee', 'ligne'];

export type TaughtParse = { ok: true; taught: TaughtColumns } | { ok: false; message: string };

/**
 * Reads `etat=D,intitule=C,annee=2024,ligne=3` (commas or semicolons; words without accents or
 * case). The state column is required: it is what the reader could not find.
 */
export function parseTaughtColumns(text: string): TaughtParse {
  const columns: Partial<Record<ColumnRole, number>> = {};
  let year: number | null = null;
  let headerRow: number | null = null;
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts) {
    const m = /^([a-zéèêàâîôûç]+)\s*=\s*(.+)$/i.exec(part);
    const word = m
      ? m[1]
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()
      : '';
    const value = m ? m[2].trim() : '';
    if (word === 'annee') {
      if (!/^(?:19|20)\d\d$/.test(value))
        return bad(`l'année « ${value} » doit s'écrire sur quatre chiffres, par exemple annee=2024`);
      year = Number(value);
      continue;
    }
    if (word === 'ligne') {
      if (!/^\d{1,7}$/.test(value) || Number(value) < 1)
        return bad(`la ligne d'en-tête « ${value} » doit être un numéro de ligne, par exemple ligne=3`);
      headerRow = Number(value);
      continue;
    }
    const role = ROLE_WORDS[word];
    if (!role) {
      return bad(
        `« ${part} » n'est pas compris ; écrivez rôle=lettre de colonne, avec les rôles ${TAUGHT_ROLE_WORDS.join(', ')}`,
      );
    }
    if (!/^[A-Z]{1,3}$/i.test(value) || columnIndex(value.toUpperCase()) > 16383) {
      return bad(`« ${value} » n'est pas une lettre de colonne (A, B… XFD) pour ${word}`);
    }
    columns[role] = columnIndex(value.toUpperCase());
  }
  if (columns.status === undefined) {
    return bad('indiquez au moins la colonne des états, par exemple etat=D');
  }
  const used = new Map<number, ColumnRole>();
  for (const [role, col] of Object.entries(columns) as [ColumnRole, number][]) {
    const other = used.get(col);
    if (other)
      return bad(
        `la colonne ${columnLetters(col)} est donnée pour ${WORD_OF_ROLE[other]} et pour ${WORD_OF_ROLE[role]}`,
      );
    used.set(col, role);
  }
  return { ok: true, taught: { columns, year, headerRow } };
}

function bad(why: string): TaughtParse {
  return { ok: false, message: `Option --colonnes : ${why}.` };
}

/** `etat=D;intitule=C;annee=2024`: the mapping as the option and the defined name write it. */
export function formatTaughtColumns(taught: TaughtColumns): string {
  const parts = (Object.entries(taught.columns) as [ColumnRole, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([role, col]) => `${WORD_OF_ROLE[role]}=${columnLetters(col)}`);
  if (taught.year !== null) parts.push(`annee=${taught.year}`);
  if (taught.headerRow !== null) parts.push(`ligne=${taught.headerRow}`);
  return parts.join(';');
}

/** The defined name's formula: a text constant (`="etat=D;intitule=C"`). */
export function taughtColumnsFormula(taught: TaughtColumns): string {
  return `="${formatTaughtColumns(taught)}"`;
}

/** The defined name's value as each host gives it (`"etat=D"`, `="etat=D"`, `of:="etat=D"`), read back. */
export function parseTaughtName(text: string): TaughtParse {
  const m = /^\s*(?:of:)?=?\s*"(.*)"\s*$/s.exec(text);
  return parseTaughtColumns((m ? m[1] : text).replace(/""/g, '"'));
}

/** True when a defined name is ours (Excel compares names without case). */
export function isTaughtColumnsName(name: string | null | undefined): boolean {
  return (name ?? '').trim().toUpperCase() === TAUGHT_COLUMNS_NAME;
}

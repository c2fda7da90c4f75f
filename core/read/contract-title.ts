/**
 * The contract a bilan is about, named as the ARS knows it: from `--contrat` when the user gives
 * it, else from the workbook's own title block (« Contrat Local de Santé du territoire messin
 * 2017-2020 »), else « Contrat local de santé »: a file's name (« petr-bilan-2022 ») is no
 * contract's name, and goes to the bilan's annex only. With its period when a title gives one.
 */
import { cleanText, type Grid, toA1 } from '../base/grid';
import type { TrackingSheet } from '../base/model';

/** A title cell naming the contract, above the table. */
export interface ContractTitleCell {
  text: string;
  cell: string;
}

export interface ContractTitle {
  /** « Contrat Local de Santé du territoire messin »; UNNAMED_CONTRACT when nothing names it. */
  name: string;
  /** « 2017–2020 », when the title gives the contract's years. */
  period: string | null;
  /** `file`: neither the option nor the workbook names the contract. */
  source: 'workbook' | 'option' | 'file';
  /** The workbook's name without extension (not with `--contrat`): said in the bilan's annex, never as the contract's name. */
  file?: string;
}

/** What the bilans call a contract that neither `--contrat` nor its workbook names. */
export const UNNAMED_CONTRACT = 'Contrat local de santé';

// No \b after « santé »: in a JavaScript regex without the u flag, « é » is not a word character.
const NAMES_CONTRACT = /\bcontrat\s+local\s+de\s+sant[ée](?![a-z])|\bCLS\b/i;
const PERIOD = /\(?\s*((?:19|20)\d\d)\s*(?:[-–—/]|\s(?:à|au)\s)\s*((?:19|20)\d\d)\s*\)?/i;

/** The first cell above the table (first 40 rows) that names a contrat local de santé. */
export function findContractTitle(grid: Grid, beforeRow: number): ContractTitleCell | null {
  for (let r = 0; r < Math.min(beforeRow, 40); r++) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = cleanText(row[c]?.text);
      if (text.length > 0 && text.length <= 200 && NAMES_CONTRACT.test(text)) return { text, cell: toA1(r, c) };
    }
  }
  return null;
}

/** A title split into the contract's name and its period (« 2017-2020 » → « 2017–2020 »). */
export function splitTitle(text: string): { name: string; period: string | null } {
  const m = PERIOD.exec(text);
  if (!m || Number(m[2]) <= Number(m[1])) return { name: text.trim(), period: null };
  const name = (text.slice(0, m.index) + text.slice(m.index + m[0].length))
    .replace(/[\s,:;–—-]+$/, '')
    .replace(/^[\s,:;–—-]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { name: name || text.trim(), period: `${m[1]}–${m[2]}` };
}

/**
 * The contract's title: the `--contrat` option (the user's word), then the workbook's title
 * block, else « Contrat local de santé » (the file's name kept aside, for the annex). The period comes from the option when it gives one
 * (« --contrat "CLS du PETR 2020-2024" »), else from the title block.
 */
export function contractTitle(
  sheets: readonly Pick<TrackingSheet, 'contractTitle'>[],
  option: string | undefined,
  fileStem: string,
): ContractTitle {
  const cell = sheets.map((s) => s.contractTitle).find((t) => t);
  const fromWorkbook = cell ? splitTitle(cell.text) : null;
  if (option !== undefined && option.trim() !== '') {
    const own = splitTitle(option.trim());
    return { name: own.name, period: own.period ?? fromWorkbook?.period ?? null, source: 'option' };
  }
  const file = fileStem ? { file: fileStem } : {};
  if (fromWorkbook) return { ...fromWorkbook, source: 'workbook', ...file };
  return { name: UNNAMED_CONTRACT, period: null, source: 'file', ...file };
}

/** « Bilan 2022 — CLS … », « Bilan 2020 à 2023 — CLS … »: the title of a bilan document. */
export function bilanTitle(title: ContractTitle, years: readonly (number | null)[]): string {
  const known = [...new Set(years.filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const span =
    known.length === 0 ? '' : known.length === 1 ? ` ${known[0]}` : ` ${known[0]} à ${known[known.length - 1]}`;
  return `Bilan${span} — ${contractLabel(title)}`;
}

/** « Contrat Local de Santé du territoire messin 2017–2020 », or « Contrat local de santé » when nothing names it. */
export function contractLabel(title: ContractTitle): string {
  return title.period ? `${title.name} ${title.period}` : title.name;
}

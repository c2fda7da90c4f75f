/** « Contrôles » (annex): the checks' findings, grouped, with the fix each proposes. */
import type { LayoutCell, SheetLayout } from './sheet-layout';
import { count, NBSP, typeset } from '../base/typography';
import { CATALOGUE, type Diagnostic, SEVERITY_LABELS, sortDiagnostics } from '../check/diagnostics';
import { anyGrouped, FULL_LIST_COMMAND, GROUP_THRESHOLD, groupDiagnostics, lineCell } from '../check/diagnostic-groups';
import { cutShown } from '../base/text';
import { text, header, label } from './cells';

const SEVERITY_FILLS = { error: '#F8CBAD', warning: '#FFE699', info: '#DDEBF7' } as const;

/** Edits a grouped line shows in « Correction proposée »; the others are counted. */
const FIXES_SHOWN = 5;

/** « F12 : En cours », one edit a line, the edits of a grouped line counted beyond the first ones. */
function fixText(fix: Diagnostic['fix']): string {
  if (!fix) return '';
  const shown = fix.slice(0, FIXES_SHOWN).map((f) => `${f.cell}${NBSP}: ${cutShown(f.value)}`);
  const others = fix.length - shown.length;
  if (others > 0) shown.push(typeset(`… et ${count(others, 'autre correction', 'autres corrections')}`));
  return shown.join('\n');
}

/**
 * « Contrôles »: every diagnostic, by severity, so the coordinator can fix the source: each check
 * by its French title (its code is for `inspect --json`), where (the cell, with its sheet when
 * the findings are on several; one sheet is said once, in a sentence), the message and the fix. A
 * check that fires more than GROUP_THRESHOLD times on one sheet is one line naming its first rows
 * (core/check/diagnostic-groups.ts); `cls-bilan inspect --tout` lists them all. Narrow enough to
 * print across an A4 landscape page at about the size of the bilan.
 */
export function controlsLayout(diagnostics: readonly Diagnostic[]): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const lines = groupDiagnostics(sortDiagnostics(diagnostics));
  rows.push([label('Contrôles du tableau de suivi', { bold: true, size: 14, heading: 1 })]);
  const grouped = anyGrouped(lines)
    ? ` Un contrôle qui revient plus de ${GROUP_THRESHOLD} fois sur une feuille y tient en une ligne ; « ${FULL_LIST_COMMAND} » les liste tous.`
    : '';
  // A finding without a sheet is about the whole workbook (the contract's name).
  const sheets = [...new Set(lines.map((d) => d.sheet).filter((s) => s !== ''))];
  const oneSheet = sheets.length <= 1;
  const where =
    sheets.length === 1
      ? ` Les cellules sont celles de la feuille « ${cutShown(sheets[0])} » du classeur d'origine.`
      : " La cellule indique où corriger dans le classeur d'origine.";
  rows.push([
    text(
      diagnostics.length === 0
        ? 'Aucun problème trouvé.'
        : typeset(`${count(diagnostics.length, 'point')} à vérifier, les erreurs d'abord.${where}${grouped}`),
      { italic: true },
    ),
  ]);
  const widths = [13, oneSheet ? 10 : 24, 30, 64, 28];
  if (diagnostics.length === 0) {
    const none = { freezeRows: 0, printTitleRow: null, headerRow: null, tableHeaders: [] };
    return { name: 'Contrôles', widths, rows, merges: [], groups: [], annex: true, ...none };
  }
  rows.push([]);
  const headerRow = rows.length;
  rows.push(
    header(['Gravité', oneSheet ? 'Cellule' : 'Feuille et cellule', 'Contrôle', 'Message', 'Correction proposée']),
  );
  for (const d of lines) {
    const cell = lineCell(d) ?? '';
    const place = oneSheet || d.sheet === '' ? cell || '—' : [cutShown(d.sheet), cell].filter(Boolean).join(', ');
    rows.push([
      text(SEVERITY_LABELS[d.severity], { fill: SEVERITY_FILLS[d.severity], border: true }),
      text(place, { border: true, align: oneSheet ? 'center' : 'left', wrap: !oneSheet }),
      text(CATALOGUE[d.code].title, { border: true, wrap: true }),
      text(d.message, { border: true, wrap: true }),
      text(fixText(d.fix), { border: true, wrap: true }),
    ]);
  }
  return {
    name: 'Contrôles',
    widths,
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders: [headerRow],
    // The title and the first lines on one page.
    groups: [{ top: 0, bottom: Math.min(headerRow + 2, rows.length - 1) }],
    annex: true,
  };
}

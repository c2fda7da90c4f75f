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
 * « Contrôles »: every diagnostic, by severity, so the coordinator can fix the source. A check that
 * fires more than GROUP_THRESHOLD times on one sheet is one line naming its first rows
 * (core/check/diagnostic-groups.ts); `cls-bilan inspect --tout` lists them all.
 */
export function controlsLayout(diagnostics: readonly Diagnostic[]): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const lines = groupDiagnostics(sortDiagnostics(diagnostics));
  rows.push([label('Contrôles du tableau de suivi', { bold: true, size: 14 })]);
  const grouped = anyGrouped(lines)
    ? ` Un contrôle qui revient plus de ${GROUP_THRESHOLD} fois sur une feuille y tient en une ligne ; « ${FULL_LIST_COMMAND} » les liste tous.`
    : '';
  rows.push([
    text(
      diagnostics.length === 0
        ? 'Aucun problème trouvé.'
        : typeset(
            `${count(diagnostics.length, 'point')} à vérifier, les erreurs d'abord. La cellule indique où corriger dans le classeur d'origine.${grouped}`,
          ),
      { italic: true },
    ),
  ]);
  const widths = [15, 16, 9, 26, 34, 90, 28];
  if (diagnostics.length === 0) {
    const none = { freezeRows: 0, printTitleRow: null, headerRow: null, tableHeaders: [] };
    return { name: 'Contrôles', widths, rows, merges: [], groups: [], annex: true, ...none };
  }
  rows.push([]);
  const headerRow = rows.length;
  rows.push(header(['Gravité', 'Feuille', 'Cellule', 'Code', 'Contrôle', 'Message', 'Correction proposée']));
  for (const d of lines) {
    rows.push([
      text(SEVERITY_LABELS[d.severity], { fill: SEVERITY_FILLS[d.severity], border: true }),
      text(cutShown(d.sheet), { border: true }),
      text(lineCell(d) ?? '', { border: true, align: 'center' }),
      text(d.code, { border: true }),
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
    groups: [],
    annex: true,
  };
}

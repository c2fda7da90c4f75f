/**
 * What the task pane shows after « Analyser », as plain data: the sheet's counts per status with
 * their badge colours, the share done, and the diagnostics grouped by severity. Host-neutral: the
 * pane only renders it.
 */
import type { SheetAnalysis } from '../report/analysis';
import { legendStatuses } from './cells';
import { textColourOn } from '../base/contrast';
import { type Diagnostic, type Severity, SEVERITY_LABELS, SEVERITY_ORDER } from '../check/diagnostics';
import { EXPECTED_HEADER_WORDS } from '../read/header';
import { type Palette, STATUSES, type StatusId } from '../base/status';
import { count, formatPercent, typeset } from '../base/typography';

export interface StatusBadge {
  key: StatusId | 'sans_etat';
  label: string;
  count: number;
  /** Badge fill, #RRGGBB; null for « Sans état ». */
  colour: string | null;
  /** Readable text colour on that fill. */
  textColour: string;
}

export interface DiagnosticGroup {
  severity: Severity;
  /** « Erreurs (2) ». */
  title: string;
  items: Diagnostic[];
}

export interface PaneSummary {
  sheetName: string;
  year: number | null;
  /** « Feuille « 2022 » — année 2022 — 71 actions ». */
  heading: string;
  total: number;
  badges: StatusBadge[];
  donePercent: number;
  /** « 28 % réalisé ». */
  doneLabel: string;
  conclusion: string;
  groups: DiagnosticGroup[];
  /** « Aucun problème détecté. » or the counts per severity. */
  diagnosticsLine: string;
}

const PLURAL_LABELS: Record<Severity, string> = {
  error: 'Erreurs',
  warning: 'Avertissements',
  info: 'Informations',
};

export function paneSummary(analysis: SheetAnalysis, palette: Readonly<Palette>): PaneSummary {
  const { sheet, bilan, diagnostics } = analysis;
  const badges: StatusBadge[] = legendStatuses(bilan.counts).map((id) => ({
    key: id,
    label: STATUSES[id].label,
    count: bilan.counts[id],
    colour: palette[id],
    textColour: textColourOn(palette[id]),
  }));
  if (bilan.counts.sans_etat > 0) {
    badges.push({
      key: 'sans_etat',
      label: 'Sans état',
      count: bilan.counts.sans_etat,
      colour: null,
      textColour: '#000000',
    });
  }
  const groups = SEVERITY_ORDER.map((severity) => {
    const items = diagnostics.filter((d) => d.severity === severity);
    return { severity, title: `${PLURAL_LABELS[severity]} (${items.length})`, items };
  }).filter((g) => g.items.length > 0);
  const actions = count(bilan.total, 'action');
  return {
    sheetName: sheet.name,
    year: sheet.year,
    heading: typeset(
      [`Feuille « ${sheet.name} »`, sheet.year ? `année ${sheet.year}` : null, actions].filter(Boolean).join(' — '),
    ),
    total: bilan.total,
    badges,
    donePercent: bilan.donePercent,
    doneLabel: `${formatPercent(bilan.donePercent)} réalisé`,
    conclusion: `${bilan.conclusion} ${bilan.remainingSentence}`,
    groups,
    diagnosticsLine:
      groups.length === 0
        ? 'Aucun problème détecté.'
        : groups
            .map(
              (g) => `${g.items.length} ${SEVERITY_LABELS[g.severity].toLowerCase()}${g.items.length > 1 ? 's' : ''}`,
            )
            .join(', '),
  };
}

/** The pane's message for a sheet where no tracking table was found. */
export function noTableMessage(sheetName: string): string {
  return typeset(
    `Aucun tableau de suivi trouvé sur la feuille « ${sheetName} ». Le tableau doit avoir une ligne d'en-tête ` +
      `avec au moins la colonne des actions et l'une des colonnes d'état, de numéro ou de porteur, par exemple : ` +
      `${EXPECTED_HEADER_WORDS.join(' | ')}. Ouvrez la feuille du tableau, ou ajoutez la ligne d'en-tête, puis relancez l'analyse.`,
  );
}

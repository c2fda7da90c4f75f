/** The region's synthesis: one line per contract, with its states and its change since the year before. */
import type { LayoutCell, LayoutChart, SheetLayout, WorkbookLayout } from './sheet-layout';
import { textColourOn } from '../base/contrast';
import { ROUNDING_NOTE, statusShares } from '../report/bilan';
import { count, typeset } from '../base/typography';
import type { RegionSynthesis } from '../report/region-synthesis';
import { type Palette, STATUS_IDS, STATUSES, type StatusId } from '../base/status';
import { cutShown } from '../base/text';
import { text, pct, header, INCOMPLETE_LOOK, label, WITHOUT_STATUS_FILL } from './cells';
import { CHART_ROWS } from './synthesis-sheet';

/** « +5 pts », « −3 pts », « = », or « — » without a year before. */
export function changeText(change: number | null): string {
  if (change === null) return '—';
  if (change === 0) return '=';
  return typeset(`${change > 0 ? '+' : '−'}${Math.abs(change)} pt${Math.abs(change) > 1 ? 's' : ''}`);
}

/** Why a file in which no year was found is not a year's line, and how to fix it. */
export function undatedReason(year: number | undefined): string {
  return typeset(
    (year !== undefined
      ? `ses actions ne sont rattachées à aucune année : elles ne sont pas comptées dans la synthèse ${year}`
      : 'ses actions ne sont rattachées à aucune année') +
      ' (écrivez l’année dans le titre de la colonne des états, par exemple « ETAT AVANCEMENT ACTION 2023 », ou dans le nom de la feuille).',
  );
}

/**
 * What the lines of the synthesis do not count, one sentence each, for the table's foot and the
 * command's summary: the contracts without a bilan of the year asked, the incomplete bilans, the
 * files in which no year was found.
 */
export function regionNotes(synthesis: RegionSynthesis): string[] {
  const notes: string[] = [];
  const missing = synthesis.contracts.filter((c) => c.missingYear !== undefined);
  if (missing.length > 0 && synthesis.year !== undefined) {
    notes.push(
      `Pas de bilan ${synthesis.year} pour ${missing.map((c) => `« ${c.name} »`).join(', ')} : ` +
        `${missing.length > 1 ? 'listés, ils ne sont pas comptés' : 'listé, il n’est pas compté'} dans les totaux de la région.`,
    );
  }
  for (const c of synthesis.contracts) {
    if (c.incomplete === undefined) continue;
    notes.push(
      `Bilan incomplet pour « ${c.name} »${c.lastYear !== null ? ` (${c.lastYear})` : ''} : ${c.incomplete}. ` +
        'Ses nombres ne sont pas à reprendre tels quels : voir les contrôles de son bilan.',
    );
  }
  for (const c of synthesis.contracts) {
    for (const f of c.undated ?? []) notes.push(`Année introuvable dans « ${f} » : ${undatedReason(synthesis.year)}`);
  }
  return notes.map((n) => typeset(n));
}

/** « Contrat », « 2023 », « dernière année »: what the lines are of. */
function yearWords(synthesis: RegionSynthesis): { of: string; column: string } {
  return synthesis.year !== undefined
    ? { of: `l'année ${synthesis.year}`, column: 'Année' }
    : { of: 'dernière année', column: 'Dernière année' };
}

/**
 * « Synthèse des contrats »: one line per contract (its last year's states, « % réalisé » and its
 * change, checks, regressions, the link to its bilan), the region's totals, the share of each state
 * per contract with its chart, and the files that could not be read.
 */
export function regionSynthesisLayout(synthesis: RegionSynthesis, palette: Palette): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  const { contracts, totals } = synthesis;
  const anyRealise = contracts.some((c) => c.counts.realise > 0);
  const anyWithout = contracts.some((c) => c.counts.sans_etat > 0);
  const ids = STATUS_IDS.filter((id) => id !== 'realise' || anyRealise);
  const words = yearWords(synthesis);
  const missing = contracts.length - totals.contracts;
  rows.push([
    label(`Synthèse des contrats locaux de santé${synthesis.year !== undefined ? ` ${synthesis.year}` : ''}`, {
      bold: true,
      size: 14,
      heading: 1,
    }),
  ]);
  rows.push([
    label(
      typeset(
        `${count(contracts.length, 'contrat')}` +
          (missing > 0 ? ` dont ${missing} sans bilan ${synthesis.year ?? ''}` : '') +
          `, ${count(totals.actions, 'action')} ; ` +
          (synthesis.year !== undefined
            ? `pour chaque contrat, l'état de ses actions en ${synthesis.year}. `
            : "pour chaque contrat, l'état des actions de sa dernière année. ") +
          'Les nombres sont ceux du bilan de chaque contrat.',
      ),
      { italic: true },
    ),
  ]);
  rows.push([]);
  const headerRow = rows.length;
  tableHeaders.push(headerRow);
  const statusHeader = (id: StatusId) =>
    label(STATUSES[id].label, {
      bold: true,
      border: true,
      wrap: true,
      align: 'center',
      fill: palette[id],
      colour: textColourOn(palette[id]),
    });
  rows.push([
    ...header(['Contrat', 'Années', words.column, 'Actions']),
    ...ids.map(statusHeader),
    ...(anyWithout ? header(['Sans état']) : []),
    ...header(['% réalisé', 'Évolution sur un an', 'Bilan']),
  ]);
  const number = (n: number, extra: Omit<LayoutCell, 'value'> = {}) =>
    text(n, { border: true, align: 'right', ...extra });
  for (const c of contracts) {
    const span =
      c.years.length === 0
        ? '—'
        : c.years.length === 1
          ? String(c.years[0])
          : `${c.years[0]}–${c.years[c.years.length - 1]}`;
    // A bilan not read with certainty says so on its line, as its own bilan does.
    const name = c.incomplete !== undefined ? `${cutShown(c.name)}\nBilan incomplet` : cutShown(c.name);
    rows.push([
      text(name, c.incomplete !== undefined ? INCOMPLETE_LOOK : { border: true, wrap: true, bold: true }),
      text(span, { border: true, align: 'center' }),
      c.missingYear !== undefined
        ? label(`pas de bilan ${c.missingYear}`, { border: true, align: 'center', italic: true })
        : text(c.lastYear ?? '—', { border: true, align: 'center' }),
      ...(c.missingYear !== undefined
        ? // Nothing to count that year: no number that could be read as « 0 % réalisé ».
          [0, ...ids, ...(anyWithout ? [0] : []), 0].map(() => label('—', { border: true, align: 'center' }))
        : [
            number(c.actions),
            ...ids.map((id) => number(c.counts[id])),
            ...(anyWithout ? [number(c.counts.sans_etat)] : []),
            pct(c.donePercent, { bold: true }),
          ]),
      label(changeText(c.change), {
        border: true,
        align: 'center',
        colour: c.change !== null && c.change < 0 ? '#C00000' : undefined,
      }),
      c.bilan
        ? text(c.bilan, { border: true, wrap: true, link: c.bilan })
        : label('—', { border: true, align: 'center' }),
    ]);
  }
  rows.push([
    label('Total de la région', { bold: true, border: true }),
    label(count(totals.contracts, 'contrat'), { bold: true, border: true, wrap: true }),
    text(null, { border: true }),
    number(totals.actions, { bold: true }),
    ...ids.map((id) => number(totals.counts[id], { bold: true })),
    ...(anyWithout ? [number(totals.counts.sans_etat, { bold: true })] : []),
    pct(totals.donePercent, { bold: true }),
    text(null, { border: true }),
    text(null, { border: true }),
  ]);
  // Two versions of one year in a contract's files: said under the table, never added together.
  for (const c of contracts) {
    for (const k of c.conflicts) {
      rows.push([
        label(
          `${cutShown(c.name)} : deux versions différentes de ${k.year} (« ${k.files.join(' » et « ')} ») ; ` +
            `l'année ${k.year} n'est pas comptée tant qu'un seul de ces fichiers n'est pas gardé.`,
          { colour: '#C00000', bold: true },
        ),
      ]);
    }
  }
  for (const note of regionNotes(synthesis)) {
    rows.push([label(note, { colour: '#C00000', bold: true })]);
  }
  rows.push([]);

  // The share of each state per contract (the bilans' own shares), and their chart; a contract
  // without a bilan of the year asked has no share to show.
  const shown = contracts.filter((c) => c.missingYear === undefined);
  rows.push([label(`Part de chaque état par contrat (${words.of})`, { bold: true, heading: 2 })]);
  const sharesHeader = rows.length;
  tableHeaders.push(sharesHeader);
  rows.push(header(['État', ...shown.map((c) => cutShown(c.name))]));
  const series: LayoutChart['series'] = [];
  const shares = shown.map((c) => statusShares(c.counts));
  for (const id of ids) {
    series.push({ row: rows.length, colour: palette[id], status: id });
    rows.push([
      text(STATUSES[id].label, { fill: palette[id], colour: textColourOn(palette[id]), border: true }),
      ...shares.map((s) => pct(s[id])),
    ]);
  }
  if (anyWithout) {
    series.push({ row: rows.length, colour: WITHOUT_STATUS_FILL, status: null });
    rows.push([label('Sans état', { border: true, italic: true }), ...shares.map((s) => pct(s.sans_etat))]);
  }
  rows.push([]);
  // Each share is its own value rounded (core/report/bilan.ts statusShares): said, as INSEE says it.
  rows.push([label(ROUNDING_NOTE, { italic: true })]);
  rows.push([]);
  const chart: LayoutChart | undefined =
    shown.length > 0
      ? {
          title: typeset(`« % réalisé » des contrats (${words.of})`),
          categoriesRow: sharesHeader,
          labelCol: 0,
          firstCol: 1,
          lastCol: shown.length,
          series,
          donePercents: shown.map((c) => c.donePercent),
          atRow: rows.length,
          rowSpan: CHART_ROWS + 4,
          unit: 'percent',
          valueAxisTitle: 'Part des actions (%)',
        }
      : undefined;
  if (chart) for (let i = 0; i < chart.rowSpan; i++) rows.push([]);

  return {
    name: 'Synthèse des contrats',
    widths: [36, 11, 10, 9, ...ids.map(() => 11), ...(anyWithout ? [9] : []), 10, 11, 40],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders,
    groups: [],
    chart,
  };
}

/**
 * « Fichiers et contrôles » (annex): for each contract, the files read, the copies left out, the
 * years in conflict and its checks (for its coordinator, not the committee); then the files that
 * could not be read.
 */
export function regionAnnexLayout(synthesis: RegionSynthesis): SheetLayout {
  const rows: (LayoutCell | null)[][] = [];
  const tableHeaders: number[] = [];
  rows.push([label('Fichiers et contrôles des contrats', { bold: true, size: 14, heading: 1 })]);
  rows.push([]);
  const headerRow = rows.length;
  tableHeaders.push(headerRow);
  rows.push(header(['Contrat', 'Fichiers lus', 'Copies laissées de côté', 'Erreurs', 'Avertissements', 'Reculs']));
  const number = (n: number, extra: Omit<LayoutCell, 'value'> = {}) =>
    text(n, { border: true, align: 'right', ...extra });
  for (const c of synthesis.contracts) {
    const copies = c.copies.map((k) => `${k.file} (copie de ${k.of})`);
    const conflicts = c.conflicts.map((k) => `${k.year} en conflit : ${k.files.join(', ')}`);
    // A bilan not read with certainty says so on its line, as its own bilan does.
    const name = c.incomplete !== undefined ? `${cutShown(c.name)}\nBilan incomplet` : cutShown(c.name);
    rows.push([
      text(name, c.incomplete !== undefined ? INCOMPLETE_LOOK : { border: true, wrap: true, bold: true }),
      text(
        cutShown([...c.files, ...(c.grouping !== undefined ? [`(regroupés selon ${c.grouping})`] : [])].join('\n')),
        { border: true, wrap: true },
      ),
      text(cutShown([...copies, ...conflicts].join('\n')) || '—', { border: true, wrap: true }),
      number(c.errors, c.errors > 0 ? { colour: '#C00000', bold: true } : {}),
      number(c.warnings),
      number(c.regressions),
    ]);
  }
  rows.push([]);
  const undated = synthesis.contracts.flatMap((c) => (c.undated ?? []).map((file) => ({ file, contract: c.name })));
  if (undated.length > 0) {
    rows.push([label('Fichiers sans année', { bold: true, heading: 2 })]);
    tableHeaders.push(rows.length);
    rows.push(header(['Fichier', 'Contrat', 'Raison']));
    for (const u of undated) {
      rows.push([
        text(u.file, { border: true, wrap: true }),
        text(cutShown(u.contract), { border: true, wrap: true }),
        text(undatedReason(synthesis.year), { border: true, wrap: true }),
      ]);
    }
    rows.push([]);
  }
  if (synthesis.failures.length > 0) {
    rows.push([label('Fichiers non lus', { bold: true, heading: 2 })]);
    tableHeaders.push(rows.length);
    rows.push(header(['Fichier', 'Raison']));
    for (const f of synthesis.failures) {
      rows.push([text(f.file, { border: true, wrap: true }), text(f.message, { border: true, wrap: true })]);
    }
  }
  return {
    name: 'Fichiers et contrôles',
    widths: [36, 44, 44, 9, 10, 8],
    rows,
    merges: [],
    freezeRows: headerRow + 1,
    printTitleRow: headerRow + 1,
    headerRow,
    tableHeaders,
    groups: [],
    annex: true,
  };
}

/** The region's synthesis as a workbook: the committee's table, then its annex. */
export function regionWorkbookLayout(synthesis: RegionSynthesis, palette: Palette): WorkbookLayout {
  return { sheets: [regionSynthesisLayout(synthesis, palette), regionAnnexLayout(synthesis)] };
}

/**
 * The synthesis of a region's contracts that `convert` writes beside the bilans when it handles
 * two contracts or more: `synthese-contrats.xlsx` and `synthese-contrats.html` in --out, from the
 * lines each worker made from its contract's own analysis (core/report/region-synthesis.ts). Like the
 * bilans, it carries a fingerprint: unchanged, it is not rewritten; a file of the same name that is
 * not ours is kept unless --force.
 */
import { join, relative, sep } from 'node:path';
import { regionNotes, regionWorkbookLayout } from '../core/layout/region-sheet';
import { toErrorInfo } from '../core/base/errors';
import {
  type ContractLineOptions,
  type ContractSummary,
  contractLines,
  type RegionSynthesis,
  regionSynthesis,
} from '../core/report/region-synthesis';
import { DEFAULT_PALETTE, type Palette } from '../core/base/status';
import { count, fr, typeset } from '../core/base/typography';
import { exists, writeAllAtomically } from './file-writes';
import { type ConvertResult, type ConvertTask, type OutputFormat, outputPath } from './convert-task';
import { FINGERPRINT_NAME, fingerprintOf, outputsStanding, TOOL_VERSION } from './fingerprint';
import { renderHtml } from '../core/write/html';
import { renderXlsx } from './write-xlsx';

/** The synthesis' files in --out, without extension. */
export const SYNTHESIS_BASE = 'synthese-contrats';

/** The formats a contract's line links to, best first: the page opens anywhere. */
const LINK_ORDER: readonly OutputFormat[] = ['html', 'xlsx', 'docx', 'json'];

export interface SynthesisReport extends RegionSynthesis {
  outputs: string[];
  /** Already written from these very numbers: nothing was rewritten. */
  upToDate: boolean;
  /** Why it was not written (a file of that name that is not ours, a folder that refuses writing). */
  error: { code: string; message: string } | null;
}

function linkTo(task: ConvertTask, outDir: string): string | null {
  const format = LINK_ORDER.find((f) => task.formats.includes(f));
  return format ? relative(outDir, outputPath(task, format)).split(sep).join('/') : null;
}

/**
 * The region's synthesis of a run's results: the files grouped by contract (yearly files of one
 * contract on one line, copies counted once, conflicting versions of a year left out and said),
 * each contract linked to the bilan of its latest year.
 */
export function synthesisOf(
  results: readonly ConvertResult[],
  tasks: readonly ConvertTask[],
  outDir: string,
  options: ContractLineOptions = {},
): RegionSynthesis {
  const taskOf = new Map(tasks.map((t) => [t.input, t]));
  const lines: ContractSummary[] = [];
  for (const r of results) {
    if (!r.ok || !r.summary) continue;
    const task = taskOf.get(r.input);
    // Named by its path as given: two folders may both hold a « suivi-2023.xlsx ».
    lines.push({ ...r.summary, file: r.input, files: [r.input], bilan: task ? linkTo(task, outDir) : null });
  }
  const failures = results
    .filter((r) => !r.ok)
    .map((r) => ({ file: r.input, code: r.error?.code ?? 'INTERNAL', message: r.error?.message ?? '' }));
  return regionSynthesis(contractLines(lines, options), failures, options.year);
}

/**
 * « 12 fichiers → 2 contrats : A (5 fichiers, dont 1 copie), B… », with the contracts the grouping
 * file named; null when each file is its own contract and nothing was grouped by the user.
 */
export function groupingLine(synthesis: RegionSynthesis): string | null {
  const files = synthesis.contracts.reduce((n, c) => n + c.files.length + c.copies.length, 0);
  const named = synthesis.contracts.filter((c) => c.grouping !== undefined);
  if (files === synthesis.contracts.length && named.length === 0) return null;
  const parts = synthesis.contracts.map((c) => {
    const all = c.files.length + c.copies.length;
    const copies = c.copies.length > 0 ? `, dont ${count(c.copies.length, 'copie')}` : '';
    const conflicts =
      c.conflicts.length > 0
        ? `, ${c.conflicts.map((k) => `conflit ${k.year} : « ${k.files.join(' » et « ')} »`).join(', ')}`
        : '';
    const by = c.grouping !== undefined ? `, regroupés selon ${c.grouping}` : '';
    return `${c.name} (${count(all, 'fichier')}${copies}${conflicts}${by})`;
  });
  return typeset(
    `${count(files, 'fichier')} → ${count(synthesis.contracts.length, 'contrat')} : ${parts.join(' ; ')}.`,
  );
}

export async function writeSynthesis(
  synthesis: RegionSynthesis,
  options: { out: string; palette?: Palette; force: boolean },
): Promise<SynthesisReport> {
  const palette = options.palette ?? DEFAULT_PALETTE;
  const report: SynthesisReport = { ...synthesis, outputs: [], upToDate: false, error: null };
  if (synthesis.contracts.length === 0) {
    report.error = {
      code: 'NO_TABLE',
      message: typeset('Aucun contrat n’a pu être lu : la synthèse des contrats n’a pas été écrite.'),
    };
    return report;
  }
  const fingerprint = fingerprintOf({ synthesis, palette });
  const files = (['xlsx', 'html'] as const).map((format) => ({
    format,
    path: join(options.out, `${SYNTHESIS_BASE}.${format}`),
  }));
  try {
    if (!options.force) {
      const { foreign, upToDate } = await outputsStanding(files, fingerprint, exists);
      if (foreign.length > 0) {
        report.error = {
          code: 'OUTPUT_EXISTS',
          message: typeset(
            `« ${foreign.join(' », « ')} » existe déjà et n'est pas une synthèse écrite par cls-bilan : la synthèse des contrats n'a pas été écrite. ` +
              'Ajoutez --force pour le remplacer, ou choisissez un autre dossier avec --out.',
          ),
        };
        return report;
      }
      if (upToDate) {
        report.upToDate = true;
        return report;
      }
    }
    const layout = regionWorkbookLayout(synthesis, palette);
    const title = typeset(
      `Synthèse des contrats locaux de santé${synthesis.year !== undefined ? ` ${synthesis.year}` : ''} — ${count(synthesis.contracts.length, 'contrat')}`,
    );
    const properties = { 'cls-bilan-version': TOOL_VERSION, [FINGERPRINT_NAME]: fingerprint };
    await writeAllAtomically([
      { path: files[0].path, data: await renderXlsx(layout, { title, properties }) },
      { path: files[1].path, data: renderHtml(layout, { title, meta: properties }) },
    ]);
    report.outputs = files.map((f) => f.path);
  } catch (e) {
    const info = toErrorInfo(e, SYNTHESIS_BASE);
    report.error = { code: info.code, message: typeset(info.message) };
  }
  return report;
}

/** What became of the region's synthesis, in one or two lines. */
export function synthesisLine(s: SynthesisReport): string {
  if (s.error) return fr`Synthèse des contrats non écrite : ${s.error.message}\n`;
  const missing = s.contracts.length - s.totals.contracts;
  const what = typeset(
    `Synthèse des contrats${s.year !== undefined ? ` ${s.year}` : ''} (${count(s.contracts.length, 'contrat')}` +
      (missing > 0 ? ` dont ${missing} sans bilan ${s.year ?? ''}` : '') +
      `, ${s.totals.donePercent} % réalisé dans la région` +
      (s.failures.length > 0 ? `, ${count(s.failures.length, 'fichier non lu', 'fichiers non lus')}` : '') +
      ')',
  );
  const grouping = groupingLine(s);
  const head = grouping ? `${grouping}\n` : '';
  // What the lines do not count (no bilan of the year, incomplete bilans, files without a year), as the synthesis says it.
  const notes = regionNotes(s)
    .map((n) => `  ${n}\n`)
    .join('');
  if (s.upToDate) return `${head}${what} : à jour.\n${notes}`;
  return `${head}${what} : ${s.outputs.join(', ')}\n${notes}`;
}

/**
 * The page's worker: one request, one answer, then the page ends it. Reads a workbook and says how
 * it was read (the same numbers as `inspect --json`), or makes a download with the very code of
 * `convert` (core/write/bilan-files.ts). Started from a Blob URL; the page terminates it when its
 * time is up, so a hostile workbook fails alone.
 */
import { ClsError, toErrorInfo } from '../../core/base/errors';
import { columnForm, type ColumnForm } from '../../core/edit/column-choice';
import { documentContract } from '../../core/layout/bilan-workbook';
import { paneSummary } from '../../core/layout/pane-summary';
import { incompleteNotice } from '../../core/check/diagnostics';
import type { Grid } from '../../core/base/grid';
import { describeLayout, layoutReport } from '../../core/read/reading-description';
import { readWorkbook } from '../../core/read/xlsx/stream-reader';
import type { TrackingSheet } from '../../core/base/model';
import type { Palette } from '../../core/base/status';
import { count, formatPercent, typeset } from '../../core/base/typography';
import {
  type ContractSummary,
  contractLines,
  regionSynthesis,
  type SynthesisFailure,
} from '../../core/report/region-synthesis';
import {
  analyseBilan,
  type AnalysedBilan,
  bilanFiles,
  bilanNaming,
  type BilanSubject,
  contractLine,
  synthesisFiles,
} from '../../core/write/bilan-files';
import { workbookStem } from '../../core/base/workbook-files';
import { sourceFingerprint } from '../../core/write/fingerprint';
import type { FileView, MadeFile, PageReadOptions, SheetView, WorkerAnswer, WorkerRequest } from '../protocol';
import { TOOL_VERSION } from '../version';
import { syncedWorkbook } from './sync';

/** The worker's global scope, as much of it as is used (the page's type library is the DOM's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json;charset=utf-8',
} as const;

/**
 * The file's bytes, read now: a file changed, moved or deleted since it was dropped cannot be read
 * (the browser refuses), and is then said so, never taken from an old copy.
 */
async function bytesOf(name: string, file: Blob): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new ClsError({
      code: 'FILE_UNREADABLE',
      file: name,
      message:
        `Impossible de lire « ${name} » : le fichier a été modifié, déplacé ou supprimé depuis qu'il a été déposé ` +
        '(ou il est ouvert ailleurs). Déposez-le de nouveau.',
    });
  }
}

function subjectOf(name: string, bytes: Uint8Array): BilanSubject {
  return { shown: name, stem: workbookStem(name), sources: [{ name, load: () => Promise.resolve(bytes) }] };
}

/** The workbook's sheet a reading comes from (the first, for a year kept on one sheet per axe). */
function gridNameOf(sheet: TrackingSheet): string {
  return sheet.parts?.[0]?.name ?? sheet.name;
}

async function read(
  name: string,
  bytes: Uint8Array,
  options: PageReadOptions,
  forms: 'doubtful' | 'all',
): Promise<FileView> {
  const subject = subjectOf(name, bytes);
  const analysed: AnalysedBilan = await analyseBilan(subject, options);
  const { reading, analysis } = analysed;
  const stem = workbookStem(name);
  const incomplete = analysis.sheets.map((s) => incompleteNotice(s.diagnostics));
  // The sheets' cells are needed only for the column chooser: read again when it is shown.
  const needGrids = forms === 'all' || incomplete.some((n) => n !== null) || options.columns !== undefined;
  const grids: Grid[] = needGrids ? await readWorkbook(bytes, name) : [];
  const formOf = (i: number): ColumnForm | null => {
    if (forms !== 'all' && incomplete[i] === null && options.columns === undefined) return null;
    const grid = grids.find((g) => g.name === gridNameOf(analysis.sheets[i].sheet));
    return grid ? columnForm(grid, analysis.sheets[i]) : null;
  };
  const sheets: SheetView[] = analysis.sheets.map((s, i) => {
    const layout = layoutReport(s.sheet);
    return {
      gridName: gridNameOf(s.sheet),
      lecture: describeLayout(layout),
      taught: layout.taught === true,
      summary: paneSummary(s, reading.palette),
      incomplete: incomplete[i],
      form: formOf(i),
    };
  });
  return {
    sheets,
    workbookDiagnostics: analysis.workbookDiagnostics,
    palette: reading.palette,
    paletteSource: reading.paletteSource,
    stem,
    ods: /\.f?ods$/i.test(name),
  };
}

/** The last workbook analysed for a bilan, kept for the next format asked of the same bytes. */
let last: {
  name: string;
  options: string;
  bytes: Uint8Array;
  analysed: AnalysedBilan;
  fingerprint: string;
} | null = null;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The workbook read and analysed, and its fingerprint: again for the next format of the same file
 * (xlsx, then Word…), unless its bytes or the options changed.
 */
async function analysedForBilan(
  subject: BilanSubject,
  bytes: Uint8Array,
  options: PageReadOptions,
): Promise<{ analysed: AnalysedBilan; fingerprint: string }> {
  const key = JSON.stringify(options);
  if (last && last.name === subject.shown && last.options === key && sameBytes(last.bytes, bytes)) return last;
  last = null;
  const analysed = await analyseBilan(subject, options);
  const fingerprint = sourceFingerprint(TOOL_VERSION, [{ name: subject.shown, bytes }], options);
  last = { name: subject.shown, options: key, bytes, analysed, fingerprint };
  return last;
}

async function bilan(
  name: string,
  bytes: Uint8Array,
  options: PageReadOptions,
  format: 'xlsx' | 'html' | 'docx' | 'json',
): Promise<MadeFile> {
  const subject = subjectOf(name, bytes);
  const { analysed, fingerprint } = await analysedForBilan(subject, bytes, options);
  const { files } = await bilanFiles(subject, analysed, {
    ...options,
    formats: [format],
    version: TOOL_VERSION,
    fingerprint,
  });
  return { name: `${workbookStem(name)}.bilan.${format}`, mime: MIME[format], data: files[0].data };
}

/**
 * The region's synthesis as `convert` makes it (cli/synthesis.ts synthesisOf): each file read for
 * its line, named by its path as given and linked to its bilan (the page's downloads sit side by
 * side), the files grouped by contract, the files not read listed.
 */
async function synthesis(
  files: readonly { path: string; name: string; file: Blob; options: PageReadOptions }[],
  failures: readonly SynthesisFailure[],
  palette: Palette | undefined,
  format: 'xlsx' | 'html',
): Promise<MadeFile> {
  const lines: ContractSummary[] = [];
  for (const f of files) {
    const subject = subjectOf(f.name, await bytesOf(f.name, f.file));
    const { analysis } = await analyseBilan(subject, f.options);
    const contract = documentContract(analysis, bilanNaming(subject));
    const line = contractLine(subject, analysis, contract, `${subject.stem}.bilan.html`);
    lines.push({ ...line, file: f.path, files: [f.path] });
  }
  const region = regionSynthesis(contractLines(lines), failures);
  const made = await synthesisFiles(region, { palette, version: TOOL_VERSION });
  const fileCount = region.contracts.reduce((n, c) => n + c.files.length + c.copies.length, 0);
  const note = typeset(
    `${count(region.totals.contracts, 'contrat')}` +
      (fileCount !== region.totals.contracts ? ` (${count(fileCount, 'fichier')})` : '') +
      `, ${formatPercent(region.totals.donePercent)} réalisé dans l’ensemble` +
      (region.failures.length > 0 ? ` ; ${count(region.failures.length, 'fichier non lu', 'fichiers non lus')}` : '') +
      '.',
  );
  return {
    name: `synthese-contrats.${format}`,
    mime: MIME[format],
    data: format === 'xlsx' ? made.xlsx : made.html,
    notes: [note],
  };
}

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  switch (request.kind) {
    case 'read':
      return {
        ok: true,
        kind: 'read',
        view: await read(request.name, await bytesOf(request.name, request.file), request.options, request.forms),
      };
    case 'bilan':
      return {
        ok: true,
        kind: 'file',
        file: await bilan(request.name, await bytesOf(request.name, request.file), request.options, request.format),
      };
    case 'synthesis':
      return {
        ok: true,
        kind: 'file',
        file: await synthesis(request.files, request.failures, request.palette, request.format),
      };
    case 'sync':
      return {
        ok: true,
        kind: 'file',
        file: await syncedWorkbook(request.name, await bytesOf(request.name, request.file), request.options),
      };
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  const shown = 'name' in request ? request.name : 'synthese-contrats';
  answer(request)
    .then((result) => {
      const data = result.ok && result.kind === 'file' ? result.file.data : null;
      scope.postMessage(result, data instanceof Uint8Array ? [data.buffer] : []);
    })
    .catch((e: unknown) => {
      const info = toErrorInfo(e, shown);
      const failure: WorkerAnswer = { ok: false, code: info.code, message: info.message };
      if (info.detail) failure.detail = info.detail;
      scope.postMessage(failure);
    });
};

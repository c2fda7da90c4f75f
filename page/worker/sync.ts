/**
 * « Mettre mon classeur à jour »: the workbook brought in step by the code of `cls-bilan sync`
 * (syncWorkbook: colours, labels, dropdown, legend counts, the « Bilan » sheet, the columns chosen
 * in the page saved inside), then read again as the next user will, as `sync` checks its result
 * before it writes (cli/sync/sync-file.ts). A download: the original is never touched.
 */
import { ClsError } from '../../core/base/errors';
import { count, typeset } from '../../core/base/typography';
import { analyseBytes, modelSummary, type SyncReport, syncWorkbook } from '../../core/write/sync/sync-workbook';
import type { MadeFile, PageReadOptions } from '../protocol';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MACRO_MIME = 'application/vnd.ms-excel.sheet.macroEnabled.12';
const TEMPLATE_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.template';

export async function syncedWorkbook(name: string, bytes: Uint8Array, options: PageReadOptions): Promise<MadeFile> {
  if (/\.f?ods$/i.test(name)) {
    throw new ClsError({
      code: 'SYNC_REFUSED',
      file: name,
      message:
        `« ${name} » est un classeur LibreOffice (.ods) : la mise à jour n'écrit pour l'instant que dans les classeurs Excel. ` +
        'Enregistrez-en une copie au format Excel (Fichier > Enregistrer sous > Classeur Excel 2007-365 .xlsx), déposez cette copie ' +
        'et continuez à travailler dessus ; les bilans, eux, se font bien depuis le .ods.',
    });
  }
  const { bytes: synced, report } = await syncWorkbook(bytes, name, {
    ...(options.palette ? { palette: options.palette } : {}),
    ...(options.columns ? { columns: options.columns } : {}),
  });
  // Read again as the next user will: the same sheets, years, actions and states, without options.
  const again = await analyseBytes(synced, name, report.palette);
  if (JSON.stringify(modelSummary(again.analysis)) !== JSON.stringify(report.model)) {
    throw new ClsError({
      code: 'SYNC_CHECK_FAILED',
      file: name,
      message:
        `La relecture de « ${name} » après mise à jour ne donne pas le même suivi : rien n'a été téléchargé. ` +
        `Envoyez le classeur à l'équipe de l'outil pour qu'elle corrige ce cas.`,
    });
  }
  const mime = /\.xlsm$/i.test(name) ? MACRO_MIME : /\.xltx$/i.test(name) ? TEMPLATE_MIME : XLSX_MIME;
  return { name, mime, data: synced, notes: describe(report) };
}

/** What was changed, in a few French sentences. */
function describe(report: SyncReport): string[] {
  const coloured = report.sheets.reduce((n, s) => n + s.coloured, 0);
  const labels = report.sheets.reduce((n, s) => n + s.labels.length, 0);
  const kept = report.sheets.reduce((n, s) => n + s.kept.length, 0);
  const legend = report.sheets.reduce((n, s) => n + s.legend.length, 0);
  const dropdown = report.sheets.some((s) => s.dropdown.length > 0);
  const parts: string[] = [];
  if (coloured > 0) parts.push(`${count(coloured, 'cellule d’état colorée', 'cellules d’état colorées')}`);
  if (labels > 0) parts.push(`${count(labels, 'libellé corrigé', 'libellés corrigés')}`);
  if (kept > 0)
    parts.push(`${count(kept, 'libellé gardé', 'libellés gardés')} (cité par une formule, ou plus précis que l’état)`);
  if (legend > 0) parts.push(`${count(legend, 'nombre de la légende mis à jour', 'nombres de la légende mis à jour')}`);
  if (dropdown) parts.push('liste déroulante des états ajoutée');
  if (report.bilan) parts.push(`feuille « ${report.bilan.name} » ${report.bilan.refreshed ? 'mise à jour' : 'créée'}`);
  for (const t of report.taughtStored) {
    parts.push(`colonnes « ${t.columns} » enregistrées pour la feuille « ${t.sheet} »`);
  }
  const lines = [parts.length > 0 ? `${parts.join(', ')}.` : 'Le classeur était déjà à jour.'];
  if (report.backupSaved > 0) {
    lines.push(
      `Les couleurs d’origine de ${count(report.backupSaved, 'cellule')} sont gardées dans le classeur (bouton « Restaurer les couleurs d’origine » du complément).`,
    );
  }
  lines.push('Remplacez votre classeur par cette copie, ou gardez les deux.');
  return lines.map((l) => typeset(l));
}

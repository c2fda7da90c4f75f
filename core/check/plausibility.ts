/**
 * Is a reading to be trusted? A sheet read without a state column, with most of its actions
 * without a state or with states the tool does not know, or without a year, would give a bilan
 * that looks right and is wrong (« 0 % réalisé »). Such a reading gets an error that says what was
 * understood (the « Lecture » line) and how to fix it; its bilan is marked « Bilan incomplet ».
 */
import { diag, type Diagnostic, type DiagnosticCode } from './diagnostics';
import type { TrackingSheet } from '../base/model';
import { describeLayout, layoutReport } from '../read/reading-description';
import { parseStatus, STATUS_IDS, STATUSES } from '../base/status';
import { needsKey } from '../read/status-key';
import { count } from '../base/typography';

/** The option and the roles a user names to teach the columns once (see core/read/taught-columns.ts). */
const LABELS = STATUS_IDS.filter((id) => id !== 'realise')
  .map((id) => `« ${STATUSES[id].label} »`)
  .join(', ');

const TEACH =
  'cls-bilan sync FICHIER --colonnes etat=D,intitule=C (avec les lettres de vos colonnes), ou dans Excel le bloc « Indiquer les colonnes du tableau » du complément';

export function checkReading(sheet: TrackingSheet): Diagnostic[] {
  const out: Diagnostic[] = [];
  const year = sheet.year ?? undefined;
  const add = (code: DiagnosticCode, part: TrackingSheet, message: string) =>
    out.push(diag(code, part.name, null, message, null, year));
  for (const part of sheet.parts ?? [sheet]) {
    if (part.taught?.problem) add('READING_TAUGHT_MISFIT', part, part.taught.problem);
  }
  const lecture = (part: TrackingSheet) => `Lecture : ${describeLayout(layoutReport(part))}.`;
  for (const part of sheet.parts ?? [sheet]) {
    const others = part.header.statusAlternatives;
    const chosen = part.header.columns.status;
    if (!others || !chosen || part.actions.length === 0) continue;
    add(
      'READING_STATUS_GUESSED',
      part,
      `Sur la feuille « ${part.name} », plusieurs colonnes contiennent des états (${[chosen, ...others].join(', ')}) et ` +
        `aucun en-tête ne dit laquelle donne l'état de l'année : la colonne ${chosen} a été prise, sans certitude ` +
        `(l'autre est peut-être un prévisionnel ou l'état de départ). ${lecture(part)} Pour corriger : intitulez la ` +
        `colonne de l'année « Etat d'avancement » (et l'autre « Prévisionnel » ou « Cible »), ou indiquez-la une fois ` +
        `pour toutes : ${TEACH}.`,
    );
  }
  // Each table needs its state column; a fiche written as a form has no columns at all.
  let columnsMissing = false;
  for (const part of sheet.parts ?? [sheet]) {
    const n = part.actions.length;
    const hasStatusColumn = part.header.columns.status !== undefined || part.header.statusColumns !== undefined;
    if (n === 0 || hasStatusColumn || part.header.rows.length === 0) continue;
    columnsMissing = true;
    const labels =
      part.header.labels.length > 0 ? ` En-têtes lus : ${part.header.labels.map((t) => `« ${t} »`).join(', ')}.` : '';
    add(
      'READING_NO_STATUS_COLUMN',
      part,
      `Aucune colonne d'état d'avancement n'a été trouvée sur la feuille « ${part.name} » : ` +
        `${count(n, 'action serait comptée', 'actions seraient comptées')} « Sans état » et le bilan est incomplet. ${lecture(part)}${labels} ` +
        `Pour corriger : intitulez la colonne des états « Etat d'avancement », ou indiquez-la une fois pour toutes : ${TEACH}.`,
    );
  }
  const n = sheet.actions.length;
  const unknown = sheet.actions.filter((a) => a.status === null && a.statusText !== '');
  const missing = sheet.actions.filter((a) => a.status === null && a.statusText === '');
  if (!columnsMissing && n > 0 && unknown.length * 2 > n) {
    const keyed = unknown.filter((a) => needsKey(a.statusText));
    const words = [...new Set(unknown.map((a) => a.statusText))].slice(0, 5).map((t) => {
      const shown = t.length > 40 ? `${t.slice(0, 39)}…` : t;
      const s = needsKey(t) ? undefined : parseStatus(t).suggestion;
      return s ? `« ${shown} » (le plus proche : « ${STATUSES[s.status].label} »)` : `« ${shown} »`;
    });
    const fix =
      keyed.length * 2 > unknown.length
        ? `ce sont des pourcentages ou des symboles, et la feuille ne dit pas à quel état chacun correspond : ajoutez une ` +
          `clé près du tableau (« 0 % = Non commencé », « 1 à 99 % = En cours », « 100 % = Réalisé », ou « ● = Réalisé »), ` +
          `ou écrivez l'état lui-même`
        : `si cette colonne n'est pas celle des états, indiquez la bonne une fois pour toutes : ${TEACH} ; sinon écrivez ` +
          `les états avec les libellés de la liste (${LABELS})`;
    add(
      'READING_STATES_UNKNOWN',
      sheet,
      `Sur la feuille « ${sheet.name} », ${unknown.length} des ${count(n, 'action')} ont un état que l'outil ne reconnaît pas : ` +
        `${words.join(', ')}. Le bilan est incomplet. ${lecture(sheet)} Pour corriger : ${fix}.`,
    );
  } else if (!columnsMissing && n > 0 && (missing.length + unknown.length) * 2 > n) {
    add(
      'READING_STATES_MISSING',
      sheet,
      `Sur la feuille « ${sheet.name} », ${missing.length + unknown.length} des ${count(n, 'action')} n'ont pas d'état lu ` +
        `(ni texte reconnu, ni couleur de la légende) : le bilan est incomplet. ${lecture(sheet)} Pour corriger : renseignez ` +
        `l'état de chaque action, ou, si les états sont dans une autre colonne, indiquez-la une fois pour toutes : ${TEACH}.`,
    );
  }
  // A state given by its colour alone, in a colour that says no state: the count would be wrong.
  const unread = sheet.actions.filter(
    (a) => a.status === null && a.statusText === '' && a.statusFill !== null && a.statusFill !== '#FFFFFF',
  );
  if (unread.length > 0) {
    const colours = [...new Set(unread.map((a) => a.statusFill))].slice(0, 4).join(', ');
    const cells = unread.slice(0, 5).map((a) => a.source.cells.status ?? `ligne ${a.source.row}`);
    add(
      'READING_UNKNOWN_COLOURS',
      sheet,
      `Sur la feuille « ${sheet.name} », ${count(unread.length, 'cellule d’état n’a', 'cellules d’état n’ont')} ` +
        `pas de texte et une couleur (${colours}) qui ne correspond à aucun état de la légende ni de la palette : ` +
        `cellules ${cells.join(', ')}${unread.length > cells.length ? '…' : ''}. Le bilan est incomplet. Pour corriger : ` +
        `écrivez l'état dans ces cellules, ou ajoutez au-dessus du tableau une légende (chaque état écrit dans une ` +
        `cellule de sa couleur), ou enregistrez vos couleurs (volet « Paramètres » du complément, ou --palette).`,
    );
  }
  if (sheet.year === null && sheet.actions.length > 0) {
    out.push(
      diag(
        'READING_NO_YEAR',
        sheet.name,
        null,
        `L'année du bilan de la feuille « ${sheet.name} » n'a été trouvée nulle part (ni dans l'en-tête de la colonne des ` +
          `états, ni dans le nom de la feuille, ni dans le titre au-dessus du tableau, ni sur une page de garde, ni dans le ` +
          `nom du fichier) : le bilan ne peut pas dire de quelle année il parle. Pour corriger : nommez la feuille ` +
          `« Bilan 2024 » (avec l'année du bilan), ou écrivez « Bilan 2024 » au-dessus du tableau, ou indiquez-la : ` +
          `--colonnes …,annee=2024.`,
      ),
    );
  }
  return out;
}

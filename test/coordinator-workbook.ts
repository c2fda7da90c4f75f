/**
 * A coordinator's own workbook, as a new user brings it (issue « Reader: the coordinator's own
 * sheet »): her own column names, « Fiche » above the codes, states written loosely, cells only
 * coloured with LibreOffice's standard colours, two extra columns, a totals line, a contacts sheet.
 * Shared by the reader's tests (coordinator-sheet.test.ts) and the add-in's (addin-taught-columns.test.ts).
 */
import ExcelJS from 'exceljs';

type Row = { state: string; fill?: string; start?: string };

/** Her 25 actions: 9 réalisées, 8 en cours, 4 non commencées, 2 abandonnées, 2 without a state. */
const ROWS: Row[] = [
  ...['fait', 'Fait', 'terminé', 'réalisé', 'OK', 'achevé', 'fait '].map((state) => ({ state })),
  { state: '', fill: '#00A933' }, // LibreOffice « Green »
  { state: '', fill: '#77BC65' }, // LibreOffice « Light Green 2 »
  ...['en cours', 'En cours', 'démarré', 'en cours de réalisation', 'En Cours', 'en cours'].map((state) => ({
    state,
  })),
  { state: '', fill: '#FF8000' }, // LibreOffice « Orange »
  { state: '', fill: '#FFBF00' }, // LibreOffice « Gold »
  ...['pas commencé', 'non démarré', 'à lancer', 'Pas commencé'].map((state) => ({ state })),
  { state: 'annulé' },
  { state: 'abandonné' },
  { state: '' },
  { state: '' },
];
export const EXPECTED = { realise: 9, en_cours: 8, non_commence: 4, abandonne: 2, sans_etat: 2 };

/**
 * Her workbook; `noStateColumn`: without « Où en est-on ? »; `startColumn`: with « Statut de départ »
 * (D, all « Non commencé ») before it, which her header words name as the states.
 */
export async function coordinatorWorkbook(
  options: { noStateColumn?: boolean; startColumn?: boolean } = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Suivi');
  ws.addRow(['Suivi des actions du CLS de la vallée — année 2024']);
  ws.addRow([]);
  const header = ['Fiche', "Intitulé de l'action", 'Qui porte ?'];
  if (options.startColumn) header.push('Statut de départ');
  if (!options.noStateColumn) header.push('Où en est-on ?');
  header.push('Commentaires', '% avancement', 'Terminé ?');
  ws.addRow(header);
  ROWS.forEach((row, i) => {
    const values: (string | number | null)[] = [
      `${Math.floor(i / 5) + 1}.${(i % 5) + 1}`,
      `Action ${i + 1} : ${['Développer le sport santé', 'Former les aidants', 'Ouvrir une maison de santé', 'Prévenir les addictions', 'Lutter contre l’isolement'][i % 5]} sur le territoire`,
      ['CCAS', 'Mairie', 'Communauté de communes', 'Centre social'][i % 4],
    ];
    if (options.startColumn) values.push('Non commencé');
    if (!options.noStateColumn) values.push(row.state || null);
    values.push(i % 3 === 0 ? 'Réunion avec les partenaires' : null, `${(i * 7) % 100} %`, i % 2 ? 'oui' : 'non');
    const added = ws.addRow(values);
    if (row.fill && !options.noStateColumn) {
      added.getCell(options.startColumn ? 5 : 4).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: `FF${row.fill.slice(1)}` },
      };
    }
  });
  ws.addRow(['Total', '', '', '25']);
  const contacts = wb.addWorksheet('Contacts');
  contacts.addRow(['Nom', 'Structure', 'Téléphone', 'Mail']);
  contacts.addRow(['Mme Martin', 'CCAS', '03 00 00 00 00', 'martin@example.org']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

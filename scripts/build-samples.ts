/**
 * Builds the workbooks of samples/ from the seed reports (`npm run samples`): tracking sheets laid
 * out as the coordinators' own, from the PETR Cœur de Lorraine bilans 2020–2023 and Metz's list.
 * See seed-tables.ts for what is taken from the text and what was repaired.
 */
import { existsSync, readFileSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { TABLE_HEADER } from '../core/layout/cells';
import { DEFAULT_PALETTE, parseStatus, type Palette, type StatusId } from '../core/base/status';
import {
  groupedTable,
  isClos,
  legendOf,
  METZ_AXES,
  METZ_FICHES,
  OBJECTIVES,
  type SeedRow,
  subTables,
  UNNUMBERED_OBJECTIVE_2023,
} from './seed-tables';

const ROOT = resolve(__dirname, '..');
const SEEDS = resolve(ROOT, '..', 'shared', 'seeds');
const OUT = join(ROOT, 'samples');
const FIXED_DATE = new Date(Date.UTC(2024, 0, 15, 9, 0, 0));

/** A fill as exceljs writes it: a plain colour, or a theme/indexed colour as Excel's palette writes. */
type FillColour = { argb: string } | { theme: number; tint?: number } | { indexed: number };

interface Look {
  /** Fill of the status cells and legend swatches, by status. */
  fills: Record<StatusId, FillColour>;
  /** False: the status column is left empty, the fill alone says the status (the colour-only case). */
  statusText: boolean;
}

function argb(hex: string): FillColour {
  return { argb: `FF${hex.replace('#', '')}` };
}

function paletteLook(palette: Palette, statusText = true): Look {
  const fills = Object.fromEntries(Object.entries(palette).map(([k, v]) => [k, argb(v)])) as Record<
    StatusId,
    FillColour
  >;
  return { fills, statusText };
}

/** Colours picked from Excel's palette: theme colours with tints, and legacy indexed colours. */
const THEME_LOOK: Look = {
  statusText: true,
  fills: {
    realise_clos: { theme: 9, tint: -0.249977111117893 }, // accent6, darker 25 %
    realise_perenne: { theme: 9, tint: 0.3999755851924192 }, // accent6, lighter 40 %
    realise: { theme: 9, tint: 0.7999816888943144 },
    en_cours: { theme: 7 }, // accent4 (gold)
    reflexion: { theme: 8, tint: 0.3999755851924192 }, // accent5, lighter 40 %
    non_commence: { indexed: 45 }, // legacy palette rose
    abandonne: { indexed: 22 }, // legacy palette silver
  },
};

/** The 2023 file's own palette, unlike the default: its legend must win. */
const PALETTE_2023: Palette = {
  realise_clos: '#00A651',
  realise_perenne: '#B5E61D',
  realise: '#D9EAD3',
  en_cours: '#F7B500',
  reflexion: '#6FA8DC',
  non_commence: '#EA9999',
  abandonne: '#999999',
};

const KIND_FILLS = { fiche: argb('#DDEBF7'), piste: argb('#FFF2CC') };

function fill(colour: FillColour): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: colour as ExcelJS.Color };
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Status id of a table cell, with « Réalisé » split by the year's clos list. */
function statusOf(year: number, title: string, text: string): StatusId | null {
  const parsed = parseStatus(text);
  if (parsed.status !== 'realise') return parsed.status;
  return isClos(year, title) ? 'realise_clos' : 'realise_perenne';
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cls-bilan (échantillons construits depuis les rapports publics)';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

function writeLegend(
  ws: ExcelJS.Worksheet,
  startRow: number,
  look: Look,
  lines: readonly { count: number | null; text: string }[],
  statusCol: number,
): number {
  let r = startRow;
  ws.getCell(r, 1).value = 'Avancement des actions :';
  ws.getCell(r, 1).font = { bold: true };
  r++;
  for (const line of lines) {
    const status = parseStatus(line.text).status;
    if (line.count !== null) ws.getCell(r, statusCol - 1).value = line.count;
    const swatch = ws.getCell(r, statusCol);
    if (status) swatch.fill = fill(look.fills[status]);
    swatch.border = THIN;
    ws.getCell(r, statusCol + 1).value = line.text;
    r++;
  }
  return r + 1;
}

/** The 2021–2023 layout: one table, objective code and title written once per group in merged cells. */
function groupedSheet(
  wb: ExcelJS.Workbook,
  name: string,
  year: number,
  rows: readonly SeedRow[],
  legend: readonly { count: number | null; text: string }[],
  look: Look,
): void {
  const ws = wb.addWorksheet(name, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { width: 7 },
    { width: 28 },
    { width: 48 },
    { width: 10 },
    { width: 24 },
    { width: 20 },
    { width: 60 },
    { width: 30 },
  ];
  ws.getCell(1, 1).value = `Bilan ${year} par action`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  let r = writeLegend(ws, 3, look, legend, 4);
  const headerRow = r;
  TABLE_HEADER.forEach((h, i) => {
    const c = ws.getCell(r, i + 1);
    c.value = h;
    c.font = { bold: true };
    c.border = THIN;
  });
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  r++;
  let groupStart = r;
  let groupKey: string | null | undefined;
  const closeGroup = (end: number) => {
    if (end > groupStart) {
      ws.mergeCells(groupStart, 1, end, 1);
      ws.mergeCells(groupStart, 2, end, 2);
    }
  };
  for (const seedRow of rows) {
    const row = look.statusText ? seedRow : unshift(seedRow);
    const key = row.objectif ?? 'none';
    if (key !== groupKey) {
      if (groupKey !== undefined) closeGroup(r - 1);
      groupStart = r;
      groupKey = key;
      ws.getCell(r, 1).value = row.objectif ?? '';
      ws.getCell(r, 2).value = row.objectif ? OBJECTIVES[row.objectif] : UNNUMBERED_OBJECTIVE_2023;
      for (const c of [1, 2]) ws.getCell(r, c).alignment = { vertical: 'middle', wrapText: true };
    }
    const title = row.cells[0];
    row.cells.forEach((text, i) => {
      if (text) ws.getCell(r, i + 3).value = text;
    });
    // The status sits in column F, or one column right when the row was pushed (kept as in the report).
    const statusIndex = row.cells.findIndex(
      (t, i) => i >= 2 && parseStatus(t).status !== null && parseStatus(t).match !== 'unknown',
    );
    if (statusIndex >= 0) {
      const status = statusOf(year, title, row.cells[statusIndex]);
      const cell = ws.getCell(r, statusIndex + 3);
      if (status) cell.fill = fill(look.fills[status]);
      if (!look.statusText) cell.value = null;
    }
    for (let c = 1; c <= 7; c++) ws.getCell(r, c).border = THIN;
    ws.getCell(r, 3).alignment = { wrapText: true, vertical: 'top' };
    ws.getCell(r, 7).alignment = { wrapText: true, vertical: 'top' };
    r++;
  }
  closeGroup(r - 1);
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
}

/** A row pushed one column right, put back (the colour-only sample has no status text to find it by). */
function unshift(row: SeedRow): SeedRow {
  const statusIndex = row.cells.findIndex(
    (t, i) => i >= 2 && parseStatus(t).match !== 'unknown' && parseStatus(t).status !== null,
  );
  if (statusIndex !== 4) return row;
  const gap = row.cells.findIndex((t, i) => i >= 1 && i < statusIndex && t === '');
  if (gap < 0) return row;
  return { ...row, cells: [...row.cells.slice(0, gap), ...row.cells.slice(gap + 1)] };
}

/** The 2020 layout: per objective, a small table with its own header, titles of axes and objectives above. */
function subTableSheet(wb: ExcelJS.Workbook, name: string, lines: readonly string[], look: Look): void {
  const year = 2020;
  const ws = wb.addWorksheet(name, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [{ width: 50 }, { width: 26 }, { width: 20 }, { width: 60 }, { width: 50 }];
  ws.getCell(1, 1).value = `Bilan ${year} par action`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(3, 1).value = 'Code légende couleur, suivi des tableaux :';
  ws.getCell(4, 1).value = "Type d'action :";
  ws.getCell(5, 2).fill = fill(KIND_FILLS.fiche);
  ws.getCell(5, 3).value = 'Action définie au moment de la signature de la convention';
  ws.getCell(6, 2).fill = fill(KIND_FILLS.piste);
  ws.getCell(6, 3).value = "Piste d'action";
  let r = writeLegend(ws, 8, look, legendOf(lines, year), 3);
  for (const table of subTables(lines)) {
    r++;
    for (const context of table.context) {
      ws.getCell(r, 1).value = context;
      ws.getCell(r, 1).font = { bold: true };
      r++;
    }
    table.header.forEach((h, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = h;
      c.font = { bold: true };
      c.border = THIN;
    });
    r++;
    for (const cells of table.rows) {
      cells.forEach((text, i) => {
        if (text) ws.getCell(r, i + 1).value = text;
      });
      const title = cells[0] ?? '';
      if (title) ws.getCell(r, 1).fill = fill(/^\d+\.\d+\.\d+/.test(title) ? KIND_FILLS.fiche : KIND_FILLS.piste);
      const status = cells[2] ? statusOf(year, title, cells[2]) : null;
      if (status) ws.getCell(r, 3).fill = fill(look.fills[status]);
      for (let c = 1; c <= 5; c++) {
        ws.getCell(r, c).border = THIN;
        ws.getCell(r, c).alignment = { wrapText: true, vertical: 'top' };
      }
      r++;
    }
  }
}

/** Metz: a flat list of numbered fiches, the axis written once per group (not merged). */
function metzSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('Suivi 2018');
  ws.columns = [{ width: 40 }, { width: 14 }, { width: 60 }, { width: 36 }, { width: 22 }, { width: 40 }];
  ws.getCell(1, 1).value = 'Contrat Local de Santé du territoire messin 2017-2020';
  ws.getCell(2, 1).value = 'Calendrier prévisionnel des actions 2018';
  const header = ['Axe stratégique', 'N°', 'Fiche action', 'Porteur', "Etat d'avancement", 'Commentaires'];
  header.forEach((h, i) => {
    ws.getCell(4, i + 1).value = h;
    ws.getCell(4, i + 1).font = { bold: true };
  });
  let r = 5;
  let axe = 0;
  for (const f of METZ_FICHES) {
    if (f.axe !== axe) {
      axe = f.axe;
      ws.getCell(r, 1).value = `${axe} – ${METZ_AXES[axe]}`;
    }
    // Codes as the report writes them: « Fiche-action 4 », « FA18 », « FA 5 ».
    ws.getCell(r, 2).value = f.fa === 4 ? 'Fiche-action 4' : f.fa === 18 ? 'FA18' : `FA ${f.fa}`;
    if (f.title) ws.getCell(r, 3).value = f.title;
    if (f.porteur) ws.getCell(r, 4).value = f.porteur;
    if (f.status) {
      ws.getCell(r, 5).value = f.status;
      const id = parseStatus(f.status).status;
      if (id) ws.getCell(r, 5).fill = fill(argb(DEFAULT_PALETTE[id]));
    }
    r++;
  }
}

/**
 * exceljs writes the Office 2007 theme (orange accent 6…); Excel 2013 and later create workbooks with
 * the Office theme below. Theme colours in a sample must resolve as in a workbook made today.
 */
const OFFICE_2013_THEME: Record<string, string> = {
  dk2: '44546A',
  lt2: 'E7E6E6',
  accent1: '4472C4',
  accent2: 'ED7D31',
  accent3: 'A5A5A5',
  accent4: 'FFC000',
  accent5: '5B9BD5',
  accent6: '70AD47',
  hlink: '0563C1',
  folHlink: '954F72',
};

function withOfficeTheme(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const path = 'xl/theme/theme1.xml';
  let xml = strFromU8(files[path]);
  for (const [slot, hex] of Object.entries(OFFICE_2013_THEME)) {
    xml = xml.replace(new RegExp(`(<a:${slot}>\\s*<a:srgbClr val=")[0-9A-Fa-f]{6}`), `$1${hex}`);
  }
  files[path] = strToU8(xml);
  return zipSync(files, { mtime: FIXED_DATE });
}

async function save(wb: ExcelJS.Workbook, file: string): Promise<void> {
  const target = join(OUT, file);
  const tmp = `${target}.tmp`;
  writeFileSync(tmp, withOfficeTheme(new Uint8Array(await wb.xlsx.writeBuffer())));
  renameSync(tmp, target);
  process.stdout.write(`écrit : samples/${file}\n`);
}

export async function buildSamples(): Promise<void> {
  const seed = join(SEEDS, '002_3f0727db54dbf736.txt');
  if (!existsSync(seed)) {
    process.stderr.write(`Rapport source introuvable : ${seed}. Placez le dossier shared/ à côté du projet.\n`);
    process.exit(2);
  }
  const lines = readFileSync(seed, 'utf8').split('\n');
  mkdirSync(OUT, { recursive: true });
  const y2021 = groupedTable(lines, 2021);
  const y2022 = groupedTable(lines, 2022);
  const y2023 = groupedTable(lines, 2023, y2022);
  const defaults = paletteLook(DEFAULT_PALETTE);

  // One sheet per year, each in the layout of its year.
  const all = newWorkbook();
  subTableSheet(all, '2020', lines, defaults);
  groupedSheet(all, '2021', 2021, y2021, legendOf(lines, 2021), defaults);
  groupedSheet(all, '2022', 2022, y2022, legendOf(lines, 2022), defaults);
  groupedSheet(all, '2023', 2023, y2023, legendOf(lines, 2023), paletteLook(PALETTE_2023));
  await save(all, 'petr-coeur-de-lorraine-2020-2023.xlsx');

  const s2020 = newWorkbook();
  subTableSheet(s2020, 'Bilan par action', lines, defaults);
  await save(s2020, 'petr-bilan-2020-sous-tableaux.xlsx');

  const s2021 = newWorkbook();
  groupedSheet(s2021, 'Tableau de suivi', 2021, y2021, legendOf(lines, 2021), THEME_LOOK);
  await save(s2021, 'petr-bilan-2021-couleurs-theme.xlsx');

  const s2022 = newWorkbook();
  groupedSheet(s2022, 'Feuil1', 2022, y2022, legendOf(lines, 2022), defaults);
  await save(s2022, 'petr-bilan-2022.xlsx');

  const s2023 = newWorkbook();
  groupedSheet(s2023, 'Bilan 2023', 2023, y2023, legendOf(lines, 2023), paletteLook(PALETTE_2023, false));
  await save(s2023, 'petr-bilan-2023-couleur-seule.xlsx');

  const metz = newWorkbook();
  metzSheet(metz);
  await save(metz, 'metz-fiches-actions-2018.xlsx');
}

if (require.main === module) {
  buildSamples().catch((e: unknown) => {
    process.stderr.write(`Échec de la construction des échantillons : ${String(e)}\n`);
    process.exit(1);
  });
}

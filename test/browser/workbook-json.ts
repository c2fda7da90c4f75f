/**
 * Test fixtures for the fake Excel host: a core Grid (read from a sample with exceljs) as the
 * fake's workbook JSON, and synthetic tracking sheets of any size for the benchmark.
 */
import type { Grid, GridCell } from '../../core/grid';
import { STATUS_IDS, STATUSES } from '../../core/status';
import type { FakeSheetJson, FakeWorkbookJson } from './fake-office';

const DAY_MS = 86_400_000;
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A grid cell as Excel holds it: a date as its serial number with a date format, a percentage as
 * its fraction with a percent format (Range.values gives them so), anything else as it is.
 */
function excelCell(cell: GridCell): [value: string | number | boolean | null, numberFormat: string | null] {
  const { value, text } = cell;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && text !== value) {
    return [Math.round((Date.parse(`${value}T00:00:00Z`) - SERIAL_EPOCH_MS) / DAY_MS), 'dd/mm/yyyy'];
  }
  if (typeof value === 'number' && / %$/.test(text)) {
    const decimals = /,(\d+) %$/.exec(text)?.[1].length ?? 0;
    return [value, decimals > 0 ? `0.${'0'.repeat(decimals)}%` : '0%'];
  }
  return [value ?? (text === '' ? null : text), null];
}

export function sheetJson(grid: Grid): FakeSheetJson {
  const cells: FakeSheetJson['cells'] = [];
  grid.cells.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (!cell) return;
      const [value, numberFormat] = excelCell(cell);
      if (value === null && !cell.fill) return;
      cells.push(numberFormat ? [r, c, value, cell.fill ?? null, numberFormat] : [r, c, value, cell.fill ?? null]);
    }),
  );
  return { name: grid.name, cells, merges: grid.merges.map((m) => ({ ...m })) };
}

export function workbookJson(grids: readonly Grid[], active = 0): FakeWorkbookJson {
  return { sheets: grids.map(sheetJson), active };
}

const HEADER = ['AXES', 'OBJECTIFS', 'ACTIONS', 'n° ou piste', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'];
const WRITTEN = ['Réalisé', 'En cours', 'en cours', 'Réflexion engagée', 'Non commencé', 'Abandonnée', 'En cours'];

/**
 * A PETR-style yearly sheet with `rows` actions: title, legend with swatches, header at row 10,
 * axes and objectives merged over their groups (5 actions per objective), varied status spellings,
 * some statuses given by colour only, remarks of realistic length.
 */
export function syntheticSheet(name: string, rows: number, year = 2022): FakeSheetJson {
  const cells: FakeSheetJson['cells'] = [];
  const merges: NonNullable<FakeSheetJson['merges']> = [];
  cells.push([0, 0, `Bilan ${year} par action`, null]);
  cells.push([1, 0, 'Avancement des actions :', null]);
  const legendIds = STATUS_IDS.filter((id) => id !== 'realise');
  legendIds.forEach((id, i) => {
    cells.push([2 + i, 0, null, STATUSES[id].colour]);
    cells.push([2 + i, 1, STATUSES[id].legend, null]);
  });
  const headerRow = 9;
  HEADER.forEach((h, c) => cells.push([headerRow, c, h, null]));
  const perObjective = 5;
  for (let i = 0; i < rows; i++) {
    const r = headerRow + 1 + i;
    const objective = Math.floor(i / perObjective);
    const axe = Math.floor(objective / 4) + 1;
    const code = `${axe}.${(objective % 4) + 1}.${(i % perObjective) + 1}`;
    if (i % perObjective === 0) {
      cells.push([r, 0, `${axe}.${(objective % 4) + 1}`, null]);
      cells.push([r, 1, `Objectif ${objective + 1} : améliorer l'accès aux soins sur le territoire`, null]);
      const bottom = Math.min(r + perObjective - 1, headerRow + rows);
      if (bottom > r) {
        merges.push({ top: r, left: 0, bottom, right: 0 }, { top: r, left: 1, bottom, right: 1 });
      }
    }
    cells.push([r, 2, `Action ${i + 1} : sensibiliser les habitants à la prévention et au dépistage`, null]);
    cells.push([r, 3, code, null]);
    cells.push([r, 4, i % 7 === 3 ? null : 'PETR, CPAM, MSA', null]);
    const k = i % 10;
    if (k === 9) {
      cells.push([r, 5, null, STATUSES.realise_perenne.colour]);
    } else if (k === 0) {
      cells.push([r, 5, 'Réalisé', STATUSES.realise_clos.colour]);
    } else {
      cells.push([r, 5, WRITTEN[k % WRITTEN.length], null]);
    }
    cells.push([
      r,
      6,
      'Réunions du groupe de travail tenues ; difficultés de mobilisation des partenaires en 2022.',
      null,
    ]);
  }
  return { name, cells, merges };
}

/**
 * Test fixtures for the fake Excel host: a core Grid (read from a sample with exceljs) as the
 * fake's workbook JSON, and synthetic tracking sheets of any size for the benchmark.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { GENERATED_SHEET_NAME } from '../../core/base/generated-sheet';
import type { Grid, GridCell } from '../../core/base/grid';
import { STATUS_IDS, STATUSES } from '../../core/base/status';
import { TAUGHT_COLUMNS_NAME } from '../../core/read/taught-columns';
import { type ExcelColour, parseThemeColours, resolveColour, type ThemeColours } from '../../core/read/xlsx/colours';
import { readWorkbook, resolvePath } from '../../core/read/xlsx/stream-reader';
import { attributesOf, decodeXml } from '../../core/read/xlsx/xml-attributes';
import type { FakeConditionalFormat, FakeSheetJson, FakeWorkbookJson } from './fake-office';

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
  const sheet: FakeSheetJson = { name: grid.name, cells, merges: grid.merges.map((m) => ({ ...m })) };
  const names = sheetNames(grid);
  if (names.length > 0) sheet.names = names;
  return sheet;
}

/**
 * The sheet-scoped names of the file, as Excel gives them once the workbook is open: NamedItem.formula
 * is the definedName's text with « = » in front (« Formulas always start with an equal sign »:
 * https://learn.microsoft.com/javascript/api/excel/excel.nameditem#excel-excel-nameditem-formula-member).
 * The readers keep the text of CLS_COLONNES as the file holds it (`"etat=E"`), the mark as its year.
 */
function sheetNames(grid: Grid): { name: string; formula: string }[] {
  const names: { name: string; formula: string }[] = [];
  if (grid.generated) names.push({ name: GENERATED_SHEET_NAME, formula: `=${grid.generated.year ?? 0}` });
  if (grid.taught !== undefined) {
    names.push({ name: TAUGHT_COLUMNS_NAME, formula: grid.taught.startsWith('=') ? grid.taught : `=${grid.taught}` });
  }
  return names;
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

// ---------------------------------------------------------------------------------------------
// An .xlsx as Excel opens it

/**
 * An .xlsx file as the fake host holds it once Excel has opened it: the cells with their own fills
 * (read by the file reader from the file without its conditional formats), the sheet-scoped names,
 * and the conditional formats as the Excel JavaScript API describes them, translated here from the
 * sheet XML (ECMA-376 §18.3.1.10 cfRule) independently of the readers under comparison:
 * cellIs → CellValue (formula1 with its « = »), containsText / notContainsText / beginsWith /
 * endsWith → ContainsText, expression → Custom, the others to their own types; the fill is the
 * rule's differential format's (dxf) background colour, theme and tint resolved.
 * https://learn.microsoft.com/javascript/api/excel/excel.conditionalformattype
 */
export async function fakeWorkbookFromXlsx(bytes: Uint8Array, fileName: string): Promise<FakeWorkbookJson> {
  const parts = unzipSync(bytes);
  const text = (path: string): string | null => (parts[path] ? strFromU8(parts[path]) : null);
  const workbookXml = text('xl/workbook.xml') ?? '';
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributesOf(m[0]);
    if (a.Id && a.Target) rels.set(a.Id, resolvePath('xl/', a.Target));
  }
  const theme = parseThemeColours(text('xl/theme/theme1.xml'));
  const dxfFills = differentialFills(text('xl/styles.xml') ?? '', theme);
  const formatsBySheet = new Map<string, FakeConditionalFormat[]>();
  const stripped: Record<string, Uint8Array> = { ...parts };
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attributesOf(m[0]);
    const path = rels.get(a['r:id'] ?? '');
    const xml = path ? text(path) : null;
    if (!path || xml === null) continue;
    formatsBySheet.set(a.name ?? '', conditionalFormatsOf(xml, dxfFills));
    stripped[path] = strToU8(xml.replace(/<conditionalFormatting\b[\s\S]*?<\/conditionalFormatting>/g, ''));
  }
  const grids = await readWorkbook(zipSync(stripped), fileName);
  const json = workbookJson(grids, 0);
  for (const sheet of json.sheets) {
    const formats = formatsBySheet.get(sheet.name) ?? [];
    if (formats.length > 0) sheet.conditionalFormats = formats;
  }
  return json;
}

/** Each dxf's fill colour (its background colour: a conditional format paints with it), or null. */
function differentialFills(stylesXml: string, theme: Readonly<ThemeColours>): (string | null)[] {
  const dxfs = /<dxfs\b[^>]*>([\s\S]*?)<\/dxfs>/.exec(stylesXml)?.[1] ?? '';
  return [...dxfs.matchAll(/<dxf\b[^>]*\/>|<dxf\b[^>]*>([\s\S]*?)<\/dxf>/g)].map((m) => {
    const fill = /<fill\b[\s\S]*?<\/fill>/.exec(m[1] ?? '')?.[0] ?? '';
    const colour = /<bgColor\b[^>]*>/.exec(fill)?.[0] ?? /<fgColor\b[^>]*>/.exec(fill)?.[0];
    return colour ? resolveColour(excelColour(attributesOf(colour)), theme) : null;
  });
}

function excelColour(a: Record<string, string>): ExcelColour {
  const colour: ExcelColour = {};
  if (a.rgb !== undefined) colour.argb = a.rgb;
  if (a.theme !== undefined) colour.theme = Number(a.theme);
  if (a.indexed !== undefined) colour.indexed = Number(a.indexed);
  if (a.tint !== undefined) colour.tint = Number(a.tint);
  return colour;
}

/** ST_ConditionalFormattingOperator → ConditionalCellValueOperator. */
const CELL_VALUE_OPERATORS: Readonly<Record<string, string>> = {
  equal: 'EqualTo',
  notEqual: 'NotEqualTo',
  greaterThan: 'GreaterThan',
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  lessThanOrEqual: 'LessThanOrEqual',
  between: 'Between',
  notBetween: 'NotBetween',
};

const TEXT_OPERATORS: Readonly<Record<string, string>> = {
  containsText: 'Contains',
  notContainsText: 'NotContains',
  beginsWith: 'BeginsWith',
  endsWith: 'EndsWith',
};

const OTHER_TYPES: Readonly<Record<string, FakeConditionalFormat['type']>> = {
  top10: 'TopBottom',
  aboveAverage: 'PresetCriteria',
  duplicateValues: 'PresetCriteria',
  uniqueValues: 'PresetCriteria',
  containsBlanks: 'PresetCriteria',
  notContainsBlanks: 'PresetCriteria',
  containsErrors: 'PresetCriteria',
  notContainsErrors: 'PresetCriteria',
  timePeriod: 'PresetCriteria',
  dataBar: 'DataBar',
  colorScale: 'ColorScale',
  iconSet: 'IconSet',
};

/** The sheet's conditional formats, one per cfRule, in priority order. */
function conditionalFormatsOf(sheetXml: string, dxfFills: readonly (string | null)[]): FakeConditionalFormat[] {
  const rules: (FakeConditionalFormat & { order: number })[] = [];
  for (const block of sheetXml.matchAll(/<conditionalFormatting\b([^>]*)>([\s\S]*?)<\/conditionalFormatting>/g)) {
    const ranges = attributesOf(`<x ${block[1]}>`).sqref ?? '';
    for (const m of block[2].matchAll(/<cfRule\b([^>]*?)(?:\/>|>([\s\S]*?)<\/cfRule>)/g)) {
      const a = attributesOf(`<x ${m[1]}>`);
      const formulas = [...(m[2] ?? '').matchAll(/<formula>([\s\S]*?)<\/formula>/g)].map((f) => decodeXml(f[1]));
      const type = a.type ?? '';
      const fill = a.dxfId !== undefined ? (dxfFills[Number(a.dxfId)] ?? null) : null;
      const common = { ranges, fill, stopIfTrue: a.stopIfTrue === '1', order: Number(a.priority ?? 0) };
      if (type === 'cellIs') {
        const rule: Record<string, string> = {
          operator: CELL_VALUE_OPERATORS[a.operator ?? ''] ?? 'Invalid',
          formula1: `=${formulas[0] ?? ''}`,
        };
        if (formulas[1] !== undefined) rule.formula2 = `=${formulas[1]}`;
        rules.push({ type: 'CellValue', rule, ...common });
      } else if (TEXT_OPERATORS[type]) {
        // The text is the rule's `text` attribute; files that leave it out (exceljs writes none) hold
        // it in the formula only (`NOT(ISERROR(SEARCH("cours",D5)))`), its first text constant.
        const text = a.text ?? /"((?:[^"]|"")*)"/.exec(formulas[0] ?? '')?.[1].replace(/""/g, '"') ?? '';
        rules.push({ type: 'ContainsText', rule: { operator: TEXT_OPERATORS[type], text }, ...common });
      } else if (type === 'expression') {
        rules.push({ type: 'Custom', rule: { formula: `=${formulas[0] ?? ''}` }, ...common });
      } else if (OTHER_TYPES[type]) {
        rules.push({ type: OTHER_TYPES[type], rule: null, ...common });
      }
    }
  }
  return rules
    .sort((x, y) => x.order - y.order)
    .map((rule) => {
      const { order, ...format } = rule;
      void order;
      return format;
    });
}

/**
 * The office.js adapter of the add-in, unit-tested with Microsoft's office-addin-mock (its usage
 * data reporting is a no-op since version 3: nothing is sent): what it loads and in how many
 * round trips, the Grid it builds (values, fills with « no fill » told apart from white, merges),
 * the writes of « Colorer les états », and the French messages for Excel's errors.
 */
// office-addin-mock takes only the OfficeApp enum from office-addin-manifest, whose entry point also
// loads an ES-module-only dependency (strip-bom) that jest cannot require: give it the enum's file.
jest.mock('office-addin-manifest', () => jest.requireActual('office-addin-manifest/lib/officeApp'));

import { OfficeMockObject } from 'office-addin-mock';

import {
  cellFromValue,
  densify,
  emptyGrid,
  fillOf,
  putFills,
  putMerges,
  putValues,
} from '../addin/excel/grid-from-excel';
import { frenchMessage, PaneError } from '../addin/excel/errors';
import { analyseActiveSheet, BACKUP_SETTING, colourStatuses, type Runner } from '../addin/excel/operations';
import { isPayloadTooLarge, readSheets } from '../addin/excel/read';
import { PALETTE_SETTING } from '../core/base/setting-names';

const VALUES: (string | number)[][] = [
  ['Bilan 2022 par action', '', '', ''],
  ['', 'Action réalisée et close, ne nécessite pas de suivi dans le temps', '', ''],
  ['N°', 'ACTIONS', 'PORTEUR', 'ETAT AVANCEMENT ACTION'],
  ['1.1.1', 'Acquérir un bus itinérant', 'CD', 'Réalisé'],
  ['1.1.2', 'Navette', 'PETR', 'en cours'],
  ['1.1.3', 'Maison de santé', 'CCAS', ''],
];
const FILLS: Record<string, string> = { '1,0': '#00A651', '3,3': '#00A651', '5,3': '#FFC000', '4,3': '#FFFFFF' };

function fillProps(row: number, col: number, rows: number, cols: number) {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => {
      const fill = FILLS[`${row + i},${col + j}`];
      return { format: { fill: { color: fill ?? '#FFFFFF', pattern: fill ? 'Solid' : 'None' } } };
    }),
  );
}

interface Recorded {
  syncs: number;
  cellPropertiesCalls: string[];
  getRanges: { address: string; format: { fill: { color?: string } } }[];
  settings: Record<string, unknown>;
  /** Runtime.enableEvents as set, in order. */
  events: boolean[];
}

/** A mock RequestContext over the sheet above, recording what the adapter asks for. */
function mockContext(stored: Record<string, unknown> = {}) {
  const recorded: Recorded = { syncs: 0, cellPropertiesCalls: [], getRanges: [], settings: {}, events: [] };
  const mock = new OfficeMockObject({
    workbook: {
      worksheets: {
        sheet: {
          name: '2022',
          id: '{SHEET-1}',
          protection: { protected: false },
          used: { address: '2022!A1:D6', values: VALUES, numberFormat: VALUES.map((row) => row.map(() => 'General')) },
          // office-addin-mock loads a collection's properties from the collection object itself
          // (`name`, `formula`), and turns arrays into objects: `items` is set after it is built.
          names: { name: '', formula: '' },
          // The whole sheet, for its conditional formats (none here: `items` is set below).
          whole: { conditionalFormats: { type: '', priority: 0 } },
          merged: { address: '2022!A1:D1' },
          getRange() {
            return this.whole;
          },
          getUsedRangeOrNullObject() {
            return this.used;
          },
          getRangeByIndexes(row: number, col: number, rows: number, cols: number) {
            const merged = this.merged;
            return {
              getCellProperties() {
                recorded.cellPropertiesCalls.push(`${row},${col},${rows},${cols}`);
                return { value: fillProps(row, col, rows, cols) };
              },
              getMergedAreasOrNullObject() {
                return merged;
              },
            };
          },
          getRanges(address: string) {
            const target = { address, format: { fill: {} } };
            recorded.getRanges.push(target);
            return target;
          },
        },
        getActiveWorksheet() {
          return this.sheet;
        },
        getItem() {
          return this.sheet;
        },
      },
      settings: {
        // As for `names`: the collection's properties (`key`, `value`) on the collection itself,
        // `items` set after the mock is built.
        key: '',
        value: '',
        add(key: string, value: unknown) {
          recorded.settings[key] = value;
        },
        getItem(key: string) {
          return {
            delete() {
              recorded.settings[key] = null;
            },
          };
        },
      },
    },
  });
  // office-addin-mock has no null objects: these ones exist.
  const m = mock as unknown as {
    workbook: {
      worksheets: {
        sheet: {
          used: { isNullObject: boolean };
          merged: { isNullObject: boolean };
          names: { items: { name: string; formula: string }[] };
          whole: { conditionalFormats: { items: unknown[] } };
        };
      };
      settings: { items: { key: string; value: unknown }[] };
    };
    runtime: unknown;
    sync: () => Promise<void>;
  };
  m.workbook.worksheets.sheet.used.isNullObject = false;
  m.workbook.worksheets.sheet.names.items = [{ name: 'Zone_impression', formula: "='2022'!$A$1:$D$6" }];
  m.workbook.worksheets.sheet.whole.conditionalFormats.items = [];
  m.workbook.worksheets.sheet.merged.isNullObject = false;
  m.workbook.settings.items = Object.entries(stored).map(([key, value]) => ({ key, value }));
  // Runtime.enableEvents (ExcelApi 1.8): the pane turns its events off around its writes.
  m.runtime = {
    set enableEvents(v: boolean) {
      recorded.events.push(v);
    },
  };
  const sync = m.sync.bind(mock);
  m.sync = async () => {
    recorded.syncs++;
    await sync();
  };
  const context = mock as unknown as Excel.RequestContext;
  const run: Runner = (batch) => batch(context);
  return { context, run, recorded };
}

describe('reading a sheet through office.js (office-addin-mock)', () => {
  test('values, fills and merged areas in two round trips; fills only where the reader looks', async () => {
    const { context, recorded } = mockContext();
    const [read] = await readSheets(context, () => [context.workbook.worksheets.getActiveWorksheet()]);
    expect(recorded.syncs).toBe(2);
    expect(read.name).toBe('2022');
    expect(read.used).toEqual({ top: 0, left: 0, bottom: 5, right: 3 });
    expect(read.grid.cells[3][1]?.text).toBe('Acquérir un bus itinérant');
    expect(read.grid.cells[3][3]).toEqual({ text: 'Réalisé', value: 'Réalisé', fill: '#00A651' });
    expect(read.grid.cells[4][3]?.fill).toBe('#FFFFFF');
    expect(read.grid.cells[5][3]).toEqual({ text: '', value: null, fill: '#FFC000' });
    expect(read.grid.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 3 }]);
    // Legend rows (all columns), then title and status columns from the header down.
    expect(recorded.cellPropertiesCalls).toEqual(['0,0,2,4', '2,1,4,3']);
  });

  test("Analyser: the sheet's own legend colour tells « Réalisé » clos; nothing is written", async () => {
    const { run, recorded } = mockContext();
    const state = await analyseActiveSheet(run);
    expect(state.summary?.badges.map((b) => `${b.key}:${b.count}`)).toEqual([
      'realise_clos:1',
      'realise_perenne:0',
      'en_cours:2',
      'reflexion:0',
      'non_commence:0',
      'abandonne:0',
    ]);
    expect(state.readingPalette.realise_clos).toBe('#00A651');
    expect(state.labelChanges.map((c) => `${c.cell}:${c.after}`)).toEqual(['D5:En cours']);
    expect(recorded.getRanges).toEqual([]);
    expect(recorded.settings).toEqual({});
  });

  test('Colorer: the backup is saved, then one fill per status on multi-area ranges, in three round trips', async () => {
    const { run, recorded } = mockContext({ [PALETTE_SETTING]: '{"en_cours":"#FFAA00"}' });
    const result = await colourStatuses(run);
    expect(recorded.syncs).toBe(3);
    expect(recorded.getRanges.map((r) => [r.address, r.format.fill.color])).toEqual([
      ['D4', '#00A651'],
      ['D5', '#FFAA00'],
    ]);
    // D6 is coloured #FFC000 without text: with the workbook's « En cours » now #FFAA00, no status reads it.
    // One setting per sheet: the sheet's original fills and the state each cell had when coloured.
    expect(recorded.settings[BACKUP_SETTING]).toBeUndefined();
    const backup = JSON.parse(String(recorded.settings[`${BACKUP_SETTING}.{SHEET-1}`]));
    expect(backup.fills).toEqual({ '#00A651': ['D4'], '#FFFFFF': ['D5'] });
    expect(backup.states).toEqual({ realise_clos: ['D4'], en_cours: ['D5'] });
    expect(result.formatOps).toBe(2);
  });

  test('a protected sheet is refused before anything is written', async () => {
    const { run, recorded, context } = mockContext();
    (context.workbook.worksheets.getActiveWorksheet().protection as unknown as { protected: boolean }).protected = true;
    const mockSheet = (context as unknown as { workbook: { worksheets: { sheet: { protection: object } } } }).workbook
      .worksheets.sheet;
    (mockSheet.protection as { _properties?: Map<string, { resetValue(v: unknown): void }> })._properties
      ?.get('protected')
      ?.resetValue(true);
    await expect(colourStatuses(run)).rejects.toThrow(/est protégée/);
    expect(recorded.getRanges).toEqual([]);
    expect(recorded.settings).toEqual({});
  });
});

describe('Excel data → Grid', () => {
  test('dates, times and durations as the file reader shows them (serials before 1900-03-01 too)', () => {
    expect(cellFromValue(45291, 'dd/mm/yyyy')).toEqual({ text: '31/12/2023', value: '2023-12-31' });
    expect(cellFromValue(59, 'dd/mm/yyyy')).toEqual({ text: '28/02/1900', value: '1900-02-28' });
    expect(cellFromValue(60, 'dd/mm/yyyy')).toEqual({ text: '29/02/1900', value: '1900-02-29' });
    expect(cellFromValue(0.5208333333333334, 'h:mm')).toEqual({ text: '12:30', value: 0.5208333333333334 });
    expect(cellFromValue(1.5, '[h]:mm:ss')).toEqual({ text: '36:00:00', value: 1.5 });
  });

  test('values keep their type; empty cells stay empty; rows are dense', () => {
    expect(cellFromValue('')).toBeUndefined();
    expect(cellFromValue(9)).toEqual({ text: '9', value: 9 });
    const grid = emptyGrid('x');
    putValues(grid, 2, 1, [
      ['a', ''],
      ['', 3],
    ]);
    densify(grid);
    expect(grid.cells.length).toBe(4);
    expect(grid.cells[0]).toEqual([]);
    expect(grid.cells[3][2]).toEqual({ text: '3', value: 3 });
  });

  test('no fill (pattern None) is not white; merged single cells are dropped', () => {
    expect(fillOf({ format: { fill: { color: '#FFFFFF', pattern: 'None' } } })).toBeNull();
    expect(fillOf({ format: { fill: { color: '#ffffff', pattern: 'Solid' } } })).toBe('#FFFFFF');
    const grid = emptyGrid('x');
    putFills(grid, 0, 0, [[{ format: { fill: { color: '#00B050', pattern: 'Solid' } } }]]);
    putMerges(grid, "'Bilan, 2022'!A1:A3, 'Bilan, 2022'!C4");
    expect(grid.cells[0][0]).toEqual({ text: '', value: null, fill: '#00B050' });
    expect(grid.merges).toEqual([{ top: 0, left: 0, bottom: 2, right: 0 }]);
  });
});

describe('French messages for Excel errors', () => {
  test.each([
    ['AccessDenied', /protégé/],
    ['ResponsePayloadSizeLimitExceeded', /5 Mo/],
    ['InvalidOperationInCellEditMode', /en cours de saisie/],
    ['InvalidSelection', /une seule cellule/],
    ['RangeExceedsLimit', /5 millions de cellules/],
    ['Bizarre', /Erreur inattendue d’Excel .*Bizarre/],
  ])('%s', (code, pattern) => {
    const e = Object.assign(new Error('RichApi.Error'), { code });
    expect(frenchMessage(e)).toMatch(pattern);
  });

  test('the pane’s own errors are shown as they are; payload errors are recognised', () => {
    expect(frenchMessage(new PaneError('Sélectionnez une cellule.'))).toBe('Sélectionnez une cellule.');
    expect(isPayloadTooLarge({ code: 'ResponsePayloadSizeLimitExceeded' })).toBe(true);
    expect(isPayloadTooLarge(new Error('x'))).toBe(false);
  });
});

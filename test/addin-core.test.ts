/**
 * The core modules written for the Excel add-in (host-neutral): multi-area addresses, the colouring
 * and restore plans, the fills the reader needs, label fixes, the dropdown's ranges, the legend
 * block (read back as the sheet's legend), the pane's summary, the stored palette, the chart table.
 */
import { chunkAreas, compressCells, expandRanges, parseAreasAddress } from '../core/base/a1-areas';
import { analyzeWorkbook } from '../core/report/analysis';
import { statusChartTable } from '../core/layout/bilan-chart';
import { freeSheetName } from '../core/base/sheet-name';
import {
  colourGroups,
  EMPTY_BACKUP,
  extendBackup,
  parseFillBackup,
  restoreGroups,
  statusCellFills,
  withoutSheet,
} from '../core/edit/colouring';
import { cellCount, fillRegions, splitRegions, batchRegions } from '../core/edit/fill-plan';
import { type Grid, gridFromRows, rangeToA1 } from '../core/base/grid';
import { labelChanges } from '../core/edit/label-fixes';
import { legendBlock, legendCountUpdates, legendFitsAbove } from '../core/edit/legend-block';
import { legendOffer, parseStoredPalette, serializePalette, userPalette } from '../core/base/palette-settings';
import { noTableMessage, paneSummary } from '../core/layout/pane-summary';
import { DEFAULT_PALETTE } from '../core/base/status';
import { dropdownLabels, dropdownRanges, dropdownSource } from '../core/edit/status-dropdown';
import { readTrackingSheet, readWorkbookTables } from '../core/read/table-reader';

function table(): Grid {
  const grid = gridFromRows('2022', [
    ['Bilan 2022 par action'],
    [],
    ['N°', 'ACTIONS', 'PORTEUR', 'ETAT AVANCEMENT ACTION', 'REMARQUES'],
    ['1.1.1', 'Acquérir un bus itinérant', 'CD', 'Réalisé', ''],
    ['1.1.2', 'Navette vers la maison de santé', 'PETR', 'en cours', ''],
    ['', '1.1.3_Transport solidaire', 'CCAS', 'En cours', ''],
    ['1.2.1', 'Maison de santé', '', '', 'reste à faire'],
    ['1.2.2', 'Atelier nutrition', 'CPAM', 'Abandonnée', ''],
  ]);
  const fill = (r: number, c: number, colour: string) => {
    const row = grid.cells[r] ?? [];
    row[c] = { ...(row[c] ?? { text: '', value: null }), fill: colour };
    grid.cells[r] = row;
  };
  fill(3, 3, '#00B050');
  fill(6, 3, '#FFC000'); // status by colour only
  fill(4, 3, '#FFFF00'); // a fill that is no status colour
  return grid;
}

describe('multi-area addresses', () => {
  test('cells fold into column runs, and expand back', () => {
    const cells = ['F3', 'F4', 'F5', 'F9', 'B2', 'F4'];
    expect(compressCells(cells)).toEqual(['B2', 'F3:F5', 'F9']);
    expect(expandRanges(compressCells(cells))).toEqual(['B2', 'F3', 'F4', 'F5', 'F9']);
  });

  test('chunks stay under the length and area limits, in order', () => {
    const areas = Array.from({ length: 1000 }, (_, i) => `F${i * 2 + 1}`);
    const chunks = chunkAreas(areas, 200, 30);
    expect(chunks.every((c) => c.length <= 200 && c.split(',').length <= 30)).toBe(true);
    expect(chunks.join(',').split(',')).toEqual(areas);
  });

  test("a host's address with quoted sheet names parses into ranges", () => {
    expect(parseAreasAddress("'Bilan, 2022'!A1:B2, 'Bilan, 2022'!$C$5, Feuil1!D7:D9").map(rangeToA1)).toEqual([
      'A1:B2',
      'C5',
      'D7:D9',
    ]);
  });
});

describe('colouring and restore plans', () => {
  const sheet = readTrackingSheet(table());
  if (!sheet) throw new Error('no table');

  test('one group per status in legend order, with its palette colour', () => {
    const groups = colourGroups(sheet, DEFAULT_PALETTE);
    expect(groups.map((g) => [g.status, g.colour, g.chunks.join(',')])).toEqual([
      ['realise_clos', '#00B050', 'D4'],
      ['en_cours', '#FFC000', 'D5:D7'],
      ['abandonne', '#808080', 'D8'],
    ]);
  });

  test('the first fills are kept across colourings; restore puts them back and forgets them', () => {
    const first = extendBackup(EMPTY_BACKUP, 'id1', '2022', statusCellFills(sheet));
    expect(first).not.toBeNull();
    const stored = parseFillBackup(JSON.stringify(first));
    expect(
      extendBackup(
        stored,
        'id1',
        '2022',
        statusCellFills(sheet).map((c) => ({ ...c, fill: '#123456' })),
      ),
    ).toBeNull();
    const more = extendBackup(stored, 'id1', '2022', [{ cell: 'D20', fill: null }]);
    expect(restoreGroups(more ?? stored, 'id1')).toEqual([
      { fill: '#00B050', count: 1, chunks: ['D4'] },
      { fill: '#FFC000', count: 1, chunks: ['D7'] },
      { fill: '#FFFF00', count: 1, chunks: ['D5'] },
      { fill: null, count: 3, chunks: ['D6,D8,D20'] },
    ]);
    expect(withoutSheet(stored, 'id1').sheets).toEqual({});
    expect(parseFillBackup('pas du JSON')).toEqual({ version: 1, sheets: {} });
  });
});

describe('fills the reader needs', () => {
  test('legend rows above the header, then the status and title columns', () => {
    const regions = fillRegions(table()).map(rangeToA1);
    expect(regions).toEqual(['A1:E2', 'B3:E8']);
    expect(fillRegions(gridFromRows('x', [['pas de tableau']]))).toEqual([]);
  });

  test('states only as colours under headers of her own words: the whole sheet, within one batch', () => {
    const rows = [
      ['Suivi 2023'],
      [],
      ['Quoi ?', 'Qui ?', 'Où en est-on ?', 'Commentaire'],
      ['Acquérir un bus itinérant pour le territoire', 'CD', '', 'livré en mars'],
      ['Navette vers la maison de santé du canton', 'PETR', '', ''],
      ['Atelier nutrition dans les écoles du secteur', 'CPAM', '', 'reporté'],
      ['Maison de santé pluriprofessionnelle', 'CC', '', ''],
    ];
    const coloured = () => {
      const grid = gridFromRows('Suivi', rows);
      ['#00B050', '#FFC000', '#FF0000', '#00B050'].forEach((colour, i) => {
        const row = grid.cells[3 + i] ?? [];
        row[2] = { text: '', value: null, fill: colour };
        grid.cells[3 + i] = row;
      });
      return grid;
    };
    // The texts alone name no column of states: the fills of the whole sheet are needed.
    expect(fillRegions(gridFromRows('Suivi', rows), 1000).map(rangeToA1)).toEqual(['A1:D7']);
    expect(fillRegions(gridFromRows('Suivi', rows), 10)).toEqual([]);
    const partial = coloured();
    const keep = fillRegions(gridFromRows('Suivi', rows), 1000);
    partial.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        const inside = keep.some((k) => r >= k.top && r <= k.bottom && c >= k.left && c <= k.right);
        if (cell && !inside) delete cell.fill;
      }),
    );
    const read = readTrackingSheet(partial);
    expect(read?.actions.map((a) => a.status)).toEqual(['realise_clos', 'en_cours', 'non_commence', 'realise_clos']);
    expect(read?.actions).toEqual(readTrackingSheet(coloured())?.actions);
  });

  test('the reader reads the same with only those fills', () => {
    const full = table();
    const partial = table();
    const keep = fillRegions(partial);
    partial.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        const inside = keep.some((k) => r >= k.top && r <= k.bottom && c >= k.left && c <= k.right);
        if (cell && !inside) delete cell.fill;
      }),
    );
    expect(readTrackingSheet(partial)?.actions).toEqual(readTrackingSheet(full)?.actions);
  });

  test('bands and batches keep under a cell budget', () => {
    const bands = splitRegions([{ top: 0, left: 0, bottom: 9999, right: 3 }], 4000);
    expect(bands).toHaveLength(10);
    expect(batchRegions(bands, 12000).map((b) => cellCount(b))).toEqual([12000, 12000, 12000, 4000]);
  });
});

describe('label fixes and dropdown', () => {
  const grid = table();
  const analysis = analyzeWorkbook(readWorkbookTables([grid], 'x.xlsx')).sheets[0];

  test('canonical labels and split codes, one change per cell, with the text before', () => {
    expect(labelChanges(grid, analysis.diagnostics)).toEqual([
      { cell: 'D5', before: 'en cours', after: 'En cours', code: 'STATUS_NONCANONICAL' },
      { cell: 'A6', before: '', after: '1.1.3', code: 'CODE_MALFORMED' },
      { cell: 'B6', before: '1.1.3_Transport solidaire', after: 'Transport solidaire', code: 'CODE_MALFORMED' },
      { cell: 'D8', before: 'Abandonnée', after: 'Abandonné', code: 'STATUS_NONCANONICAL' },
    ]);
  });

  test('the dropdown covers the status column from the header to the last action', () => {
    expect(dropdownRanges(analysis.sheet)).toEqual(['D4:D8']);
    expect(dropdownLabels()).not.toContain('Réalisé');
    expect(dropdownSource().length).toBeLessThan(255);
  });
});

describe('legend block', () => {
  test('written above the table, it is read back as the legend, with matching counts', () => {
    const sheet = readTrackingSheet(table());
    if (!sheet) throw new Error('no table');
    const block = legendBlock(sheet, DEFAULT_PALETTE);
    const rows: Grid['cells'] = block.rows.map((row) =>
      row.map((c) =>
        c.value === null ? undefined : { text: String(c.value), value: c.value, ...(c.fill ? { fill: c.fill } : {}) },
      ),
    );
    const grid = table();
    grid.cells = [...rows, [], ...grid.cells.slice(2)];
    const read = readTrackingSheet(grid);
    expect(legendFitsAbove(sheet, 0, block.height)).toBe(false);
    expect(read?.legend.map((l) => [l.status, l.declaredCount, l.colour])).toEqual([
      ['realise_clos', 1, '#00B050'],
      ['realise_perenne', 0, '#92D050'],
      ['en_cours', 3, '#FFC000'],
      ['reflexion', 0, '#9DC3E6'],
      ['non_commence', 0, '#FF9999'],
      ['abandonne', 1, '#808080'],
    ]);
    const analysis = analyzeWorkbook(readWorkbookTables([grid], 'x.xlsx')).sheets[0];
    expect(legendCountUpdates(analysis.diagnostics)).toEqual([]);
  });
});

describe('pane summary, palette, chart', () => {
  const analysis = analyzeWorkbook(readWorkbookTables([table()], 'x.xlsx')).sheets[0];

  test('badges with colours and counts, share done, diagnostics by severity', () => {
    const s = paneSummary(analysis, DEFAULT_PALETTE);
    expect(s.badges.map((b) => `${b.label}:${b.count}`)).toEqual([
      'Réalisé (clos):1',
      'Réalisé (pérenne):0',
      'En cours:3',
      'Réflexion engagée:0',
      'Non commencé:0',
      'Abandonné:1',
    ]);
    expect(s.doneLabel).toBe('20\u00a0% réalisé');
    expect(s.groups.map((g) => g.severity)).toEqual(['warning', 'info']);
    expect(s.heading).toBe('Feuille «\u00a02022\u00a0» — année 2022 — 5 actions');
    expect(noTableMessage('Notes')).toMatch(/^Aucun tableau de suivi trouvé sur la feuille «\u00a0Notes\u00a0»/);
  });

  test('stored palette: only differences are stored; bad entries are reported and ignored', () => {
    const text = serializePalette({ ...DEFAULT_PALETTE, en_cours: '#ffaa00' });
    expect(JSON.parse(text)).toEqual({ en_cours: '#FFAA00' });
    const parsed = parseStoredPalette(JSON.stringify({ en_cours: '#FFAA00', inconnu: '#000000', abandonne: 'gris' }));
    expect(parsed.palette).toEqual({ en_cours: '#FFAA00' });
    expect(parsed.problems).toHaveLength(2);
    expect(userPalette(parsed.palette).en_cours).toBe('#FFAA00');
    expect(parseStoredPalette('{').problems[0]).toMatch(/illisible/);
  });

  test("the sheet's legend colours are offered when they differ", () => {
    const grid = table();
    grid.cells[1] = [
      { text: '', value: null, fill: '#00A651' },
      { text: 'Action réalisée et close', value: 'x' },
    ];
    const sheet = readTrackingSheet(grid);
    if (!sheet) throw new Error('no table');
    expect(legendOffer(sheet, DEFAULT_PALETTE)?.colours).toEqual({ realise_clos: '#00A651' });
    expect(legendOffer(sheet, userPalette({ realise_clos: '#00A651' }))).toBeNull();
  });

  test('chart table: years × statuses, only with several years', () => {
    const one = analyzeWorkbook(readWorkbookTables([table()], 'x.xlsx'));
    expect(statusChartTable(one, DEFAULT_PALETTE)).toBeNull();
    const next = table();
    next.name = '2023';
    next.cells[0] = [{ text: 'Bilan 2023 par action', value: 'Bilan 2023 par action' }];
    const two = analyzeWorkbook(readWorkbookTables([table(), next], 'x.xlsx'));
    const chart = statusChartTable(two, DEFAULT_PALETTE);
    expect(chart?.header).toEqual(['Année', 'Réalisé (clos)', 'En cours', 'Abandonné']);
    expect(chart?.rows).toEqual([
      ['2022', 1, 3, 1],
      ['2023', 1, 3, 1],
    ]);
    expect(freeSheetName('Bilan 2023', ['2023', 'bilan 2023'])).toBe('Bilan 2023 (2)');
  });
});

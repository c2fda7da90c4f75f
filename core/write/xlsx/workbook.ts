/** The workbook part (xl/workbook.xml): the sheets in tab order and their print titles. */
import { element, escapeText, inSchemaOrder, XML_DECLARATION } from './xml';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** CT_Workbook's sequence (ECMA-376 Part 1, §18.2.27): the order we write in, and sync inserts in. */
export const WORKBOOK_CHILDREN = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
] as const;

export interface WorkbookSheet {
  name: string;
  /** The relationship id of its worksheet part, in the workbook's relationships. */
  relId: string;
  /** 1-based row repeated at the top of every printed page. */
  printTitleRow: number | null;
}

/** The built-in name of a sheet's rows repeated at the top of each printed page. */
export const PRINT_TITLES = '_xlnm.Print_Titles';

/** `'Bilan 2022'!$12:$12`: a sheet name always quoted, its quotes doubled. */
export function printTitles(sheet: string, row: number): string {
  return `'${sheet.replace(/'/g, "''")}'!$${row}:$${row}`;
}

export function workbookXml(sheets: readonly WorkbookSheet[]): string {
  const names = sheets
    .map((s, i) =>
      s.printTitleRow
        ? element(
            'definedName',
            [
              ['name', PRINT_TITLES],
              ['localSheetId', i],
            ],
            escapeText(printTitles(s.name, s.printTitleRow)),
          )
        : '',
    )
    .join('');
  return (
    XML_DECLARATION +
    element(
      'workbook',
      [
        ['xmlns', MAIN_NS],
        ['xmlns:r', REL_NS],
      ],
      inSchemaOrder(WORKBOOK_CHILDREN, {
        bookViews: element('bookViews', [], element('workbookView', [['activeTab', 0]])),
        sheets: element(
          'sheets',
          [],
          sheets
            .map((s, i) =>
              element('sheet', [
                ['name', s.name],
                ['sheetId', i + 1],
                ['r:id', s.relId],
              ]),
            )
            .join(''),
        ),
        definedNames: names ? element('definedNames', [], names) : undefined,
        calcPr: element('calcPr', [['calcId', 191029]]),
      }),
    )
  );
}

/**
 * The generated « Bilan AAAA » sheet as a worksheet part, written from the core's layout by the
 * same part writer as convert's bilans (core/write/xlsx/worksheet.ts): cells with inline strings (the
 * shared strings part stays untouched), cell formats appended to the workbook's styles from the one
 * style table, merges, column widths, row heights, frozen header, A4 landscape print fitted to the
 * page width with its footer (its header row repeated by the workbook's print titles), and the
 * drawing of its native chart.
 */
import type { SheetLayout } from '../../layout/sheet-layout';
import { worksheetString } from '../xlsx/worksheet';
import type { StylesPatch } from './styles-patch';

/** The worksheet part of `layout`; `drawingRelId` names its chart's drawing when it has one. */
export function bilanSheetXml(layout: SheetLayout, styles: StylesPatch, drawingRelId: string | null): string {
  return worksheetString(layout, {
    styleOf: (cell) => styles.layoutStyle(cell),
    strings: 'inline',
    drawingRelId,
    // The contract's name on the left of the printed footer, the page number on the right.
    footerTitle: layout.printFooter ?? null,
  });
}

/**
 * The generated « Bilan AAAA » sheet as a worksheet part, written from the core's layout: cells
 * with inline strings (the shared strings part stays untouched), cell formats appended to the
 * workbook's styles, merges, column widths, frozen header, A4 landscape print fitted to the page
 * width, and the drawing of its native chart.
 */
import type { SheetLayout } from '../../core/layout/sheet-layout';
import { rangeToA1, toA1 } from '../../core/base/grid';
import { rowHeight } from '../write-xlsx';
import { escapeXstring } from '../xml-text';
import type { StylesPatch } from './styles-patch';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function cellXml(address: string, style: number, value: string | number | null, percent: boolean): string {
  const s = style > 0 ? ` s="${style}"` : '';
  if (value === null || value === '') return style > 0 ? `<c r="${address}"${s}/>` : '';
  if (typeof value === 'number') return `<c r="${address}"${s}><v>${percent ? value / 100 : value}</v></c>`;
  return `<c r="${address}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXstring(value)}</t></is></c>`;
}

/** The worksheet part of `layout`; `drawingRelId` names its chart's drawing when it has one. */
export function bilanSheetXml(layout: SheetLayout, styles: StylesPatch, drawingRelId: string | null): string {
  const rows = layout.rows
    .map((row, r) => {
      const cells = row.map((cell, c) =>
        cell ? cellXml(toA1(r, c), styles.layoutStyle(cell), cell.value, cell.percent === true) : '',
      );
      const body = cells.join('');
      // Excel and LibreOffice do not re-fit rows written by a program: wrapped text gets its height.
      const height = rowHeight(row, layout.widths, layout.merges, r);
      const ht = height ? ` ht="${height}" customHeight="1"` : '';
      return body ? `<row r="${r + 1}"${ht}>${body}</row>` : '';
    })
    .join('');
  const cols = layout.widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const freeze =
    layout.freezeRows > 0
      ? `<pane ySplit="${layout.freezeRows}" topLeftCell="A${layout.freezeRows + 1}" activePane="bottomLeft" state="frozen"/>`
      : '';
  const merges =
    layout.merges.length > 0
      ? `<mergeCells count="${layout.merges.length}">${layout.merges.map((m) => `<mergeCell ref="${rangeToA1(m)}"/>`).join('')}</mergeCells>`
      : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView workbookViewId="0">${freeze}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows}</sheetData>` +
    merges +
    `<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>` +
    (drawingRelId ? `<drawing r:id="${drawingRelId}"/>` : '') +
    `</worksheet>`
  );
}

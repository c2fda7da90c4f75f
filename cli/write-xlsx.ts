/** Renders bilan layouts into an .xlsx workbook with exceljs (thin: no number is computed here). */
import ExcelJS from 'exceljs';
import type { LayoutCell, SheetLayout, WorkbookLayout } from '../core/bilan-layout';

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF808080' } },
  left: { style: 'thin', color: { argb: 'FF808080' } },
  bottom: { style: 'thin', color: { argb: 'FF808080' } },
  right: { style: 'thin', color: { argb: 'FF808080' } },
};

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

interface CellStyle {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
}

/** One style object per distinct look, shared by all cells that have it. */
function styleCache(): (cell: LayoutCell) => CellStyle {
  const cache = new Map<string, CellStyle>();
  return (cell) => {
    const key = `${cell.fill}|${cell.bold}|${cell.italic}|${cell.size}|${cell.wrap}|${cell.border}|${cell.align}|${cell.colour}`;
    let style = cache.get(key);
    if (!style) {
      style = {};
      if (cell.bold || cell.italic || cell.size || cell.colour) {
        style.font = {
          bold: cell.bold,
          italic: cell.italic,
          size: cell.size,
          color: cell.colour ? { argb: argb(cell.colour) } : undefined,
        };
      }
      if (cell.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(cell.fill) } };
      if (cell.border) style.border = THIN;
      if (cell.wrap || cell.align) style.alignment = { wrapText: cell.wrap, horizontal: cell.align, vertical: 'top' };
      cache.set(key, style);
    }
    return style;
  };
}

function addSheet(wb: ExcelJS.Workbook, layout: SheetLayout, styleOf: (cell: LayoutCell) => CellStyle): void {
  const ws = wb.addWorksheet(layout.name, {
    views: layout.freezeRows > 0 ? [{ state: 'frozen', ySplit: layout.freezeRows }] : [],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = layout.widths.map((width) => ({ width }));
  layout.rows.forEach((cells, r) => {
    if (cells.length === 0) return;
    const row = ws.getRow(r + 1);
    cells.forEach((cell, c) => {
      if (!cell) return;
      const target = row.getCell(c + 1);
      if (cell.value !== null && cell.value !== '') target.value = cell.value;
      const style = styleOf(cell);
      if (style.font) target.font = style.font;
      if (style.fill) target.fill = style.fill;
      if (style.border) target.border = style.border;
      if (style.alignment) target.alignment = style.alignment;
    });
  });
  for (const m of layout.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  if (layout.printTitleRow) ws.pageSetup.printTitlesRow = `${layout.printTitleRow}:${layout.printTitleRow}`;
  if (layout.headerRow !== null) ws.headerFooter.oddFooter = '&LCLS — &A&RPage &P / &N';
}

export async function renderXlsx(layout: WorkbookLayout, meta: { title: string }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cls-bilan';
  wb.title = meta.title;
  wb.created = new Date();
  const styleOf = styleCache();
  for (const sheet of layout.sheets) addSheet(wb, sheet, styleOf);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

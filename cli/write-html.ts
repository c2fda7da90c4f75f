/**
 * Renders bilan layouts into one self-contained HTML page (no external file, font or script) with
 * an SVG stacked bar chart of statuses per year, printable to PDF from a browser.
 */
import type { LayoutCell, SheetLayout, WorkbookLayout } from '../core/bilan-layout';
import { legendStatuses } from '../core/bilan-layout';
import { textColourOn } from '../core/contrast';
import type { StatusCounts } from '../core/bilan';
import { sumCounts } from '../core/bilan';
import { type Palette, STATUSES } from '../core/status';
import { lookCache } from './look-cache';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]) : text;
}

function multiline(html: string): string {
  return html.includes('\n') ? html.replace(/\n/g, '<br>') : html;
}

/** CSS declarations of a cell's look, except its border (class `b`). */
function cellStyle(cell: LayoutCell): string {
  const parts: string[] = [];
  if (cell.fill) parts.push(`background:${cell.fill}`);
  if (cell.colour) parts.push(`color:${cell.colour}`);
  if (cell.bold) parts.push('font-weight:bold');
  if (cell.italic) parts.push('font-style:italic');
  if (cell.size) parts.push(`font-size:${Math.round((cell.size / 11) * 100)}%`);
  if (cell.align) parts.push(`text-align:${cell.align}`);
  return parts.join(';');
}

/**
 * One CSS class per distinct look (`k0`, `k1`…), declared once in the page's <style>: a large
 * bilan repeats a handful of looks over tens of thousands of cells, and inline styles made the
 * page half as heavy again to write and to open.
 */
interface LookClasses {
  /** The cell's ` class="…"` attribute (with its leading space), or '' for a plain cell. */
  attributeOf(cell: LayoutCell | null | undefined): string;
  css(): string;
}

function lookClasses(): LookClasses {
  const rules: string[] = [];
  const classOfStyle = new Map<string, string>();
  const attribute = lookCache((cell) => {
    const style = cellStyle(cell);
    let name = style === '' ? '' : classOfStyle.get(style);
    if (name === undefined) {
      name = `k${classOfStyle.size}`;
      classOfStyle.set(style, name);
      rules.push(`.${name}{${style}}`);
    }
    const names = [cell.border ? 'b' : '', name].filter(Boolean).join(' ');
    return names ? ` class="${names}"` : '';
  });
  return {
    attributeOf: (cell) => (cell ? attribute(cell) : ''),
    css: () => rules.join(''),
  };
}

interface TextSink {
  push(text: string): void;
  /** Everything pushed so far, as one string. */
  text(): string;
}

/**
 * Gathers the page in pieces joined a few thousand at a time, so that the small strings of each
 * cell die young instead of piling up until the end (the garbage collector then copies far less).
 */
function textSink(): TextSink {
  const chunks: string[] = [];
  let parts: string[] = [];
  return {
    push(text) {
      parts.push(text);
      if (parts.length >= 4096) {
        chunks.push(parts.join(''));
        parts = [];
      }
    },
    text() {
      chunks.push(parts.join(''));
      parts = [];
      return chunks.join('');
    },
  };
}

/** Appends the HTML of one sheet's table(s) to `out`. */
function renderTable(layout: SheetLayout, looks: LookClasses, out: TextSink): void {
  const width = Math.max(layout.widths.length, ...layout.rows.map((r) => r.length));
  // Merged areas, keyed by row * width + column.
  const covered = new Set<number>();
  const spans = new Map<number, { rows: number; cols: number }>();
  for (const m of layout.merges) {
    spans.set(m.top * width + m.left, { rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(r * width + c);
  }
  // The title and legend above the table go in a table of their own, sized to their content; the
  // header row goes in <thead>, so a printed table repeats it on every page.
  const split = layout.headerRow ?? 0;
  if (split > 0) out.push('<table class="head">');
  layout.rows.forEach((cells, r) => {
    if (r === split) {
      if (split > 0) out.push('</table>');
      out.push(`<table><colgroup>${layout.widths.map((w) => `<col style="width:${w}ch">`).join('')}</colgroup>`);
      out.push(layout.headerRow !== null ? '<thead>' : '<tbody>');
    }
    if (cells.length === 0) {
      out.push(`<tr class="gap"><td colspan="${width}"></td></tr>\n`);
    } else if (
      !cells.some((c) => c?.border) &&
      cells.filter((c) => c && c.value !== null && c.value !== '').length === 1 &&
      cells[0]
    ) {
      out.push(
        `<tr class="plain"><td colspan="${width}"${looks.attributeOf(cells[0])}>${escapeHtml(String(cells[0].value ?? ''))}</td></tr>\n`,
      );
    } else {
      const tag = r === layout.headerRow ? 'th' : 'td';
      out.push('<tr>');
      for (let c = 0; c < width; c++) {
        const key = r * width + c;
        if (covered.has(key)) continue;
        const cell = cells[c];
        const span = spans.get(key);
        let attrs = looks.attributeOf(cell);
        if (span && span.rows > 1) attrs += ` rowspan="${span.rows}"`;
        if (span && span.cols > 1) attrs += ` colspan="${span.cols}"`;
        const value =
          cell?.value === null || cell?.value === undefined
            ? ''
            : cell.percent
              ? `${cell.value}\u00a0%`
              : multiline(escapeHtml(String(cell.value)));
        out.push(`<${tag}${attrs}>${value}</${tag}>`);
      }
      out.push('</tr>\n');
    }
    if (r === split && layout.headerRow !== null) out.push('</thead><tbody>');
  });
  if (layout.rows.length <= split) {
    if (split > 0) out.push('</table>');
    out.push('<table><tbody>');
  }
  out.push('</tbody></table>');
}

export interface ChartBar {
  label: string;
  counts: StatusCounts;
  total: number;
}

/** Stacked bars, one per year, one segment per status in legend order. */
export function renderChart(bars: readonly ChartBar[], palette: Palette): string {
  if (bars.length === 0) return '';
  const ids = legendStatuses(sumCounts(bars.map((b) => b.counts)));
  const barW = 70;
  const gap = 40;
  const h = 260;
  const top = 20;
  const left = 50;
  const max = Math.max(...bars.map((b) => b.total), 1);
  const width = left + bars.length * (barW + gap) + 280;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = Math.round((max * t) / 4);
    const y = top + h - (h * v) / max;
    parts.push(`<line x1="${left - 5}" x2="${left + bars.length * (barW + gap)}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="11">${v}</text>`);
  }
  bars.forEach((bar, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    let y = top + h;
    for (const id of ids) {
      const n = bar.counts[id];
      if (n === 0) continue;
      const segment = (h * n) / max;
      y -= segment;
      parts.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${segment.toFixed(1)}" fill="${palette[id]}"><title>${escapeHtml(
          `${bar.label} — ${STATUSES[id].label} : ${n}`,
        )}</title></rect>`,
      );
      if (segment >= 14) {
        parts.push(
          `<text x="${x + barW / 2}" y="${(y + segment / 2 + 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="${textColourOn(palette[id])}">${n}</text>`,
        );
      }
    }
    parts.push(
      `<text x="${x + barW / 2}" y="${top + h + 16}" text-anchor="middle" font-size="12">${escapeHtml(bar.label)}</text>`,
    );
    parts.push(
      `<text x="${x + barW / 2}" y="${(y - 5).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="bold">${bar.total}</text>`,
    );
  });
  const lx = left + bars.length * (barW + gap) + 20;
  ids.forEach((id, i) => {
    parts.push(`<rect x="${lx}" y="${top + i * 20}" width="14" height="14" fill="${palette[id]}" stroke="#999"/>`);
    parts.push(`<text x="${lx + 20}" y="${top + i * 20 + 11}" font-size="12">${escapeHtml(STATUSES[id].label)}</text>`);
  });
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="État d'avancement des actions par année" ` +
    `width="${width}" height="${top + h + 30}" viewBox="0 0 ${width} ${top + h + 30}">${parts.join('')}</svg>` +
    `<figcaption>État d'avancement des actions par année</figcaption></figure>`
  );
}

const CSS = `
body{font-family:Calibri,Arial,Helvetica,sans-serif;font-size:11pt;color:#111;margin:24px}
h1{font-size:18pt;margin:0 0 4px}h2{font-size:14pt;margin:28px 0 8px;border-bottom:2px solid #2F5597;color:#2F5597}
table{border-collapse:collapse;margin:6px 0 12px}td,th{padding:3px 6px;vertical-align:top}
td.b,th.b{border:1px solid #808080}table.head td{padding:2px 8px}th{background:#D9E1F2}tr.gap td{height:8px}
figure{margin:8px 0 16px}figcaption{font-size:10pt;color:#555}
nav a{margin-right:12px}
@page{size:A4 landscape;margin:12mm}
@media print{nav{display:none}section{break-before:page}section:first-of-type{break-before:auto}thead{display:table-header-group}tr{break-inside:avoid}}
`;

export function renderHtml(
  layout: WorkbookLayout,
  meta: { title: string; chart: readonly ChartBar[]; palette: Palette },
): string {
  const looks = lookClasses();
  const body = textSink();
  layout.sheets.forEach((s, i) => {
    body.push(`<section id="s${i}"><h2>${escapeHtml(s.name)}</h2>`);
    renderTable(s, looks, body);
    body.push('</section>\n');
  });
  const nav = layout.sheets.map((s, i) => `<a href="#s${i}">${escapeHtml(s.name)}</a>`).join('');
  const head = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(meta.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}${looks.css()}
</style></head>
<body><h1>${escapeHtml(meta.title)}</h1><nav>${nav}</nav>
${renderChart(meta.chart, meta.palette)}
`;
  return `${head}${body.text()}</body></html>\n`;
}

/**
 * Renders bilan layouts into one self-contained HTML page (no external file, font or script) with
 * the SVG stacked bar chart of statuses per year, printable to PDF from a browser: the bilan
 * first, then the annex (checks, sources), which a box on the page leaves out of the print.
 */
import {
  type LayoutCell,
  type LayoutChart,
  layoutChartData,
  type SheetLayout,
  type WorkbookLayout,
} from '../layout/sheet-layout';
import { textColourOn } from '../base/contrast';
import { formatPercent, typeset } from '../base/typography';
import { lookCache } from './look-cache';
import { layoutBlocks } from '../layout/layout-blocks';

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

/** The text of a cell, escaped, with its line breaks. */
function cellHtml(cell: LayoutCell | null | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return '';
  if (cell.percent && typeof cell.value === 'number') return formatPercent(cell.value);
  const html = multiline(escapeHtml(String(cell.value)));
  if (!cell.link) return html;
  // Always a relative path: a file named « javascript:… » must not become a scheme.
  const href = /^[a-z][a-z0-9+.-]*:/i.test(cell.link) ? `./${cell.link}` : cell.link;
  return `<a href="${escapeHtml(encodeURI(href))}">${html}</a>`;
}

/**
 * Appends the HTML of one sheet: its sentences as paragraphs, the bordered lines above the first
 * table (the legend) in a table of their own, and each table (from a header row to the next empty
 * row) as its own <table> whose header (<thead>) repeats on every printed page. The main table's
 * groups (an objective's actions) are <tbody> elements that print on one page where they fit.
 */
function renderSheet(layout: SheetLayout, looks: LookClasses, out: TextSink): void {
  const width = Math.max(layout.widths.length, ...layout.rows.map((r) => r.length));
  const covered = new Set<number>();
  const spans = new Map<number, { rows: number; cols: number }>();
  for (const m of layout.merges) {
    spans.set(m.top * width + m.left, { rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(r * width + c);
  }
  const groupStarts = new Set(layout.groups.map((g) => g.top));
  const total = layout.widths.reduce((a, b) => a + b, 0);
  const rowHtml = (r: number, tag: 'td' | 'th', columns: number) => {
    const cells = layout.rows[r] ?? [];
    out.push('<tr>');
    for (let c = 0; c < columns; c++) {
      const key = r * width + c;
      if (covered.has(key)) continue;
      const cell = cells[c];
      const span = spans.get(key);
      let attrs = looks.attributeOf(cell);
      if (span && span.rows > 1) attrs += ` rowspan="${span.rows}"`;
      if (span && span.cols > 1) attrs += ` colspan="${span.cols}"`;
      out.push(`<${tag}${attrs}>${cellHtml(cell)}</${tag}>`);
    }
    out.push('</tr>\n');
  };
  // A block's title and its table stay together, side by side with other blocks.
  let titled = false;
  const blocks = layoutBlocks(layout);
  blocks.forEach((block, i) => {
    if (block.kind === 'chart') {
      out.push(`<div class="bloc">${renderChart(block.chart, layout.rows)}</div>`);
    } else if (block.kind === 'text') {
      const tag = block.row === 0 && (block.cell.size ?? 0) >= 14 ? 'h2' : 'p';
      const next = blocks[i + 1];
      titled = tag === 'p' && next?.kind === 'table' && next.header === block.row + 1;
      if (titled) out.push('<div class="bloc">');
      out.push(`<${tag}${tag === 'p' ? looks.attributeOf(block.cell) : ''}>${cellHtml(block.cell)}</${tag}>\n`);
    } else if (block.kind === 'lines') {
      out.push('<table class="lines">');
      for (const r of block.rows) rowHtml(r, 'td', block.columns);
      out.push('</table>\n');
    } else {
      out.push(block.main ? '<table class="main">' : '<table>');
      if (block.main) {
        out.push(
          `<colgroup>${layout.widths.map((w) => `<col style="width:${((100 * w) / total).toFixed(1)}%">`).join('')}</colgroup>`,
        );
      }
      out.push('<thead>');
      rowHtml(block.header, 'th', block.columns);
      out.push('</thead><tbody>');
      // The main table's groups (an objective's actions) are <tbody> elements kept on one page.
      for (const r of block.rows) {
        if (groupStarts.has(r) && r !== block.header + 1) out.push('</tbody><tbody>');
        rowHtml(r, 'td', block.columns);
      }
      out.push('</tbody></table>\n');
      if (titled) out.push('</div>\n');
      titled = false;
    }
  });
}

/** Axis steps that read well: 1, 2, 5, 10, 20, 25, 50… */
export function niceStep(max: number, maxTicks = 6): number {
  const rough = Math.max(1, max / maxTicks);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * power;
    if (step >= rough && Number.isInteger(step)) return step;
  }
  return 10 * power;
}

/**
 * Hatching per state, so that the chart reads in greyscale and for colour-blind readers (several
 * fills have the same grey, and pérenne and non commencé merge under deuteranopia).
 */
const HATCHES: Record<string, string> = {
  realise_perenne: '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke-width="1.6"/>',
  reflexion: '<path d="M0,2 H8 M0,6 H8" stroke-width="1.2"/>',
  non_commence: '<circle cx="2" cy="2" r="1.1"/><circle cx="6" cy="6" r="1.1"/>',
  abandonne: '<path d="M0,0 L8,8 M8,0 L0,8" stroke-width="1"/>',
  sans_etat: '<path d="M0,8 L8,0" stroke-width="1"/>',
};

function patternId(status: string): string {
  return `motif-${status}`;
}

/** The fill of a state in the chart: its colour, under its hatching when it has one. */
function patternDefs(series: LayoutChart['series']): string {
  return series
    .map((s) => {
      const key = s.status ?? 'sans_etat';
      const hatch = HATCHES[key];
      if (!hatch) return '';
      const ink = textColourOn(s.colour) === '#FFFFFF' ? '#FFFFFF' : '#000000';
      return (
        `<pattern id="${patternId(key)}" patternUnits="userSpaceOnUse" width="8" height="8">` +
        `<rect width="8" height="8" fill="${s.colour}"/><g stroke="${ink}" fill="${ink}" opacity="0.55">${hatch}</g></pattern>`
      );
    })
    .join('');
}

function seriesFill(s: LayoutChart['series'][number]): string {
  const key = s.status ?? 'sans_etat';
  return HATCHES[key] ? `url(#${patternId(key)})` : s.colour;
}

/** Characters per line and lines of a category's label under its bar (a contract's name is long). */
const LABEL_CHARS = 16;
const LABEL_LINES = 3;

/** A label cut at spaces into at most `lines` lines of about `width` characters, the last ending in « … » when cut. */
export function labelLines(label: string, width: number, lines: number): string[] {
  const out: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 1 + word.length <= width) out[last] += ` ${word}`;
    else out.push(word.length > width ? `${word.slice(0, width - 1)}…` : word);
  }
  if (out.length <= lines) return out.length > 0 ? out : [''];
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1].slice(0, width - 1)}…`;
  return kept;
}

/**
 * Stacked bars of the chart the layout describes (the same cells as the xlsx chart): one bar per
 * year, the states stacked in the table's order from the bottom, the count in each segment large
 * enough, the total and the « % réalisé » above each bar, and the legend in stacking order (top
 * segment first). Returns the SVG alone.
 */
export function chartSvg(chart: LayoutChart, rows: readonly (LayoutCell | null)[][]): string {
  const data = layoutChartData(chart, rows);
  const series = chart.series.map((s, i) => ({ ...s, ...data.series[i] }));
  const categories = data.categories.map((label, i) => ({
    label,
    total: series.reduce((n, s) => n + s.values[i], 0),
    done: chart.donePercents[i] ?? 0,
  }));
  const barW = 70;
  const gap = 46;
  const h = 210;
  const top = 36;
  const left = 50;
  const percent = chart.unit === 'percent';
  const highest = Math.max(1, ...categories.map((b) => b.total));
  const step = percent ? 20 : niceStep(highest);
  // Room above the highest bar for its two labels (a bar of shares is 100 % high: one label).
  const max = percent ? 100 : Math.ceil((highest * 1.12) / step) * step;
  const unit = (n: number) => (percent ? formatPercent(n) : String(n));
  const labels = categories.map((b) => labelLines(b.label, LABEL_CHARS, LABEL_LINES));
  const labelRows = Math.max(1, ...labels.map((l) => l.length));
  const plotRight = left + categories.length * (barW + gap);
  const width = plotRight + 250;
  const parts: string[] = [`<defs>${patternDefs(chart.series)}</defs>`];
  for (let v = 0; v <= max; v += step) {
    const y = top + h - (h * v) / max;
    parts.push(`<line x1="${left - 5}" x2="${plotRight}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="11">${escapeHtml(unit(v))}</text>`);
  }
  categories.forEach((bar, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    let y = top + h;
    for (const s of series) {
      const n = s.values[i];
      if (n === 0) continue;
      const segment = (h * n) / max;
      y -= segment;
      parts.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${segment.toFixed(1)}" fill="${seriesFill(s)}" stroke="#fff" stroke-width="0.5"><title>${escapeHtml(
          typeset(`${bar.label} — ${s.name} : ${unit(n)}`),
        )}</title></rect>`,
      );
      if (segment >= 14) {
        const ink = textColourOn(s.colour);
        parts.push(
          `<text x="${x + barW / 2}" y="${(y + segment / 2 + 4).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="bold" fill="${ink}" paint-order="stroke" stroke="${ink === '#FFFFFF' ? '#000000' : '#FFFFFF'}" stroke-width="2.5">${escapeHtml(unit(n))}</text>`,
        );
      }
    }
    const lines = labels[i].map(
      (line, k) => `<tspan x="${x + barW / 2}" dy="${k === 0 ? 0 : 14}">${escapeHtml(line)}</tspan>`,
    );
    parts.push(
      `<text x="${x + barW / 2}" y="${top + h + 16}" text-anchor="middle" font-size="12"><title>${escapeHtml(bar.label)}</title>${lines.join('')}</text>`,
    );
    if (!percent) {
      parts.push(
        `<text x="${x + barW / 2}" y="${(y - 20).toFixed(1)}" text-anchor="middle" font-size="11">${bar.total} actions</text>`,
      );
    }
    parts.push(
      `<text x="${x + barW / 2}" y="${(y - 6).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="bold">${escapeHtml(formatPercent(bar.done))} réalisé</text>`,
    );
  });
  // The legend from the top segment down, as the eye reads the bars.
  const lx = plotRight + 20;
  [...series].reverse().forEach((s, i) => {
    parts.push(`<rect x="${lx}" y="${top + i * 22}" width="16" height="16" fill="${seriesFill(s)}" stroke="#666"/>`);
    parts.push(`<text x="${lx + 22}" y="${top + i * 22 + 12}" font-size="12">${escapeHtml(s.name)}</text>`);
  });
  const height = top + h + 16 + 14 * labelRows;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(chart.title)}" font-family="Calibri, Arial, sans-serif" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeHtml(chart.title)}</title>` +
    `<rect width="${width}" height="${height}" fill="#fff"/>${parts.join('')}</svg>`
  );
}

/** The chart in a figure, with a link that saves it as an SVG file (PowerPoint and Word insert it as an image). */
function renderChart(chart: LayoutChart, rows: readonly (LayoutCell | null)[][]): string {
  const svg = chartSvg(chart, rows);
  const href = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return (
    `<figure>${svg}<figcaption>${escapeHtml(chart.title)} ` +
    `<a class="noprint" download="${chart.unit === 'percent' ? 'graphique-contrats' : 'graphique-etats-par-annee'}.svg" href="${href}">Télécharger le graphique (SVG, pour PowerPoint ou Word)</a>` +
    `</figcaption></figure>\n`
  );
}

const CSS = `
body{font-family:Calibri,Arial,Helvetica,sans-serif;font-size:11pt;color:#111;margin:24px}
h1{font-size:18pt;margin:0 0 4px}h2{font-size:14pt;margin:20px 0 6px;border-bottom:2px solid #2F5597;color:#2F5597}
p{margin:4px 0}
table{border-collapse:collapse;margin:6px 0 12px}td,th{padding:3px 6px;vertical-align:top}
td.b,th.b{border:1px solid #808080}table.lines td{padding:2px 8px}th{background:#D9E1F2}
table.main{width:100%}
section.flow{display:flex;flex-wrap:wrap;gap:0 28px;align-items:flex-start}
section.flow>h2,section.flow>p{flex-basis:100%}.bloc{break-inside:avoid}.bloc td:first-child{max-width:52ch}.bloc table{margin-top:2px}
figure{margin:8px 0 16px}figcaption{font-size:10pt;color:#444}figcaption a{margin-left:12px}
nav{margin:6px 0 12px}nav a{margin-right:12px}
.annexe>h2.annexe-titre{border-bottom-color:#7F7F7F;color:#404040}
@page{size:A4 landscape;margin:8mm 9mm}
@media print{
body{margin:0;font-size:8pt}h1{font-size:14pt}h2{font-size:12pt;margin:0 0 4px}
td,th{padding:1px 3px;line-height:1.1}table{margin:3px 0 6px}table.main{font-size:7.5pt}
nav,.noprint{display:none}
section{break-before:page}section:first-of-type{break-before:auto}
.annexe{break-before:page}.annexe section{break-before:auto;margin-top:10px}
thead{display:table-header-group}tr,figure{break-inside:avoid}tbody{break-inside:avoid}
h2,p.k-keep{break-after:avoid}
#avec-annexe:not(:checked)~.annexe{display:none}
}
`;

export function renderHtml(
  layout: WorkbookLayout,
  meta: { title: string; meta?: Readonly<Record<string, string>> },
): string {
  const looks = lookClasses();
  const body = textSink();
  const main = layout.sheets.filter((s) => !s.annex);
  const annex = layout.sheets.filter((s) => s.annex);
  const section = (s: SheetLayout, i: number) => {
    // A sheet of several small tables (the Synthèse) lays them side by side where they fit.
    const flow = s.groups.length === 0 && s.tableHeaders.length > 1;
    body.push(`<section id="s${i}"${flow ? ' class="flow"' : ''}>`);
    renderSheet(s, looks, body);
    body.push('</section>\n');
  };
  main.forEach((s, i) => section(s, i));
  if (annex.length > 0) {
    body.push(`<div class="annexe" id="annexe"><h2 class="annexe-titre">Annexe</h2>`);
    body.push(
      `<p>${escapeHtml(typeset("Contrôles du tableau de suivi, sources et rapprochements d'une année à l'autre : le détail technique du bilan."))}</p>\n`,
    );
    annex.forEach((s, i) => section(s, main.length + i));
    body.push('</div>\n');
  }
  const nav = [
    ...main.map((s, i) => `<a href="#s${i}">${escapeHtml(s.name)}</a>`),
    ...(annex.length > 0 ? [`<a href="#annexe">Annexe</a>`] : []),
  ].join('');
  const annexBox =
    annex.length > 0
      ? `<input type="checkbox" id="avec-annexe" class="noprint" checked><label for="avec-annexe" class="noprint"> ${escapeHtml(
          typeset("Imprimer aussi l'annexe (contrôles, sources et rapprochements)"),
        )}</label>\n`
      : '';
  const head = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">${Object.entries(meta.meta ?? {})
    .map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`)
    .join('')}<title>${escapeHtml(meta.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}${looks.css()}
</style></head>
<body><h1>${escapeHtml(meta.title)}</h1><nav>${nav}</nav>
${annexBox}`;
  return `${head}${body.text()}</body></html>\n`;
}

/**
 * Renders bilan layouts into one self-contained HTML page (no external file, font or script) with
 * the SVG stacked bar chart of statuses per year, printable to PDF from a browser with its
 * colours and page numbers: the bilan, then the annex (checks, sources), printed only when a box
 * on the page is ticked.
 */
import {
  type LayoutCell,
  type LayoutChart,
  layoutChartData,
  type SheetLayout,
  type WorkbookLayout,
} from '../layout/sheet-layout';
import { formatPercent, typeset } from '../base/typography';
import { lookCache } from './look-cache';
import { keptTogether, type LayoutBlock, layoutBlocks } from '../layout/layout-blocks';
import { BESIDE_LABEL_COLOUR, chartLook } from '../layout/bilan-chart';
import { concatBytes } from '../base/bytes';
import { PartBytes } from './xlsx/part-bytes';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
const MARKUP = /[&<>"]/;

export function escapeHtml(text: string): string {
  if (!SPECIAL.test(text)) return text;
  // Most French texts need only their apostrophes escaped: replaced by a string, about twice as
  // fast as a function called for each character (tens of thousands of remarks and titles).
  if (!MARKUP.test(text)) return text.replace(/'/g, '&#39;');
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
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
  /** `<td class="…">` or `<th class="…">` of the cell: made once per look. */
  openTag(cell: LayoutCell | null | undefined, tag: 'td' | 'th'): string;
  css(): string;
}

function lookClasses(): LookClasses {
  const rules: string[] = [];
  const classOfStyle = new Map<string, string>();
  const plain = { attribute: '', td: '<td>', th: '<th>' };
  const look = lookCache((cell) => {
    const style = cellStyle(cell);
    let name = style === '' ? '' : classOfStyle.get(style);
    if (name === undefined) {
      name = `k${classOfStyle.size}`;
      classOfStyle.set(style, name);
      rules.push(`.${name}{${style}}`);
    }
    const names = [cell.border ? 'b' : '', name].filter(Boolean).join(' ');
    const attribute = names ? ` class="${names}"` : '';
    return { attribute, td: `<td${attribute}>`, th: `<th${attribute}>` };
  });
  return {
    attributeOf: (cell) => (cell ? look(cell).attribute : ''),
    openTag: (cell, tag) => (cell ? look(cell) : plain)[tag],
    css: () => rules.join(''),
  };
}

interface TextSink {
  push(text: string): void;
  /** A cell's three pieces (its tag, its text, its closing tag) in one call: a bilan has hundreds of thousands. */
  pushCell(open: string, html: string, close: string): void;
}

/**
 * Gathers the page in pieces joined a few thousand at a time, so that the small strings of each
 * cell die young instead of piling up until the end (the garbage collector then copies far less).
 * Each joined piece goes to `take`: kept as text, or encoded at once into the file's bytes.
 */
function pieceSink(take: (joined: string) => void): TextSink & { flush(): void } {
  let parts: string[] = [];
  const flush = () => {
    take(parts.join(''));
    parts = [];
  };
  return {
    push(text) {
      parts.push(text);
      if (parts.length >= 4096) flush();
    },
    pushCell(open, html, close) {
      parts.push(open, html, close);
      if (parts.length >= 4096) flush();
    },
    flush,
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

/** A run of blocks longer than this many rows is not kept on one page: its blocks only hold to each other. */
const WHOLE_RUN_ROWS = 40;

/** The first and last rows of a block. */
function blockRows(block: LayoutBlock): { first: number; last: number } {
  if (block.kind === 'text') return { first: block.row, last: block.row };
  if (block.kind === 'chart') return { first: block.chart.atRow, last: block.chart.atRow + block.chart.rowSpan - 1 };
  if (block.kind === 'lines') return { first: block.rows[0], last: block.rows[block.rows.length - 1] };
  return { first: block.header, last: block.rows[block.rows.length - 1] ?? block.header };
}

/** What a merge makes of a cell (`mergeGrid`): hidden under another's span, or the first of a span. */
const COVERED = 1;
const SPAN_START = 2;

/**
 * The cells of a sheet hidden under a merge or starting one (COVERED or SPAN_START at
 * `row * width + col`) and the rowspan/colspan attributes of each merge's first cell: flags in a
 * typed array, because every cell of the sheet is looked up (a large bilan has hundreds of thousands).
 */
function mergeGrid(layout: SheetLayout, width: number): { covered: Uint8Array; spans: Map<number, string> } {
  let rows = layout.rows.length;
  for (const m of layout.merges) rows = Math.max(rows, m.bottom + 1);
  const covered = new Uint8Array(rows * width);
  const spans = new Map<number, string>();
  for (const m of layout.merges) {
    const rowSpan = m.bottom - m.top + 1;
    const colSpan = m.right - m.left + 1;
    spans.set(
      m.top * width + m.left,
      (rowSpan > 1 ? ` rowspan="${rowSpan}"` : '') + (colSpan > 1 ? ` colspan="${colSpan}"` : ''),
    );
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered[r * width + c] = COVERED;
  }
  // A merge's first cell covered by another merge stays covered, as the spans were only looked up for cells shown.
  for (const key of spans.keys()) if (covered[key] !== COVERED) covered[key] = SPAN_START;
  return { covered, spans };
}

/**
 * Appends the HTML of one sheet: its titles as headings (h2 for a sheet's, h3 for a block's), its
 * sentences as paragraphs, the bordered lines above the first table (the legend) in a table of
 * their own, and each table (from a header row to the next empty row) as its own <table> whose
 * header (<thead>) repeats on every printed page. The main table's groups (an objective's actions)
 * are <tbody> elements that print on one page where they fit. Blocks the layout keeps together
 * (a heading and its table, a table and its conclusion) are printed together: a short run in one
 * box that does not break, a long one with no page break between its blocks.
 */
function renderSheet(layout: SheetLayout, looks: LookClasses, out: TextSink, flow: boolean): void {
  const width = Math.max(layout.widths.length, ...layout.rows.map((r) => r.length));
  const { covered, spans } = mergeGrid(layout, width);
  const total = layout.widths.reduce((a, b) => a + b, 0);
  // The last plain <td> of each column, its cell and its text: the same cell object again (the
  // layouts share their state cells and empty cells between rows) is written without a look-up.
  const lastCells = new Array<LayoutCell | null | undefined>(width).fill(null);
  const lastOpen = new Array<string>(width).fill(looks.openTag(null, 'td'));
  const lastHtml = new Array<string>(width).fill(cellHtml(null));
  // Each piece of a cell is pushed as it is (in one call): joined by the sink, without a string built per cell.
  const rowHtml = (r: number, tag: 'td' | 'th', columns: number) => {
    const cells = layout.rows[r] ?? [];
    const start = r * width;
    const close = tag === 'td' ? '</td>' : '</th>';
    out.push('<tr>');
    for (let c = 0; c < columns; c++) {
      const merged = covered[start + c];
      if (merged === COVERED) continue;
      const cell = cells[c];
      const span = merged === SPAN_START ? spans.get(start + c) : undefined;
      if (span) {
        out.pushCell(`<${tag}${looks.attributeOf(cell)}${span}>`, cellHtml(cell), close);
      } else if (tag !== 'td') {
        out.pushCell(looks.openTag(cell, tag), cellHtml(cell), close);
      } else {
        if (cell !== lastCells[c]) {
          lastCells[c] = cell;
          lastOpen[c] = looks.openTag(cell, tag);
          lastHtml[c] = cellHtml(cell);
        }
        out.pushCell(lastOpen[c], lastHtml[c], close);
      }
    }
    out.push('</tr>\n');
  };
  const renderBlock = (block: LayoutBlock, classes: string[]) => {
    const cls = (more: string[] = []) => {
      const all = [...more, ...classes];
      return all.length > 0 ? ` class="${all.join(' ')}"` : '';
    };
    if (block.kind === 'chart') {
      out.push(`<div${cls(['graphique'])}>${renderChart(block.chart, layout.rows)}</div>`);
    } else if (block.kind === 'text') {
      const { cell } = block;
      const level = cell.heading ?? (block.row === 0 && (cell.size ?? 0) >= 14 ? 1 : 0);
      if (level === 1) out.push(`<h2${cls()}>${cellHtml(cell)}</h2>\n`);
      else {
        const tag = level === 2 ? 'h3' : 'p';
        const look = looks.attributeOf(cell);
        const merged = look
          ? look.replace(/^ class="/, ` class="${classes.length > 0 ? `${classes.join(' ')} ` : ''}`)
          : cls();
        out.push(`<${tag}${merged}>${cellHtml(cell)}</${tag}>\n`);
      }
    } else if (block.kind === 'lines') {
      out.push(`<table${cls(['lines'])}>`);
      for (const r of block.rows) rowHtml(r, 'td', block.columns);
      out.push('</table>\n');
    } else {
      const last = block.rows[block.rows.length - 1] ?? block.header;
      // The groups of rows inside this table (an objective's actions): one <tbody> each.
      const inside = layout.groups.filter((g) => g.top > block.header && g.bottom <= last);
      const grouped = block.main && inside.length > 0;
      out.push(`<table${cls(grouped ? ['main'] : [])}>`);
      if (grouped) {
        out.push(
          `<colgroup>${layout.widths.map((w) => `<col style="width:${((100 * w) / total).toFixed(1)}%">`).join('')}</colgroup>`,
        );
      }
      out.push('<thead>');
      rowHtml(block.header, 'th', block.columns);
      out.push('</thead>');
      if (!grouped) {
        out.push('<tbody>');
        for (const r of block.rows) rowHtml(r, 'td', block.columns);
        out.push('</tbody>');
      } else {
        // Rows outside any group in a plain <tbody>, which may break anywhere.
        const starts = new Map(inside.map((g) => [g.top, g.bottom]));
        let open: 'groupe' | 'libre' | null = null;
        let groupEnd = -1;
        for (const r of block.rows) {
          const end = starts.get(r);
          if (end !== undefined) {
            if (open) out.push('</tbody>');
            out.push('<tbody class="groupe">');
            open = 'groupe';
            groupEnd = end;
          } else if (open === null || (open === 'groupe' && r > groupEnd)) {
            if (open) out.push('</tbody>');
            out.push('<tbody>');
            open = 'libre';
          }
          rowHtml(r, 'td', block.columns);
        }
        if (open) out.push('</tbody>');
      }
      out.push('</table>\n');
    }
  };
  // Runs of blocks the layout keeps together (core/layout/sheet-layout.ts `groups`).
  const blocks = layoutBlocks(layout);
  const runs: LayoutBlock[][] = [];
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    const joined =
      previous !== undefined && keptTogether(layout.groups, blockRows(previous).last, blockRows(block).first);
    if (joined) runs[runs.length - 1].push(block);
    else runs.push([block]);
  });
  for (const run of runs) {
    const long = blockRows(run[run.length - 1]).last - blockRows(run[0]).first + 1 > WHOLE_RUN_ROWS;
    // A short run in one box that does not break; in a flow of small tables (the Synthèse), each
    // run is one box beside the others, a long one across the page.
    const box = flow || (run.length > 1 && !long);
    if (box) out.push(`<div class="bloc${long ? ' long' : ''}">`);
    run.forEach((block, i) => renderBlock(block, i > 0 && long ? ['suite'] : []));
    if (box) out.push('</div>\n');
  }
}

export { niceStep } from '../layout/bilan-chart';

/**
 * Characters per line and lines of a category's label under its bar: a contract's name is long,
 * and is written whole (a committee reads the names); only a name beyond the lines is cut.
 */
const LABEL_CHARS = 16;
const LABEL_LINES = 7;

/** A word longer than a line, cut after its hyphens where it can, else where the line ends. */
function wordPieces(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > width) {
    const hyphen = rest.lastIndexOf('-', width - 1);
    const cut = hyphen > 0 ? hyphen + 1 : width;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * A label cut into at most `lines` lines of about `width` characters: at spaces, after hyphens, and
 * inside a word only when it is longer than a line; the last line ends in « … » when cut.
 */
export function labelLines(label: string, width: number, lines: number): string[] {
  const out: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const pieces = word.length > width ? wordPieces(word, width) : [word];
    pieces.forEach((piece, i) => {
      const last = out.length - 1;
      // A piece after a hyphen follows it without a space.
      const space = i === 0 ? ' ' : '';
      if (last >= 0 && out[last].length + space.length + piece.length <= width) out[last] += space + piece;
      else out.push(piece);
    });
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
  // Fills, label colours and places, and the scale: core's, as the xlsx and the docx draw them.
  const look = chartLook(chart, rows);
  const series = chart.series.map((s, i) => ({ ...s, ...data.series[i], ...look.series[i], places: look.labels[i] }));
  const categories = data.categories.map((label, i) => ({
    label,
    total: series.reduce((n, s) => n + s.values[i], 0),
    done: chart.donePercents[i] ?? 0,
  }));
  const barW = 70;
  const gap = 46;
  const h = 210;
  const top = 36;
  const left = 64;
  const percent = chart.unit === 'percent';
  const { max, step } = look;
  const unit = (n: number) => (percent ? formatPercent(n) : String(n));
  const labels = categories.map((b) => labelLines(b.label, LABEL_CHARS, LABEL_LINES));
  const labelRows = Math.max(1, ...labels.map((l) => l.length));
  const plotRight = left + categories.length * (barW + gap);
  const width = plotRight + 250;
  const axisMiddle = top + h / 2;
  const parts: string[] = [
    `<text x="14" y="${axisMiddle}" transform="rotate(-90 14 ${axisMiddle})" text-anchor="middle" font-size="11">${escapeHtml(look.valueAxisTitle)}</text>`,
  ];
  for (let v = 0; v <= max; v += step) {
    const y = top + h - (h * v) / max;
    parts.push(`<line x1="${left - 5}" x2="${plotRight}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="11">${escapeHtml(unit(v))}</text>`);
  }
  categories.forEach((bar, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    let y = top + h;
    // Where the last label beside the bar was written: the next one goes above it.
    let besideY = Infinity;
    for (const s of series) {
      const n = s.values[i];
      if (n === 0) continue;
      const segment = (h * n) / max;
      y -= segment;
      parts.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${segment.toFixed(1)}" fill="${s.fill}" stroke="#fff" stroke-width="0.5"><title>${escapeHtml(
          typeset(`${bar.label} — ${s.name} : ${unit(n)}`),
        )}</title></rect>`,
      );
      if (s.places[i] === 'inside') {
        parts.push(
          `<text x="${x + barW / 2}" y="${(y + segment / 2 + 4).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="bold" fill="${s.labelColour}">${escapeHtml(unit(n))}</text>`,
        );
      } else {
        // Too thin for its number: written beside the bar, level with it (above the one before
        // when they would touch), with a short line to its segment.
        const middle = y + segment / 2;
        const at = Math.min(middle + 4, besideY - 12);
        besideY = at;
        parts.push(
          `<line x1="${x + barW}" y1="${middle.toFixed(1)}" x2="${x + barW + 5}" y2="${(at - 4).toFixed(1)}" stroke="#595959" stroke-width="0.8"/>` +
            `<text x="${x + barW + 7}" y="${at.toFixed(1)}" font-size="10" fill="${BESIDE_LABEL_COLOUR}">${escapeHtml(unit(n))}</text>`,
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
    parts.push(`<rect x="${lx}" y="${top + i * 22}" width="16" height="16" fill="${s.fill}" stroke="#666"/>`);
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

/** A CSS string: quotes and backslashes escaped, no line break, no « < » (the text sits in a <style>). */
function cssString(text: string): string {
  return `"${text
    .replace(/[\\"]/g, '\\$&')
    .replace(/[\n\r]/g, ' ')
    .replace(/</g, '\\3C ')}"`;
}

/**
 * The page's style. In print: the colours of the states and the legend as they are on screen
 * whatever the browser's « background graphics » setting (`print-color-adjust: exact`), A4
 * landscape with margins wide enough for the title and « Page N sur M » at the foot of every page
 * (@page margin boxes), each sheet from a new page, headings kept with what follows, no page
 * holding a heading alone; the annex left out unless its box is ticked.
 */
function css(title: string): string {
  return `
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:Calibri,Arial,Helvetica,sans-serif;font-size:11pt;color:#111;margin:24px}
h1{font-size:18pt;margin:0 0 4px}h2{font-size:14pt;margin:20px 0 6px;border-bottom:2px solid #2F5597;color:#2F5597}
h3{font-size:inherit;margin:10px 0 3px}
p{margin:4px 0}
table{border-collapse:collapse;margin:6px 0 12px}td,th{padding:3px 6px;vertical-align:top}
td.b,th.b{border:1px solid #808080}table.lines td{padding:2px 8px}th{background:#D9E1F2}
table.main{width:100%}
section.flow{display:flex;flex-wrap:wrap;gap:0 28px;align-items:flex-start}
section.flow>h2,section.flow>p,section.flow>.bloc.long{flex-basis:100%}.bloc{break-inside:avoid}.bloc.long{break-inside:auto}
.bloc td:first-child{max-width:52ch}.bloc table{margin-top:2px}
figure{margin:8px 0 16px}figcaption{font-size:10pt;color:#444}figcaption a{margin-left:12px}
nav{margin:6px 0 12px}nav a{margin-right:12px}
.annexe>h2.annexe-titre{border-bottom-color:#7F7F7F;color:#404040}
@page{size:A4 landscape;margin:8mm 9mm 12mm;
@bottom-left{content:${cssString(title)};font:8pt Calibri,Arial,sans-serif;color:#595959}
@bottom-right{content:"Page " counter(page) " sur " counter(pages);font:8pt Calibri,Arial,sans-serif;color:#595959}}
@media print{
body{margin:0;font-size:8pt}h1{font-size:14pt}h2{font-size:12pt;margin:0 0 4px}h3{margin:6px 0 2px}
td,th{padding:1px 3px;line-height:1.1}table{margin:3px 0 6px}table.main{font-size:7.5pt}
nav,.noprint{display:none}
section{break-before:page}section:first-of-type{break-before:auto}
.annexe{break-before:page}.annexe section{break-before:auto;margin-top:10px}
thead{display:table-header-group}tr,figure,.graphique,tbody.groupe{break-inside:avoid}
h1,h2,h3{break-after:avoid}.suite{break-before:avoid}
#avec-annexe:not(:checked)~.annexe{display:none}
}
`;
}

/** The page: its head (with the style of the looks its body uses), its body, and its end. */
function renderPage(
  layout: WorkbookLayout,
  meta: { title: string; meta?: Readonly<Record<string, string>> },
  body: TextSink & { flush(): void },
): { head: string; tail: string } {
  const looks = lookClasses();
  const main = layout.sheets.filter((s) => !s.annex);
  const annex = layout.sheets.filter((s) => s.annex);
  const section = (s: SheetLayout, i: number) => {
    // A sheet of several small tables (the Synthèse) lays them side by side where they fit; not
    // one whose main table is grouped (the bilan of a year).
    const header = s.printTitleRow !== null ? s.headerRow : null;
    const groupedMain = header !== null && s.groups.some((g) => g.top > header);
    const flow = s.tableHeaders.length > 1 && !groupedMain;
    body.push(`<section id="s${i}"${flow ? ' class="flow"' : ''}>`);
    renderSheet(s, looks, body, flow);
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
  body.flush();
  const nav = [
    ...main.map((s, i) => `<a href="#s${i}">${escapeHtml(s.name)}</a>`),
    ...(annex.length > 0 ? [`<a href="#annexe">Annexe</a>`] : []),
  ].join('');
  // The annex is for the coordinator: printed only when asked for.
  const annexBox =
    annex.length > 0
      ? `<input type="checkbox" id="avec-annexe" class="noprint"><label for="avec-annexe" class="noprint"> ${escapeHtml(
          typeset("Imprimer aussi l'annexe (contrôles, sources et rapprochements)"),
        )}</label>\n`
      : '';
  const head = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">${Object.entries(meta.meta ?? {})
    .map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`)
    .join('')}<title>${escapeHtml(meta.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${css(meta.title)}${looks.css()}
</style></head>
<body><h1>${escapeHtml(meta.title)}</h1><nav>${nav}</nav>
${annexBox}`;
  return { head, tail: '</body></html>\n' };
}

/** The page as text (the pane, tests). */
export function renderHtml(
  layout: WorkbookLayout,
  meta: { title: string; meta?: Readonly<Record<string, string>> },
): string {
  const chunks: string[] = [];
  const body = pieceSink((joined) => chunks.push(joined));
  const { head, tail } = renderPage(layout, meta, body);
  return `${head}${chunks.join('')}${tail}`;
}

/**
 * The page as the UTF-8 bytes of its file: the body encoded a few thousand pieces at a time as it
 * is rendered, instead of one string of several megabytes encoded at the end (a large bilan's
 * page is 6 MB: a copy and some 30 ms saved).
 */
export function renderHtmlBytes(
  layout: WorkbookLayout,
  meta: { title: string; meta?: Readonly<Record<string, string>> },
): Uint8Array {
  const bytes = new PartBytes();
  const body = pieceSink((joined) => bytes.write(joined));
  const { head, tail } = renderPage(layout, meta, body);
  const encoder = new TextEncoder();
  return concatBytes([encoder.encode(head), bytes.bytes(), encoder.encode(tail)]);
}

/**
 * For the page's browser test: what the page shows of a file, read from its card (the counts on
 * their badges, « % réalisé », the « Lecture », « Bilan incomplet », the checks with their cells),
 * and the same taken from `inspect --json`, to compare one with the other.
 */
import type { Locator, Page } from 'playwright-core';
import { STATUS_IDS } from '../../core/base/status';
import { formatPercent, typeset } from '../../core/base/typography';
import { describeLayout } from '../../core/read/reading-description';
import type { FileReport, SheetReport } from '../../core/report/report';

/** As much of the DOM as the scans below use: this test is compiled with Node's types, not the DOM's. */
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getClientRects(): ArrayLike<unknown>;
}

/** The page's globals the scans use. */
interface Web {
  document: {
    querySelector(selector: string): DomElement | null;
    querySelectorAll(selector: string): ArrayLike<DomElement>;
    getElementById(id: string): DomElement | null;
    activeElement: (DomElement & { blur(): void }) | null;
  };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string) => unknown;
  atob(text: string): string;
  performance: { now(): number };
  requestAnimationFrame(callback: () => void): number;
}

export interface ShownCheck {
  code: string;
  sheet: string;
  cell: string;
  message: string;
}

export interface ShownSheet {
  sheet: string;
  year: string;
  badges: Record<string, number>;
  done: string;
  lecture: string;
  incomplete: string | null;
  checks: ShownCheck[];
}

export interface ShownFile {
  sheets: ShownSheet[];
  /** Findings on sheets without a table. */
  others: ShownCheck[];
  error: { code: string; message: string } | null;
}

/** Spaces as the page and the JSON may write them (no-break, narrow no-break) made one. */
export function flat(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function card(page: Page, file: string) {
  return page.locator(`[data-testid="file-card"][data-file="${file}"]`);
}

/** Opens every group of checks of a file's card (Fluent renders a closed panel's items not at all). */
export async function openAllChecks(page: Page, file: string): Promise<void> {
  const closed = card(page, file).locator('[data-testid="diagnostics"] button[aria-expanded="false"]');
  for (let n = await closed.count(); n > 0; n = await closed.count()) await closed.first().click();
}

/**
 * Opens every group of checks of every card at once, in the page (a click per group from the test
 * costs a round trip and a render each: seconds for a few dozen files).
 */
export async function openEveryCheck(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const web = globalThis as unknown as Web;
    // Opened groups may hold closed ones: again until none is left (bounded).
    for (let pass = 0; pass < 20; pass++) {
      const closed = Array.from(
        web.document.querySelectorAll('[data-testid="diagnostics"] button[aria-expanded="false"]'),
      ) as unknown as { click(): void }[];
      if (closed.length === 0) return;
      for (const button of closed) button.click();
      await new Promise<void>((resolve) => web.requestAnimationFrame(() => resolve()));
    }
  });
}

export async function shownFile(page: Page, file: string): Promise<ShownFile> {
  await openAllChecks(page, file);
  return card(page, file).evaluate((root: DomElement) => {
    const text = (el: DomElement | null) => (el?.textContent ?? '').trim();
    const checks = (scope: DomElement) =>
      Array.from(scope.querySelectorAll('[data-code]'))
        .filter((li) => li.tagName === 'LI')
        .map((li) => ({
          code: li.getAttribute('data-code') ?? '',
          sheet: li.getAttribute('data-sheet') ?? '',
          cell: li.getAttribute('data-cell') ?? '',
          message: text(li.querySelectorAll('p')[1] ?? null),
        }));
    const sheets = Array.from(root.querySelectorAll('[data-testid="sheet"]')).map((s) => {
      const badges: Record<string, number> = {};
      for (const b of Array.from(s.querySelectorAll('[data-status]'))) {
        badges[b.getAttribute('data-status') ?? '?'] = Number(b.getAttribute('data-count'));
      }
      const incomplete = s.querySelector('[data-testid="incomplete-text"]');
      return {
        sheet: s.getAttribute('data-sheet') ?? '',
        year: s.getAttribute('data-year') ?? '',
        badges,
        done: text(s.querySelector('[data-testid="done-percent"]')),
        lecture: text(s.querySelector('[data-testid="lecture-text"]')),
        incomplete: incomplete ? text(incomplete) : null,
        checks: checks(s.querySelector('[data-testid="diagnostics"]') ?? s),
      };
    });
    const others = root.querySelector(':scope > [data-testid="diagnostics"]');
    const error = root.querySelector('[data-testid="file-error"]');
    return {
      sheets,
      others: others ? checks(others) : [],
      error: error
        ? {
            code: error.getAttribute('data-code') ?? '',
            message: text(error.querySelector('[data-testid="file-error-text"]')),
          }
        : null,
    };
  });
}

/** The badges the page shows for these counts: every state (« Réalisé » only when counted), « Sans état » when any. */
function expectedBadges(counts: SheetReport['counts']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of STATUS_IDS) if (id !== 'realise' || counts.realise > 0) out[id] = counts[id];
  if (counts.sans_etat > 0) out.sans_etat = counts.sans_etat;
  return out;
}

function checksOf(sheet: SheetReport): ShownCheck[] {
  return sheet.diagnostics.map((d) => ({ code: d.code, sheet: d.sheet, cell: d.cell ?? '', message: d.message }));
}

/** What the page must show for a file `inspect --json` reported. */
export function expectedFile(report: FileReport, readings: number): ShownFile {
  if (!report.ok || report.error) {
    const error = report.error ?? { code: '?', message: '' };
    return { sheets: [], others: [], error: { code: error.code, message: typeset(error.message) } };
  }
  return {
    sheets: report.sheets.slice(0, readings).map((s) => ({
      sheet: s.name,
      year: s.year === null ? '' : String(s.year),
      badges: expectedBadges(s.counts),
      done: `${formatPercent(s.donePercent)} réalisé`,
      lecture: describeLayout(s.layout),
      incomplete: s.incomplete ? typeset(s.incomplete.replace(/^Bilan incomplet\s*:\s*/, '')) : null,
      checks: checksOf(s),
    })),
    others: report.sheets.slice(readings).flatMap(checksOf),
    error: null,
  };
}

/** Both sides in one comparable form: spaces made one, checks in a fixed order. */
export function comparable(file: ShownFile): string {
  const checks = (list: ShownCheck[]) =>
    list
      .map((c) => ({ ...c, message: flat(c.message) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return JSON.stringify({
    sheets: file.sheets.map((s) => ({
      ...s,
      done: flat(s.done),
      lecture: flat(s.lecture),
      incomplete: s.incomplete === null ? null : flat(s.incomplete),
      checks: checks(s.checks),
    })),
    others: checks(file.others),
    error: file.error ? { code: file.error.code, message: flat(file.error.message) } : null,
  });
}

/** Drops files on the drop zone, as a drag from the file manager does. */
export async function dropFiles(page: Page, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void> {
  const data = await page.evaluateHandle(
    (list: { name: string; base64: string }[]) => {
      const web = globalThis as unknown as Web;
      const transfer = new web.DataTransfer();
      for (const f of list) {
        const raw = web.atob(f.base64);
        const bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        transfer.items.add(new web.File([bytes], f.name));
      }
      return transfer;
    },
    files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') })),
  );
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: data });
}

/** Waits until `count` files are shown and none is being read. */
export async function waitSettled(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n: number) => {
      const { document } = globalThis as unknown as Web;
      return (
        document.querySelectorAll('[data-testid="file-card"]').length === n &&
        document.querySelectorAll('[data-testid="reading"]').length === 0
      );
    },
    count,
    { timeout },
  );
}

/** Waits until a file's card says which columns it was read with, and is not being read. */
export async function waitColumnsApplied(page: Page, file: string): Promise<void> {
  await page.waitForFunction((name: string) => {
    const { document } = globalThis as unknown as Web;
    const root = document.querySelector(`[data-testid="file-card"][data-file="${name}"]`);
    return (
      root !== null &&
      root.querySelector('[data-testid="columns-applied"]') !== null &&
      root.querySelector('[data-testid="reading"]') === null
    );
  }, file);
}

/** Milliseconds from a click on the button to its panel shown (its aria-expanded changed, painted). */
export function clickDelay(button: Locator): Promise<number> {
  return button.evaluate(async (el: DomElement & { click(): void }) => {
    const web = globalThis as unknown as Web;
    const start = web.performance.now();
    const was = el.getAttribute('aria-expanded');
    el.click();
    await new Promise<void>((resolve) => {
      const done = () => (el.getAttribute('aria-expanded') !== was ? resolve() : web.requestAnimationFrame(done));
      web.requestAnimationFrame(done);
    });
    return web.performance.now() - start;
  });
}

/** Visible controls without an accessible name (no text, no label, no aria-label, no title). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as Web;
    const out: string[] = [];
    const controls = document.querySelectorAll('button, input, select, textarea, [role="combobox"], a[href]');
    for (const el of Array.from(controls)) {
      const file = el.tagName === 'INPUT' && el.getAttribute('type') === 'file';
      if (el.getClientRects().length === 0 && !file) continue;
      const labelled = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join('');
      const id = el.getAttribute('id');
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      const name = [el.getAttribute('aria-label'), labelled, label, el.textContent, el.getAttribute('title')]
        .join('')
        .trim();
      if (!name) out.push(el.outerHTML.slice(0, 160));
    }
    return out;
  });
}

/** What is focused after each of `times` presses of Tab from the top: a download's kind, or the control's text. */
export async function tabbedLabels(page: Page, times: number): Promise<string[]> {
  await page.evaluate(() => (globalThis as unknown as Web).document.activeElement?.blur());
  const out: string[] = [];
  for (let i = 0; i < times; i++) {
    await page.keyboard.press('Tab');
    out.push(
      await page.evaluate(() => {
        const el = (globalThis as unknown as Web).document.activeElement;
        return el ? (el.getAttribute('data-download') ?? el.textContent ?? '').trim() : '';
      }),
    );
  }
  return out;
}

/**
 * Run in the page by the browser test: the visible texts whose contrast with the background behind
 * them is under `minimum` (WCAG 2 ratio from the rendered colours), as « texte (ratio) ». Greyed-out
 * buttons are left out (WCAG 1.4.3 exempts « inactive user interface components »), and the
 * colours are read once the page's transitions have ended.
 * https://www.w3.org/TR/WCAG21/#contrast-minimum
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- evaluated as a string by taskpane.e2e.ts
async function contrastScan(minimum) {
  'use strict';
  // Settled colours only: a button just enabled fades from its greyed-out colours (a CSS
  // transition), and read mid-way its text has neither the old nor the new contrast.
  // A spinner's endless animation is not waited for.
  const ending = document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  function rgb(c) {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    const p = m
      ? m[1]
          .split(/[ ,/]+/)
          .filter(Boolean)
          .map(Number)
      : [0, 0, 0, 0];
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function luminance(c) {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function background(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  }
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent || '').trim();
    const el = n.parentElement;
    if (!text || !el || el.closest('[aria-hidden="true"], script, style')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
    if (el.closest('button:disabled, [aria-disabled="true"]')) continue;
    const a = luminance(rgb(style.color));
    const b = luminance(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < minimum) out.push(text.slice(0, 40) + ' (' + ratio.toFixed(2) + ')');
  }
  return out;
}

/**
 * Text colours readable on a fill, by the WCAG 2 contrast ratio (AA asks 4.5:1 for normal text).
 * Every writer (xlsx, html) and the pane take the colour of text on a status fill from here.
 * https://www.w3.org/TR/WCAG21/#contrast-minimum
 */

/** WCAG 2's relative luminance of `#RRGGBB`; null when it is not one. */
export function relativeLuminance(colour: string): number | null {
  const m = /^#([0-9A-F]{2})([0-9A-F]{2})([0-9A-F]{2})$/i.exec(colour);
  if (!m) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#RRGGBB` colours, from 1 to 21; 1 when one is not a colour. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  if (la === null || lb === null) return 1;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever contrasts more with the fill (black on #00B050: 7.3:1; white: 2.9:1). */
export function textColourOn(fill: string): string {
  let colour = TEXT_COLOUR_ON.get(fill);
  if (colour === undefined) {
    colour = contrastRatio(fill, '#000000') >= contrastRatio(fill, '#FFFFFF') ? '#000000' : '#FFFFFF';
    // A bilan has a handful of fills and one cell per action on them: each is worked out once.
    if (TEXT_COLOUR_ON.size < 1000) TEXT_COLOUR_ON.set(fill, colour);
  }
  return colour;
}

const TEXT_COLOUR_ON = new Map<string, string>();

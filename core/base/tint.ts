/**
 * Excel's tint of a colour (theme colours « plus clair / plus foncé »), computed as Excel does: used by
 * the file readers and by the add-in on what Excel returns. Pure colour arithmetic.
 */
import { hexToRgb, normalizeColour } from './status';

// ---------------------------------------------------------------------------------------------
// Tint. ECMA-376 §18.8.19 describes it in HLS: tint < 0 → L·(1+tint); tint > 0 →
// L·(1−tint) + (HLSMAX − HLSMAX·(1−tint)). The spec text says HLSMAX = 255, but Excel computes with
// the integer Windows HLS conversion (ColorRGBToHLS / ColorHLSToRGB, HLSMAX = 240) and truncates
// each product to an integer. Checked against Excel's own palettes (the « plus clair / plus foncé »
// swatches of the Office 2013–2022 and Office 2007 themes, 90 colours, see test/xlsx-colours.test.ts):
// this version gives every one exactly, whereas float HLS or HLSMAX = 255 miss 20 to 35 of 50, by up to 3.
// ---------------------------------------------------------------------------------------------

const HLSMAX = 240;
const RGBMAX = 255;
/** Hue given to greys, as in the Windows conversion. */
const UNDEFINED_HUE = (HLSMAX * 2) / 3;

interface Hls {
  h: number;
  l: number;
  s: number;
}

type Rgb = readonly [number, number, number];

/** Integer division truncated toward zero, as the C code it mirrors. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

export function rgbToHls([r, g, b]: Rgb): Hls {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = idiv((max + min) * HLSMAX + RGBMAX, 2 * RGBMAX);
  if (max === min) return { h: UNDEFINED_HUE, l, s: 0 };
  const delta = max - min;
  const s =
    l <= HLSMAX / 2
      ? idiv(delta * HLSMAX + idiv(max + min, 2), max + min)
      : idiv(delta * HLSMAX + idiv(2 * RGBMAX - max - min, 2), 2 * RGBMAX - max - min);
  const part = (c: number): number => idiv((max - c) * (HLSMAX / 6) + idiv(delta, 2), delta);
  let h: number;
  if (r === max) h = part(b) - part(g);
  else if (g === max) h = HLSMAX / 3 + part(r) - part(b);
  else h = (2 * HLSMAX) / 3 + part(g) - part(r);
  if (h < 0) h += HLSMAX;
  if (h > HLSMAX) h -= HLSMAX;
  return { h, l, s };
}

function hueToChannel(n1: number, n2: number, hue: number): number {
  let h = hue;
  if (h < 0) h += HLSMAX;
  if (h > HLSMAX) h -= HLSMAX;
  if (h < HLSMAX / 6) return n1 + idiv((n2 - n1) * h + HLSMAX / 12, HLSMAX / 6);
  if (h < HLSMAX / 2) return n2;
  if (h < (HLSMAX * 2) / 3) return n1 + idiv((n2 - n1) * ((HLSMAX * 2) / 3 - h) + HLSMAX / 12, HLSMAX / 6);
  return n1;
}

export function hlsToRgb({ h, l, s }: Hls): Rgb {
  if (s === 0) {
    const grey = idiv(l * RGBMAX + HLSMAX / 2, HLSMAX);
    return [grey, grey, grey];
  }
  const m2 = l <= HLSMAX / 2 ? idiv(l * (HLSMAX + s) + HLSMAX / 2, HLSMAX) : l + s - idiv(l * s + HLSMAX / 2, HLSMAX);
  const m1 = 2 * l - m2;
  const channel = (hue: number): number =>
    clamp(idiv(hueToChannel(m1, m2, hue) * RGBMAX + HLSMAX / 2, HLSMAX), 0, RGBMAX);
  return [channel(h + HLSMAX / 3), channel(h), channel(h - HLSMAX / 3)];
}

/** Excel's tint (−1…1) applied to `#RRGGBB`: negative darkens, positive lightens. */
export function applyTint(hex: string, tint: number): string {
  const colour = normalizeColour(hex);
  const rgb = colour ? hexToRgb(colour) : null;
  if (!colour || !rgb || !tint) return colour ?? hex;
  const hls = rgbToHls(rgb);
  // Each product is truncated to an integer, as Excel does (see the note above).
  const l =
    tint < 0
      ? Math.trunc(hls.l * (1 + tint))
      : Math.trunc(hls.l * (1 - tint)) + (HLSMAX - Math.trunc(HLSMAX * (1 - tint)));
  return rgbToHex(hlsToRgb({ ...hls, l: clamp(l, 0, HLSMAX) }));
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function rgbToHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}

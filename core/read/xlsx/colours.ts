/**
 * Resolves the colour objects exceljs reports (`{argb}`, `{theme, tint}`, `{indexed}`) to `#RRGGBB`,
 * as Excel paints them. Host-neutral: plain strings and numbers.
 */
import { hexToRgb, normalizeColour } from '../../base/status';

/** A colour as exceljs exposes it (its typings only declare `argb` and `theme`). */
export interface ExcelColour {
  argb?: string;
  theme?: number;
  tint?: number;
  indexed?: number;
}

export const THEME_SLOTS = [
  'dk1',
  'lt1',
  'dk2',
  'lt2',
  'accent1',
  'accent2',
  'accent3',
  'accent4',
  'accent5',
  'accent6',
  'hlink',
  'folHlink',
] as const;

export type ThemeSlot = (typeof THEME_SLOTS)[number];

/** The twelve colours of a workbook theme's `<a:clrScheme>`, each `#RRGGBB`. */
export type ThemeColours = Record<ThemeSlot, string>;

/** The Office 2013–2022 theme: what Excel uses when a workbook carries no theme part. */
export const DEFAULT_OFFICE_THEME: Readonly<ThemeColours> = {
  dk1: '#000000',
  lt1: '#FFFFFF',
  dk2: '#44546A',
  lt2: '#E7E6E6',
  accent1: '#4472C4',
  accent2: '#ED7D31',
  accent3: '#A5A5A5',
  accent4: '#FFC000',
  accent5: '#5B9BD5',
  accent6: '#70AD47',
  hlink: '#0563C1',
  folHlink: '#954F72',
};

/**
 * Theme index of a cell colour → slot. Excel swaps the first two pairs: 0 is lt1 (« Arrière-plan 1 »),
 * 1 is dk1 (« Texte 1 »), 2 is lt2, 3 is dk2.
 */
const THEME_INDEX_SLOTS: readonly ThemeSlot[] = [
  'lt1',
  'dk1',
  'lt2',
  'dk2',
  'accent1',
  'accent2',
  'accent3',
  'accent4',
  'accent5',
  'accent6',
  'hlink',
  'folHlink',
];

/** The legacy 64-colour palette (ECMA-376 §18.8.27), then 64 = system foreground, 65 = system background. */
// prettier-ignore
export const INDEXED_COLOURS: readonly string[] = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF', // 0-7
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF', // 8-15
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080', // 16-23
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF', // 24-31
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF', // 32-39
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99', // 40-47
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696', // 48-55
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333', // 56-63
  '000000', 'FFFFFF', // 64-65
].map((hex) => `#${hex}`);

/** `#RRGGBB` of an exceljs colour, or null when it has none we can resolve (e.g. `auto`). */
export function resolveColour(colour: ExcelColour | undefined, theme: Readonly<ThemeColours>): string | null {
  if (!colour) return null;
  const base = baseColour(colour, theme);
  if (!base) return null;
  return colour.tint ? applyTint(base, colour.tint) : base;
}

function baseColour(colour: ExcelColour, theme: Readonly<ThemeColours>): string | null {
  if (colour.argb !== undefined) return normalizeColour(colour.argb);
  if (colour.theme !== undefined) return themeColourAt(theme, colour.theme);
  if (colour.indexed !== undefined) return INDEXED_COLOURS[colour.indexed] ?? null;
  return null;
}

export function themeColourAt(theme: Readonly<ThemeColours>, index: number): string | null {
  const slot = THEME_INDEX_SLOTS[index];
  return slot ? theme[slot] : null;
}

/**
 * The colour scheme of a theme part (xl/theme/theme1.xml). Each slot takes `a:srgbClr@val` or
 * `a:sysClr@lastClr`; a slot missing or unreadable keeps its default, and no XML gives the default theme.
 */
export function parseThemeColours(themeXml: string | null | undefined): ThemeColours {
  const colours: ThemeColours = { ...DEFAULT_OFFICE_THEME };
  const scheme = themeXml
    ? /<(?:\w+:)?clrScheme\b[^>]*>([\s\S]*?)<\/(?:\w+:)?clrScheme>/.exec(themeXml)?.[1]
    : undefined;
  if (!scheme) return colours;
  for (const slot of THEME_SLOTS) {
    const body = new RegExp(`<(?:\\w+:)?${slot}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${slot}>`).exec(scheme)?.[1];
    const colour = body ? slotColour(body) : null;
    if (colour) colours[slot] = colour;
  }
  return colours;
}

function slotColour(body: string): string | null {
  const srgb = /<(?:\w+:)?srgbClr\b[^>]*\bval\s*=\s*"([0-9A-Fa-f]{6})"/.exec(body);
  if (srgb) return normalizeColour(srgb[1]);
  const sysTag = /<(?:\w+:)?sysClr\b[^>]*>/.exec(body)?.[0];
  if (!sysTag) return null;
  const last = /\blastClr\s*=\s*"([0-9A-Fa-f]{6})"/.exec(sysTag);
  if (last) return normalizeColour(last[1]);
  const val = /\bval\s*=\s*"([^"]*)"/.exec(sysTag)?.[1];
  if (val === 'windowText') return '#000000';
  if (val === 'window') return '#FFFFFF';
  return null;
}

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

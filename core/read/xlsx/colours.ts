/**
 * Resolves the colour objects exceljs reports (`{argb}`, `{theme, tint}`, `{indexed}`) to `#RRGGBB`,
 * as Excel paints them. Host-neutral: plain strings and numbers.
 */
import { normalizeColour } from '../../base/status';
import { applyTint } from '../../base/tint';

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

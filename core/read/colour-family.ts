/**
 * Colour families: what a fill says when the sheet carries no legend. Coordinators colour states
 * with the standard colours of Excel's and LibreOffice's pickers, or Excel's cell styles
 * « Satisfaisant / Neutre / Insatisfaisant », rather than with our palette. Read by hue:
 * green = réalisé (kind not said), yellow or orange = en cours, red or pink = non commencé,
 * grey = abandonné, blue = réflexion engagée. Purple, cyan, near-white and near-black say nothing.
 */
import { hexToRgb, normalizeColour, type StatusId } from '../base/status';

export interface ColourFamily {
  status: StatusId;
  /** French name of the family, for the finding that says how the sheet was read. */
  name: string;
}

const FAMILIES: Readonly<Record<string, ColourFamily>> = {
  green: { status: 'realise', name: 'vert' },
  yellow: { status: 'en_cours', name: 'jaune ou orange' },
  red: { status: 'non_commence', name: 'rouge ou rose' },
  grey: { status: 'abandonne', name: 'gris' },
  blue: { status: 'reflexion', name: 'bleu' },
};

/** Hue (0–360), saturation and lightness (0–1) of a #RRGGBB colour. */
function hsl(colour: string): { h: number; s: number; l: number } | null {
  const rgb = hexToRgb(colour);
  if (!rgb) return null;
  const [r, g, b] = rgb.map((v) => v / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return { h: (h * 60 + 360) % 360, s, l };
}

/** The family of a fill, or null when its colour says no state. */
export function colourFamily(fill: string | null | undefined): ColourFamily | null {
  const colour = normalizeColour(fill);
  if (!colour) return null;
  const c = hsl(colour);
  if (!c || c.l < 0.15 || c.l > 0.94) return null;
  if (c.s < 0.1) return c.l <= 0.88 ? FAMILIES.grey : null;
  if (c.s < 0.25) return null;
  const { h } = c;
  if (h < 18 || h >= 330) return FAMILIES.red;
  if (h < 65) return FAMILIES.yellow;
  if (h < 165) return FAMILIES.green;
  if (h >= 190 && h < 250) return FAMILIES.blue;
  return null;
}

import { DEFAULT_OFFICE_THEME, INDEXED_COLOURS, parseThemeColours, resolveColour } from '../core/read/xlsx/colours';
import { applyTint, rgbToHls } from '../core/base/tint';
import { statusFromColour, DEFAULT_PALETTE } from '../core/base/status';

/** The tints Excel's palette writes for « plus clair 80/60/40 % » and « plus foncé 25/50 % ». */
const LIGHTER_80 = 0.7999816888943144;
const LIGHTER_60 = 0.5999938962981048;
const LIGHTER_40 = 0.3999755851924192;
const DARKER_25 = -0.249977111117893;
const DARKER_50 = -0.499984740745262;
const ACCENT_TINTS = [LIGHTER_80, LIGHTER_60, LIGHTER_40, DARKER_25, DARKER_50];
/** White's column (« Blanc, Arrière-plan 1 ») darkens by 5, 15, 25, 35, 50 %. */
const WHITE_TINTS = [-0.0499893185216834, -0.1499984740745262, DARKER_25, -0.3499862666707358, DARKER_50];
/** Black's column (« Noir, Texte 1 ») lightens by 50, 35, 25, 15, 5 %. */
const BLACK_TINTS = [0.499984740745262, 0.3499862666707358, 0.249977111117893, 0.1499984740745262, 0.0499893185216834];
/** The light background 2 column darkens by 10, 25, 50, 75, 90 %. */
const LT2_TINTS = [-0.0999786370433668, DARKER_25, DARKER_50, -0.749992370372631, -0.8999908444471572];

/** The swatches of Excel's colour palette, as Excel shows their RGB (Office 2013–2022 theme, then Office 2007). */
const EXCEL_SWATCHES: ReadonlyArray<readonly [string, readonly number[], readonly string[]]> = [
  ['#FFFFFF', WHITE_TINTS, ['#F2F2F2', '#D9D9D9', '#BFBFBF', '#A6A6A6', '#808080']],
  ['#000000', BLACK_TINTS, ['#808080', '#595959', '#404040', '#262626', '#0D0D0D']],
  ['#E7E6E6', LT2_TINTS, ['#D0CECE', '#AEAAAA', '#757171', '#3A3838', '#161616']],
  ['#44546A', ACCENT_TINTS, ['#D6DCE4', '#ACB9CA', '#8497B0', '#333F4F', '#222B35']],
  ['#4472C4', ACCENT_TINTS, ['#D9E1F2', '#B4C6E7', '#8EA9DB', '#305496', '#203764']],
  ['#ED7D31', ACCENT_TINTS, ['#FCE4D6', '#F8CBAD', '#F4B084', '#C65911', '#833C0C']],
  ['#A5A5A5', ACCENT_TINTS, ['#EDEDED', '#DBDBDB', '#C9C9C9', '#7B7B7B', '#525252']],
  ['#FFC000', ACCENT_TINTS, ['#FFF2CC', '#FFE699', '#FFD966', '#BF8F00', '#806000']],
  ['#5B9BD5', ACCENT_TINTS, ['#DDEBF7', '#BDD7EE', '#9BC2E6', '#2F75B5', '#1F4E78']],
  ['#70AD47', ACCENT_TINTS, ['#E2EFDA', '#C6E0B4', '#A9D08E', '#548235', '#375623']],
  // Office 2007 theme (the one exceljs writes into the files it creates).
  ['#EEECE1', LT2_TINTS, ['#DDD9C4', '#C4BD97', '#948A54', '#494529', '#1D1B10']],
  ['#1F497D', ACCENT_TINTS, ['#C5D9F1', '#8DB4E2', '#538DD5', '#16365C', '#0F243E']],
  ['#4F81BD', ACCENT_TINTS, ['#DCE6F1', '#B8CCE4', '#95B3D7', '#366092', '#244062']],
  ['#C0504D', ACCENT_TINTS, ['#F2DCDB', '#E6B8B7', '#DA9694', '#963634', '#632523']],
  ['#9BBB59', ACCENT_TINTS, ['#EBF1DE', '#D8E4BC', '#C4D79B', '#76933C', '#4F6228']],
  ['#8064A2', ACCENT_TINTS, ['#E4DFEC', '#CCC0DA', '#B1A0C7', '#60497A', '#403151']],
  ['#4BACC6', ACCENT_TINTS, ['#DAEEF3', '#B7DEE8', '#92CDDC', '#31869B', '#215967']],
  ['#F79646', ACCENT_TINTS, ['#FDE9D9', '#FCD5B4', '#FABF8F', '#E26B0A', '#974706']],
];

describe('applyTint', () => {
  it('reproduces every swatch of Excel’s palette exactly', () => {
    const wrong: string[] = [];
    for (const [base, tints, expected] of EXCEL_SWATCHES) {
      tints.forEach((tint, i) => {
        const got = applyTint(base, tint);
        if (got !== expected[i]) wrong.push(`${base} ${tint}: ${got} au lieu de ${expected[i]}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('computes accent 6 lighter 40 % step by step as Excel does (HLS on 0…240, products truncated)', () => {
    // #70AD47 = (112, 173, 71). L = ((173 + 71)·240 + 255) / 510 = 115; S = (102·240 + 122) / 244 = 100;
    // green is the max, so H = 80 + ((61·40 + 51) / 102 = 24) − ((102·40 + 51) / 102 = 40) = 64.
    expect(rgbToHls([112, 173, 71])).toEqual({ h: 64, l: 115, s: 100 });
    // L' = trunc(115 × 0.60002) + (240 − trunc(240 × 0.60002)) = 69 + 96 = 165; back to RGB:
    // m2 = 165 + 100 − (165·100 + 120) / 240 = 196, m1 = 2·165 − 196 = 134;
    // R (hue 144) = 134 + (62·16 + 20) / 40 = 159 → (159·255 + 120) / 240 = 169 = A9;
    // G (hue 64) = m2 = 196 → 208 = D0; B (hue 224) = m1 = 134 → 142 = 8E.
    expect(applyTint('#70AD47', LIGHTER_40)).toBe('#A9D08E');
  });

  it('leaves the colour alone for a zero tint and accepts ARGB input', () => {
    expect(applyTint('#ED7D31', 0)).toBe('#ED7D31');
    expect(applyTint('FF70AD47', LIGHTER_60)).toBe('#C6E0B4');
  });

  it('gives colours the status palette recognises', () => {
    expect(statusFromColour(applyTint('#70AD47', LIGHTER_60), DEFAULT_PALETTE)).toBe('realise');
    expect(statusFromColour(applyTint('#5B9BD5', LIGHTER_40), DEFAULT_PALETTE)).toBe('reflexion');
  });
});

describe('resolveColour', () => {
  it('reads ARGB colours', () => {
    expect(resolveColour({ argb: 'FF00B050' }, DEFAULT_OFFICE_THEME)).toBe('#00B050');
    expect(resolveColour({ argb: 'ff92d050' }, DEFAULT_OFFICE_THEME)).toBe('#92D050');
  });

  it('maps theme indices as Excel does (0 lt1, 1 dk1, 2 lt2, 3 dk2, then accents and links)', () => {
    const expected = [
      '#FFFFFF',
      '#000000',
      '#E7E6E6',
      '#44546A',
      '#4472C4',
      '#ED7D31',
      '#A5A5A5',
      '#FFC000',
      '#5B9BD5',
      '#70AD47',
      '#0563C1',
      '#954F72',
    ];
    expect(expected.map((_, i) => resolveColour({ theme: i }, DEFAULT_OFFICE_THEME))).toEqual(expected);
    expect(resolveColour({ theme: 12 }, DEFAULT_OFFICE_THEME)).toBeNull();
  });

  it('applies the tint of a theme colour', () => {
    expect(resolveColour({ theme: 9, tint: LIGHTER_40 }, DEFAULT_OFFICE_THEME)).toBe('#A9D08E');
    expect(resolveColour({ theme: 5 }, DEFAULT_OFFICE_THEME)).toBe('#ED7D31');
    expect(resolveColour({ theme: 0, tint: -0.1499984740745262 }, DEFAULT_OFFICE_THEME)).toBe('#D9D9D9');
  });

  it('reads the legacy indexed palette', () => {
    expect(INDEXED_COLOURS).toHaveLength(66);
    expect(resolveColour({ indexed: 10 }, DEFAULT_OFFICE_THEME)).toBe('#FF0000');
    expect(resolveColour({ indexed: 17 }, DEFAULT_OFFICE_THEME)).toBe('#008000');
    expect(resolveColour({ indexed: 22 }, DEFAULT_OFFICE_THEME)).toBe('#C0C0C0');
    expect(resolveColour({ indexed: 45 }, DEFAULT_OFFICE_THEME)).toBe('#FF99CC');
    expect(resolveColour({ indexed: 64 }, DEFAULT_OFFICE_THEME)).toBe('#000000');
    expect(resolveColour({ indexed: 65 }, DEFAULT_OFFICE_THEME)).toBe('#FFFFFF');
    expect(resolveColour({ indexed: 80 }, DEFAULT_OFFICE_THEME)).toBeNull();
  });

  it('returns null when there is no colour (auto)', () => {
    expect(resolveColour(undefined, DEFAULT_OFFICE_THEME)).toBeNull();
    expect(resolveColour({}, DEFAULT_OFFICE_THEME)).toBeNull();
  });
});

describe('parseThemeColours', () => {
  const THEME = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Perso">
  <a:themeElements><a:clrScheme name="Perso">
    <a:dk1><a:sysClr val="windowText" lastClr="111111"/></a:dk1>
    <a:lt1><a:sysClr val="window"/></a:lt1>
    <a:dk2><a:srgbClr val="222222"/></a:dk2>
    <a:lt2><a:srgbClr val="eeeeee"/></a:lt2>
    <a:accent1><a:srgbClr val="123456"/></a:accent1>
    <a:accent2><a:srgbClr val="ABCDEF"/></a:accent2>
    <a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>
    <a:accent4><a:srgbClr val="FFC000"/></a:accent4>
    <a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>
    <a:hlink><a:srgbClr val="0563C1"/></a:hlink>
    <a:folHlink><a:srgbClr val="954F72"/></a:folHlink>
  </a:clrScheme></a:themeElements>
</a:theme>`;

  it('reads srgbClr and sysClr slots, keeping defaults for missing ones', () => {
    const theme = parseThemeColours(THEME);
    expect(theme.dk1).toBe('#111111');
    expect(theme.lt1).toBe('#FFFFFF');
    expect(theme.lt2).toBe('#EEEEEE');
    expect(theme.accent1).toBe('#123456');
    expect(theme.accent2).toBe('#ABCDEF');
    expect(theme.accent6).toBe(DEFAULT_OFFICE_THEME.accent6);
    expect(resolveColour({ theme: 1 }, theme)).toBe('#111111');
    expect(resolveColour({ theme: 4 }, theme)).toBe('#123456');
  });

  it('falls back to the Office 2013–2022 theme', () => {
    expect(parseThemeColours(null)).toEqual(DEFAULT_OFFICE_THEME);
    expect(parseThemeColours('<pas de thème/>')).toEqual(DEFAULT_OFFICE_THEME);
  });
});

/**
 * The string literals a formula quotes (`NB.SI(E:E;"fait")`, `SI(E2="Réalisé";1;0)`), and whether
 * a cell text answers such a literal the way Excel compares it: case-insensitively, and as a
 * criterion (`"<>fait"`, `"fait*"`, `"?ait"`, `~` escaping a wildcard). Used before a label is
 * rewritten, so that a formula counting the old word keeps its total. Host-neutral: the add-in
 * can give it the formulas it reads through office.js.
 */

/**
 * The string literals of a formula's text, in order, with `""` read as one quote. Quotes inside a
 * quoted sheet name (`'Suivi "2023"'!A1`) or a structured reference (`Table1[[#Cette ligne];[État]]`)
 * are not literals.
 */
export function formulaStringLiterals(formula: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      let text = '';
      i++;
      while (i < n) {
        if (formula[i] === '"') {
          if (formula[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          break;
        }
        text += formula[i];
        i++;
      }
      out.push(text);
      i++;
    } else if (ch === "'") {
      // A quoted sheet or workbook name; '' is a quote inside it.
      i++;
      while (i < n) {
        if (formula[i] === "'") {
          if (formula[i + 1] === "'") {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
    } else if (ch === '[') {
      // A structured reference (or an external workbook index): brackets nest, ' escapes a character.
      let depth = 0;
      while (i < n) {
        const c = formula[i];
        if (c === "'") i++;
        else if (c === '[') depth++;
        else if (c === ']') {
          depth--;
          if (depth === 0) break;
        }
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  return out;
}

/** Excel's comparison operators at the head of a criterion (`"<>fait"`), longest first. */
const OPERATORS = ['<>', '>=', '<=', '=', '<', '>'] as const;

/** Lower case as Excel compares texts: case-insensitive, accent-sensitive. */
function fold(text: string): string {
  return text.toLocaleLowerCase('fr-FR');
}

/** True when the literal contains an unescaped wildcard (`*`, `?`). */
function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '~') i++;
    else if (pattern[i] === '*' || pattern[i] === '?') return true;
  }
  return false;
}

/** The criterion's pattern as a regular expression over the folded text (`~*` a star, `*` any run). */
function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '~' && i + 1 < pattern.length && '*?~'.includes(pattern[i + 1])) {
      source += `\\${pattern[i + 1]}`;
      i++;
    } else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/**
 * True when `text` answers the literal taken as Excel takes it in a condition or a criterion:
 * equal once case is set aside, or matched by its wildcards, after a leading comparison operator
 * (`=`, `<>`, …) is set aside. Spaces around the cell text are ignored, to err on keeping a label.
 */
export function literalMatches(literal: string, text: string): boolean {
  let pattern = literal;
  for (const op of OPERATORS) {
    if (pattern.startsWith(op)) {
      pattern = pattern.slice(op.length);
      break;
    }
  }
  const value = fold(text.trim());
  const folded = fold(pattern.trim());
  if (folded === '' && value !== '') return false;
  if (!hasWildcard(folded)) return folded.replace(/~([*?~])/g, '$1') === value;
  return patternRegExp(folded).test(value);
}

/**
 * True when the literal quotes the old word and would stop answering once it is rewritten: a
 * formula counting « fait » (`NB.SI(…;"fait")`, `"<>fait"`, `"fait*"`) would change its result when
 * « fait » becomes « Réalisé ». A literal that answers both words (`"*"`) or the new one only (a
 * formula counting « Réalisé », which the rewrite is meant to complete) is not concerned.
 */
export function quotesOldWord(literal: string, before: string, after: string): boolean {
  return literalMatches(literal, before) && !literalMatches(literal, after);
}

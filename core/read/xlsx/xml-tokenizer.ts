/**
 * Our own streaming XML tokenizer, for the parts of a workbook (sheets, shared strings, styles,
 * an .ods's content): text handed in pieces as it is inflated, events out (open tag with its local
 * name and attributes as written, close tag, text), and a thrown XmlSyntaxError at the first thing
 * that is not well-formed XML.
 *
 * It replaces saxes, which read character by character through a state table (almost half of the
 * reading time of a large workbook); this one finds each token with `indexOf`, checks the common
 * start tag with one regular expression, slices, and looks at single characters only inside tags
 * or where something is unusual. It keeps what saxes guaranteed and what telling a
 * user that a file is damaged relies on:
 * - well-formedness: tags closed in order, one root, no text or CDATA outside it, attribute values
 *   quoted and without `<`, no duplicate attribute, names made of XML name characters, `--` only
 *   at the end of a comment, `]]>` never in text, the XML declaration only at the very start, a
 *   DOCTYPE only before the root, characters XML allows (no control characters, no lone
 *   surrogate) — saxes let a high surrogate swallow the character after it, this refuses it;
 * - only the five predefined entities and numeric references (to characters XML allows) are
 *   decoded: a DTD is skipped, never read, so an entity it declares is an undefined entity, an
 *   error, and entity tricks (billion laughs) fail instead of growing;
 * - line ends normalised (`\r\n` and `\r` read as `\n`), and white space in attribute values read
 *   as spaces (XML 1.0 §2.11, §3.3.3), as saxes did;
 * - the same events: one text event per run of character data between two pieces of markup
 *   (entities decoded inside it), one per CDATA section (even an empty one); comments, processing
 *   instructions and the DOCTYPE give none. White space outside the root is not handed on (saxes
 *   gave it; no reader looks at it).
 *
 * Linear in the size of the part whatever its content: text, a CDATA section, a comment or a
 * DOCTYPE are scanned once as they stream; an unfinished tag is carried to the next piece (a tail
 * of a few thousand characters is rescanned, a longer one is kept in parts until its end arrives).
 * XML 1.1 documents are read with XML 1.0's rules. Host-neutral.
 */
export interface XmlEvents {
  /**
   * An element's start: its local name (prefix left out) and its attributes as written, read from
   * the object during the call only (it is the next tag's after it).
   */
  open(name: string, attributes: Attributes): void;
  /** An element's end (right after its start for `<x/>`). */
  close(name: string): void;
  /** Character data or a CDATA section, entities decoded. */
  text(text: string): void;
}

/** A name without its prefix: `x:row` → `row`, `table:table-cell` → `table-cell`. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** The part is not well-formed XML: what was wrong, in saxes's words where it had some. */
export class XmlSyntaxError extends Error {}

// Character codes.
const TAB = 9;
const NL = 10;
const SPACE = 32;
const BANG = 33;
const QUOT = 34;
const APOS = 39;
const MINUS = 45;
const SLASH = 47;
const LESS = 60;
const EQUAL = 61;
const GREATER = 62;
const QUESTION = 63;
const BRACKET = 91;

/** Where the tokenizer is: in character data, or inside a construct that may span pieces. */
const enum State {
  Text,
  Comment,
  CData,
  /** A tag or processing instruction longer than CARRY_MAX, gathered until its end arrives. */
  Long,
  Doctype,
}

/** A DOCTYPE's own places: its declaration, a quoted literal, its internal subset and what is in it. */
const enum Dtd {
  Main,
  Quoted,
  Subset,
  SubsetQuoted,
  SubsetComment,
  SubsetPi,
  SubsetPiEnding,
}

const enum LongKind {
  Open,
  Close,
  Pi,
}

const EVENT_OPEN = 0;
const EVENT_CLOSE = 1;
const EVENT_TEXT = 2;

/** An unfinished token up to this long is rescanned from its start with the next piece (bounded work). */
const CARRY_MAX = 4096;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Characters XML 1.0 does not allow, and surrogates (allowed only in pairs, checked one by one). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const SUSPECT_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/g;
const NOT_SPACE = /[^ \t\n]/;
const TAG_STOP = /["'>]/g;
const DTD_MAIN_STOP = /["'[>]/g;
const DTD_SUBSET_STOP = /["'<\]]/g;
const XML_DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*("1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*("[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*("(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>$/;

/**
 * The common start tag, read by one regular expression: ASCII names, values without `<`, `&`, tab
 * or line end. The engine compiles it to machine code at once, so it is fast even before the
 * JavaScript around it is optimised, and a workbook is read once, mostly before that. Any other
 * tag, or one cut by the end of the piece, goes through openTag's general reading.
 */
const SIMPLE_TAG =
  /<[A-Za-z_:][-\w.:]*(?:[ \t\n]+[A-Za-z_:][-\w.:]*[ \t\n]*=[ \t\n]*(?:"[^"<&\t\n]*"|'[^'<&\t\n]*'))*[ \t\n]*\/?>/y;

/** ASCII name characters: 1 may start a name, 2 may only follow (XML 1.0 fifth edition, §2.3). */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}

/** A non-ASCII name start character (a surrogate pair is checked by the caller). */
function isNameStartCode(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameCode(c: number): boolean {
  return isNameStartCode(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === NL || c === TAB;
}

/** A character reference's code point may be written in XML 1.0 (§2.2). */
function isXmlChar(n: number): boolean {
  return (
    n === TAB ||
    n === NL ||
    n === 13 ||
    (n >= 0x20 && n <= 0xd7ff) ||
    (n >= 0xe000 && n <= 0xfffd) ||
    (n >= 0x10000 && n <= 0x10ffff)
  );
}

function fail(message: string): never {
  throw new XmlSyntaxError(message);
}

/**
 * Where the name starting at `i` ends (the first character that is not a name character, or the
 * end of `s`); fails when `s[i]` cannot start a name.
 */
function nameEnd(s: string, i: number, what: string): number {
  const len = s.length;
  if (i >= len) return len;
  let c = s.charCodeAt(i);
  if (c < 128 ? ASCII_NAME[c] !== 1 : !(isNameStartCode(c) || isAstralName(s, i, c))) {
    fail(`disallowed character in ${what}.`);
  }
  for (;;) {
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    if (i >= len) return len;
    c = s.charCodeAt(i);
    if (c < 128) {
      if (ASCII_NAME[c] === 0) return i;
    } else if (!(isNameCode(c) || isAstralName(s, i, c))) return i;
  }
}

/** A surrogate pair naming a character of [#x10000-#xEFFFF], a name character (an unpaired one was refused earlier). */
function isAstralName(s: string, i: number, c: number): boolean {
  return c >= 0xd800 && c <= 0xdb7f && i + 1 < s.length;
}

/** Text with the predefined entities and character references decoded; fails on any other reference. */
function decodeReferences(raw: string, first: number): string {
  let out = '';
  let from = 0;
  for (let amp = first; amp >= 0; amp = raw.indexOf('&', from)) {
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0) fail('unterminated entity reference.');
    out += raw.slice(from, amp) + referenceText(raw.slice(amp + 1, semicolon));
    from = semicolon + 1;
  }
  return out + raw.slice(from);
}

/** The text of `&entity;`, as saxes read it (`&#X41;` with a capital X is refused). */
function referenceText(entity: string): string {
  // The five predefined entities by a switch: no lookup of a freshly sliced name in a table.
  switch (entity) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (entity.charCodeAt(0) !== 35 /* # */) {
    const text = ENTITIES[entity];
    if (text === undefined || !Object.hasOwn(ENTITIES, entity))
      fail(entity ? 'undefined entity.' : 'empty entity name.');
    return text;
  }
  let n = NaN;
  if (entity.charCodeAt(1) === 120 /* x */ && /^#x[0-9a-f]+$/i.test(entity)) n = parseInt(entity.slice(2), 16);
  else if (/^#[0-9]+$/.test(entity)) n = parseInt(entity.slice(1), 10);
  if (!isXmlChar(n)) fail('malformed character entity.');
  return String.fromCodePoint(n);
}

/** An attribute value as XML reads it: tabs and line ends as spaces, then references decoded. */
function attributeValue(raw: string): string {
  let value = raw;
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c > LESS) continue;
    if (c === LESS) fail('disallowed character.');
    if (c === TAB || c === NL) {
      value = raw.replace(/[\t\n]/g, ' ');
      if (value.indexOf('<') >= 0) fail('disallowed character.');
      break;
    }
  }
  const amp = value.indexOf('&');
  return amp < 0 ? value : decodeReferences(value, amp);
}

/**
 * Reads the attributes of a tag SIMPLE_TAG matched, from `from` (just after its name) to `to` (its
 * `>` or `/>`): `name="value"`, white space around `=` allowed. Writes in `spans` from `at` their
 * count, then for each where its name begins and ends and where its value's quotes are (names and
 * values are sliced from the document only when a handler asks); returns where it stopped writing.
 * Fails when a name is given twice.
 */
function simpleAttributes(s: string, from: number, to: number, spans: number[], at: number): number {
  const first = at + 1;
  let n = first;
  // The count first: the array is written in order, never with a hole (which would slow it down).
  spans[at] = 0;
  for (let k = from; ;) {
    const eq = s.indexOf('=', k);
    if (eq < 0 || eq >= to) break;
    let start = k;
    let c = s.charCodeAt(start);
    while (c === SPACE || c === NL || c === TAB) c = s.charCodeAt(++start);
    let end = eq;
    c = s.charCodeAt(end - 1);
    while (c === SPACE || c === NL || c === TAB) c = s.charCodeAt(--end - 1);
    let q = eq + 1;
    let quote = s.charCodeAt(q);
    while (quote !== QUOT && quote !== APOS) quote = s.charCodeAt(++q);
    const close = s.indexOf(quote === QUOT ? '"' : "'", q + 1);
    for (let m = first; m < n; m += 4) {
      if (spans[m + 1] - spans[m] === end - start && s.startsWith(s.slice(start, end), spans[m])) {
        fail(`duplicate attribute: ${s.slice(start, end)}.`);
      }
    }
    spans[n] = start;
    spans[n + 1] = end;
    spans[n + 2] = q;
    spans[n + 3] = close;
    n += 4;
    k = close + 1;
  }
  spans[at] = (n - first) / 4;
  return n;
}

/**
 * A start tag's attributes, by their name as written (`r:id`, `table:name`), values decoded.
 *
 * Read from the tag's own text when a handler asks for one: the handlers of a sheet look at two or
 * three attributes of each of its hundred thousand cells, and an object of them all built per tag
 * cost more (allocation, then garbage collection) than reading the few asked for. The tokenizer
 * hands the same object for every tag: it holds a tag's attributes during its `open` call only;
 * `record()` copies them for a handler that keeps them.
 */
export class Attributes {
  /** The text of a tag SIMPLE_TAG matched, and where its attributes are in it (see simpleAttributes). */
  private tag = '';
  private spans: readonly number[] = [];
  private at = 0;
  /** Names and values in turn, values decoded: a tag read by the general path. Null for a simple one. */
  private pairs: readonly string[] | null = null;

  /** @internal The tokenizer points the object at the next tag's attributes. */
  point(tag: string, spans: readonly number[], at: number, pairs: readonly string[] | null): void {
    this.tag = tag;
    this.spans = spans;
    this.at = at;
    this.pairs = pairs;
  }

  /** The value of the attribute named so (prefix included), or undefined. */
  get(name: string): string | undefined {
    const { pairs, spans, at } = this;
    if (pairs !== null) {
      for (let n = 0; n < pairs.length; n += 2) if (pairs[n] === name) return pairs[n + 1];
      return undefined;
    }
    const end = at + 1 + 4 * spans[at];
    for (let n = at + 1; n < end; n += 4) {
      if (spans[n + 1] - spans[n] === name.length && this.tag.startsWith(name, spans[n])) {
        return this.tag.slice(spans[n + 2] + 1, spans[n + 3]);
      }
    }
    return undefined;
  }

  /** The attributes in the order written. */
  entries(): [string, string][] {
    const out: [string, string][] = [];
    const { pairs, spans, at, tag } = this;
    if (pairs !== null) {
      for (let n = 0; n < pairs.length; n += 2) out.push([pairs[n], pairs[n + 1]]);
      return out;
    }
    const end = at + 1 + 4 * spans[at];
    for (let n = at + 1; n < end; n += 4) {
      out.push([tag.slice(spans[n], spans[n + 1]), tag.slice(spans[n + 2] + 1, spans[n + 3])]);
    }
    return out;
  }

  /** A copy, as an object by name. */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.entries()) {
      // A plain object is much faster to build and read than a prototype-less one; `__proto__` is
      // the one name that cannot be set by assignment on it.
      if (name === '__proto__') {
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      } else out[name] = value;
    }
    return out;
  }
}

/** Adds an attribute read by the general path to `pairs`; fails when its name was given already. */
function addPair(pairs: string[], name: string, value: string): void {
  for (let n = 0; n < pairs.length; n += 2) if (pairs[n] === name) fail(`duplicate attribute: ${name}.`);
  pairs.push(name, value);
}

function dispatchEvents(
  kinds: readonly number[],
  count: number,
  items: readonly (string | readonly string[])[],
  spans: readonly number[],
  events: XmlEvents,
): void {
  const attributes = new Attributes();
  let j = 0;
  let a = 0;
  for (let k = 0; k < count; k++) {
    const kind = kinds[k];
    if (kind === EVENT_OPEN) {
      const held = items[j + 1];
      if (typeof held === 'string') {
        attributes.point(held, spans, a, null);
        a += 1 + 4 * spans[a];
      } else attributes.point('', spans, 0, held);
      events.open(items[j] as string, attributes);
      j += 2;
    } else if (kind === EVENT_CLOSE) events.close(items[j++] as string);
    else events.text(items[j++] as string);
  }
}

/** An empty array of strings (or objects). */
const STRINGS: string[] = [''];
STRINGS.pop();

/**
 * An empty array made to hold strings from the start: the engine's code optimised for one part's
 * arrays then fits the next part's, instead of being thrown away when a new `[]` (made for small
 * integers) first takes a string.
 */
function stringArray<T extends string | readonly string[]>(): T[] {
  return STRINGS.slice() as T[];
}

/**
 * The tokenizer itself: `write` each piece of the part's text in order, then `close`. The events
 * of a piece are handed to the handlers once the piece is read (those before a fault included).
 */
export class XmlTokenizer {
  private state = State.Text;
  /** The end of the previous piece held back: a `\r` (maybe half of `\r\n`) or a high surrogate. */
  private held = '';
  /** An unfinished token (shorter than CARRY_MAX) read again at the start of the next piece. */
  private carry = '';
  /** Character data not yet handed out (it ends at the next markup). */
  private textParts: string[] = stringArray();
  /** Names of the open elements as written, and their local names. */
  private readonly names: string[] = stringArray();
  private readonly locals: string[] = stringArray();
  private sawRoot = false;
  private closedRoot = false;
  private sawDoctype = false;
  /** The document's first character was seen (a byte-order mark is dropped there only). */
  private sawFirst = false;
  /** Nothing has been read yet: the XML declaration is still possible. */
  private atStart = true;
  /** A CDATA section's text so far. */
  private cdata: string[] = stringArray();
  /** A long tag or processing instruction so far, what it is, and the quote it is inside of (0 when none). */
  private long: string[] = stringArray();
  private longKind = LongKind.Open;
  private longQuote = 0;
  private dtd = Dtd.Main;
  private dtdQuote = '';

  /**
   * The events of the piece being read, handed out when it is done (dispatch): what each is
   * (EVENT_*) and its strings and attributes in order. Kept apart, the tokenizer's code never calls
   * the readers' handlers, which differ from part to part: the engine would otherwise fold them
   * into the tokenizer's optimised code and throw all of it away at each new part.
   */
  private readonly kinds: number[] = [];
  /**
   * Events in `kinds` and strings in `items` so far: both are written over from their start for
   * each piece, never emptied, so that they are not grown again, piece after piece (the strings
   * are let go of once handed out).
   */
  private eventCount = 0;
  private itemCount = 0;
  private readonly items: (string | readonly string[])[] = stringArray();
  /**
   * Where the attributes of each start tag SIMPLE_TAG matched are in its text (see
   * simpleAttributes), up to spanCount: the array is written over from its start for each piece,
   * never emptied, so that it is not grown again, piece after piece.
   */
  private readonly spans: number[] = [];
  private spanCount = 0;

  constructor(private readonly events: XmlEvents) {}

  write(piece: string): void {
    let s = this.held ? this.held + piece : piece;
    this.held = '';
    const last = s.charCodeAt(s.length - 1);
    // A `\r` may be the first half of `\r\n`, a high surrogate the first half of a pair.
    if (last === 13 || (last >= 0xd800 && last <= 0xdbff)) {
      this.held = s.slice(-1);
      s = s.slice(0, -1);
    }
    try {
      this.feed(s, false);
    } finally {
      // Even when the piece is not well-formed: the events before the fault come first, as a
      // limit a reader hits there is the first thing wrong.
      this.dispatch();
    }
  }

  close(): void {
    const s = this.held;
    this.held = '';
    try {
      this.feed(s, true);
    } finally {
      this.dispatch();
    }
    if (this.state !== State.Text) fail('unexpected end.');
    if (this.carry) fail('unexpected end.');
    this.flushOutside();
    if (!this.sawRoot) fail('document must contain a root element.');
    if (this.names.length > 0) fail(`unclosed tag: ${this.names[this.names.length - 1]}`);
  }

  /** Hands the piece's events to the handlers, in order. */
  private dispatch(): void {
    if (this.eventCount === 0) return;
    try {
      dispatchEvents(this.kinds, this.eventCount, this.items, this.spans, this.events);
    } finally {
      // The strings let go of (a text sliced from the piece would keep all of it), the room kept.
      this.items.fill('', 0, this.itemCount);
      this.eventCount = 0;
      this.itemCount = 0;
      this.spanCount = 0;
    }
  }

  private feed(piece: string, final: boolean): void {
    let s = piece;
    if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
    checkCharacters(s);
    if (this.carry) {
      s = this.carry + s;
      this.carry = '';
    }
    if (this.atStart && s.length > 0) {
      // A byte-order mark read as a character (the decoder drops the one it recognises): only
      // the document's first character, as saxes (a second one is text outside the root).
      if (!this.sawFirst && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.sawFirst = true;
      // Enough of the start to tell the XML declaration.
      if (s.length < 6 && !final) {
        this.carry = s;
        return;
      }
    }
    this.tokens(s, final);
  }

  /**
   * Reads the tokens of `s`; what is unfinished at its end is carried or gathered for the next
   * piece. The common tokens are read by `common`, a loop that hands anything else back here, one
   * token at a time: a workbook is read once, mostly before the engine has optimised this code,
   * and a small hot loop that never runs into a rare case is optimised sooner, and not thrown away
   * (then recompiled) each time a rare case first shows up.
   */
  private tokens(s: string, final: boolean): void {
    const len = s.length;
    let pos = 0;
    while (pos < len) {
      if (this.state !== State.Text) {
        pos = this.inConstruct(s, pos, final);
        continue;
      }
      if (this.textParts.length === 0) pos = this.common(s, pos);
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        this.pushText(s.slice(pos));
        return;
      }
      if (lt > pos || this.textParts.length > 0) this.flushText(s, pos, lt);
      const c = lt + 1 < len ? s.charCodeAt(lt + 1) : 0;
      const next =
        c === SLASH
          ? this.closeTag(s, lt)
          : c === BANG || c === QUESTION || c === 0
            ? this.markup(s, lt, final)
            : this.openTag(s, lt);
      if (next < 0) {
        this.unfinished(s, lt, final);
        return;
      }
      pos = next;
    }
  }

  /**
   * Reads the common tokens from `pos`, inside the root: text (`]]>` aside), start tags
   * SIMPLE_TAG matches, end tags written `</name>`. Returns where it met anything else (or the end
   * of the piece inside text), for `tokens` to read.
   */
  private common(s: string, from: number): number {
    const len = s.length;
    const { names, locals, kinds, items } = this;
    // Events written in place (see eventCount).
    let pos = from;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0 || lt + 1 >= len || names.length === 0) return pos;
      if (lt > pos) {
        const raw = s.slice(pos, lt);
        if (raw.indexOf(']]>') >= 0) return pos;
        const amp = raw.indexOf('&');
        kinds[this.eventCount++] = EVENT_TEXT;
        items[this.itemCount++] = amp < 0 ? raw : decodeReferences(raw, amp);
      }
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        // The end of an element inside the root's (the root's own end is read by `tokens`).
        const depth = names.length;
        if (depth < 2) return lt;
        const name = names[depth - 1];
        const gt = lt + 2 + name.length;
        if (gt >= len || s.charCodeAt(gt) !== GREATER || !s.startsWith(name, lt + 2)) return lt;
        names.pop();
        kinds[this.eventCount++] = EVENT_CLOSE;
        items[this.itemCount++] = locals.pop() ?? '';
        pos = gt + 1;
        continue;
      }
      if (c === BANG || c === QUESTION) return lt;
      // `<v>`, `<t>`, `<si>`: a name of one or two ASCII letters and no attribute, half the start
      // tags of a sheet; what SIMPLE_TAG would match, told without running it.
      const c2 = s.charCodeAt(lt + 2);
      if (c < 128 && ASCII_NAME[c] === 1) {
        if (c2 === GREATER) {
          pos = this.simpleTag(s, lt, lt + 3);
          continue;
        }
        if (c2 < 128 && ASCII_NAME[c2] !== 0 && s.charCodeAt(lt + 3) === GREATER) {
          pos = this.simpleTag(s, lt, lt + 4);
          continue;
        }
      }
      SIMPLE_TAG.lastIndex = lt;
      if (!SIMPLE_TAG.test(s)) return lt;
      pos = this.simpleTag(s, lt, SIMPLE_TAG.lastIndex);
    }
  }

  /** Inside a comment, a CDATA section, a long tag or a DOCTYPE: where it ends, or the end of `s`. */
  private inConstruct(s: string, pos: number, final: boolean): number {
    switch (this.state) {
      case State.Comment:
        return this.comment(s, pos, final);
      case State.CData:
        return this.cdataText(s, pos, final);
      case State.Long:
        return this.longToken(s, pos);
      default:
        return this.doctype(s, pos, final);
    }
  }

  /** A tag cut by the end of the piece: carried whole, or gathered in parts when long. */
  private unfinished(s: string, lt: number, final: boolean): void {
    if (final) fail('unexpected end.');
    if (s.length - lt <= CARRY_MAX) this.carry = s.slice(lt);
    else this.startLong(s, lt);
  }

  // -------------------------------------------------------------------------------------------
  // Character data

  private pushText(raw: string): void {
    if (raw.length === 0) return;
    this.atStart = false;
    // Outside the root, only white space: refused as soon as seen rather than gathered.
    if (this.names.length === 0 && NOT_SPACE.test(raw)) fail('text data outside of root node.');
    this.textParts.push(raw);
  }

  /** Hands out the character data from `start` to `end` (with what earlier pieces held). */
  private flushText(s: string, start: number, end: number): void {
    let raw = s.slice(start, end);
    if (this.textParts.length > 0) {
      this.textParts.push(raw);
      raw = this.textParts.join('');
      this.textParts = stringArray();
    }
    if (raw.length === 0) return;
    this.atStart = false;
    if (this.names.length === 0) {
      if (NOT_SPACE.test(raw)) fail('text data outside of root node.');
      return;
    }
    if (raw.indexOf(']]>') >= 0) fail('the string "]]>" is disallowed in char data.');
    const amp = raw.indexOf('&');
    this.kinds[this.eventCount++] = EVENT_TEXT;
    this.items[this.itemCount++] = amp < 0 ? raw : decodeReferences(raw, amp);
  }

  /** White space left after the root: nothing to hand out, only checked. */
  private flushOutside(): void {
    if (this.textParts.length > 0) this.flushText('', 0, 0);
  }

  // -------------------------------------------------------------------------------------------
  // Markup

  /** Reads the markup starting at `lt`; its end, or -1 when it is not complete in `s`. */
  private markup(s: string, lt: number, final: boolean): number {
    if (lt + 1 >= s.length) return -1;
    return s.charCodeAt(lt + 1) === BANG ? this.bang(s, lt, final) : this.pi(s, lt);
  }

  /** A start tag: the common one by SIMPLE_TAG, any other by openTagInFull. */
  private openTag(s: string, lt: number): number {
    SIMPLE_TAG.lastIndex = lt;
    // `test`, not `exec`: no array of matches to build, the name and attributes are sliced below.
    if (!SIMPLE_TAG.test(s)) return this.openTagInFull(s, lt);
    if (this.closedRoot) fail('documents may contain only one root.');
    return this.simpleTag(s, lt, SIMPLE_TAG.lastIndex);
  }

  /** The start tag from `lt` to `next` that SIMPLE_TAG matched; returns `next`. */
  private simpleTag(s: string, lt: number, next: number): number {
    const selfClosing = s.charCodeAt(next - 2) === SLASH;
    let i = lt + 2;
    let c = s.charCodeAt(i);
    while (c !== SPACE && c !== NL && c !== TAB && c !== SLASH && c !== GREATER) c = s.charCodeAt(++i);
    if (c === SLASH || c === GREATER) this.spans[this.spanCount++] = 0;
    else this.spanCount = simpleAttributes(s, i, selfClosing ? next - 2 : next - 1, this.spans, this.spanCount);
    this.opened(s.slice(lt + 1, i), s, selfClosing);
    return next;
  }

  /** A start tag read character by character: any name, any value, errors, the end of the piece. */
  private openTagInFull(s: string, lt: number): number {
    const len = s.length;
    const nameStart = lt + 1;
    let i = nameEnd(s, nameStart, 'tag name');
    if (i >= len) return -1;
    if (this.closedRoot) fail('documents may contain only one root.');
    const name = s.slice(nameStart, i);
    const attributes: string[] = [];
    for (;;) {
      let c = s.charCodeAt(i);
      const spaced = isSpace(c);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c === GREATER) {
        this.opened(name, attributes, false);
        return i + 1;
      }
      if (c === SLASH) {
        if (i + 1 >= len) return -1;
        if (s.charCodeAt(i + 1) !== GREATER) fail('forward-slash in opening tag not followed by >.');
        this.opened(name, attributes, true);
        return i + 2;
      }
      if (!spaced) fail('disallowed character in tag name.');
      // An attribute: name, `=`, quoted value.
      const attrStart = i;
      i = nameEnd(s, i, 'attribute name');
      if (i >= len) return -1;
      const attrName = s.slice(attrStart, i);
      c = s.charCodeAt(i);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== EQUAL) fail('attribute without value.');
      c = s.charCodeAt(++i);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== QUOT && c !== APOS) fail('unquoted attribute value.');
      const end = s.indexOf(c === QUOT ? '"' : "'", i + 1);
      if (end < 0) return -1;
      addPair(attributes, attrName, attributeValue(s.slice(i + 1, end)));
      i = end + 1;
    }
  }

  /**
   * A start tag read: its attributes are `s`, the text of a tag SIMPLE_TAG matched (where they are
   * in it written in `spans` already), or the names and values of one read in full.
   */
  private opened(name: string, attributes: string | readonly string[], selfClosing: boolean): void {
    this.atStart = false;
    this.sawRoot = true;
    const local = localName(name);
    this.kinds[this.eventCount++] = EVENT_OPEN;
    this.items[this.itemCount++] = local;
    this.items[this.itemCount++] = attributes;
    if (selfClosing) {
      this.kinds[this.eventCount++] = EVENT_CLOSE;
      this.items[this.itemCount++] = local;
      if (this.names.length === 0) this.closedRoot = true;
    } else {
      this.names.push(name);
      this.locals.push(local);
    }
  }

  /** An end tag: it must name the element open (`</row>`, white space allowed before `>`). */
  private closeTag(s: string, lt: number): number {
    const len = s.length;
    const depth = this.names.length;
    const name = depth > 0 ? this.names[depth - 1] : '';
    let i = lt + 2 + name.length;
    if (depth === 0 || i >= len || !s.startsWith(name, lt + 2)) return this.badCloseTag(s, lt, name);
    let c = s.charCodeAt(i);
    while (c === SPACE || c === NL || c === TAB) c = ++i < len ? s.charCodeAt(i) : 0;
    if (c !== GREATER) return this.badCloseTag(s, lt, name);
    this.names.pop();
    const local = this.locals.pop() ?? '';
    this.kinds[this.eventCount++] = EVENT_CLOSE;
    this.items[this.itemCount++] = local;
    if (depth === 1) this.closedRoot = true;
    return i + 1;
  }

  /** An end tag that does not close the open element: an error, unless the piece ends before it does. */
  private badCloseTag(s: string, lt: number, open: string): number {
    const end = nameEnd(s, lt + 2, 'closing tag');
    if (end >= s.length) return -1;
    if (end === lt + 2) fail('weird empty close tag.');
    if (this.names.length === 0) fail(`unmatched closing tag: ${s.slice(lt + 2, end)}.`);
    if (end !== lt + 2 + open.length || !s.startsWith(open, lt + 2)) fail('unexpected close tag.');
    // The right name, then white space up to the end of the piece, or something else than `>`.
    let i = end;
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (i >= s.length) return -1;
    fail('disallowed character in closing tag.');
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(s: string, lt: number, final: boolean): number {
    const len = s.length;
    if (s.startsWith('--', lt + 2)) {
      this.atStart = false;
      this.state = State.Comment;
      return lt + 4;
    }
    if (s.startsWith('[CDATA[', lt + 2)) {
      if (this.names.length === 0) fail('text data outside of root node.');
      this.atStart = false;
      this.state = State.CData;
      this.cdata = stringArray();
      return lt + 9;
    }
    if (s.startsWith('DOCTYPE', lt + 2)) {
      if (this.sawDoctype || this.sawRoot) fail('inappropriately located doctype declaration.');
      this.atStart = false;
      this.sawDoctype = true;
      this.state = State.Doctype;
      this.dtd = Dtd.Main;
      return lt + 9;
    }
    // Possibly the start of one of them, cut by the end of the piece.
    const head = s.slice(lt + 2, lt + 9);
    if (!final && lt + 9 > len && ['--', '[CDATA[', 'DOCTYPE'].some((w) => w.startsWith(head))) return -1;
    fail('incorrect syntax.');
  }

  /** A processing instruction, or the XML declaration at the very start. */
  private pi(s: string, lt: number): number {
    const end = s.indexOf('?>', lt + 2);
    if (end < 0) return -1;
    const targetEnd = nameEnd(s, lt + 2, 'processing instruction name');
    if (targetEnd === lt + 2) fail('processing instruction without a target.');
    const after = s.charCodeAt(targetEnd);
    if (after !== QUESTION && !isSpace(after)) fail('disallowed character in processing instruction name.');
    const target = s.slice(lt + 2, targetEnd);
    if (target === 'xml' && this.atStart) {
      if (!XML_DECLARATION.test(s.slice(lt, end + 2))) fail('malformed XML declaration.');
    } else if (target.toLowerCase() === 'xml') {
      fail('the XML declaration must appear at the start of the document.');
    }
    this.atStart = false;
    return end + 2;
  }

  // -------------------------------------------------------------------------------------------
  // Constructs that stream across pieces

  /** Inside a comment: it ends at the first `--`, which must be followed by `>`. */
  private comment(s: string, pos: number, final: boolean): number {
    const dashes = s.indexOf('--', pos);
    if (dashes < 0 || dashes + 2 >= s.length) {
      if (final) fail('unexpected end.');
      // Keep a `-` or `--` that may begin the end.
      const keep = dashes >= 0 ? dashes : s.endsWith('-') ? s.length - 1 : s.length;
      this.carry = s.slice(keep);
      return s.length;
    }
    if (s.charCodeAt(dashes + 2) !== GREATER) fail('malformed comment.');
    this.state = State.Text;
    return dashes + 3;
  }

  private cdataText(s: string, pos: number, final: boolean): number {
    const end = s.indexOf(']]>', pos);
    if (end < 0) {
      if (final) fail('unexpected end.');
      // Keep a `]` or `]]` that may begin the end.
      let keep = s.length;
      while (keep > pos && keep > s.length - 2 && s.charCodeAt(keep - 1) === 93) keep--;
      if (keep > pos) this.cdata.push(s.slice(pos, keep));
      this.carry = s.slice(keep);
      return s.length;
    }
    this.cdata.push(s.slice(pos, end));
    const text = this.cdata.length === 1 ? this.cdata[0] : this.cdata.join('');
    this.cdata = stringArray();
    this.state = State.Text;
    this.kinds[this.eventCount++] = EVENT_TEXT;
    this.items[this.itemCount++] = text;
    return end + 3;
  }

  /** A tag or processing instruction too long to carry: its parts kept until its end arrives. */
  private startLong(s: string, lt: number): void {
    const c = s.charCodeAt(lt + 1);
    this.longKind = c === SLASH ? LongKind.Close : c === QUESTION ? LongKind.Pi : LongKind.Open;
    this.longQuote = 0;
    this.long = stringArray();
    this.state = State.Long;
    this.longToken(s.slice(lt), 0);
  }

  /** Looks for the end of the long token in `s`; when found, reads the token whole. */
  private longToken(s: string, pos: number): number {
    let end = -1;
    if (this.longKind === LongKind.Open) {
      // The first `>` outside a quoted value.
      let i = pos;
      while (end < 0) {
        if (this.longQuote !== 0) {
          const q = s.indexOf(this.longQuote === QUOT ? '"' : "'", i);
          if (q < 0) break;
          this.longQuote = 0;
          i = q + 1;
        } else {
          TAG_STOP.lastIndex = i;
          const m = TAG_STOP.exec(s);
          if (!m) break;
          const c = s.charCodeAt(m.index);
          if (c === GREATER) end = m.index + 1;
          else {
            this.longQuote = c;
            i = m.index + 1;
          }
        }
      }
    } else if (this.longKind === LongKind.Close) {
      const gt = s.indexOf('>', pos);
      if (gt >= 0) end = gt + 1;
    } else {
      const previous = this.long[this.long.length - 1];
      if (pos === 0 && s.charCodeAt(0) === GREATER && previous?.endsWith('?')) end = 1;
      else {
        const q = s.indexOf('?>', pos);
        if (q >= 0) end = q + 2;
      }
    }
    if (end < 0) {
      this.long.push(pos === 0 ? s : s.slice(pos));
      return s.length;
    }
    this.long.push(s.slice(pos, end));
    const token = this.long.join('');
    this.long = stringArray();
    this.state = State.Text;
    const read =
      this.longKind === LongKind.Open
        ? this.openTag(token, 0)
        : this.longKind === LongKind.Close
          ? this.closeTag(token, 0)
          : this.pi(token, 0);
    if (read !== token.length) fail('unexpected end.');
    return end;
  }

  /** Skips a DOCTYPE and its internal subset (never read: no entity it declares is known). */
  private doctype(s: string, pos: number, final: boolean): number {
    const len = s.length;
    let i = pos;
    while (i < len) {
      switch (this.dtd) {
        case Dtd.Main:
        case Dtd.Subset: {
          const stop = this.dtd === Dtd.Main ? DTD_MAIN_STOP : DTD_SUBSET_STOP;
          stop.lastIndex = i;
          const m = stop.exec(s);
          if (!m) return len;
          const c = s.charCodeAt(m.index);
          i = m.index + 1;
          if (c === QUOT || c === APOS) {
            this.dtdQuote = c === QUOT ? '"' : "'";
            this.dtd = this.dtd === Dtd.Main ? Dtd.Quoted : Dtd.SubsetQuoted;
          } else if (c === BRACKET) this.dtd = Dtd.Subset;
          else if (c === GREATER) {
            this.state = State.Text;
            return i;
          } else if (c === 93 /* ] */) this.dtd = Dtd.Main;
          else {
            // `<` in the subset: a comment, a processing instruction, or a declaration. As in
            // saxes, the characters read to tell which (`!`, `!-`, `!--`, `?` or any one) are
            // consumed: a quote among them opens no literal.
            if (i + 3 > len && !final) {
              this.carry = s.slice(m.index);
              return len;
            }
            if (s.startsWith('!--', i)) {
              this.dtd = Dtd.SubsetComment;
              i += 3;
            } else if (s.charCodeAt(i) === QUESTION) {
              this.dtd = Dtd.SubsetPi;
              i += 1;
            } else if (s.charCodeAt(i) === BANG) {
              i += s.charCodeAt(i + 1) === MINUS ? 3 : 2;
            } else i += 1;
          }
          break;
        }
        case Dtd.Quoted:
        case Dtd.SubsetQuoted: {
          const q = s.indexOf(this.dtdQuote, i);
          if (q < 0) return len;
          i = q + 1;
          this.dtd = this.dtd === Dtd.Quoted ? Dtd.Main : Dtd.Subset;
          break;
        }
        case Dtd.SubsetComment: {
          const dashes = s.indexOf('--', i);
          if (dashes < 0 || dashes + 2 >= len) {
            if (final) fail('unexpected end.');
            const keep = dashes >= 0 ? dashes : s.endsWith('-') ? len - 1 : len;
            this.carry = s.slice(Math.max(keep, i));
            return len;
          }
          if (s.charCodeAt(dashes + 2) !== GREATER) fail('malformed comment.');
          i = dashes + 3;
          this.dtd = Dtd.Subset;
          break;
        }
        case Dtd.SubsetPi: {
          // As saxes: after the first `?`, the first `>` ends it.
          const q = s.indexOf('?', i);
          if (q < 0) return len;
          i = q + 1;
          this.dtd = Dtd.SubsetPiEnding;
          break;
        }
        case Dtd.SubsetPiEnding: {
          const gt = s.indexOf('>', i);
          if (gt < 0) return len;
          i = gt + 1;
          this.dtd = Dtd.Subset;
          break;
        }
      }
    }
    return len;
  }
}

/** Fails on a character XML does not allow: a control character, a lone surrogate, U+FFFE, U+FFFF. */
function checkCharacters(s: string): void {
  SUSPECT_CHAR.lastIndex = 0;
  for (let m = SUSPECT_CHAR.exec(s); m; m = SUSPECT_CHAR.exec(s)) {
    const c = s.charCodeAt(m.index);
    const next = s.charCodeAt(m.index + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) SUSPECT_CHAR.lastIndex = m.index + 2;
    else fail('disallowed character.');
  }
}

/**
 * Our XML tokenizer against saxes, the parser it replaced, kept here as an independent oracle:
 * random documents (elements, attributes in both quotes, entities and character references,
 * CDATA, comments, processing instructions, a DOCTYPE, line ends, text) cut into random pieces
 * give the same events, and random corruptions of them are refused by both or read alike.
 */
import { SaxesParser } from 'saxes';
import { prng } from '../scripts/fuzz-corpus';
import { XmlSyntaxError, XmlTokenizer } from '../core/read/xlsx/xml-tokenizer';
import { localName } from '../core/read/xlsx/xml-stream';

type Event = string;

/** A piece of the document and the events in order; `error` when it is not well-formed. */
interface Reading {
  events: Event[];
  error: string | null;
}

function attributesText(attributes: Record<string, string>): string {
  return JSON.stringify(Object.entries(attributes));
}

function ours(pieces: readonly string[]): Reading {
  const events: Event[] = [];
  const tokenizer = new XmlTokenizer({
    open: (name, attributes) => {
      const record = attributes.record();
      events.push(`open ${name} ${attributesText(record)}`);
      // Each attribute read by its name gives the value the whole reading gives.
      for (const [key, value] of Object.entries(record)) {
        if (attributes.get(key) !== value) events.push(`get ${key} ${String(attributes.get(key))} ≠ ${value}`);
      }
    },
    close: (name) => events.push(`close ${name}`),
    text: (text) => events.push(`text ${JSON.stringify(text)}`),
  });
  try {
    for (const piece of pieces) tokenizer.write(piece);
    tokenizer.close();
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    return { events, error: e.message };
  }
  return { events, error: null };
}

function oracle(pieces: readonly string[]): Reading {
  const events: Event[] = [];
  const parser = new SaxesParser({ position: false });
  let error: string | null = null;
  let depth = 0;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (tag) => {
    events.push(`open ${localName(tag.name)} ${attributesText(tag.attributes as Record<string, string>)}`);
    depth++;
  });
  parser.on('closetag', (tag) => {
    events.push(`close ${localName(tag.name)}`);
    depth--;
  });
  // White space outside the root is not handed on by our tokenizer (no reader looks at it).
  parser.on('text', (text) => {
    if (depth > 0) events.push(`text ${JSON.stringify(text)}`);
  });
  parser.on('cdata', (text) => events.push(`text ${JSON.stringify(text)}`));
  for (const piece of pieces) parser.write(piece);
  parser.close();
  return { events, error };
}

// ---------------------------------------------------------------------------------------------
// Random documents

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

class Generator {
  constructor(private readonly random: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  name(): string {
    const prefix = this.chance(0.3) ? `${this.pick(['x', 'table', 'a1', '_p', 'é'])}:` : '';
    const first = this.pick(['c', 'row', 'v', 'é', '_', 'Σ', 'si', 't', 'X', ':', 'ab']);
    let rest = '';
    for (let n = this.int(4); n > 0; n--) rest += this.pick(['a', '1', '-', '.', 'é', '·', 'z', '_', '𐀀']);
    return `${prefix}${first}${rest}`;
  }

  reference(): string {
    return this.pick([
      '&amp;',
      '&lt;',
      '&gt;',
      '&quot;',
      '&apos;',
      '&#233;',
      '&#x1F600;',
      '&#xe9;',
      '&#10;',
      '&#9;',
      '&#0065;',
      '&#13;',
    ]);
  }

  text(): string {
    let out = '';
    for (let n = this.int(6); n > 0; n--) {
      out += this.pick([
        'abc',
        ' ',
        '\n',
        '\r\n',
        '\r',
        '\t',
        'é',
        '😀',
        ']',
        ']]',
        '>',
        '"',
        "'",
        'x]>',
        '-',
        '?',
        '  ',
        this.reference(),
      ]);
    }
    return out.replace(/]]>/g, ']]&gt;');
  }

  attributeValue(quote: string): string {
    let out = '';
    for (let n = this.int(5); n > 0; n--) {
      out += this.pick([
        'A1',
        ' ',
        '\t',
        '\n',
        '\r\n',
        '>',
        'é',
        '😀',
        this.reference(),
        quote === '"' ? "'" : '"',
        '=',
        '/',
      ]);
    }
    return out;
  }

  space(): string {
    return this.pick([' ', '\n', '\t', '  ', '\r\n']);
  }

  tag(): { open: string; name: string; empty: boolean } {
    const name = this.name();
    let open = `<${name}`;
    const used = new Set<string>();
    for (let n = this.int(4); n > 0; n--) {
      const attribute = this.chance(0.1) ? this.pick(['__proto__', 'constructor', 'toString']) : this.name();
      if (used.has(attribute)) continue;
      used.add(attribute);
      const quote = this.pick(['"', "'"]);
      const eq = this.pick(['=', ' = ', '=\n']);
      open += `${this.space()}${attribute}${eq}${quote}${this.attributeValue(quote)}${quote}`;
    }
    if (this.chance(0.2)) open += this.space();
    const empty = this.chance(0.25);
    return { open: `${open}${empty ? '/>' : '>'}`, name, empty };
  }

  misc(): string {
    return this.pick([
      `<!--${this.pick(['', ' a ', ' -a- ', 'x - y', '<tag>', ']]>', '\r\n'])}-->`,
      `<?pi${this.pick(['', ' body', ' a?b ', ' ?', ' <x>'])}?>`,
      `<?xml-stylesheet href="a"?>`,
      this.space(),
    ]);
  }

  content(depth: number): string {
    let out = '';
    for (let n = this.int(depth > 3 ? 2 : 5); n > 0; n--) {
      const kind = this.int(10);
      if (kind < 4) out += this.element(depth + 1);
      else if (kind < 7) out += this.text();
      else if (kind < 8) out += `<![CDATA[${this.pick(['', 'a<b>&c', ']', ']]', '] ]>', '\r\n', 'x]]y', 'é😀'])}]]>`;
      else out += this.misc();
    }
    return out;
  }

  element(depth: number): string {
    const { open, name, empty } = this.tag();
    if (empty) return open;
    return `${open}${this.content(depth)}</${name}${this.chance(0.2) ? this.space() : ''}>`;
  }

  document(): string {
    let out = '';
    if (this.chance(0.6)) {
      out += this.pick([
        '<?xml version="1.0"?>',
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
        '<?xml version = "1.0" standalone=\'no\' ?>',
      ]);
    }
    for (let n = this.int(3); n > 0; n--) out += this.misc();
    if (this.chance(0.2)) {
      out += this.pick([
        '<!DOCTYPE root>',
        '<!DOCTYPE root SYSTEM "a>b.dtd">',
        "<!DOCTYPE r [ <!ENTITY e 'x>y'> <!-- a > b --> <?p x?> ]>",
        '<!DOCTYPE r PUBLIC "-//x" \'y\' [<!ELEMENT r ANY>]>',
      ]);
      for (let n = this.int(2); n > 0; n--) out += this.misc();
    }
    out += this.element(0);
    for (let n = this.int(3); n > 0; n--) out += this.misc();
    return out;
  }

  /** The document cut at random places: tiny pieces, large ones, or both. */
  pieces(text: string): string[] {
    const out: string[] = [];
    const size = this.pick([1, 2, 3, 7, 50, 1000]);
    for (let i = 0; i < text.length;) {
      const n = 1 + this.int(size);
      out.push(text.slice(i, i + n));
      i += n;
    }
    return out;
  }

  /** One random damage: a character inserted, removed or replaced, a slice repeated, an end cut. */
  corrupt(text: string): string {
    const damaged = this.damage(text);
    // A lone high surrogate, from half an emoji: saxes let it swallow the next character (even a
    // `<`), ours refuses it (tested below); no comparison to make.
    return LONE_SURROGATE.test(damaged) ? text : damaged;
  }

  private damage(text: string): string {
    const at = this.int(text.length + 1);
    const char = this.pick(['<', '>', '&', '"', "'", '/', '!', '?', '-', ']', '=', ' ', 'a', ';', '#', '\u0001', '[']);
    switch (this.int(5)) {
      case 0:
        return text.slice(0, at) + char + text.slice(at);
      case 1:
        return text.slice(0, at) + text.slice(at + 1);
      case 2:
        return text.slice(0, at) + char + text.slice(at + 1);
      case 3: {
        const length = 1 + this.int(8);
        return text.slice(0, at) + text.slice(at, at + length) + text.slice(at);
      }
      default:
        return text.slice(0, at);
    }
  }
}

function expectSame(text: string, pieces: readonly string[]): void {
  const expected = oracle(pieces);
  const got = ours(pieces);
  const verdict = (r: Reading) => (r.error === null ? 'well-formed' : 'not well-formed');
  const context = `${JSON.stringify(text)}\nsaxes: ${expected.error ?? 'ok'}\nours: ${got.error ?? 'ok'}`;
  expect(`${verdict(got)}\n${context}`).toBe(`${verdict(expected)}\n${context}`);
  if (expected.error === null) expect(got.events).toEqual(expected.events);
}

const COUNT = Number(process.env.XML_COUNT ?? 3000);

test(`${COUNT} random documents, cut anywhere: the same events as saxes`, () => {
  const generator = new Generator(prng(Number(process.env.XML_SEED ?? 20261202)));
  let wellFormed = 0;
  for (let n = 0; n < COUNT; n++) {
    const text = generator.document();
    expectSame(text, generator.pieces(text));
    expectSame(text, [text]);
    if (oracle([text]).error === null) wellFormed++;
  }
  // The generator writes well-formed XML (a few of its random names are not XML names).
  expect(wellFormed).toBeGreaterThan(COUNT * 0.95);
});

test(`${COUNT} damaged documents: refused by both, or read alike`, () => {
  const generator = new Generator(prng(Number(process.env.XML_SEED ?? 4242)));
  let refused = 0;
  for (let n = 0; n < COUNT; n++) {
    let text = generator.document();
    for (let k = 1 + generator.int(2); k > 0; k--) text = generator.corrupt(text);
    expectSame(text, generator.pieces(text));
    if (oracle([text]).error !== null) refused++;
  }
  // Most damage is refused: the test is not only reading well-formed documents.
  expect(refused).toBeGreaterThan(COUNT / 2);
});

describe('well-formedness that tells a damaged file', () => {
  test.each([
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed tag', '<a><b></b>'],
    ['`<` in an attribute value', '<a b="x<y"/>'],
    ['an unquoted attribute value', '<a b=x/>'],
    ['a missing closing quote', '<a b="x/>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['an entity the DTD declares (never expanded)', '<!DOCTYPE a [<!ENTITY e "xxxxxxxx">]><a>&e;</a>'],
    ['a character reference to a control character', '<a>&#1;</a>'],
    ['a capital X in a hexadecimal reference', '<a>&#X41;</a>'],
    ['an unterminated reference', '<a>&amp</a>'],
    ['a second root', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['a control character', '<a>\u0001</a>'],
    ['a lone surrogate', '<a>\ud800x</a>'],
    ['`]]>` in text', '<a>]]></a>'],
    ['`--` inside a comment', '<a><!-- a -- b --></a>'],
    ['a declaration after the start', ' <?xml version="1.0"?><a/>'],
    ['no root', '<!-- only a comment -->'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
    ['attributes without white space between them', '<a b="1"c="2"/>'],
    ['a second byte-order mark', '\ufeff\ufeff<a/>'],
  ])('%s', (_, text) => {
    expect(ours([text]).error).not.toBeNull();
    for (let cut = 1; cut < text.length; cut++) {
      expect(ours([text.slice(0, cut), text.slice(cut)]).error).not.toBeNull();
    }
  });
});

test('a byte-order mark read as the first character is dropped, wherever the pieces are cut', () => {
  const text = '\ufeff<?xml version="1.0"?><a>x</a>';
  for (let cut = 0; cut <= text.length; cut++) {
    expect(ours([text.slice(0, cut), text.slice(cut)])).toEqual({
      events: ['open a []', 'text "x"', 'close a'],
      error: null,
    });
  }
});

describe('linear in the size of the part', () => {
  const big = 'x'.repeat(20_000_000);
  test.each([
    ['a comment', `<a><!--${big}--></a>`],
    ['text', `<a>${big}</a>`],
    ['a CDATA section', `<a><![CDATA[${big}]]></a>`],
    ['an attribute value', `<a b="${big}"/>`],
    ['a processing instruction', `<a><?p ${big}?></a>`],
    ['a DOCTYPE', `<!DOCTYPE a [<!-- ${big} -->]><a/>`],
  ])('%s of 20 million characters, in 16 KB pieces', (_, text) => {
    // Quadratic rescanning would take minutes; the jest timeout catches it.
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 16384) pieces.push(text.slice(i, i + 16384));
    expect(ours(pieces).error).toBeNull();
  });
});

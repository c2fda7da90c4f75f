/**
 * Attributes of one start tag of a small XML part (relationships, workbook, content types, web
 * extension properties), read with plain text matching, entities decoded. Host-neutral. The large
 * parts (sheets, shared strings) go through the streaming tokenizer (xml-tokenizer.ts) instead.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML's predefined and numeric entities decoded (an invalid code point is dropped). */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (ENTITIES[e]) return ENTITIES[e];
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** The attributes of a start tag, entities decoded; names keep their prefix (`r:id`). */
export function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]] = decodeXml(m[3] ?? m[4] ?? '');
  return out;
}

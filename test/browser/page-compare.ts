/**
 * For the page's browser test: whether two bilans are the same document, part by part. The xlsx
 * and docx packages of one bilan differ only where the writers put the time (the zip entries'
 * dates, the core properties' created and modified) and, for Word, where the docx library draws
 * fresh random relationship ids and counts its drawings per process: those are normalised, every
 * other byte must be equal.
 */
import { strFromU8, unzipSync } from 'fflate';

/** The core properties without their dates. */
function withoutDates(xml: string): string {
  return xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, '$1…$2');
}

/** Random relationship ids (`rIdgvypxmwo-gwigfsb8qiwi`) named by their order of appearance. */
function canonicalIds(text: string, ids: Map<string, string>): string {
  return (
    text
      .replace(/\brId[a-z0-9_-]{12,}/g, (id) => {
        let named = ids.get(id);
        if (named === undefined) {
          named = `rId#${ids.size + 1}`;
          ids.set(id, named);
        }
        return named;
      })
      .replace(/(<wp:docPr id=")\d+"/g, '$1#"')
      // The add-in's web extension part, made by sync, gets a fresh GUID.
      .replace(/(<we:webextension\b[^>]*\bid=")\{[0-9A-F-]{36}\}"/g, '$1{…}"')
  );
}

/**
 * The parts of two packages that differ once normalised (empty when they are the same bilan);
 * embedded workbooks (a Word chart's data) are compared the same way, part by part.
 */
export function differingParts(a: Uint8Array, b: Uint8Array, prefix = ''): string[] {
  const left = unzipSync(a);
  const right = unzipSync(b);
  const names = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const idsLeft = new Map<string, string>();
  const idsRight = new Map<string, string>();
  const out: string[] = [];
  // Documents before their relationships, so that ids are named in the same order on both sides.
  const ordered = [...names.filter((n) => !n.endsWith('.rels')), ...names.filter((n) => n.endsWith('.rels'))];
  for (const name of ordered) {
    const x = left[name];
    const y = right[name];
    if (!x || !y) {
      out.push(`${prefix}${name} (${x ? 'absent à droite' : 'absent à gauche'})`);
      continue;
    }
    if (/\.(xlsx|docx)$/.test(name)) {
      out.push(...differingParts(x, y, `${prefix}${name}/`));
      continue;
    }
    const same =
      name === 'docProps/core.xml'
        ? withoutDates(strFromU8(x)) === withoutDates(strFromU8(y))
        : /\.(xml|rels)$/.test(name)
          ? canonicalIds(strFromU8(x), idsLeft) === canonicalIds(strFromU8(y), idsRight)
          : Buffer.from(x).equals(Buffer.from(y));
    if (!same) out.push(`${prefix}${name}`);
  }
  return out;
}

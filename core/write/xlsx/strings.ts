/** Text cells: the shared strings part (xl/sharedStrings.xml) and inline strings; never `t="str"`, whose line breaks LibreOffice drops. */
import type { XmlSink } from './part-bytes';
import { keepsSpaces, xstring, XML_DECLARATION } from './xml';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** `<t>` of a text, with xml:space="preserve" when it begins or ends with whitespace. */
export function textElement(text: string): string {
  return keepsSpaces(text) ? `<t xml:space="preserve">${xstring(text)}</t>` : `<t>${xstring(text)}</t>`;
}

/** The content of an inline string cell (`t="inlineStr"`): `<is><t>…</t></is>`. */
export function inlineStringXml(text: string): string {
  return `<is>${textElement(text)}</is>`;
}

/** The shared strings table of a package: each distinct text once, cells refer to its index. */
export class SharedStrings {
  /**
   * Each text's index as a cell's `<v>` writes it: its digits made once per text, not once per
   * cell that shows it (a large bilan has tens of thousands of texts, too many for the engine's
   * own cache of number strings).
   */
  private readonly index = new Map<string, string>();
  private readonly texts: string[] = [];
  /** References made (the part's `count`). */
  private references = 0;

  /** The index of a text as a cell's `<v>` writes it, the text added at the end when new. */
  reference(text: string): string {
    this.references++;
    let at = this.index.get(text);
    if (at === undefined) {
      at = String(this.texts.length);
      this.texts.push(text);
      this.index.set(text, at);
    }
    return at;
  }

  /** Writes the part, a string at a time (a large bilan has tens of thousands of texts). */
  write(out: XmlSink): void {
    out.write(
      `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.references}" uniqueCount="${this.texts.length}">`,
    );
    // A few kilobytes at a time: each write is encoded at once.
    let batch = '';
    for (const text of this.texts) {
      batch += `<si>${textElement(text)}</si>`;
      if (batch.length > 8192) {
        out.write(batch);
        batch = '';
      }
    }
    out.write(`${batch}</sst>`);
  }
}

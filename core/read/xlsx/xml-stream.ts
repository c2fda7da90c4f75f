/**
 * A package part streamed through our XML tokenizer (xml-tokenizer.ts) as it is inflated: tags by
 * their local name (without the `x:` / `table:` prefix), attributes as written, text and CDATA.
 * No custom entity is expanded, so entity tricks fail as invalid XML instead of growing. A part
 * that is not well-formed XML is named as such, with the program that wrote the file when the
 * package says it: it is a fault of that program, not a truncated download. Host-neutral.
 */
import { ClsError } from '../../base/errors';
import { XmlEncodingError } from './xml-decode';
import { type Attributes, XmlTokenizer } from './xml-tokenizer';
import type { PartSource } from './zip-reader';

export { type Attributes, localName } from './xml-tokenizer';

export interface XmlHandlers {
  open?: (name: string, attributes: Attributes) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** Thrown when a part is not well-formed XML; readers turn it into their own French error. */
export class XmlInvalid extends Error {
  constructor(
    readonly part: string,
    /** The tokenizer's own words (for --debug), or the encoding the bytes are not valid in. */
    readonly detail = '',
    readonly encoding = false,
  ) {
    super(`invalid XML in ${part}${detail ? `: ${detail}` : ''}`);
  }
}

function ignore(): void {}

/** Streams `path` through the handlers; false when the part is absent. */
export function streamXml(source: PartSource, path: string, handlers: XmlHandlers): boolean {
  const tokenizer = new XmlTokenizer({
    open: handlers.open ?? ignore,
    close: handlers.close ?? ignore,
    text: handlers.text ?? ignore,
  });
  let found: boolean;
  try {
    found = source.stream(path, (piece) => tokenizer.write(piece));
    if (found) tokenizer.close();
  } catch (e) {
    if (e instanceof ClsError || e instanceof XmlInvalid) throw e;
    if (e instanceof XmlEncodingError) throw new XmlInvalid(path, e.message, true);
    throw new XmlInvalid(path, e instanceof Error ? e.message : String(e));
  }
  return found;
}

/** streamXml, with a part that is not well-formed XML reported as such (see invalidXmlError). */
export function streamPart(source: PartSource, path: string, handlers: XmlHandlers, fileName: string): boolean {
  try {
    return streamXml(source, path, handlers);
  } catch (e) {
    if (e instanceof XmlInvalid) throw invalidXmlError(source, fileName, e);
    throw e;
  }
}

/**
 * The French error for a part that is not well-formed XML: which part, that the file was badly
 * written (by the program the package names, when it names one) rather than cut short, and what
 * to do.
 */
export function invalidXmlError(source: PartSource, fileName: string, e: XmlInvalid): ClsError {
  const producer = producerOf(source);
  // A flat document (.fods) is one part, named ''.
  const part = e.part ? `sa partie « ${e.part} »` : 'son contenu';
  const what = e.encoding
    ? `${part} contient des caractères invalides pour son encodage`
    : `${part} n'est pas un XML valide`;
  const who = producer
    ? /microsoft|excel/i.test(producer)
      ? `il indique avoir été écrit par « ${producer} », mais a sans doute été modifié ensuite par un autre programme`
      : `il a été écrit par « ${producer} », qui l'a mal formé`
    : `il a sans doute été écrit par un programme autre qu'Excel ou LibreOffice (un export, un script), qui l'a mal formé`;
  return new ClsError({
    code: 'XLSX_INVALID',
    file: fileName,
    message:
      `« ${fileName} » n'a pas pu être lu : ${what}. Ce n'est pas un téléchargement incomplet : ${who}. ` +
      `Ouvrez-le dans Excel ou LibreOffice, qui savent souvent le réparer, enregistrez-en une copie ` +
      `(« Fichier > Enregistrer sous », type « Classeur Excel (*.xlsx) ») et réessayez avec cette copie ; ` +
      `si le fichier vient d'un logiciel ou d'un export automatique, signalez-lui le défaut.`,
    detail: `${e.part}: ${e.detail}`,
  });
}

/** The program that wrote the package, as its properties say (docProps/app.xml, or meta.xml of an .ods). */
export function producerOf(source: PartSource): string | null {
  try {
    const app = source.has('docProps/app.xml') ? source.text('docProps/app.xml') : null;
    const application = app ? /<(?:\w+:)?Application>([^<]{1,80})</.exec(app)?.[1] : undefined;
    if (application?.trim()) return application.trim();
    const meta = source.has('meta.xml') ? source.text('meta.xml') : null;
    const generator = meta ? /<(?:\w+:)?generator>([^<$]{1,80})/.exec(meta)?.[1] : undefined;
    return generator?.trim() ? generator.trim() : null;
  } catch {
    return null;
  }
}

/**
 * A package part streamed through saxes as it is inflated: tags by their local name (without the
 * `x:` / `table:` prefix), attributes as written, text and CDATA. saxes expands no custom entity,
 * so entity tricks fail as invalid XML instead of growing. Host-neutral.
 */
import { SaxesParser } from 'saxes';
import { ClsError } from '../errors';
import type { ZipReader } from './zip-reader';

export type Attributes = Record<string, string>;

export interface XmlHandlers {
  open?: (name: string, attributes: Attributes) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** Thrown when a part is not well-formed XML; readers turn it into their own French error. */
export class XmlInvalid extends Error {
  constructor(readonly part: string) {
    super(`invalid XML in ${part}`);
  }
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Streams `path` through the handlers; false when the part is absent. */
export function streamXml(zip: ZipReader, path: string, handlers: XmlHandlers): boolean {
  const parser = new SaxesParser({ position: false });
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Attributes));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag) => close(localName(tag.name)));
  }
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  let found: boolean;
  try {
    found = zip.stream(path, (piece) => {
      parser.write(piece);
      if (failed) throw new XmlInvalid(path);
    });
    if (found) parser.close();
  } catch (e) {
    if (e instanceof ClsError) throw e;
    throw new XmlInvalid(path);
  }
  if (failed) throw new XmlInvalid(path);
  return found;
}

/** streamXml, with a part that is not well-formed XML reported through `invalid` (a reader's French error). */
export function streamPart(
  zip: ZipReader,
  path: string,
  handlers: XmlHandlers,
  invalid: (why: string) => never,
): boolean {
  try {
    return streamXml(zip, path, handlers);
  } catch (e) {
    if (e instanceof XmlInvalid) invalid(`la partie « ${path} » n'est pas un XML valide`);
    throw e;
  }
}

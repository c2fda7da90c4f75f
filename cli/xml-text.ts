/**
 * Escapes text for the XML parts the writers add to an xlsx package (element text and
 * double-quoted attribute values).
 */
import { encodeXstring } from '../core/read/xlsx/ooxml-text';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Escapes SpreadsheetML text (a cell's `<t>`, a chart's cached `<c:v>`): an ST_Xstring, written as
 * Excel writes it (ESC → `_x001B_`, see core/read/xlsx/ooxml-text.ts encodeXstring), then its markup
 * escaped. A file or sheet name with a control character then stays well-formed XML.
 */
export function escapeXstring(text: string): string {
  return escapeXml(encodeXstring(text));
}

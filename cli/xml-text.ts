/**
 * Escapes text for the XML parts the writers add to an xlsx package (element text and
 * double-quoted attribute values).
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

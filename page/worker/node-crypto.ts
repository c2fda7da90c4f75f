/**
 * The one Node built-in the sync code still imports (cli/sync/addin-settings-part.ts: a fresh id
 * for the add-in's web extension part), given to the page's worker by its build: `randomUUID`
 * from the browser's own random numbers (getRandomValues works outside secure contexts too).
 * scripts/build-page.ts maps `node:crypto` here and refuses any other Node built-in.
 */
export function randomUUID(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

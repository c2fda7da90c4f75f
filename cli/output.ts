/**
 * Text safe to show on a terminal: control characters (in a file or sheet name, they could move the
 * cursor or change colours) are written as \xNN; line breaks and tabs are kept.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Where the CLI writes: results on stdout, everything else on stderr; both through printable(). */
export function writeErr(text: string): void {
  process.stderr.write(printable(text));
}

export function writeOut(text: string): void {
  process.stdout.write(printable(text));
}

/** True with --debug: the technical detail of unexpected failures is printed on stderr. */
export function debugging(): boolean {
  return process.env.CLS_BILAN_DEBUG === '1';
}

/** Prints, with --debug only, the technical detail of a failure. */
export function writeDebug(file: string, detail: string | undefined): void {
  if (detail && debugging()) writeErr(`[debug] ${file} : ${detail}\n`);
}

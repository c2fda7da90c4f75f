/** Where the CLI writes: results on stdout, everything else on stderr. */
export function writeErr(text: string): void {
  process.stderr.write(text);
}

export function writeOut(text: string): void {
  process.stdout.write(text);
}

/** True with --debug: the technical detail of unexpected failures is printed on stderr. */
export function debugging(): boolean {
  return process.env.CLS_BILAN_DEBUG === '1';
}

/** Prints, with --debug only, the technical detail of a failure. */
export function writeDebug(file: string, detail: string | undefined): void {
  if (detail && debugging()) writeErr(`[debug] ${file} : ${detail}\n`);
}

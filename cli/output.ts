/** Where the CLI writes: results on stdout, everything else on stderr. */
export function writeErr(text: string): void {
  process.stderr.write(text);
}

export function writeOut(text: string): void {
  process.stdout.write(text);
}

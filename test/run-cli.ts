/** Runs the built `cls-bilan` command (worker threads need compiled code; `npm test` builds first). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const BIN = join(ROOT, 'bin', 'cls-bilan.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command's exit code and outputs (a large JSON report fits: 100 MB). */
export function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { cwd, maxBuffer: 100 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

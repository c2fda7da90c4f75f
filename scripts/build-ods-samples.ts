/**
 * The .ods versions of the samples (`npm run samples:ods`), made by LibreOffice Calc itself from
 * the .xlsx samples: `soffice --headless --convert-to ods`. Needs LibreOffice
 * (`apt-get install libreoffice-calc-nogui`); the results are committed in samples/ods/ so that the
 * tests do not.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SAMPLES = join(ROOT, 'samples');
const OUT = join(SAMPLES, 'ods');

mkdirSync(OUT, { recursive: true });
const files = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.xlsx'))
  .map((f) => join(SAMPLES, f));
execFileSync('soffice', ['--headless', '--convert-to', 'ods', '--outdir', OUT, ...files], { stdio: 'inherit' });
process.stdout.write(`${files.length} classeurs .ods écrits dans ${OUT}\n`);

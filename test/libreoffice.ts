/** LibreOffice for the tests: files converted to PDF headless, with a profile of their own, and a PDF's text. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Each file converted to PDF into `folder` (its name, .pdf), LibreOffice's profile kept in `folder`. */
export function convertToPdf(folder: string, files: readonly string[], timeoutMs = 180_000): void {
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${join(folder, 'profile')}`,
      '--convert-to',
      'pdf',
      '--outdir',
      folder,
      ...files,
    ],
    { stdio: 'ignore', timeout: timeoutMs },
  );
}

/** A PDF's text as pdftotext lays it out, pages separated by form feeds. */
export function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

/**
 * The production manifest (ADDIN_URL at build time): every URL on the production server, whatever
 * the way ADDIN_URL is written, the AppDomain its origin, an Id of its own, and still valid against
 * Microsoft's manifest schema.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// CommonJS tool shared with webpack.config.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { productionManifest, DEV_ID, PRODUCTION_ID } = require('../tools/production-manifest') as {
  productionManifest: (xml: string, url: string) => string;
  DEV_ID: string;
  PRODUCTION_ID: string;
};

const ROOT = join(__dirname, '..');
const DEV = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

test.each(['https://serveur.example/cls/', 'https://serveur.example/cls'])('ADDIN_URL « %s »', (url) => {
  const xml = productionManifest(DEV, url);
  expect(xml).not.toContain('localhost');
  expect(xml).toContain('<SourceLocation DefaultValue="https://serveur.example/cls/taskpane.html"/>');
  expect(xml).toContain('<AppDomain>https://serveur.example</AppDomain>');
  expect(xml).toContain('<SupportUrl DefaultValue="https://serveur.example/cls/aide.html"/>');
  expect(xml).toContain(`<Id>${PRODUCTION_ID}</Id>`);
  expect(PRODUCTION_ID).not.toBe(DEV_ID);
  expect(DEV).toContain(`<Id>${DEV_ID}</Id>`);
  const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
  writeFileSync(file, xml);
  const xsd = join(ROOT, '..', 'shared', 'office-manifest-xsd', 'OfficeAppManifestV1_1.xsd');
  expect(() => execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' })).not.toThrow();
});

test('an ADDIN_URL that is not https is refused, in French', () => {
  expect(() => productionManifest(DEV, 'http://serveur.example/cls/')).toThrow(/doit commencer par https/);
  expect(() => productionManifest(DEV, 'serveur')).toThrow(/n'est pas une adresse valide/);
});

test('the help page the manifest points to is in the bundle', () => {
  const webpack = readFileSync(join(ROOT, 'webpack.config.js'), 'utf8');
  expect(webpack).toContain("from: 'addin/help/aide.html'");
  expect(readFileSync(join(ROOT, 'addin', 'help', 'aide.html'), 'utf8')).toContain('lang="fr"');
});

// The production copy of manifest.xml (npm run build:addin with ADDIN_URL): every dev URL points to
// the production server, the AppDomain is that server's origin (no localhost left), and the add-in
// has its own <Id>, so that a tester can have the dev and the production add-in side by side.
// Office keeps a workbook's settings per add-in Id (https://learn.microsoft.com/javascript/api/office/office.settings):
// `cls-bilan sync` and the file readers know both Ids (core/base/setting-names.ts ADDIN_IDS, kept
// equal to these by test/addin-real-excel.test.ts).
'use strict';

const { URL } = require('node:url');

const DEV_URL = 'https://localhost:3000/';
const DEV_ORIGIN = 'https://localhost:3000';
const DEV_ID = 'c5cce923-6e75-4ac0-8662-a328e287b514';
const PRODUCTION_ID = '708b5602-8203-40c0-ae23-f781920ef62b';

/** ADDIN_URL as a base URL: https, ending with « / » (« https://serveur/cls » works as « https://serveur/cls/ »). */
function baseUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_URL n'est pas une adresse valide : « ${raw} ». Exemple : https://serveur.example/cls/`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`ADDIN_URL doit commencer par https:// (Office ne charge un complément qu'en HTTPS) : « ${raw} ».`);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function productionManifest(xml, rawUrl) {
  const url = baseUrl(rawUrl);
  return xml
    .split(DEV_URL)
    .join(url.href)
    .split(`<AppDomain>${DEV_ORIGIN}</AppDomain>`)
    .join(`<AppDomain>${url.origin}</AppDomain>`)
    .split(`<Id>${DEV_ID}</Id>`)
    .join(`<Id>${PRODUCTION_ID}</Id>`);
}

module.exports = { productionManifest, DEV_ID, PRODUCTION_ID };

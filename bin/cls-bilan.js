#!/usr/bin/env node
'use strict';
// Entry point of the `cls-bilan` command: the TypeScript sources are compiled to dist/ by `npm ci` (prepare).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    "cls-bilan n'est pas compilé : lancez « npm ci » (ou « npm run build ») dans le dossier du projet.\n",
  );
  process.exit(2);
}
// The first worker starts now, while the command loads the rest of its code (cli/worker-start.ts).
const workers = require(path.join(__dirname, '..', 'dist', 'cli', 'worker-start.js'));
if (workers.readsFiles(process.argv.slice(2))) workers.startWorkerAhead();
// The command bundled in one file, compiled from its code cache (cli/code-cache.ts), when built so.
const bundle = path.join(__dirname, '..', 'dist', 'cli', 'main.bundle.js');
const command = fs.existsSync(bundle)
  ? require(path.join(__dirname, '..', 'dist', 'cli', 'code-cache.js')).runCachedBundle(
      bundle,
      bundle.replace(/\.js$/, '.cache'),
    ).exports
  : require(entry);
command.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(
      "Désolé, une erreur inattendue a interrompu cls-bilan. Ce n'est pas de votre fait : merci de transmettre ce message à l'équipe.\n" +
        `Détail technique : ${e && e.stack ? e.stack : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);

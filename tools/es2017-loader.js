// A webpack loader that compiles every module of the task pane, node_modules included, to ES2017
// with esbuild: Fluent UI's dependencies use class static blocks and `??=` (ES2022), which older
// webviews Office still runs in (EdgeHTML in some Microsoft 365 builds, Safari before 16.4) cannot
// parse, and a script that does not parse leaves the pane blank. TypeScript and JSX are compiled
// here too (types are checked by `npm run typecheck`).
const { transform } = require('esbuild');

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

module.exports = function es2017Loader(source, map) {
  const done = this.async();
  const ext = (/\.[^.]+$/.exec(this.resourcePath) || [''])[0];
  transform(source, {
    loader: LOADERS[ext] || 'js',
    target: 'es2017',
    jsx: 'automatic',
    sourcemap: this.sourceMap ? 'external' : false,
    sourcefile: this.resourcePath,
    // Keeps `import`/`export` for webpack; only the syntax is lowered.
    format: undefined,
  }).then(
    (result) => done(null, result.code, result.map || map),
    (error) => done(error),
  );
};

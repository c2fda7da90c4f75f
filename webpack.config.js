// The task pane bundle, in the conventions of Microsoft's React task-pane template: one entry
// (index.tsx + taskpane.html), icons and manifest copied next to it, HTTPS dev server on :3000 with
// the office-addin-dev-certs certificate. Output: dist-addin/ (dist/ is the CLI's).
//
// ADDIN_URL=https://serveur.example/cls/ npm run build:addin  → the copied manifest points there.
//
// The page that needs no installation (dist-page/cls-bilan.html, scripts/build-page.ts) is published
// with the pane: built first when missing or older than its sources, then copied beside
// taskpane.html, so that the add-in's server also serves it at …/cls-bilan.html.
const path = require('path');
const { spawnSync } = require('child_process');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const { productionManifest } = require('./tools/production-manifest');

async function httpsOptions() {
  // Required lazily: only the dev server needs the certificate.
  const devCerts = require('office-addin-dev-certs');
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
}

/** Builds dist-page/cls-bilan.html when it is missing or stale, before the copy below takes it. */
class BuildPagePlugin {
  apply(compiler) {
    let done = false;
    const ensure = () => {
      if (done) return;
      done = true;
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-page.ts', '--if-stale'], {
        cwd: __dirname,
        stdio: 'inherit',
      });
      if (r.status !== 0) throw new Error('the page (scripts/build-page.ts) could not be built');
    };
    compiler.hooks.beforeRun.tap('BuildPagePlugin', ensure);
    compiler.hooks.watchRun.tap('BuildPagePlugin', ensure);
  }
}

module.exports = async (env, options) => {
  const dev = options.mode !== 'production';
  const serving = Boolean(process.env.WEBPACK_SERVE);
  return {
    devtool: dev ? 'eval-source-map' : 'source-map',
    entry: {
      taskpane: './addin/taskpane/index.tsx',
    },
    output: {
      path: path.resolve(__dirname, 'dist-addin'),
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
    },
    // Webpack's own runtime in ES2017 too.
    target: ['web', 'es2017'],
    module: {
      rules: [
        {
          // Every module, node_modules included, compiled to ES2017 (tools/es2017-loader.js).
          test: /\.[cm]?[jt]sx?$/,
          use: { loader: path.resolve(__dirname, 'tools/es2017-loader.js') },
        },
      ],
    },
    plugins: [
      new BuildPagePlugin(),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'addin/commands/commands.html', to: '[name][ext]' },
          { from: 'addin/help/aide.html', to: '[name][ext]' },
          // The page, byte for byte: its Content-Security-Policy allows its inline script by hash.
          { from: 'dist-page/cls-bilan.html', to: '[name][ext]', info: { minimized: true } },
          {
            from: 'manifest.xml',
            to: '[name][ext]',
            transform(content) {
              const url = process.env.ADDIN_URL;
              return dev || !url ? content : productionManifest(content.toString(), url);
            },
          },
        ],
      }),
    ],
    performance: { maxAssetSize: 1_500_000, maxEntrypointSize: 1_500_000 },
    devServer: {
      static: { directory: path.resolve(__dirname, 'dist-addin') },
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: serving ? await httpsOptions() : {} },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
};

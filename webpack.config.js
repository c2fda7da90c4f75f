// The task pane bundle, in the conventions of Microsoft's React task-pane template: one entry
// (index.tsx + taskpane.html), icons and manifest copied next to it, HTTPS dev server on :3000 with
// the office-addin-dev-certs certificate. Output: dist-addin/ (dist/ is the CLI's).
//
// ADDIN_URL=https://serveur.example/cls/ npm run build:addin  → the copied manifest points there.
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const { productionManifest } = require('./tools/production-manifest');

async function httpsOptions() {
  // Required lazily: only the dev server needs the certificate.
  const devCerts = require('office-addin-dev-certs');
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
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

// ESLint flat config: TypeScript rules, Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'dist-addin/', 'node_modules/', 'bilans/', 'coverage/', 'samples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'stream', 'worker_threads', 'child_process'],
              message: 'core/ is host-neutral: Node built-ins belong in core/node/.',
            },
            { group: ['**/node/*'], message: 'core/ must not import the Node-only module.' },
          ],
        },
      ],
      // The pane bundles core/ and must parse as ES2017 in older webviews: a regular expression
      // literal with \p{…} (ES2018) breaks the whole bundle. Build such patterns with new RegExp.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[regex.pattern=/\\\\[pP]\\{/]',
          message: 'Build a pattern with \\p{…} with new RegExp(…): the pane must parse as ES2017.',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'jest.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The task pane reads Excel through office.js: the exceljs reader and the Node-only module stay out of its bundle.
    files: ['addin/**/*.ts', 'addin/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/read/xlsx/*', '**/core/node/*', '**/core/read/read-tracking'],
              message: 'The add-in reads sheets through office.js.',
            },
            { group: ['exceljs', 'node:*', 'fs', 'path'], message: 'Not in the browser bundle.' },
          ],
        },
      ],
    },
  },
  {
    files: ['webpack.config.js', 'tools/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The fake Office host: a browser script that also loads as a Node module.
    files: ['test/browser/fake-office.js', 'test/browser/contrast-scan.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        globalThis: 'readonly',
        setTimeout: 'readonly',
        module: 'writable',
        console: 'readonly',
        TextEncoder: 'readonly',
        document: 'readonly',
        getComputedStyle: 'readonly',
        NodeFilter: 'readonly',
      },
    },
  },
  prettier,
);

// Layer rules from docs/architecture.md: an arrow means "may import".
// core -> nothing; generator -> core; store, io -> core; app -> core, store, io, generator;
// cli, server -> app (+ store as composition root, + core types/formatters); web -> core and
// the server's *api-types.ts. Above the store, only its interface (store/index.ts): no
// better-sqlite3, no store internals. Tests may use the generator for their data.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const layer = (name) => ({
  group: [`**/${name}/*`, `**/${name}/**`, `./${name}/*`],
  message: `this layer may not import ${name}/`,
});
const sqlite = {
  group: ['better-sqlite3'],
  message: "the database is the store's business: go through the store interface (store/index.ts)",
};
const storeInternals = {
  group: ['**/store/*', '!**/store/index.js', './store/*', '!./store/index.js'],
  message: 'only the store interface (store/index.ts), not its internals',
};
/** Above the store: app, cli, server. */
const sealedStore = [sqlite, storeInternals];
const nodeBuiltins = {
  group: ['node:*'],
  message: 'core is pure: no node built-ins (pass data and clocks in)',
};
const impure = {
  group: [
    'fs',
    'path',
    'os',
    'crypto',
    'child_process',
    'better-sqlite3',
    'kysely',
    'exceljs',
    'hono',
    '@hono/*',
    'commander',
    'cli-progress',
  ],
  message: 'core is pure: no I/O, storage or shell libraries',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'test-output/**', 'bench/out/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['packages/gst-ims/src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            layer('generator'),
            layer('store'),
            layer('io'),
            layer('app'),
            layer('cli'),
            layer('server'),
            impure,
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Date', 'process', 'Buffer', 'setTimeout'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }],
    },
  },
  {
    files: ['packages/gst-ims/src/generator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            layer('store'),
            layer('io'),
            layer('app'),
            layer('cli'),
            layer('server'),
            impure,
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Date', 'process', 'Buffer'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }],
    },
  },
  {
    // The browser: core's types and pure formatters, and the API's types (server/*api-types.ts).
    files: ['packages/web/src/**/*.ts', 'packages/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('store'),
            layer('io'),
            layer('app'),
            layer('cli'),
            layer('generator'),
            {
              group: ['**/server/*', '!**/server/*api-types.js'],
              message: 'the web sees the server through its API types (server/*api-types.ts) only',
            },
            nodeBuiltins,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [layer('io'), layer('app'), layer('cli'), layer('server'), layer('generator')],
        },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/io/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('store'),
            layer('app'),
            layer('cli'),
            layer('server'),
            layer('generator'),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/io/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('store'), layer('app'), layer('cli'), layer('server')] },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('cli'), layer('server'), ...sealedStore] },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('server'), layer('io'), layer('generator'), ...sealedStore] },
      ],
    },
  },
  {
    // `serve` is the server's composition root: the one CLI file that may start it.
    files: ['packages/gst-ims/src/cli/commands/serve-command.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('io'), layer('generator'), ...sealedStore] },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('cli'), layer('io'), layer('generator'), ...sealedStore] },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer('cli'), layer('io'), ...sealedStore] }],
    },
  },
  {
    // The API's types are type-checked with the web app, which has no node: core types and the
    // app's result types only, and those import core types only.
    files: ['packages/gst-ims/src/server/*api-types.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            impure,
            layer('store'),
            layer('io'),
            layer('cli'),
            {
              group: ['**/app/*', '!**/app/result-types.js'],
              message: 'the web type-checks this file: of the app, only app/result-types.js',
            },
            { group: ['./*'], message: 'the web type-checks this file: no other server module' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/gst-ims/src/app/result-types.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            impure,
            layer('store'),
            layer('io'),
            layer('cli'),
            layer('server'),
            {
              group: ['./*'],
              message:
                'the web type-checks this file (through server/api-types.ts): core types only',
            },
          ],
        },
      ],
    },
  },
  prettier,
);

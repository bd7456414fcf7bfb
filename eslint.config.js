import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FIREBASE = [
  'firebase-admin',
  'firebase-admin/*',
  'firebase-functions',
  'firebase-functions/*',
  'firebase',
  'firebase/*',
  '@google-cloud/*',
];
// The entry files and the wiring: only they may import handlers.
const ENTRY_FILES = ['**/callables/**', '**/triggers/**', '**/tasks/**', '**/schedules/**', '**/services.js', '**/callable.js'];
// What sits above the adapters: handlers and the entry files.
const ABOVE_ADAPTERS = ['**/handlers/**', ...ENTRY_FILES];

/** An ESLint block that refuses, in `files`, imports matching `patterns`, with `why` as the message. */
function layer(files, why, patterns) {
  return {
    files: [files],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message: why }] }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'functions/lib/',
      'functions/node_modules/',
      '.beckon/',
      'bench/results.json',
      'web/public/app.js',
      'web/public/operator.js',
      'client/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The layers of functions/src, held here rather than by memory: each folder imports only from
  // the folders below it (contract < domain < adapters < handlers < entry files). A violation
  // fails `npm run lint`.
  layer('functions/src/contract/**/*.ts', 'the contract imports nothing of ours and no Firebase: clients compile it', [
    '../*',
    ...FIREBASE,
  ]),
  layer('functions/src/domain/**/*.ts', 'the domain is pure: no Firebase, no adapters, handlers or entry files', [
    ...FIREBASE,
    ...ABOVE_ADAPTERS,
    '**/adapters/**',
    '**/config.js',
    '**/logs.js',
  ]),
  layer('functions/src/adapters/**/*.ts', 'adapters serve handlers; they import the domain and the contract, never a handler', [
    ...ABOVE_ADAPTERS,
  ]),
  layer('functions/src/handlers/**/*.ts', 'handlers get their services injected; entry files import them, not the other way', ENTRY_FILES),
  {
    // The bench's floor functions: plain CommonJS for the Functions emulator, with nothing to build.
    files: ['bench/functions/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests may assert on loosely typed emulator data and use non-null assertions on fixtures.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

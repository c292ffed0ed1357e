// Lint for the server, its scripts and tests, the staff console's TypeScript and the mini-program (run by `npm test`
// through `npm run lint`). Type-aware rules (floating promises, promises passed where a callback returns void) use the
// TypeScript project service, so each file is checked with its own tsconfig. Formatting is prettier's (.prettierrc.json).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/miniprogram_npm/**',
      '**/test-output/**',
      'data/**',
      'server/data/**',
      'server/scratch-wx/**',
      // Generated from the OpenAPI document by `npm run gen:types`.
      'miniprogram/types/api.ts',
      'server/console/src/api-types.ts',
      '**/*.vue',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Chinese forms and documents align their blanks with the ideographic space (U+3000) in templates and comments.
    rules: { 'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }] },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['server/tsconfig.json', 'miniprogram/tsconfig.json', 'server/console/tsconfig.json'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it/test return promises the runner awaits itself.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests may reach into untyped shapes (parsed XML, raw rows) on purpose; each `any` there says why in a comment.
    files: ['server/test/**/*.ts', 'miniprogram/test/**', 'scripts/bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['miniprogram/**/*.ts', 'miniprogram/**/*.js', 'cloudfunctions/**/*.js'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        Behavior: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
        requirePlugin: 'readonly',
      },
    },
  },
  {
    // Functions the layout check and renderer send into Chromium run there, with the browser's globals.
    files: ['miniprogram/test/support/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['server/console/src/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
)

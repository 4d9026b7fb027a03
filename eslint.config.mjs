// ESLint flat config: TypeScript everywhere, mini-program globals for miniprogram/, Node elsewhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'test-artifacts/**',
      '.cloud/**',
      'miniprogram/miniprogram_npm/**',
      'miniprogram/staff/miniprogram_npm/**',
      'local/preview/dist/**',
      '**/*.min.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Input validation deliberately matches control characters to refuse them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['miniprogram/**/*.ts', 'miniprogram/**/*.js'],
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
        WechatMiniprogram: 'readonly',
      },
    },
  },
  {
    files: ['local/preview/client/**/*.{ts,js}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Files and functions stay readable: product code (the functions' domain, the mini-program, contracts) at most
  // 600 lines of code a file and 120 a function; the local cloud, the preview and scripts (tools that mimic a
  // platform) 1000 and 200; tests are exempt (a scenario reads top to bottom). Blank lines and comments not counted.
  {
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['local/**/*.{ts,js}', 'scripts/**/*.{ts,js}'],
    rules: {
      'max-lines': ['error', { max: 1000, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 200, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.js'],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.js'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);

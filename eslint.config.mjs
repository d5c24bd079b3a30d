// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.build/**',
      'test-output/**',
      'demo-output/**',
      'tools/**',
      '.vscode-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'No default exports (docs/architecture.md#style).' },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'vscode',
                '@kubernetes/*',
                'node:*',
                'fs',
                'http',
                'https',
                'net',
                '../cluster/*',
                '../ui/*',
                '../extension',
                '../protocol',
              ],
              message: 'src/core is pure: no vscode, no Kubernetes client, no I/O (docs/architecture.md#layers).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cluster/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', '../ui/*', '../extension'],
              message: 'src/cluster never imports vscode (docs/architecture.md#layers).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', '@kubernetes/*', 'node:*', '../src/cluster/*', '../src/ui/*', '../src/extension'],
              message:
                'webview/ imports only src/protocol.ts, pure src/core modules and its own UI libraries (docs/architecture.md#layers).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  // Formatting is Prettier's (npm run lint runs prettier --check): turn off the rules it owns.
  prettierConfig,
);

// ESLint (flat config): TypeScript, React, hooks and accessibility rules over the whole repository.
// Formatting is Prettier's job (`npm run format`), so no stylistic rules here.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'public/build/**',
      'app/generated/**',
      'node_modules/**',
      '.data/**',
      'test-results*/**',
      'playwright-report*/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // A timer set after the render starts, read by the render's callbacks (app/entry.server.tsx).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.tsx'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    settings: { react: { version: 'detect' } },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'react/prop-types': 'off',
      // After a failed form post the error summary takes the focus: without JavaScript only
      // autoFocus can move it there (app/components/form-errors.tsx).
      'jsx-a11y/no-autofocus': 'off',
      // An image's alt says which of a product's images it is ("Lamp, image 2 of 3"): the word the
      // rule looks for is the one we mean.
      'jsx-a11y/img-redundant-alt': 'off',
      // A scrollable region must take the keyboard's focus so that arrow keys scroll it.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'], tags: [] }],
      // Links are bare anchors the router follows (app/components/plain-link.tsx): Remix's own
      // cost a dozen hooks each on the server, on pages of a hundred links.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@remix-run/react',
              importNames: ['Link', 'NavLink'],
              message: 'Use PlainLink (~/components/plain-link.tsx), or a bare <a> for a document load.',
            },
          ],
        },
      ],
    },
  },
  {
    // Command-line tools and the benchmark print their results for a person to read.
    files: ['scripts/**', 'bench/**', 'server/*-cli.ts', 'server/*-command.ts', 'server/load.test.ts'],
    rules: { 'no-console': 'off' },
  },
);

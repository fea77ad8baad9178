import globals from 'globals';
// @ts-check
// The house rules a tool can keep: type-checked TypeScript rules, the layers (who may import whom) and no import
// cycles. Formatting is Prettier's (eslint-config-prettier turns off every rule that would disagree with it).
// Globs, not file lists: a new folder under bot/, dialogs/, services/ or test/ is covered as it lands.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Packages that speak Bot Framework or HTTP: only bot/ and dialogs/ may know them. */
const BOT_FRAMEWORK = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*'];
const HTTP_SERVER = ['restify', 'restify-*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.data/**', 'coverage/**', 'scripts/ferretdb/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain: free of the bot framework, the HTTP server and the layers above it.
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: BOT_FRAMEWORK,
              message: 'services/ is free of botbuilder: take what you need through a port in dialogs/ports.ts or bot/.',
            },
            { group: HTTP_SERVER, message: 'services/ knows nothing of HTTP: routes live in bot/http/.' },
          ],
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './services',
              from: './dialogs',
              message: 'services/ never imports dialogs/: the thread runs bot → dialogs → services.',
            },
            { target: './services', from: './bot', message: 'services/ never imports bot/: the thread runs bot → dialogs → services.' },
          ],
        },
      ],
    },
  },
  {
    // Conversation flows: no database, no process wiring.
    files: ['dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['mongodb', 'mongodb-*'], message: 'dialogs/ never talks to MongoDB: ask a port (dialogs/ports.ts).' },
            { group: HTTP_SERVER, message: 'dialogs/ knows nothing of HTTP.' },
          ],
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './dialogs', from: './bot', message: 'dialogs/ never imports bot/: bot wires dialogs, not the reverse.' }] },
      ],
    },
  },
  {
    // Tests read JSON answers of any shape and hand them to jest's matchers, which check the shape themselves.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['bot/mongoStorage.ts'], rules: { '@typescript-eslint/no-base-to-string': 'off' } },
  {
    // Scripts of the pages the bot serves: plain browser JavaScript, loaded by the browser, not by Node.
    files: ['public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: false },
      sourceType: 'script',
      globals: { ...globals.browser, WebChat: 'readonly' },
    },
  },
  {
    // The admin page is ES modules (one per section), loaded with <script type="module">.
    files: ['public/admin/**/*.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
  },
  prettier,
);

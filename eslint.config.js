// Lint for the layers (docs/ARCHITECTURE.md, layout): which code may import what. The compiler
// projects (tsconfig.<layer>.json) hold each layer to its globals; these rules hold it to its
// imports. Besides them: ESLint's and typescript-eslint's recommended sets, and React's two hook
// rules for the page.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

/** The modules of main the page may import: the one list is tsconfig.pure.json's. */
const PURE_MODULES = ts
  .readConfigFile(fileURLToPath(new URL('tsconfig.pure.json', import.meta.url)), ts.sys.readFile)
  .config.files.filter((file) => file.startsWith('main/'));

const NODE_BUILTINS = {
  paths: builtinModules.map((name) => ({ name, message: 'Node is not there: this code runs in the page (or the sandboxed preload).' })),
  patterns: [{ regex: '^node:', message: 'Node is not there: this code runs in the page (or the sandboxed preload).' }],
};
const ELECTRON = { name: 'electron', message: 'Electron stays in the shell (main/*.ts, main/ipc, preload/index.ts).' };
/** The end of an import of a pure module (`core/model.js`), wherever the importer sits. */
const PURE_IMPORT = `(${PURE_MODULES.map((file) => file.slice('main/'.length, -'.ts'.length).replaceAll('.', '\\.')).join('|')})(\\.js)?$`;

/**
 * One home per provider (ARCHITECTURE.md, Providers): outside main/core/providers a provider is
 * asked what it does (`providerSpec(org.provider).signing`), never compared by name, and no table
 * is keyed by provider (a missed row falls silently to a default). The names are the specs' ids.
 */
const PROVIDERS_DIR = new URL('main/core/providers/', import.meta.url);
const PROVIDER_IDS = readdirSync(PROVIDERS_DIR)
  .flatMap((file) => [...readFileSync(new URL(file, PROVIDERS_DIR), 'utf8').matchAll(/^ {2}id: '([a-z0-9-]+)',$/gm)].map((m) => m[1]))
  .join('|');
const PROVIDER_RULE = 'Ask the provider\'s spec (providerSpec(org.provider).…, main/core/providers/) instead of comparing its name or keying a table by it.';
const PROVIDER_SELECTORS = [
  ...['left', 'right'].flatMap((side) => {
    const other = side === 'left' ? 'right' : 'left';
    return [`[${side}.property.name='provider']`, `[${side}.name='provider']`].map(
      (provider) => `BinaryExpression[operator=/^[!=]==?$/]${provider}[${other}.value=/^(${PROVIDER_IDS})$/]`,
    );
  }),
  "SwitchStatement[discriminant.property.name='provider']",
  "SwitchStatement[discriminant.name='provider']",
  "TSTypeReference[typeName.name='Record'] > TSTypeParameterInstantiation > TSTypeReference:first-child[typeName.name='Provider']",
  "TSMappedType[constraint.typeName.name='Provider']",
].map((selector) => ({ selector, message: PROVIDER_RULE }));

const CONTRACT_TYPES_ONLY = {
  regex: '(^|/)preload/contract(\\.js)?$|^\\./contract(\\.js)?$',
  allowTypeImports: true,
  message: "Only types from the contract here: its schemas are main's (the preload builds the API from preload/channel-names.ts).",
};

export default defineConfig(
  { ignores: ['dist/', 'release/', 'test-results/', '.tokendeck-test-*/', '.tsbuild/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is left unused on purpose (a field taken out by
      // destructuring, a callback's unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Every control character in a pattern here is deliberate: header, terminal-escape and
      // hostile-value checks exist to match them.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests edit parsed JSON (setup files, hostile payloads) freely.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Every copy goes through main (window.tokendeck): the window grants the page no clipboard
    // permission, so a copy made here fails silently in Electron, and main's timed clear and
    // hand-out records would not see it.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[property.name='clipboard']",
          "MemberExpression[property.value='clipboard']",
          "MemberExpression[property.type='TemplateLiteral'] > TemplateLiteral > TemplateElement[value.raw=/^(clipboard|execCommand|ClipboardItem)$/]",
          "ObjectPattern > Property[key.name='clipboard']",
          "ObjectPattern > Property[key.value='clipboard']",
          "CallExpression[callee.property.name='execCommand']",
          "CallExpression[callee.property.value='execCommand']",
          "CallExpression[callee.name='execCommand']",
          "NewExpression[callee.name='ClipboardItem']",
          "NewExpression[callee.property.name='ClipboardItem']",
        ].map((selector) => ({ selector, message: 'Copy through main (window.tokendeck: key.copyPublic, clipboard.copyText, tokens.copy…): the page has no clipboard in Electron.' })),
        ...PROVIDER_SELECTORS,
      ],
    },
  },
  {
    // Main's files and the preload's: no provider's name compared, no table keyed by provider.
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    ignores: ['main/core/providers/**'],
    rules: { 'no-restricted-syntax': ['error', ...PROVIDER_SELECTORS] },
  },
  {
    // The core and the CLI run in plain Node (tested without Electron, shipped as `tokendeck`).
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts', 'main/cli.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [ELECTRON] }] },
  },
  {
    // The page reaches main through the contract's types and the pure modules, nothing else.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON, ...NODE_BUILTINS.paths],
          patterns: [
            ...NODE_BUILTINS.patterns,
            {
              regex: `(^|/)main/(?!${PURE_IMPORT})`,
              message: "The page imports from main only the pure modules (tsconfig.pure.json); main's answers are typed in preload/contract.ts.",
            },
            { regex: '(^|/)preload/(?!contract(\\.js)?$)', message: 'The page talks to the preload through window.tokendeck (renderer/src/bridge.ts).' },
            CONTRACT_TYPES_ONLY,
          ],
        },
      ],
    },
  },
  {
    // What the page runs from main, and the names the sandboxed preload is built from.
    files: [...PURE_MODULES, 'preload/channel-names.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [ELECTRON, ...NODE_BUILTINS.paths], patterns: [...NODE_BUILTINS.patterns, CONTRACT_TYPES_ONLY] },
      ],
    },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';

const nodeBuiltins = ['node:*', 'fs', 'path', 'net', 'tls', 'os', 'child_process', 'http', 'https', 'crypto', 'events', 'stream', 'url', 'util', 'zlib', 'dgram', 'dns', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The Electron-free core: protocol, connection, HA session, simulator, CLIs.
  {
    files: ['app/main/tserver/**', 'app/main/cli/**', 'app/main/ipc/**', 'sim/**', 'app/shared/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core runs without Electron (DESIGN.md §2).' }], patterns: [{ group: ['**/desktop/**', '**/preload/**', '**/renderer/**'], message: 'The core must not depend on Electron adapters or UI.' }] }],
    },
  },
  // Shared contract: types and validators only, usable from main, preload and renderer.
  {
    files: ['app/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'app/shared is host-neutral.' }], patterns: [{ group: nodeBuiltins, message: 'app/shared runs in the renderer too: no Node built-ins.' }, { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/sim/**'], message: 'app/shared depends on nothing else in the app.' }] }],
    },
  },
  ...svelte.configs.recommended,
  {
    files: ['app/renderer/**/*.svelte', 'app/renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Renderer: browser only.
  {
    files: ['app/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to main only through window.toolbar.' }], patterns: [{ group: nodeBuiltins, message: 'The renderer is sandboxed: no Node built-ins.' }, { group: ['**/main/**', '**/preload/**', '**/sim/**'], message: 'The renderer imports only app/shared and itself.' }] }],
    },
  },
  // Preload: electron's contextBridge/ipcRenderer and app/shared only.
  {
    files: ['app/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: nodeBuiltins, message: 'Sandboxed preload: no Node built-ins.' }, { group: ['**/main/**', '**/renderer/**', '**/sim/**'], message: 'The preload imports only app/shared.' }] }],
    },
  },
);

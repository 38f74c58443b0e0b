import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import layers from './eslint-rules/layers.js';

// The layer table (docs/architecture.md §1, DESIGN.md §2). An allow-list: a layer
// imports itself and what `may` names, nothing else; Node built-ins, npm packages
// and electron only where set. The first layer whose `files` match owns a file,
// so an exact file is listed before its folder. Type-only imports count too.
const tserver = ['protocol', 'tserver-base', 'connection', 'session'];
const main = [...tserver, 'logging', 'credentials', 'config', 'ipc', 'core', 'cli', 'preview', 'desktop'];
// What bench/ and scripts/ drive: everything that runs in plain Node.
const tooling = [...tserver, 'shared', 'logging', 'credentials', 'config', 'ipc', 'core', 'cli', 'preview', 'sim', 'test'];
const node = { node: true, packages: true };
const layerTable = {
  shared: { files: ['app/shared/**'], may: [], packages: ['valibot'] }, // runs in the renderer too
  protocol: { files: ['app/main/tserver/protocol/**'], may: [], node: true }, // the codec, dependency-free
  'tserver-base': { files: ['app/main/tserver/*'], may: ['protocol'], node: true }, // core-logger, endpoint-*, request-error
  connection: { files: ['app/main/tserver/connection/**'], may: ['protocol', 'tserver-base', 'shared'], ...node },
  session: { files: ['app/main/tserver/session/**'], may: ['connection', 'protocol', 'tserver-base', 'shared'], ...node },
  sim: { files: ['sim/**'], may: ['protocol', 'tserver-base', 'shared'], ...node },
  logging: { files: ['app/main/logging/**'], may: ['shared'], ...node },
  // agent-password.ts knows which switch error codes refuse a password.
  credentials: { files: ['app/main/credentials/**'], may: ['logging', 'protocol', 'tserver-base'], ...node },
  config: { files: ['app/main/config/**'], may: [...tserver, 'logging', 'shared'], ...node },
  ipc: { files: ['app/main/ipc/**'], may: [...tserver, 'credentials', 'logging', 'shared'], ...node },
  // The one composition root of the three hosts; the simulator is the host's to start (injected), never Electron.
  core: { files: ['app/main/core/**'], may: [...tserver, 'config', 'credentials', 'ipc', 'logging', 'shared'], ...node },
  cli: { files: ['app/main/cli/**'], may: [...tserver, 'core', 'config', 'credentials', 'logging', 'shared'], ...node },
  preview: { files: ['app/main/preview/**'], may: [...tserver, 'core', 'ipc', 'config', 'credentials', 'logging', 'cli', 'sim', 'shared'], ...node },
  desktop: { files: ['app/main/desktop/**'], may: [...tserver, 'ipc', 'config', 'credentials', 'logging', 'shared'], ...node, electron: true },
  'main-entry': { files: ['app/main/index.ts'], may: [...main, 'sim', 'shared'], ...node, electron: true },
  preload: { files: ['app/preload/**'], may: ['shared'], electron: true },
  renderer: { files: ['app/renderer/**'], may: ['shared'], packages: true },
  // The security check reads the real window options, CSP and hardening it audits.
  'security-check': { files: ['scripts/security-check.ts'], may: [...tooling, 'bench', 'scripts', 'desktop'], ...node },
  bench: { files: ['bench/**'], may: [...tooling, 'scripts'], ...node },
  scripts: { files: ['scripts/**'], may: [...tooling, 'bench'], ...node },
  test: { files: ['test/**'], may: '*', ...node, electron: true },
};

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
  ...svelte.configs.recommended,
  {
    files: ['app/renderer/**/*.svelte', 'app/renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['app/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Every file, .svelte included; files outside `layered` (root configs, eslint-rules/) are not checked.
  {
    plugins: { local: { rules: { layers } } },
    rules: {
      'local/layers': ['error', { root: import.meta.dirname, layers: layerTable, layered: ['app', 'sim', 'bench', 'scripts', 'test'] }],
    },
  },
);

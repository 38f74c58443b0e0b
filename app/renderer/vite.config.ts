// Builds the renderer into dist/renderer with relative URLs, so the same files
// work under Electron's agent-toolbar://app/ scheme and the preview host's
// http://127.0.0.1:PORT/. preview-shim.js is a second entry used only by the browser
// preview host, which adds it to the page it serves; Electron never loads it.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: `${here}../../dist/renderer`,
    emptyOutDir: true,
    // The polyfill would be an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
    sourcemap: false,
    rolldownOptions: {
      input: { index: `${here}index.html`, 'preview-shim': `${here}preview-shim.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'preview-shim' ? 'preview-shim.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});

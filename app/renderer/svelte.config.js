// Svelte compiler options for vite-plugin-svelte and svelte-check (defaults: runes, TypeScript without preprocessing).
export default {};

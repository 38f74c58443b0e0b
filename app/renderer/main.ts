// Renderer entry: the API the Electron preload or the preview shim exposed is
// the only way to main; without it the page says so instead of failing silently.
import { mount } from 'svelte';
import { findToolbarApi } from './lib/bridge.ts';
import { WORDS } from './lib/messages.ts';
import App from './components/App.svelte';
import { documentVisibility, ToolbarState } from './state/toolbar.svelte.ts';
import './styles.css';

const target = document.getElementById('app');
const api = findToolbarApi(window);
if (!target) {
  throw new Error('index.html has no #app element');
} else if (!api) {
  target.textContent = WORDS.problem.noBackend;
} else {
  const app = new ToolbarState(api, documentVisibility());
  mount(App, { target, props: { app } });
  void app.start();
}

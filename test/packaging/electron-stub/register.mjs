// `node --import <this file> dist/main/index.js`: maps the bare specifier
// `electron` to ./electron.mjs, so the packaged main bundle can be evaluated by
// plain Node (Electron's binary is not available here). Every other import
// resolves as Node resolves it: nothing else is stubbed.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

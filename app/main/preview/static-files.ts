// Serves the built renderer (dist/renderer) to the preview browser: GET/HEAD
// only, no path escapes, the same CSP as index.html as a header, and the
// preview shim added to the page so window.agentToolbar exists before the app runs.
// The page itself needs the run's access token (access-token.ts); the scripts and
// styles it loads are the public build output and do not.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { tokenMatches, tokenOf } from './access-token.ts';

export const PREVIEW_SHIM = 'preview-shim.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** index.html's CSP, plus what only a header can say. */
export function cspOf(html: string): string | null {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  return m ? `${m[1]}; frame-ancestors 'none'` : null;
}

/** Puts the shim's module script before the first script, so it runs first. */
export function withShim(html: string): string {
  const tag = `<script type="module" src="./${PREVIEW_SHIM}"></script>\n    `;
  const at = html.search(/<script\b/i);
  if (at < 0) throw new Error('index.html has no script to run the renderer');
  return html.slice(0, at) + tag + html.slice(at);
}

export interface StaticFilesOptions {
  root: string;
  /** Expected Host header (127.0.0.1:PORT), known once listening. */
  host: () => string;
  /** The run's access token, required to load the page. */
  token: string;
}

export async function loadIndex(root: string): Promise<{ html: string; csp: string }> {
  const raw = await readFile(resolve(root, 'index.html'), 'utf8');
  const csp = cspOf(raw);
  if (!csp) throw new Error(`${root}/index.html has no Content-Security-Policy meta tag`);
  return { html: withShim(raw), csp };
}

export function createStaticHandler(options: StaticFilesOptions, index: { html: string; csp: string }) {
  const root = resolve(options.root);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers: Record<string, string> = {
      'Content-Security-Policy': index.csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.headers.host !== options.host()) return send(421, 'wrong host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (path === '/' || path === '/index.html') {
      if (!tokenMatches(tokenOf(req.url), options.token)) return send(403, 'missing or wrong access token: open the URL the preview printed\n');
      return send(200, index.html, TYPES['.html']);
    }
    const file = resolve(root, `.${path}`);
    if (!file.startsWith(root + sep) || path.includes('\0')) return send(404, 'not found\n');
    const type = TYPES[extname(file)];
    if (!type) return send(404, 'not found\n');
    try {
      return send(200, await readFile(file), type);
    } catch {
      return send(404, 'not found\n');
    }
  };
}

// The renderer is served from our own privileged scheme, not file:// (Electron
// security checklist: custom protocol instead of file://), so "our origin" is
// one exact string every check can compare against.
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'agent-toolbar';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of our own renderer (exact scheme and host, nothing else). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * The file under `root` an app URL names, or null when it names anything
 * else (other host, traversal outside root, encoded separators).
 */
export function resolveAppAsset(url: string, root: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function mimeTypeFor(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 && MIME[file.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

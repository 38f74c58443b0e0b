// Serves the built renderer on agent-toolbar://app/ with our CSP on every
// response. Registered as a privileged standard scheme before app ready.
import { readFile } from 'node:fs/promises';
import type { Protocol, Session } from 'electron';
import { APP_SCHEME, mimeTypeFor, resolveAppAsset } from './app-origin.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** The response for one app URL: the file under rendererRoot, or 404. */
export async function serveAppAsset(url: string, rendererRoot: string, read: (file: string) => Promise<Buffer> = readFile): Promise<Response> {
  const file = resolveAppAsset(url, rendererRoot);
  if (!file) return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } });
  try {
    const body = await read(file);
    return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeFor(file) } });
  } catch {
    return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } });
  }
}

export function handleAppScheme(session: Pick<Session, 'protocol'>, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppAsset(request.url, rendererRoot));
}

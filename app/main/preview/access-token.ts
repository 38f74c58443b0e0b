// The preview host's per-run access token (issue 9). The Origin header is only a
// browser's promise: any local process can send `Origin: http://127.0.0.1:PORT`.
// So the URL the host prints carries a random token, and both the page load and
// the WebSocket upgrade must present it. Compared in constant time; never logged.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PREVIEW_TOKEN_PARAM } from '../../shared/ipc-contract.ts';

/** 192 random bits, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token a request URL carries (`?token=…`), or null. */
export function tokenOf(requestUrl: string | undefined): string | null {
  const query = (requestUrl ?? '').split('?')[1];
  return query === undefined ? null : new URLSearchParams(query).get(PREVIEW_TOKEN_PARAM);
}

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The URL to print: the page with its token. */
export function urlWithToken(origin: string, token: string): string {
  return `${origin}/?${PREVIEW_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

// The Content-Security-Policy for the Electron window, sent as a header on
// every response of our app scheme (and on any other response as a fallback).
// It is stricter than the renderer's meta tag: Electron needs no WebSocket.
// No Electron import: the security check script reads it too.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'none'",
  "media-src 'none'",
  "worker-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

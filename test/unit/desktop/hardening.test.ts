import { describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, SECURITY_HEADERS, serveAppAsset } from '../../../app/main/desktop/app-protocol.ts';
import { isAppUrl, resolveAppAsset } from '../../../app/main/desktop/app-origin.ts';
import { CONTENT_SECURITY_POLICY } from '../../../app/main/desktop/csp.ts';
import { hardenSession } from '../../../app/main/desktop/hardening.ts';

vi.mock('electron', () => ({}));

describe('session hardening', () => {
  function setup() {
    const s: Record<string, (...a: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (fn: never) => void (s.request = fn),
      setPermissionCheckHandler: (fn: never) => void (s.check = fn),
      setDevicePermissionHandler: (fn: never) => void (s.device = fn),
      webRequest: {
        onBeforeRequest: (filter: { urls: string[] }, fn: never) => void ((s.before = fn), (s.filter = (() => filter) as never)),
        onHeadersReceived: (fn: never) => void (s.headers = fn),
      },
    };
    hardenSession(session as never, { warn: () => {} });
    return s as Record<string, (...a: unknown[]) => unknown>;
  }

  it('denies every permission request and check', () => {
    const s = setup();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      s.request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.check!({}, permission, 'agent-toolbar://app', {})).toBe(false);
    }
    expect(s.device!({})).toBe(false);
  });

  it('cancels remote requests and adds the CSP header to every response', () => {
    const s = setup();
    expect((s.filter!() as { urls: string[] }).urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const cb = vi.fn();
    s.before!({ url: 'https://cdn.example/x.js' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });
    const hcb = vi.fn();
    s.headers!({ responseHeaders: { 'X-Other': ['1'] } }, hcb);
    expect(hcb).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('CSP', () => {
  it('is strict: nothing inline, nothing eval, nothing remote', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|ws:/);
    for (const d of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(d);
    }
  });
});

describe('app scheme', () => {
  const root = '/opt/toolbar/dist/renderer';
  it('serves files under the renderer root only', () => {
    expect(resolveAppAsset('agent-toolbar://app/index.html', root)).toBe(`${root}/index.html`);
    expect(resolveAppAsset('agent-toolbar://app/', root)).toBe(`${root}/index.html`);
    expect(resolveAppAsset('agent-toolbar://app/assets/index-abc.js?x=1#y', root)).toBe(`${root}/assets/index-abc.js`);
    // The URL parser already folds plain and %2e dot segments: they stay inside the root.
    expect(resolveAppAsset('agent-toolbar://app/../../etc/passwd', root)).toBe(`${root}/etc/passwd`);
    expect(resolveAppAsset('agent-toolbar://app/%2e%2e/%2e%2e/etc/passwd', root)).toBe(`${root}/etc/passwd`);
    for (const url of [
      'agent-toolbar://app/assets/..%2f..%2f..%2fetc/passwd',
      'agent-toolbar://app/a%5c..%5c..%5cx',
      'agent-toolbar://app/a%00.js',
      'agent-toolbar://app/%E0%A4%A',
      'agent-toolbar://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveAppAsset(url, root), url).toBeNull();
    }
    expect(isAppUrl('agent-toolbar://app:80/')).toBe(false);
  });

  it('answers with the CSP and the right type, 404 otherwise', async () => {
    const read = async (file: string) => {
      if (file === `${root}/index.html`) return Buffer.from('<!doctype html>');
      throw new Error('ENOENT');
    };
    const ok = await serveAppAsset('agent-toolbar://app/index.html', root, read);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toBe('<!doctype html>');
    for (const url of ['agent-toolbar://app/missing.js', 'agent-toolbar://app/../secret']) {
      const r = await serveAppAsset(url, root, read);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    }
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
  });
});

// An Electronegativity-style checker for this app (the real
// @doyensec/electronegativity is not installed here). It evaluates the real
// window options, CSP and session guards, and scans the sources for the
// Electron security checklist items. Writes docs/security/security-check.{json,md};
// exits 1 on any high-severity finding.
// Run: npm run security:check
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mainWindowOptions } from '../app/main/desktop/window-options.ts';
import { CONTENT_SECURITY_POLICY } from '../app/main/desktop/csp.ts';
import { APP_SCHEME_PRIVILEGES } from '../app/main/desktop/app-protocol.ts';
import { hardenSession, hardenWebContents } from '../app/main/desktop/hardening.ts';

type Severity = 'high' | 'medium' | 'low' | 'info';
interface Finding {
  id: string;
  severity: Severity;
  ok: boolean;
  message: string;
  where?: string;
}

const root = join(import.meta.dirname, '..');
const findings: Finding[] = [];
const check = (id: string, severity: Severity, ok: boolean, message: string, where?: string) =>
  findings.push({ id, severity, ok, message, ...(where ? { where } : {}) });

// 1. The window options Electron actually gets.
const prefs = mainWindowOptions({ preloadPath: 'preload.cjs', bounds: null, alwaysOnTop: false, compact: false, devTools: false }).webPreferences ?? {};
const expected: [keyof typeof prefs, unknown, Severity][] = [
  ['contextIsolation', true, 'high'],
  ['sandbox', true, 'high'],
  ['nodeIntegration', false, 'high'],
  ['nodeIntegrationInWorker', false, 'high'],
  ['nodeIntegrationInSubFrames', false, 'high'],
  ['webSecurity', true, 'high'],
  ['allowRunningInsecureContent', false, 'high'],
  ['experimentalFeatures', false, 'medium'],
  ['webviewTag', false, 'medium'],
  ['navigateOnDragDrop', false, 'low'],
];
for (const [key, want, severity] of expected) {
  check(`WEB_PREFERENCES_${String(key).toUpperCase()}`, severity, prefs[key] === want, `webPreferences.${String(key)} is ${JSON.stringify(prefs[key])} (want ${JSON.stringify(want)})`, 'app/main/desktop/window-options.ts');
}
check('DEVTOOLS_IN_PRODUCTION', 'medium', prefs.devTools === false, 'DevTools off in packaged builds', 'app/main/desktop/window-options.ts');

// 2. CSP.
const csp = CONTENT_SECURITY_POLICY;
const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
check('CSP_PRESENT', 'high', csp.length > 0, 'a Content-Security-Policy is defined', 'app/main/desktop/csp.ts');
check('CSP_DEFAULT_SRC', 'high', ["'none'", "'self'"].includes(directives.get('default-src')?.join(' ') ?? ''), `default-src is ${directives.get('default-src')?.join(' ') ?? 'missing'}`);
check('CSP_NO_UNSAFE', 'high', !/'unsafe-(inline|eval|hashes)'|'wasm-unsafe-eval'/.test(csp), "no 'unsafe-*' source");
check('CSP_NO_WILDCARD_OR_REMOTE', 'high', !/(^|\s)\*|https?:|wss?:|data:\s*;?\s*script/.test(csp.replace("img-src 'self' data:", '')), 'no wildcard or remote source');
check('CSP_OBJECT_SRC', 'medium', directives.get('object-src')?.join(' ') === "'none'", "object-src 'none'");
check('CSP_BASE_URI', 'medium', directives.get('base-uri')?.join(' ') === "'none'", "base-uri 'none'");
check('CSP_FRAME_ANCESTORS', 'low', directives.get('frame-ancestors')?.join(' ') === "'none'", "frame-ancestors 'none'");
check('CUSTOM_SCHEME_NO_CSP_BYPASS', 'high', !('bypassCSP' in APP_SCHEME_PRIVILEGES.privileges), 'app scheme does not bypass CSP', 'app/main/desktop/app-protocol.ts');

// 3. Session and webContents guards, exercised on stubs.
{
  let requestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  let checkHandler: ((...a: unknown[]) => boolean) | null = null;
  let blocked: string[] = [];
  let headersHandler: ((d: unknown, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null;
  hardenSession(
    {
      setPermissionRequestHandler: (fn: never) => void (requestHandler = fn),
      setPermissionCheckHandler: (fn: never) => void (checkHandler = fn),
      setDevicePermissionHandler: () => {},
      webRequest: {
        onBeforeRequest: (filter: { urls: string[] }) => void (blocked = filter.urls),
        onHeadersReceived: (fn: never) => void (headersHandler = fn),
      },
    } as never,
    { warn: () => {} },
  );
  let granted: boolean | null = null;
  (requestHandler as unknown as ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null)?.(null, 'media', (g) => (granted = g));
  check('PERMISSION_REQUEST_HANDLER', 'high', granted === false, 'setPermissionRequestHandler denies requests', 'app/main/desktop/hardening.ts');
  check('PERMISSION_CHECK_HANDLER', 'medium', (checkHandler as unknown as ((...a: unknown[]) => boolean) | null)?.(null, 'media', 'x', {}) === false, 'setPermissionCheckHandler denies checks');
  check('NO_REMOTE_CONTENT', 'high', ['http://*/*', 'https://*/*'].every((u) => blocked.includes(u)), 'remote http(s) requests are cancelled', 'app/main/desktop/hardening.ts');
  let cspHeader: string[] | undefined;
  (headersHandler as unknown as ((d: unknown, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null)?.({ responseHeaders: {} }, (r) => (cspHeader = r.responseHeaders?.['Content-Security-Policy']));
  check('CSP_HEADER_SET', 'high', cspHeader?.[0] === csp, 'every response gets the CSP header');

  let openResult: unknown = null;
  const events = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
  hardenWebContents({ setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => void (openResult = fn({ url: 'https://x' })), on: (n: string, fn: never) => void events.set(n, fn) } as never, { warn: () => {} });
  check('WINDOW_OPEN_HANDLER', 'high', JSON.stringify(openResult) === '{"action":"deny"}', 'setWindowOpenHandler denies new windows', 'app/main/desktop/hardening.ts');
  for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    let prevented = false;
    events.get(name)?.({ preventDefault: () => (prevented = true) }, 'https://x');
    check(`${name.toUpperCase().replace(/-/g, '_')}_BLOCKED`, 'high', prevented, `${name} is prevented`, 'app/main/desktop/hardening.ts');
  }
}

// 4. Source scan.
function files(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, exts));
    else if (exts.test(name)) out.push(path);
  }
  return out;
}
const sources = [...files(join(root, 'app'), /\.(ts|svelte|html)$/), ...files(join(root, 'sim'), /\.ts$/)].filter((f) => !f.endsWith('.d.ts'));
const patterns: [string, Severity, RegExp, string][] = [
  ['NODE_INTEGRATION_ON', 'high', /nodeIntegration\s*:\s*true/, 'nodeIntegration enabled'],
  ['CONTEXT_ISOLATION_OFF', 'high', /contextIsolation\s*:\s*false/, 'contextIsolation disabled'],
  ['SANDBOX_OFF', 'high', /sandbox\s*:\s*false/, 'sandbox disabled'],
  ['WEB_SECURITY_OFF', 'high', /webSecurity\s*:\s*false/, 'webSecurity disabled'],
  ['INSECURE_CONTENT', 'high', /allowRunningInsecureContent\s*:\s*true/, 'insecure content allowed'],
  ['REMOTE_MODULE', 'high', /enableRemoteModule|@electron\/remote/, 'remote module used'],
  ['RAW_IPC_EXPOSED', 'high', /exposeInMainWorld\([^,]+,\s*(ipcRenderer\b|\{[^}]*\bipcRenderer\b)/, 'raw ipcRenderer exposed'],
  ['REMOTE_LOADURL', 'high', /loadURL\(\s*['"`]https?:/, 'window loads remote content'],
  ['OPEN_EXTERNAL', 'high', /shell\.openExternal\(/, 'shell.openExternal (must never take untrusted input)'],
  ['BYPASS_CSP', 'high', /bypassCSP\s*:\s*true/, 'custom scheme bypasses CSP'],
  ['WEBVIEW_TAG', 'medium', /<webview|allowpopups/, 'webview or allowpopups'],
  ['BLINK_FEATURES', 'medium', /enableBlinkFeatures/, 'extra Blink features enabled'],
  ['EVAL', 'medium', /\beval\(|new Function\(/, 'eval or new Function'],
  ['RAW_HTML', 'medium', /\{@html\s|\.innerHTML\s*=|insertAdjacentHTML/, 'raw HTML insertion (XSS risk)'],
  ['OPEN_DEVTOOLS', 'low', /openDevTools\(/, 'DevTools opened programmatically'],
];
for (const [id, severity, re, message] of patterns) {
  const hits = sources.filter((f) => re.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  check(id, severity, hits.length === 0, hits.length === 0 ? `no ${message}` : `${message}`, hits.join(', ') || undefined);
}
const preload = readFileSync(join(root, 'app/preload/index.ts'), 'utf8');
check('PRELOAD_EXPOSES_API_ONLY', 'high', /exposeInMainWorld\(EXPOSED_KEY, buildToolbarApi\(ipcRenderer\)\)/.test(preload) && (preload.match(/exposeInMainWorld/g) ?? []).length === 1, 'preload exposes one typed API object', 'app/preload/index.ts');

// Report.
const failed = findings.filter((f) => !f.ok);
const high = failed.filter((f) => f.severity === 'high');
const outDir = join(root, 'docs', 'security');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'security-check.json'), `${JSON.stringify({ tool: 'scripts/security-check.ts', checks: findings.length, failed: failed.length, high: high.length, findings }, null, 2)}\n`);
const md = [
  '# Electron security check',
  '',
  'Generated by `npm run security:check` (scripts/security-check.ts), an Electronegativity-style checker:',
  '`@doyensec/electronegativity` is not installed on these machines. It evaluates the real window',
  'options, CSP and session/webContents guards, and scans `app/` and `sim/` sources.',
  '',
  `**${findings.length} checks, ${failed.length} findings (${high.length} high).**`,
  '',
  '| check | severity | result | detail |',
  '|---|---|---|---|',
  ...findings.map((f) => `| ${f.id} | ${f.severity} | ${f.ok ? 'pass' : '**FAIL**'} | ${f.message}${f.where ? ` (${f.where})` : ''} |`),
  '',
].join('\n');
writeFileSync(join(outDir, 'security-check.md'), md);
for (const f of failed) console.log(`${f.severity.toUpperCase()} ${f.id}: ${f.message}${f.where ? ` — ${f.where}` : ''}`);
console.log(`security check: ${findings.length} checks, ${failed.length} findings, ${high.length} high`);
process.exit(high.length > 0 ? 1 : 0);

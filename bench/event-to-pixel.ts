// Event-to-pixel benchmark (issue 5): from the simulator writing
// EventLinkDisconnected to the link-down banner being in Chromium's DOM — through
// the real HA session, the
// preview host's WebSocket IPC and the Svelte renderer. Also the renderer's
// built JS size (gzip). One JSON line per result on stdout; progress on stderr.
//   npm run bench:pixel [-- --flips 200 --no-build]
//
// Clocks: the simulator stamps each frame as it writes it (sim.onSend) with
// performance.timeOrigin + performance.now() in Node; the page stamps the
// banner with the same expression in Chromium (a MutationObserver callback,
// which runs right after the DOM change, before the next paint). Both are wall
// clock on this machine in fractional ms. Their agreement is checked, not
// assumed: the offset between them is measured with round trips
// (browser time − midpoint of the Node times around it) and reported with its
// uncertainty (half the shortest round trip).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { RENDERER_DIR, startPreviewApp } from '../app/main/preview/preview-app.ts';
import { startSimulator } from '../sim/index.ts';
import { launchChromium } from '../test/e2e/support/chromium.ts';
import { emitResult, environment, progress } from './lib/report.ts';
import { summarize } from './lib/stats.ts';

/** One frame at 60 Hz, and the renderer's budget (issue 11). */
const TARGET_P95_MS = 16.7;
const TARGET_JS_GZIP_BYTES = 40 * 1024;
/** Bound on each wait for the page; a missed banner is counted, never waited on forever. */
const EDGE_TIMEOUT_MS = 3_000;

const wallNow = (): number => performance.timeOrigin + performance.now();

function args(): { flips: number; build: boolean } {
  const { values } = parseArgs({ options: { flips: { type: 'string', default: '200' }, 'no-build': { type: 'boolean', default: false } } });
  const flips = Number(values.flips);
  if (!Number.isInteger(flips) || flips < 1) {
    process.stderr.write('usage: bench/event-to-pixel.ts [--flips N (≥ 1, default 200)] [--no-build]\n');
    process.exit(2);
  }
  return { flips, build: !values['no-build'] };
}

/** Gzip (level 9) size of every built JS file; the preview shim is counted apart (Electron never loads it). */
function rendererSize(): Record<string, unknown> {
  const assets = resolve(RENDERER_DIR, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const raw = readFileSync(resolve(assets, f));
      return { file: `assets/${f}`, rawBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    });
  const shim = readFileSync(resolve(RENDERER_DIR, 'preview-shim.js'));
  const jsGzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return {
    bench: 'renderer-size',
    files,
    jsGzipBytes,
    previewShimGzipBytes: gzipSync(shim, { level: 9 }).length,
    targetBytes: TARGET_JS_GZIP_BYTES,
    pass: jsGzipBytes <= TARGET_JS_GZIP_BYTES,
  };
}

/** Browser clock − Node clock, from the round trip with the smallest RTT. */
async function clockOffset(page: Page, rounds = 30): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < rounds; i++) {
    const before = wallNow();
    const browser = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallNow();
    if (after - before < best.rtt) best = { rtt: after - before, offset: browser - (before + after) / 2 };
  }
  return { offsetMs: Math.round(best.offset * 100) / 100, uncertaintyMs: Math.round((best.rtt / 2) * 100) / 100 };
}

/**
 * In the page: report each time the link-down banner enters the DOM, with the
 * time, and each time it is gone. The banner is plain words (issue 11: the
 * server's ErrorMessage is in Details), so each sample is matched to its own
 * event by order: a flip starts only once the previous banner is gone, and the
 * simulator's stamp is of the frame with that flip's unique ErrorMessage.
 * Plain source text: tsx's name helpers would not exist in the page.
 */
const WATCH_BANNER = `(() => {
  let shown = false;
  const check = () => {
    const now = document.querySelector('[data-testid="banner"][data-kind="link-down"]') !== null;
    if (now && !shown) window.__pixel('down', '', performance.timeOrigin + performance.now());
    else if (!now && shown) window.__pixel('up', '', performance.timeOrigin + performance.now());
    shown = now;
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
})()`;

async function main(): Promise<void> {
  const { flips, build } = args();
  if (build) {
    progress('building the renderer…');
    const r = spawnSync('npm', ['run', '--silent', 'build:renderer'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('npm run build:renderer failed');
  }
  emitResult(rendererSize());

  const sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false, now: wallNow });
  const app = await startPreviewApp({
    mode: 'hot',
    dn: '5001',
    agentId: '1001',
    endpoints: (['a', 'b'] as const).map((name) => ({ name, host: sim.servers[name].host, port: sim.servers[name].port })),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    // Waiters for the page's next report, keyed by what it will say.
    const waiting = new Map<string, (t: number) => void>();
    await page.exposeFunction('__pixel', (kind: string, _text: string, t: number) => {
      waiting.get(kind)?.(t);
      waiting.delete(kind);
    });
    const next = (key: 'down' | 'up'): Promise<number | null> =>
      new Promise((done) => {
        const timer = setTimeout(() => {
          waiting.delete(key);
          done(null);
        }, EDGE_TIMEOUT_MS);
        waiting.set(key, (t) => {
          clearTimeout(timer);
          done(t);
        });
      });

    await page.goto(app.url);
    await page.getByTestId('status-chip').getByText('Connected', { exact: true }).waitFor({ timeout: 10_000 });
    await page.evaluate(WATCH_BANNER);

    let sentAt: number | null = null;
    let expecting = '';
    const unsubscribe = sim.onSend((server, message, t) => {
      if (server === 'a' && message.name === 'EventLinkDisconnected' && message.attributes.ErrorMessage === expecting) sentAt = t;
    });

    const samples: number[] = [];
    let missed = 0;
    const warmup = 5;
    progress(`flipping the link ${flips} times (+${warmup} warm-up)…`);
    for (let i = 0; i < flips + warmup; i++) {
      expecting = `CTI link lost #${i}`;
      sentAt = null;
      const shown = next('down');
      sim.setLink('a', { up: false, errorCode: 109, errorMessage: expecting });
      const t = await shown;
      if (t === null || sentAt === null) missed++;
      else if (i >= warmup) samples.push(t - sentAt);
      const gone = next('up');
      sim.setLink('a', { up: true });
      if ((await gone) === null) missed++;
    }
    unsubscribe();
    const clock = await clockOffset(page);
    const summary = samples.length > 0 ? summarize(samples) : null;
    emitResult({
      bench: 'event-to-pixel',
      edge: 'EventLinkDisconnected → link-down banner in the DOM',
      flips,
      missed,
      ...summary,
      clockOffsetMs: clock.offsetMs,
      clockUncertaintyMs: clock.uncertaintyMs,
      targetP95Ms: TARGET_P95_MS,
      pass: summary !== null && missed === 0 && summary.p95 <= TARGET_P95_MS,
      env: environment(),
    });
  } finally {
    await browser.close();
    await app.close();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`event-to-pixel: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

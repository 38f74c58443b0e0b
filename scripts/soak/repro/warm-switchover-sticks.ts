// Soak observation (warm, seed 30 episodes 35–36, recovery 6.8–7.3 s after the heal): after a
// few short sessions (each under reconnect.healthySessionMs, so the backoff is kept), a
// switchover makes the new backup close the session — and the loop dials that demoted server
// again, re-asks it on every EventError 58 (up to 12 times, architecture.md §2.7), backs off,
// and only then tries the new primary, which was serving all along.
//   npx tsx scripts/soak/repro/warm-switchover-sticks.ts   (exit 1 when a switchover costs > 5 s)
import { DEFAULT_RECONNECT_SETTINGS } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { sleep, until, warmRig } from './common.ts';

const r = await warmRig({ state: 'ready' }, { ...DEFAULT_RECONNECT_SETTINGS });
const dials: string[] = [];
r.session.onEvent((e) => {
  if (e.event === 'EventServerConnected') dials.push(e.server ?? '?');
});
await until(r.session, 'online', (s) => s.phase === 'online');
let worst = 0;
for (let i = 1; i <= 4; i++) {
  await sleep(1000); // a short session: the backoff is not reset
  dials.length = 0;
  const t0 = performance.now();
  r.sim.switchover(); // the new backup closes its clients (warm)
  await until(r.session, 'lost', (s) => s.phase !== 'online');
  const primary = r.sim.servers.a.role === 'primary' ? 'a' : 'b';
  await until(r.session, `online on the new primary ${primary}`, (s) => s.phase === 'online' && s.server?.name === primary, 60_000);
  const ms = Math.round(performance.now() - t0);
  worst = Math.max(worst, ms);
  console.log(`switchover ${i}: online on ${primary} after ${ms} ms; dials ${dials.join(' ')}`);
}
await r.close();
process.exitCode = worst > 5000 ? 1 : 0;

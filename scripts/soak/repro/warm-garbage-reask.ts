// Soak observation (warm): the primary breaks the session with a protocol error (garbage)
// but stays up and primary. The loop dials the backup first (by design), gets 58 and then
// re-asks it up to 12 times in 5 s (architecture.md §2.7) before returning to the primary.
//   npx tsx scripts/soak/repro/warm-garbage-reask.ts   (prints the dials and the time to online)
import { DEFAULT_RECONNECT_SETTINGS } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { until, warmRig } from './common.ts';

const r = await warmRig({ state: 'ready' }, { ...DEFAULT_RECONNECT_SETTINGS });
const dials: string[] = [];
r.session.onEvent((e) => {
  if (e.event === 'EventServerConnected') dials.push(e.server ?? '?');
});
await until(r.session, 'online', (s) => s.phase === 'online');
const t0 = performance.now();
r.sim.garbage('a');
await until(r.session, 'lost', (s) => s.phase !== 'online');
await until(r.session, 'online again', (s) => s.phase === 'online');
console.log(`online again on ${r.session.snapshot().server?.name ?? '-'} after ${Math.round(performance.now() - t0)} ms; dials: ${dials.slice(1).join(' ')}`);
await r.close();

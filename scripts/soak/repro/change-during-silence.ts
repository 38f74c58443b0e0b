// Soak finding (warm, seed 8 at 00:39–00:57): the switch changes the agent while the
// session's server is silent (hung: it drops the event) and is not promoted away; the
// server is heard again before ADDP gives up, and the snapshot goes back to `online` with
// the old state as `current` — no re-read after `checking`, so it says Not Ready while
// the switch has the agent Ready.
//   npx tsx scripts/soak/repro/change-during-silence.ts   (exit 1 while it happens)
import { switchAgent, until, sleep, warmRig } from './common.ts';

const r = await warmRig({ state: 'not-ready', reasonCode: '42' }, {}, 60_000); // no promotion during the hang
await until(r.session, 'online, Not Ready (42)', (s) => s.phase === 'online' && s.agent.state === 'not-ready');
r.sim.hang('a');
await until(r.session, 'checking', (s) => s.phase === 'checking');
r.sim.setAgentState('1001', { state: 'ready' }); // a supervisor; a is hung and drops the event
console.log('switch right after the supervisor:', switchAgent(r.sim));
r.sim.resume('a'); // heard again within 2 × ADDP: no reconnect
await until(r.session, 'online again, current', (s) => s.phase === 'online' && s.agent.confidence === 'current');
await sleep(1500);
const s = r.session.snapshot();
const sw = switchAgent(r.sim);
console.log(`switch: ${sw} | snapshot: ${s.agent.state}${s.agent.reasonCode ? `(${s.agent.reasonCode})` : ''} (${s.agent.confidence}), phase ${s.phase}`);
await r.close();
const bug = s.agent.confidence === 'current' && s.agent.state !== 'ready';
console.log(bug ? 'BUG: the snapshot calls a stale state current' : 'ok');
process.exitCode = bug ? 1 : 0;

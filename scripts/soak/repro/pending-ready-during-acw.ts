// Soak finding (warm, seed 5 episode 3): the agent clicks Ready during after-call work while
// the primary is hung; the request's outcome is unknown; after the failover the restore
// keeps after-call work ("never forced Ready") and calls the pending request reconciled —
// the agent's own latest intent is dropped without a word.
//   npx tsx scripts/soak/repro/pending-ready-during-acw.ts   (exit 1 while it happens)
import { switchAgent, until, sleep, warmRig } from './common.ts';

const r = await warmRig({ state: 'ready' });
await until(r.session, 'online, Ready', (s) => s.phase === 'online' && s.agent.state === 'ready');
r.sim.setAgentState('1001', { state: 'acw' }); // a call ended
await until(r.session, 'after-call work shown', (s) => s.agent.state === 'acw');
r.sim.hang('a');
console.log('agent: Ready (in after-call work, a hung) →', (await r.session.agentReady()).outcome);
await until(r.session, 'online on b', (s) => s.phase === 'online' && s.server?.name === 'b');
await sleep(300);
const s = r.session.snapshot();
const sw = switchAgent(r.sim);
console.log('switch:', sw, '| snapshot:', s.agent.state, '| pending:', JSON.stringify(s.agent.pending));
await r.close();
const bug = sw !== 'ready' && s.agent.pending === null;
console.log(bug ? 'BUG: the unknown Ready (the latest intent) was neither done nor still shown as pending' : 'ok');
process.exitCode = bug ? 1 : 0;

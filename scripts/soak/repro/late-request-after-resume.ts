// Soak finding (warm, seeds 5 and 6): a request sent to a hung primary executes when that
// server resumes, after the agent has chosen something else on the backup.
//   npx tsx scripts/soak/repro/late-request-after-resume.ts   (exit 1 while it happens)
// ADDP drops the hung connection with a FIN (socket.destroy()), not a reset: the hung
// server's kernel keeps the unread RequestAgentReady and the server executes it on resume.
import { switchAgent, until, sleep, warmRig } from './common.ts';

const r = await warmRig({ state: 'not-ready', reasonCode: '42' });
await until(r.session, 'online, Not Ready (42)', (s) => s.phase === 'online' && s.agent.state === 'not-ready');
r.sim.hang('a'); // the backup b is promoted at once
console.log('agent: Ready while a is hung      →', (await r.session.agentReady()).outcome);
await until(r.session, 'online on b', (s) => s.phase === 'online' && s.server?.name === 'b');
console.log('agent: Not Ready (99) on b        →', (await r.session.agentNotReady('99')).outcome);
console.log('switch before a resumes:', switchAgent(r.sim));
r.sim.resume('a');
await sleep(500);
const after = switchAgent(r.sim);
console.log('switch after a resumes: ', after, '| snapshot:', r.session.snapshot().agent.state);
await r.close();
const bug = after !== 'not-ready(99)';
console.log(bug ? 'BUG: the stale Ready overrode the agent\'s latest choice, Not Ready (99)' : 'ok: the latest choice stands');
process.exitCode = bug ? 1 : 0;

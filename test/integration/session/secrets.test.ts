// Issue 9's secrets sweep at the session: a server that echoes the application and agent
// passwords (in ErrorMessage and in other attributes) never gets them into a snapshot,
// a timeline event or the log once the host hands its scrubber to the session.
import { afterEach, expect, it } from 'vitest';
import { TServerSession } from '../../../app/main/tserver/session/index.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { RecordingLogger } from '../../support/recording-logger.ts';
import { startFakeServer } from '../../unit/connection/fake-server.ts';
import type { FakeServer } from '../../unit/connection/fake-server.ts';

const APP = 'app-S3cret-pw';
const AGENT = 'agent-S3cret-pw';
let server: FakeServer | null = null;
let session: TServerSession | null = null;
afterEach(async () => {
  await session?.stop();
  await server?.close();
});

it('echoed passwords are scrubbed from snapshots, events and the log', async () => {
  server = await startFakeServer((peer, m) => {
    const ref = m.attributes.ReferenceID;
    if (m.name === 'RequestRegisterClient') peer.send('EventLinkConnected', { ReferenceID: ref, ServerRole: 1, SessionID: 7, TimeinSecs: 1, ServerName: `srv ${APP}` });
    if (m.name === 'RequestRegisterAddress') peer.send('EventRegistered', { ReferenceID: ref, ThisDN: '5001', AgentState: 0 });
    if (m.name === 'RequestQueryAddress') peer.send('EventAddressInfo', { ReferenceID: ref, ThisDN: '5001', AgentState: 0, Calls: [] });
    if (m.name === 'RequestAgentLogin') peer.send('EventError', { ReferenceID: ref, ErrorCode: 1705, ErrorMessage: `wrong password ${String(m.attributes.AgentPassword)} (app ${APP})` });
  });
  const secrets = new SecretValues();
  secrets.add(APP);
  secrets.add(AGENT);
  const log = new RecordingLogger();
  session = new TServerSession({
    mode: 'warm',
    endpoints: [{ name: 'a', host: '127.0.0.1', port: server.port }],
    applicationName: 'secrets-test',
    applicationPassword: APP,
    addpTimeoutMs: 0,
    addpRemoteTimeoutMs: 0,
    dn: '5001',
    agentId: null,
    reconnect: { initialDelayMs: 50, multiplier: 1.6, maxDelayMs: 200, firstDelayMaxMs: 0, connectTimeoutMs: 500, minConnectTimeoutMs: 100, healthySessionMs: 0 },
    logger: { info: (f, msg) => log.info(JSON.parse(secrets.scrub(JSON.stringify(f))), msg), warn: (f, msg) => log.warn(JSON.parse(secrets.scrub(JSON.stringify(f))), msg) },
    scrub: (text) => secrets.scrub(text),
  });
  const out: string[] = [];
  session.onSnapshot((s) => out.push(JSON.stringify(s)));
  session.onEvent((e) => out.push(JSON.stringify(e)));
  session.start();
  const deadline = Date.now() + 3000;
  while (session.snapshot().phase !== 'online' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await expect(session.agentLogin('1001', AGENT)).rejects.toThrow();
  await new Promise((r) => setTimeout(r, 50));
  const everything = [...out, ...log.lines.map((l) => JSON.stringify(l))].join('\n');
  expect(everything).toContain('[redacted]'); // the echoes were there, and were scrubbed
  expect(everything).not.toContain(APP);
  expect(everything).not.toContain(AGENT);
});

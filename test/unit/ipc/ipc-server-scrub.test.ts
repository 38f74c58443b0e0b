// Issue 9: a refusal's words never carry a known secret back to the window, whatever sent them.
import { expect, it } from 'vitest';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import type { RequestHandlers } from '../../../app/main/ipc/ipc-server.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';

it('a refused request whose message echoes a password reaches the window scrubbed', async () => {
  const secrets = new SecretValues();
  secrets.add('hunter2-pw');
  const handlers = {
    agentReady: async () => {
      throw new SessionRequestError('AgentReady: denied for password hunter2-pw (ErrorCode 1705)', 1705, false);
    },
  } as unknown as RequestHandlers;
  const log = { info: () => undefined, warn: () => undefined };
  const server = new IpcServer(handlers, log, { scrub: (text) => secrets.scrub(text) });
  const reply = await server.handle({ name: 'agentReady', args: [], senderOk: true, senderDescription: 'window 1' });
  expect(reply).toMatchObject({ ok: false, error: { kind: 'failed', code: 1705, retryable: false } });
  const text = JSON.stringify(reply);
  expect(text).not.toContain('hunter2-pw');
  expect(text).toContain('[redacted]');
});

import { describe, expect, it } from 'vitest';
import { announcement } from '../../../app/renderer/lib/announce.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import { agent, snapshot } from './fixtures.ts';

describe('screen-reader announcements', () => {
  it('announces the first state politely', () => {
    expect(announcement(null, snapshot())).toEqual({ text: 'Connected to a, primary. Switch link up. Agent state: Ready.', urgent: false });
  });

  it('announces every phase change, urgently when it got worse', () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        if (from === to) continue;
        const a = announcement(snapshot({ phase: from }), snapshot({ phase: to, seq: 2 }));
        expect(a, `${from} → ${to}`).not.toBeNull();
        expect(a!.urgent).toBe(['link-down', 'reconnecting', 'offline', 'failed'].includes(to));
      }
    }
  });

  it('announces link changes within a phase', () => {
    expect(announcement(snapshot(), snapshot({ link: 'down' }))).toMatchObject({ urgent: true, text: expect.stringMatching(/Switch link down/) });
    expect(announcement(snapshot({ link: 'down' }), snapshot())).toMatchObject({ urgent: false, text: expect.stringMatching(/restored/) });
  });

  it('announces a failover with what was restored', () => {
    const before = snapshot({ phase: 'reconnecting', server: null });
    const after = snapshot({
      server: { name: 'b', role: 'backup' },
      lastFailover: { at: 5, from: 'a', to: 'b', restored: true, detail: 'Agent state restored.' },
    });
    expect(announcement(before, after)?.text).toBe('Switched to b, backup. Agent state restored.');
  });

  it('announces agent state and reason changes', () => {
    const ready = snapshot();
    const lunch = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Lunch' }) });
    const meeting = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Meeting' }) });
    expect(announcement(ready, lunch)).toEqual({ text: 'Agent state: Not Ready (Lunch).', urgent: false });
    expect(announcement(lunch, meeting)?.text).toBe('Agent state: Not Ready (Meeting).');
  });

  it('stays quiet when nothing the agent cares about changed', () => {
    expect(announcement(snapshot(), snapshot({ seq: 2, attempt: 1 }))).toBeNull();
  });

  it('says why the toolbar stopped retrying', () => {
    const a = announcement(snapshot(), snapshot({ phase: 'failed', lastError: { code: 123, message: 'no DN', retryable: false, server: 'a' } }));
    expect(a?.text).toMatch(/does not know your phone line/);
    expect(a?.urgent).toBe(true);
  });
});

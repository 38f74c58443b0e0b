// Issue 10, fail closed: what the window, a screen reader and a notification say when
// no session runs — from the very snapshot main sends (app/main/core/setup-snapshot.ts).
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { setupSnapshot } from '../../../app/main/core/setup-snapshot.ts';
import { DEFAULT_NOTIFY_POLICY, NotificationPolicy } from '../../../app/main/desktop/notify-policy.ts';
import { announcement } from '../../../app/renderer/lib/announce.ts';
import { selectBanner } from '../../../app/renderer/lib/banner.ts';
import { bannerWords } from '../../../app/renderer/lib/banner-words.ts';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import type { SetupInfo } from '../../../app/shared/connectivity.ts';
import { DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';

const MACHINE = '/etc/agent-toolbar/config.yaml';
const USER = '/home/agent/.config/Agent Toolbar/config.yaml';
const R = DEFAULT_NOT_READY_REASONS;
const ctx = { now: 2_000, dismissedFailoverAt: null };

const sent = (setup: SetupInfo) => v.parse(ConnectivitySnapshotSchema, setupSnapshot({ mode: 'hot', dn: '5001', agentId: '1001', setup, seq: 1, t: 1_000 }));
const wordsOf = (setup: SetupInfo) => bannerWords(selectBanner(sent(setup), ctx)!, R);

describe('no session runs: the window says why, naming the file', () => {
  it('not configured: "Not configured — ask IT", the files it looked in, no Reconnect now', () => {
    const w = wordsOf({ state: 'not-configured', files: [MACHINE, USER], problems: [] });
    expect(w.title).toBe('Not configured — ask IT.');
    expect(w.body).toBe(`No phone system is set up for this toolbar, so it is not connecting. IT support sets it up in ${MACHINE} or ${USER}.`);
    expect(w.action).toBeNull();
  });

  it('endpoints that cannot be used and an unreadable machine-wide file are configuration errors, with the file', () => {
    const bad = wordsOf({ state: 'endpoints-invalid', files: [USER], problems: [{ file: USER, key: 'endpoints.backup', message: 'port 99999 out of range' }] });
    expect(bad.title).toBe('Configuration error — ask IT.');
    expect(bad.body).toContain(USER);
    expect(bad.action).toBeNull();
    const unreadable = wordsOf({ state: 'enforced-unreadable', files: [MACHINE], problems: [] });
    expect(unreadable.title).toBe('Configuration error — ask IT.');
    expect(unreadable.body).toContain(MACHINE);
  });

  it('it outranks the failed banner the same snapshot would otherwise get', () => {
    const s = sent({ state: 'not-configured', files: [MACHINE, USER], problems: [] });
    expect(s.phase).toBe('failed');
    expect(selectBanner(s, ctx)).toMatchObject({ kind: 'setup', severity: 'error', state: 'not-configured' });
  });

  it('waiting for the keychain is a notice, not an alarm', () => {
    const s = sent({ state: 'waiting-for-keychain', files: [], problems: [] });
    expect(s.phase).toBe('connecting');
    expect(selectBanner(s, ctx)).toMatchObject({ kind: 'setup', severity: 'caution' });
    expect(bannerWords(selectBanner(s, ctx)!, R).title).toBe('Waiting for the keychain…');
  });

  it('screen readers hear the same headline', () => {
    const s = sent({ state: 'not-configured', files: [MACHINE, USER], problems: [] });
    expect(announcement(null, s, R)?.text).toMatch(/^Not configured — ask IT\. No phone system is set up/);
  });

  it('the notification says it too (not "the phone system refused the connection")', () => {
    const policy = new NotificationPolicy({ ...DEFAULT_NOTIFY_POLICY, degradeSettleMs: 0 });
    const s = sent({ state: 'enforced-unreadable', files: [MACHINE], problems: [] });
    policy.observe({ ...s, phase: 'online', setup: null }, 0);
    const notices = [...policy.observe(s, 10), ...policy.observe({ ...s, seq: 2 }, 20_000)];
    expect(notices.find((n) => n.kind === 'degraded')).toMatchObject({ title: 'Configuration error — ask IT.', body: expect.stringContaining(MACHINE) });
  });
});

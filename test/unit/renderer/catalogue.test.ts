// The one catalogue (app/shared/messages): every phase, banner kind, error code and
// restore outcome has words; and no word the agent sees or hears comes from the core
// or main — what the server said, server names, roles, codes and attempts reach only Details.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { configProblemsBox, startFailedBox } from '../../../app/main/desktop/dialogs.ts';
import { NotificationPolicy } from '../../../app/main/desktop/notify-policy.ts';
import { RingPolicy } from '../../../app/main/desktop/ring-policy.ts';
import { trayMenuFor } from '../../../app/main/desktop/tray.ts';
import { trayStateFor } from '../../../app/main/desktop/tray-state.ts';
import { ErrorCodes, NOT_RETRYABLE_ERRORS } from '../../../app/main/tserver/protocol/catalogue.ts';
import { agentBadge } from '../../../app/renderer/lib/agent-badge.ts';
import { selectNote, trackAway } from '../../../app/renderer/lib/agent-note.ts';
import { announcement } from '../../../app/renderer/lib/announce.ts';
import { BANNER_KINDS, selectBanner } from '../../../app/renderer/lib/banner.ts';
import type { Banner } from '../../../app/renderer/lib/banner.ts';
import { bannerWords } from '../../../app/renderer/lib/banner-words.ts';
import { agentControls } from '../../../app/renderer/lib/controls.ts';
import { callRows } from '../../../app/renderer/lib/call-bar.ts';
import { isNoReply, refusalWords } from '../../../app/renderer/lib/request-errors.ts';
import { AGENT_STATES, CALL_DIRECTIONS, CALL_REQUESTS, CALL_STATES, FailoverSchema, PHASES, RESTORE_OUTCOMES, RestoreResultSchema } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot, RestoreResult } from '../../../app/shared/connectivity.ts';
import { REQUEST_ERROR_KINDS, requests } from '../../../app/shared/ipc-contract.ts';
import { agentStateLabel, credentialField, describeError, describeFatal, restoreSentence, WORDS } from '../../../app/shared/messages/index.ts';
import { CALL_SHORTCUT_ACTIONS, DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';
import { makeCall } from '../../support/snapshots.ts';
import { agent, snapshot } from './fixtures.ts';

const R = DEFAULT_NOT_READY_REASONS;
const plain = (text: string) => expect(text).toMatch(/^[A-Z"'].*[.…?!]$|^[A-Z][^.]*$/);

describe('every fact has words', () => {
  it('every T-Library error code of the protocol catalogue, and none it does not know', () => {
    for (const [name, code] of Object.entries(ErrorCodes)) {
      expect(WORDS.errors[code], `${name} (${code})`).toBeDefined();
      expect(WORDS.errors[code]!.text).not.toMatch(/undefined|\{|\}|\d{2,}/);
    }
    const known = new Set<number>(Object.values(ErrorCodes));
    expect(Object.keys(WORDS.errors).map(Number).filter((c) => !known.has(c))).toEqual([]);
    // An unknown code never shows its number or the server's message: those are Details.
    expect(describeError(999)).toBe(WORDS.unknownError);
    expect(describeFatal(null)).toBe(WORDS.notRetryable);
  });

  it('tells the agent whom to call for every error a retry cannot fix', () => {
    for (const code of NOT_RETRYABLE_ERRORS) {
      const contact = WORDS.errors[code]!.contact;
      expect(contact, String(code)).not.toBe('none');
      expect(WORDS.errors[code]!.text).toMatch(contact === 'it' ? /call IT support/i : /supervisor/);
    }
    expect(WORDS.notRetryable.text).toMatch(/Call IT support/);
  });

  it('one text per code: 1705 reads the same at the password field, in the banner and in a restore', () => {
    const text = WORDS.errors[1705]!.text;
    expect(credentialField(1705)).toBe('password');
    expect(bannerWords({ kind: 'failed', severity: 'error', code: 1705, atField: false }, R).body).toBe(text);
    // Shown at the password field already: the banner points there instead of repeating it.
    expect(bannerWords({ kind: 'failed', severity: 'error', code: 1705, atField: true }, R).body).toBe('The phone system refused your login. When your supervisor has fixed it, press Reconnect now.');
    expect(restoreSentence({ outcome: 'failed', step: 'login', code: 1705 }, R)).toBe(`You could not be logged back in. ${text}`);
    expect(refusalWords({ kind: 'failed', code: 1705 })).toBe(text);
  });

  it('credential errors name their field: password, agent id, or the form', () => {
    expect([192, 1705, 1706].map(credentialField)).toEqual(['agent-id', 'password', 'form']);
    expect(credentialField(119)).toBeNull();
    expect(credentialField(null)).toBeNull();
  });

  it('every phase (status line and tray) and every agent state', () => {
    for (const phase of PHASES) {
      plain(WORDS.phase[phase]);
      expect(WORDS.tray.phase[phase]).toMatch(/^[A-Z]/);
    }
    for (const state of AGENT_STATES) expect(agentStateLabel(state, null, R)).toMatch(/^[A-Z]/);
  });

  it('every banner kind: a title, an action the agent can take or none, and one spoken headline', () => {
    const f = { at: 1, from: 'a', to: 'b', restored: true, result: { outcome: 'restored' as const, state: 'ready' as const } };
    const examples: Record<Banner['kind'], Banner> = {
      setup: { kind: 'setup', severity: 'error', state: 'not-configured', files: ['/etc/agent-toolbar/config.yaml', '~/.config/Agent Toolbar/config.yaml'] },
      failed: { kind: 'failed', severity: 'error', code: 119, atField: false },
      offline: { kind: 'offline', severity: 'error', countdown: { kind: 'waiting', remainingMs: 3000, clock: '0:03' } },
      reconnecting: { kind: 'reconnecting', severity: 'error', countdown: { kind: 'dialing' } },
      lost: { kind: 'lost', severity: 'caution' },
      'link-down': { kind: 'link-down', severity: 'warning' },
      checking: { kind: 'checking', severity: 'caution', silentFor: '3 s' },
      'logged-out': { kind: 'logged-out', severity: 'error', at: 1, onPhone: false },
      switched: { kind: 'switched', severity: 'info', failover: f },
    };
    expect(Object.keys(examples).sort()).toEqual([...BANNER_KINDS].sort());
    for (const kind of BANNER_KINDS) {
      const w = bannerWords(examples[kind], R);
      plain(w.title);
      if (w.body) plain(w.body);
      expect(w.spoken.startsWith(w.title)).toBe(true);
      expect(w.spoken).not.toMatch(/\d/); // no ticking numbers in what is spoken
    }
    expect(bannerWords(examples.offline, R)).toMatchObject({ action: 'reconnect', meta: 'Next try in 0:03' });
    expect(bannerWords(examples.reconnecting, R).meta).toBe('Trying now…');
    expect(bannerWords(examples['link-down'], R).body).toBe(
      'Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.',
    );
    // Logged out with a call on the phone (it may be ringing right beside the banner): never "you won't get calls".
    expect(bannerWords(examples['logged-out'], R).body).toBe("You won't get calls until you log in again.");
    const onPhone = bannerWords({ kind: 'logged-out', severity: 'error', at: 1, onPhone: true }, R);
    plain(onPhone.body!);
    expect(onPhone.body).toBe("You won't get calls from the queue until you log in again. Calls to your phone still ring here.");
    expect(onPhone.spoken).toBe(`${onPhone.title} ${onPhone.body}`);
  });

  it('the "+1 more call" marker of a short window names each call it stands for', () => {
    const C = WORDS.calls;
    expect(C.more(1)).toBe('+1 more call');
    expect(C.more(2)).toBe('+2 more calls');
    const party = '\u2068+44\u00a0207\u00a0946\u00a00958\u2069';
    expect(C.moreDetail([C.other.held(party), C.other.ringing('an unknown number')])).toBe(
      `Also a call on hold with ${party}, an incoming call from an unknown number. A taller window shows every call.`,
    );
    // Each a phrase that goes after "Also": lower case, naming the party.
    for (const state of ['ringing', 'dialing', 'established', 'held'] as const) expect(C.other[state]('5012')).toMatch(/^[a-z][a-z ]+ 5012$/);
  });

  it('every restore outcome, in every variant the core can report', () => {
    const variants: RestoreResult[] = [
      { outcome: 'restored', state: 'not-ready', reasonCode: 'Lunch' },
      { outcome: 'relogged-in', agentId: '1001', state: 'ready', reasonCode: null },
      { outcome: 'no-agent' },
      { outcome: 'acw-kept', state: 'acw' },
      { outcome: 'other-agent', agentId: '1001', otherAgentId: '1002' },
      { outcome: 'other-agent', agentId: '1001', otherAgentId: null },
      { outcome: 'failed', step: 'login', loggedIn: false, code: 1705 },
      { outcome: 'failed', step: 'state', loggedIn: true, state: 'not-ready', reasonCode: 'Lunch', code: 999 },
      { outcome: 'failed', step: 'state', loggedIn: false, state: 'ready', code: null },
      { outcome: 'deferred-link-down', state: 'not-ready', reasonCode: 'Lunch' },
    ];
    expect(new Set(variants.map((r) => r.outcome))).toEqual(new Set(RESTORE_OUTCOMES));
    const sentences = variants.map((r) => restoreSentence(v.parse(RestoreResultSchema, r), R));
    for (const text of sentences) plain(text);
    expect(new Set(sentences).size).toBe(sentences.length);
    expect(sentences).toEqual([
      'Your state was restored: Not Ready (Lunch).',
      'You were logged back in, as Ready.',
      'No agent was logged in on your phone.',
      'You are in after-call work, as the phone system has it.',
      'Agent 1002 is logged in on your phone, so you were not logged back in.',
      'Another agent is logged in on your phone, so you were not logged back in.',
      'You could not be logged back in. Password not accepted. Try again, or ask your supervisor to reset it.',
      'You were logged back in, but your state could not be set back to Not Ready (Lunch). The phone system reported a problem. Details show what it said.',
      'Your state could not be set back to Ready. The phone system reported a problem. Details show what it said.',
      'Your state (Not Ready (Lunch)) will be restored when the phone system link is back.',
    ]);
  });

  it('every call state, direction and call request (issue 12)', () => {
    const C = WORDS.calls;
    for (const state of CALL_STATES) expect(C.state[state], state).toMatch(/^[A-Z]/);
    for (const direction of CALL_DIRECTIONS) expect(C.direction[direction], direction).toMatch(/^[A-Z]/);
    for (const request of CALL_REQUESTS) {
      expect(C.actions[request], request).toMatch(/^[A-Z]/);
      expect(WORDS.request.refusedName[request], request).toBe(C.actions[request]);
      // An unknown outcome is "sent — waiting", never "failed".
      plain(C.pendingNote(C.pending[request]));
      expect(C.pendingNote(C.pending[request])).not.toMatch(/fail/i);
    }
    for (const action of CALL_SHORTCUT_ACTIONS) {
      expect(C.shortcutNames[action], action).toMatch(/^[A-Z]/);
      expect(C.none[action], action).toMatch(/^No call/);
    }
    for (const reason of Object.values(C.controls)) plain(reason);
    for (const text of [C.incoming('5012'), C.ended('5012'), C.endedUnheard('5012'), C.nowEstablished('5012'), C.nowHeld('5012')]) plain(text);
  });

  it('every banner that cannot act on calls has words that name the call in progress', () => {
    const kinds = ['link-down', 'offline', 'reconnecting', 'lost', 'checking'] as const;
    expect(Object.keys(WORDS.banner.withCall).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const text = WORDS.banner.withCall[kind]('+1 555 123 4567');
      plain(text);
      expect(text).toMatch(/^Your call with \+1 555 123 4567 continues/);
      expect(text).toMatch(/paused|can't hold/);
    }
    expect(WORDS.banner.withCall['link-down']('+1 555 123 4567')).toBe("Your call with +1 555 123 4567 continues. You can't hold or transfer it until the phone system reconnects.");
  });

  it('every error code the contract can reply with', () => {
    // The contract's kinds (ipc-server.ts, the preview host's WebSocket, the preload and the shim);
    // no reply at all (timeout, disconnected) is the "may still go through" note, never a refusal.
    for (const kind of REQUEST_ERROR_KINDS) {
      if (kind === 'timeout' || kind === 'disconnected') expect(isNoReply({ kind }), kind).toBe(true);
      else expect(WORDS.transport[kind], kind).toMatch(/^The toolbar/);
    }
  });
});

describe('no text from the core or main reaches the agent', () => {
  // Whatever the session, the server or main wrote, marked so it can be spotted anywhere.
  const CORE = 'CORE-WORDS';
  const SERVER = 'SRV-NAME';
  const noisy = (over: Partial<ConnectivitySnapshot>): ConnectivitySnapshot =>
    snapshot({
      server: { name: SERVER, role: 'backup' },
      standby: { name: `${SERVER}-2`, ready: false },
      nextServer: SERVER,
      attempt: 37,
      lastError: { code: 999, message: CORE, retryable: false, server: SERVER },
      linkError: { code: 999, message: CORE },
      silence: { server: SERVER, since: 990_000 },
      lastFailover: { at: 999_000, from: `${SERVER}-2`, to: SERVER, restored: false, result: { outcome: 'failed', step: 'state', code: 999, state: 'ready' } },
      ...over,
    });
  const leaks = (text: string | null | undefined) => expect(text ?? '').not.toMatch(/CORE-WORDS|SRV-NAME|37|999|primary|backup \(/);
  // Every label and notification text main can put up, from the catalogue (the party as a placeholder).
  const M = WORDS.tray.menu;
  const N = WORDS.notify;
  const trayLabels = [M.show, M.reconnect, M.quit, M.answer('{party}'), M.answer(WORDS.calls.unknownPartyInSentence)];
  const ringWords = [N.ringing, N.moreRinging, N.moreRingingBody, N.ringingBody('{party}'), N.ringingBody(null), `${N.ringingBody('{party}')} ${N.openToAnswer}`, `${N.ringingBody(null)} ${N.openToAnswer}`];

  it('the contract has no free-text field for agent-facing words: a failover is facts', () => {
    expect(Object.keys(FailoverSchema.entries).sort()).toEqual(['at', 'from', 'restored', 'result', 'to']);
    for (const [key, schema] of Object.entries(RestoreResultSchema.entries)) {
      if (key === 'agentId' || key === 'otherAgentId' || key === 'reasonCode') continue; // ids, shown as ids
      expect(JSON.stringify(schema), key).not.toMatch(/"type":"string"/);
    }
  });

  it('banners, announcements, notes, controls, badge, tray and notifications, in every phase', () => {
    const policy = new NotificationPolicy({ degradeSettleMs: 0, recoverSettleMs: 0, minGapMs: 0 });
    const rings = [new RingPolicy({ actions: true }), new RingPolicy({ actions: false })];
    let prev: ConnectivitySnapshot | null = null;
    for (const phase of PHASES) {
      for (const agentState of AGENT_STATES) {
        const s = noisy({ phase, agent: agent({ state: agentState, confidence: phase === 'online' ? 'current' : 'last-known', pending: { request: 'ready', reasonCode: null, since: 1 }, loggedOutBySwitch: agentState === 'logged-out' ? { at: 1 } : null }) });
        for (const outageSince of [null, 999_900]) {
          const b = selectBanner(s, { now: 1_000_000, dismissedFailoverAt: null, outageSince });
          if (b) {
            const w = bannerWords(b, R);
            for (const t of [w.title, w.body, w.meta, w.spoken]) leaks(t);
          }
        }
        leaks(announcement(prev, s, R)?.text);
        leaks(selectNote(s, null, trackAway(null, s.agent, R), null, R)?.text);
        const c = agentControls(s, false);
        for (const ctl of [c.ready, c.notReady, c.login, c.logout]) leaks(ctl.enabled ? '' : ctl.reason);
        for (const row of callRows({ ...s, calls: [makeCall({ otherDN: '5012', confidence: s.agent.confidence, controllable: phase === 'online' })] }, 1_000_000, false)) {
          for (const t of [row.stateLabel, row.party, row.direction, ...row.buttons.flatMap((b) => [b.name, b.control.enabled ? '' : b.control.reason])]) leaks(t);
        }
        const badge = agentBadge(s.agent, 1_000_000, R);
        leaks(badge.label);
        leaks(badge.qualifier);
        leaks(trayStateFor(s, R).tooltip);
        for (const n of policy.observe(s, prev ? prev.t + 1 : 0)) {
          leaks(n.title);
          leaks(n.body);
        }
        // With calls (a ringing one, one in progress, a flood): the party is the call's fact, the rest is the catalogue's.
        const party = '+15551234567';
        const shown = '\u2068+1 555 123 4567\u2069'; // the party as formatParty shows it: isolated (FSI … PDI)
        const ringing = (connId: string) => ({ connId, state: 'ringing' as const, otherDN: party, direction: 'inbound' as const, since: 1, confidence: s.agent.confidence, controllable: phase === 'online', pending: null });
        for (const calls of [[ringing('r1')], [{ ...ringing('e1'), state: 'established' as const }], Array.from({ length: 9 }, (_, n) => ringing(`f${n}`))]) {
          const withCalls = { ...s, calls };
          leaks(trayStateFor(withCalls, R).tooltip);
          for (const item of trayMenuFor(withCalls)) expect(trayLabels, item.label).toContain(item.label.replace(shown, '{party}'));
          for (const ring of rings) {
            for (const a of ring.plan(withCalls, false, s.t)) {
              if (a.kind !== 'show') continue;
              expect(ringWords, a.notice.title).toContain(a.notice.title);
              expect(ringWords, a.notice.body).toContain(a.notice.body.replace(shown, '{party}'));
              if (a.notice.answer !== null) expect(a.notice.answer).toBe(WORDS.notify.answer);
            }
          }
        }
        prev = s;
      }
    }
  });

  it("a refused request is worded from its code, never from main's or the server's message", () => {
    for (const code of ['tserver-999', 'tserver-1705', 'failed', 'invalid-payload', 'forbidden-sender', undefined]) {
      leaks(refusalWords(Object.assign(new Error(CORE), { code })));
    }
    for (const kind of REQUEST_ERROR_KINDS) {
      for (const code of [null, 999, 1705]) leaks(refusalWords(Object.assign(new Error(CORE), { kind, code, retryable: true, server: SERVER })));
    }
  });

  it("the entry's dialogs: the catalogue's words first, what main or the loader said only as detail after them", () => {
    const failed = startFailedBox(new Error(CORE));
    expect(failed.title).toBe(WORDS.dialogs.startFailed);
    expect(failed.content.startsWith(`${WORDS.dialogs.startFailedBody}\n\n`)).toBe(true);
    for (const blocked of [true, false]) {
      const box = configProblemsBox([{ file: 'f.yaml', key: 'k', message: CORE }], blocked);
      expect([box.title, box.message]).toEqual([WORDS.dialogs.config, blocked ? WORDS.dialogs.configBlocked : WORDS.dialogs.configIgnored]);
      leaks(box.message);
    }
  });

  it('main puts up no word of its own: tray, notifications, dialogs and the Electron entry hold no capitalised string', () => {
    // Stricter than the sentence scan below: in main, even one word ("Quit", "Answer") is agent-facing text
    // (log messages are lower case, Electron's names are lower case or kebab-case).
    const root = resolve(import.meta.dirname, '../../..');
    const desktop = ['tray.ts', 'tray-state.ts', 'notify.ts', 'notify-policy.ts', 'ring-policy.ts', 'ring-notify.ts', 'call-facts.ts', 'call-answer.ts', 'dialogs.ts', 'electron-adapters.ts'];
    const files = [...desktop.map((f) => join(root, 'app/main/desktop', f)), join(root, 'app/main/index.ts')];
    const found: string[] = [];
    for (const file of files) {
      const text = stripComments(readFileSync(file, 'utf8'));
      for (const m of text.matchAll(/(['"`])([A-Z][a-z][^'"`\n]*)\1/g)) found.push(`${file.slice(root.length + 1)}: ${m[2]}`);
      // A template that starts with an interpolation ("${PRODUCT_NAME} could not start"): words between them.
      for (const m of text.matchAll(/`[^`]*`/g)) if (/[A-Za-z]{2,} [a-z]{2,}/.test(m[0].replace(/\$\{[^}]*\}/g, ' '))) found.push(`${file.slice(root.length + 1)}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('the agent-facing code holds no sentence of its own: every word comes from the catalogue', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const files = [
      ...walk(join(root, 'app/renderer')).filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('.config.ts')),
      join(root, 'app/main/desktop/tray-state.ts'),
      join(root, 'app/main/desktop/notify-policy.ts'),
      join(root, 'app/main/tserver/session/agent-restorer.ts'),
    ];
    const found: string[] = [];
    for (const file of files) {
      const text = stripComments(readFileSync(file, 'utf8'));
      // A string literal that reads like a sentence: a capital, then words with spaces.
      for (const m of text.matchAll(/(['"`])([A-Z][a-z']+(?: [A-Za-z'’,;:…-]+){2,}[.…!?]?)\1/g)) found.push(`${file.slice(root.length + 1)}: ${m[2]}`);
      // Svelte markup: text between tags that is more than an expression.
      if (file.endsWith('.svelte')) {
        const markup = text.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
        for (const m of markup.matchAll(/>([^<>{}]*[A-Za-z]{2,}[^<>{}]*)</g)) found.push(`${file.slice(root.length + 1)}: ${m[1]!.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the contract still accepts every configured reason code (what the agent picks can be sent)', () => {
    for (const r of R) expect(v.safeParse(requests.agentNotReady.args, [r.code]).success, r.code).toBe(true);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function stripComments(source: string): string {
  return source
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

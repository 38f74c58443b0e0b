import { describe, expect, it } from 'vitest';
import { noteKey, requestWords, selectNote, trackAway } from '../../../app/renderer/lib/agent-note.ts';
import type { ActionNote } from '../../../app/renderer/lib/agent-note.ts';
import { DEFAULT_NOT_READY_REASONS as R } from '../../../app/shared/ui-config.ts';
import { agent, snapshot } from './fixtures.ts';

const pendingReady = { request: 'ready' as const, reasonCode: null, since: 900_000 };
const meetingAway = agent({ state: 'not-ready', reasonCode: 'Meeting', changedWhileAway: { at: 990_000, from: { state: 'ready', reasonCode: null }, during: 'link-down' } });

describe('the one note under the agent bar', () => {
  it('says an unanswered request is being checked, never that it failed', () => {
    const s = snapshot({ agent: agent({ state: 'not-ready', pending: pendingReady }) });
    expect(selectNote(s, null, null, null, R)).toEqual({ kind: 'pending', error: false, text: 'No answer from the phone system yet — checking whether Ready went through.' });
  });

  it('lets the pending note replace an older refusal, and drops it once the switch has been asked', () => {
    const before = snapshot({ agent: agent({ state: 'not-ready' }) });
    const failed: ActionNote = { text: "Ready didn't go through. x", error: true, key: noteKey(before) };
    const pending = snapshot({ agent: agent({ state: 'not-ready', pending: pendingReady }) });
    expect(selectNote(pending, failed, null, null, R)?.kind).toBe('pending');
    // The switch answered: the agent is Ready now, so the old failure no longer holds either.
    expect(selectNote(snapshot({ agent: agent({ state: 'ready' }) }), failed, null, null, R)).toBeNull();
  });

  it('names every pending request', () => {
    expect(requestWords({ request: 'not-ready', reasonCode: 'Lunch', since: 1 }, R)).toBe('Not Ready (Lunch)');
    expect(requestWords({ request: 'not-ready', reasonCode: null, since: 1 }, R)).toBe('Not Ready');
    expect(requestWords({ request: 'login', reasonCode: null, since: 1 }, R)).toBe('your login');
    expect(requestWords({ request: 'logout', reasonCode: null, since: 1 }, R)).toBe('your logout');
  });

  it('shows the outcome of an action only while the phase and the agent state are unchanged', () => {
    const s = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Lunch' }) });
    const note: ActionNote = { text: "Not Ready didn't go through. x", error: true, key: noteKey(s) };
    expect(selectNote(s, note, null, null, R)).toEqual({ kind: 'action', text: note.text, error: true });
    expect(selectNote(snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Break' }) }), note, null, null, R)).toBeNull();
    expect(selectNote(snapshot({ agent: agent({ state: 'ready' }) }), note, null, null, R)).toBeNull();
    expect(selectNote({ ...s, phase: 'link-down', link: 'down' }, note, null, null, R)).toBeNull();
  });

  describe('state changed while the toolbar could not hear', () => {
    it('remembers the change with the state it reported', () => {
      const seen = trackAway(null, meetingAway, R);
      expect(seen).toEqual({ at: 990_000, key: 'not-ready|Meeting', text: 'Your state was changed to Not Ready (Meeting) while the phone system link was down.' });
      expect(trackAway(seen, { ...meetingAway, state: 'ready', reasonCode: null }, R)).toBe(seen);
      expect(trackAway(seen, agent(), R)).toBe(seen);
      const later = agent({ state: 'acw', changedWhileAway: { at: 999_000, from: { state: 'ready', reasonCode: null }, during: 'disconnected' } });
      expect(trackAway(seen, later, R)?.text).toBe('Your state was changed to After-call work while the toolbar was disconnected.');
    });

    it('shows it until dismissed, and only while that state lasts', () => {
      const seen = trackAway(null, meetingAway, R);
      const s = snapshot({ agent: meetingAway });
      expect(selectNote(s, null, seen, null, R)).toEqual({ kind: 'away', error: false, at: 990_000, text: seen!.text });
      expect(selectNote(s, null, seen, 990_000, R)).toBeNull();
      expect(selectNote(snapshot({ agent: { ...meetingAway, state: 'ready', reasonCode: null } }), null, seen, null, R)).toBeNull();
    });

    it('gives way to a pending request and to a fresh action note', () => {
      const seen = trackAway(null, meetingAway, R);
      const s = snapshot({ agent: meetingAway });
      expect(selectNote({ ...s, agent: { ...meetingAway, pending: pendingReady } }, null, seen, null, R)?.kind).toBe('pending');
      expect(selectNote(s, { text: 'Reconnecting now…', error: false, key: noteKey(s) }, seen, null, R)?.kind).toBe('action');
    });
  });
});

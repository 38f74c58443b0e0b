import { describe, expect, it } from 'vitest';
import { agentControls, connectionBlocker } from '../../../app/renderer/lib/controls.ts';
import { WORDS } from '../../../app/renderer/lib/messages.ts';

const UI = { controls: WORDS.controls };
import { AGENT_STATES, PHASES } from '../../../app/shared/connectivity.ts';
import { agent, snapshot } from './fixtures.ts';

describe('agent controls and why they are disabled', () => {
  it('pauses every control while the switch link is down, saying so', () => {
    const c = agentControls(snapshot({ phase: 'link-down', link: 'down' }), false);
    for (const control of [c.ready, c.notReady, c.logout, c.login]) {
      expect(control).toEqual({ enabled: false, reason: 'Paused: the phone system link is down' });
    }
    expect(c.summary).toBe(UI.controls.linkDown);
  });

  it.each(['reconnecting', 'offline', 'connecting'] as const)('says "Not connected to a T-Server" while %s', (phase) => {
    const c = agentControls(snapshot({ phase, server: null, link: 'unknown' }), false);
    expect(c.ready).toEqual({ enabled: false, reason: 'Paused: the toolbar is not connected to the phone system' });
    expect(c.summary).toBe('Paused: the toolbar is not connected to the phone system');
  });

  it('points at the banner when the toolbar stopped retrying', () => {
    expect(agentControls(snapshot({ phase: 'failed', server: null }), false).summary).toBe(UI.controls.failed);
  });

  it('has a reason for every disabled control in every phase and agent state', () => {
    for (const phase of PHASES) {
      for (const state of AGENT_STATES) {
        for (const busy of [false, true]) {
          const c = agentControls(snapshot({ phase, agent: agent({ agentId: 'a1', state }) }), busy);
          for (const control of [c.ready, c.notReady, c.logout, c.login]) {
            if (!control.enabled) expect(control.reason.length).toBeGreaterThan(0);
          }
          // Nothing works unless online with the link up and no request in flight.
          if (phase !== 'online' || busy) expect([c.ready, c.notReady, c.logout, c.login].some((x) => x.enabled)).toBe(false);
        }
      }
    }
  });

  it('waits for the answer of a request in flight', () => {
    expect(agentControls(snapshot(), true).summary).toBe(UI.controls.busy);
  });

  it('offers Not Ready and Log out when Ready, but not Ready again', () => {
    const c = agentControls(snapshot(), false);
    expect(c.ready).toEqual({ enabled: false, reason: UI.controls.alreadyReady });
    expect(c.notReady.enabled).toBe(true);
    expect(c.logout.enabled).toBe(true);
    expect(c.summary).toBeNull();
  });

  it.each(['not-ready', 'acw'] as const)('offers Ready and a new Not Ready reason in %s', (state) => {
    const c = agentControls(snapshot({ agent: agent({ agentId: 'a1', state, reasonCode: 'Lunch' }) }), false);
    expect(c.ready.enabled && c.notReady.enabled && c.logout.enabled).toBe(true);
  });

  it('offers only the login when logged out', () => {
    const c = agentControls(snapshot({ agent: agent({ agentId: null, state: 'logged-out' }) }), false);
    expect(c.login.enabled).toBe(true);
    expect(c.ready).toEqual({ enabled: false, reason: UI.controls.loggedOut });
  });

  it('waits for the agent state before offering anything', () => {
    const c = agentControls(snapshot({ agent: agent({ agentId: null, state: 'unknown', asOf: null }) }), false);
    expect(c.summary).toBe(UI.controls.stateUnknown);
    expect(c.login.enabled).toBe(false);
  });

  it('counts the link as down even when the phase lags behind', () => {
    expect(connectionBlocker(snapshot({ link: 'down' }))).toBe(UI.controls.linkDown);
    expect(connectionBlocker(snapshot())).toBeNull();
  });

  it('pauses every control while a silent server is checked, saying so', () => {
    const c = agentControls(snapshot({ phase: 'checking', silence: { server: 'a', since: 1 }, agent: agent({ confidence: 'last-known' }) }), false);
    for (const control of [c.ready, c.notReady, c.logout, c.login]) expect(control).toEqual({ enabled: false, reason: UI.controls.checking });
    // A silent server whose link was last reported down: the link is the reason.
    expect(connectionBlocker(snapshot({ phase: 'checking', link: 'down' }))).toBe(UI.controls.linkDown);
  });

  it('offers nothing while a request is pending: its outcome decides what makes sense', () => {
    const c = agentControls(snapshot({ agent: agent({ state: 'not-ready', pending: { request: 'ready', reasonCode: null, since: 1 } }) }), false);
    expect(c.summary).toBe(UI.controls.pending);
    expect([c.ready, c.notReady, c.logout, c.login].some((x) => x.enabled)).toBe(false);
  });

  it('pauses a last-known state in every phase where the switch cannot be heard', () => {
    for (const phase of ['connecting', 'checking', 'link-down', 'reconnecting', 'offline', 'failed'] as const) {
      const c = agentControls(snapshot({ phase, agent: agent({ state: 'not-ready', reasonCode: 'Lunch', confidence: 'last-known' }) }), false);
      expect(c.summary, phase).not.toBeNull();
    }
  });
});

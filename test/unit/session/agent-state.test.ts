// Reading the agent's state from T-Library events.
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import { UNKNOWN_AGENT, desiredFrom, observeAgent, stateWords } from '../../../app/main/tserver/session/agent-state.ts';

const seen = { agentId: '1001', state: 'ready' as const, reasonCode: null };

describe('observeAgent', () => {
  it('EventRegistered / EventAddressInfo: AgentState 0/1/2, work mode 3 = after-call work, Reasons', () => {
    expect(observeAgent(makeMessage('EventRegistered', { ThisDN: '5001', AgentState: 0 }), '5001', seen)).toEqual({ agentId: null, state: 'logged-out', reasonCode: null });
    expect(observeAgent(makeMessage('EventRegistered', { ThisDN: '5001', AgentState: 1, AgentID: '1001', AgentWorkMode: 1 }), '5001', UNKNOWN_AGENT)).toEqual({ agentId: '1001', state: 'ready', reasonCode: null });
    expect(observeAgent(makeMessage('EventAddressInfo', { ThisDN: '5001', AgentState: 2, AgentID: '1001', AgentWorkMode: 4, Reasons: [['ReasonCode', '42']] }), '5001', UNKNOWN_AGENT)).toEqual({ agentId: '1001', state: 'not-ready', reasonCode: '42' });
    expect(observeAgent(makeMessage('EventAddressInfo', { ThisDN: '5001', AgentState: 2, AgentID: '1001', AgentWorkMode: 3 }), '5001', UNKNOWN_AGENT)).toMatchObject({ state: 'acw' });
  });

  it('agent events; another DN says nothing', () => {
    expect(observeAgent(makeMessage('EventAgentNotReady', { ThisDN: '5001', AgentWorkMode: 4, Reasons: [['ReasonCode', '7']] }), '5001', seen)).toEqual({ agentId: '1001', state: 'not-ready', reasonCode: '7' });
    expect(observeAgent(makeMessage('EventAgentNotReady', { ThisDN: '5001', AgentWorkMode: 3 }), '5001', seen)).toMatchObject({ state: 'acw' });
    expect(observeAgent(makeMessage('EventAgentReady', { ThisDN: '5001' }), '5001', seen)).toEqual(seen);
    expect(observeAgent(makeMessage('EventAgentLogin', { ThisDN: '5001', AgentID: '1002', AgentState: 2, AgentWorkMode: 4 }), '5001', UNKNOWN_AGENT)).toEqual({ agentId: '1002', state: 'not-ready', reasonCode: null });
    expect(observeAgent(makeMessage('EventAgentLogout', { ThisDN: '5001', AgentID: '1001' }), '5001', seen)).toEqual({ agentId: null, state: 'logged-out', reasonCode: null });
    expect(observeAgent(makeMessage('EventAgentReady', { ThisDN: '5002' }), '5001', seen)).toBeNull();
    expect(observeAgent(makeMessage('EventLinkConnected', { TimeinSecs: 1 }), '5001', seen)).toBeNull();
  });
});

describe('desiredFrom / stateWords', () => {
  it('keeps what was observed; unknown keeps nothing', () => {
    expect(desiredFrom(UNKNOWN_AGENT)).toBeNull();
    expect(desiredFrom({ agentId: null, state: 'logged-out', reasonCode: null })).toEqual({ state: 'logged-out' });
    expect(desiredFrom({ agentId: '1001', state: 'not-ready', reasonCode: '42' })).toEqual({ state: 'not-ready', agentId: '1001', reasonCode: '42' });
    expect(desiredFrom({ agentId: '1001', state: 'acw', reasonCode: null })).toEqual({ state: 'acw', agentId: '1001' });
  });

  it('plain words', () => {
    expect(stateWords({ state: 'not-ready', reasonCode: '42' })).toBe('Not Ready (42)');
    expect(stateWords({ state: 'not-ready' })).toBe('Not Ready');
    expect(stateWords({ state: 'acw' })).toBe('After-call work');
    expect(stateWords({ state: 'ready' })).toBe('Ready');
    expect(stateWords({ state: 'logged-out' })).toBe('Logged out');
  });
});

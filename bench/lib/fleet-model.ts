// What the fleet benchmark (bench/fleet.ts) and its worker threads
// (fleet-worker.ts) share: the reconnect policies compared, and who session i
// is (DN, agent, the agent state it sets and expects back after the failover).
import type { ReconnectSettings } from '../../app/main/tserver/session/api.ts';
import { reconnectSettings } from '../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import type { ExpectedAgent } from './snapshots.ts';

export type Mode = 'hot' | 'warm';
export type Policy = 'tuned' | 'workspace' | 'psdk' | 'naive';
export const POLICIES: readonly Policy[] = ['tuned', 'workspace', 'psdk', 'naive'];

/** How a policy reconnects: settings, how it draws its waits, and whether it re-asks a promoting warm backup (58). */
export interface PolicyModel {
  reconnect: ReconnectSettings;
  /** A fresh random source per session. */
  random: () => () => number;
  promotionRetry: boolean;
  /** Whether a hot standby leg redials calmly while the other leg serves (STANDBY_RETRY). */
  standbyRetry: boolean;
}

/** Uniform first draw (the first delay), then 1: a full-jitter loop waits exactly its ceiling — fixed rounds. */
const uniformThenFixed = (): (() => number) => {
  let first = true;
  return () => {
    if (!first) return 1;
    first = false;
    return Math.random();
  };
};

/**
 * tuned: ours — the defaults with firstDelayMaxMs set for the fleet (docs/architecture.md §2.4).
 * workspace: Genesys Workspace — a uniform 0–2 s delay, then fixed 10 s rounds, no 58 re-ask.
 * Peers have no calm standby redial either (their standby leg keeps its schedule).
 * psdk: Platform SDK warm-standby defaults — a fixed 1 s retry, no backup delay, no 58 re-ask.
 * naive: reconnect at once on loss and retry after at most 1 ms, no backoff, no
 * spreading (1 ms is the smallest initialDelayMs the policy accepts).
 * Peers reset their schedule on every successful open (healthySessionMs 0).
 */
export function policyModel(policy: Policy, firstDelayMs: number): PolicyModel {
  switch (policy) {
    case 'tuned':
      return { reconnect: reconnectSettings({ firstDelayMaxMs: firstDelayMs }), random: () => Math.random, promotionRetry: true, standbyRetry: true };
    case 'workspace':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 10_000, multiplier: 1, maxDelayMs: 10_000, firstDelayMaxMs: 2_000, healthySessionMs: 0 }),
        random: uniformThenFixed,
        promotionRetry: false,
        standbyRetry: false,
      };
    case 'psdk':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 1_000, multiplier: 1, maxDelayMs: 1_000, firstDelayMaxMs: 0, healthySessionMs: 0 }),
        random: () => () => 1,
        promotionRetry: false,
        standbyRetry: false,
      };
    case 'naive':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 1, multiplier: 1, maxDelayMs: 1, firstDelayMaxMs: 0, healthySessionMs: 0 }),
        random: () => Math.random,
        promotionRetry: false,
        standbyRetry: false,
      };
  }
}

export const expectedFor = (i: number): ExpectedAgent => (i % 2 === 0 ? { state: 'not-ready', reasonCode: '42' } : { state: 'ready' });
export const dnOf = (i: number): string => String(100_000 + i);
export const agentOf = (i: number): string => String(500_000 + i);

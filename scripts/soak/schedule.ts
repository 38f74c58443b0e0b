// The chaos schedule: a run is a sequence of episodes. Each episode injects 1–4
// faults on either server at seeded offsets (some undone within the episode), the
// agent acts meanwhile, then everything is healed, the session is audited, and a
// steady interlude lets the switch and the agent act while all is well.
// Everything here is a pure function of the seed: the sequence of steps for seed S
// never depends on what the session did (the simulator may still refuse a step that
// is impossible at that moment — a switchover with the backup down — and that
// refusal is reported, not avoided).
import type { SimServerName } from '../../sim/index.ts';
import { Rng } from './rng.ts';

export type FaultStep =
  | { kind: 'crash' | 'hang' | 'resume' | 'restart' | 'garbage'; server: SimServerName }
  | { kind: 'link-down'; server: SimServerName; message: string }
  | { kind: 'link-up'; server: SimServerName }
  | { kind: 'refuse'; server: SimServerName; on: boolean }
  | { kind: 'slow-handshake'; server: SimServerName; delayMs: number }
  | { kind: 'switchover' }
  /** The switch puts the agent in after-call work (the end of a call). */
  | { kind: 'acw' };

export interface TimedStep {
  /** ms after the episode started. */
  at: number;
  step: FaultStep;
}

/** What the agent clicks; `ready`/`not-ready` become a login when the agent is logged out. */
export interface AgentChoice {
  at: number;
  kind: 'ready' | 'not-ready';
  reasonCode: string;
}

/** A change made by the switch (a supervisor, a call ending) while everything is healthy. */
export type SwitchChange = { kind: 'forced-logout' } | { kind: 'supervisor-ready' } | { kind: 'supervisor-not-ready'; reasonCode: string } | { kind: 'acw' };

export interface Episode {
  index: number;
  durationMs: number;
  steps: TimedStep[];
  agent: AgentChoice[];
  /** After the audit: a switch change (or none), and whether the agent then acts once. */
  steady: { change: SwitchChange | null; agent: Omit<AgentChoice, 'at'> | null };
}

export const REASONS = ['7', '42', '99'] as const;
const SERVERS: readonly SimServerName[] = ['a', 'b'];

type FaultKind = 'crash' | 'hang' | 'restart' | 'garbage' | 'switchover' | 'link-flap' | 'link-burst' | 'refuse' | 'slow-handshake' | 'acw';
const FAULT_WEIGHTS: ReadonlyArray<readonly [FaultKind, number]> = [
  ['crash', 3],
  ['hang', 3],
  ['restart', 2],
  ['garbage', 2],
  ['switchover', 2],
  ['link-flap', 3],
  ['link-burst', 1],
  ['refuse', 1],
  ['slow-handshake', 1],
  ['acw', 1],
];

/** The seeded generator of episodes (independent streams for the faults and the agent). */
export class Schedule {
  private readonly faults: Rng;
  private readonly agent: Rng;
  private index = 0;

  constructor(seed: number) {
    this.faults = new Rng(seed, 'faults');
    this.agent = new Rng(seed, 'agent');
  }

  next(): Episode {
    const r = this.faults;
    const index = ++this.index;
    const durationMs = r.int(3000, 12_000);
    const steps: TimedStep[] = [];
    const add = (at: number, step: FaultStep): void => {
      if (at < durationMs) steps.push({ at, step });
    };
    const count = r.weighted<number>([
      [1, 3],
      [2, 3],
      [3, 2],
      [4, 1],
    ]);
    for (let i = 0; i < count; i++) {
      const at = r.int(0, durationMs - 500);
      const server = r.pick(SERVERS);
      switch (r.weighted(FAULT_WEIGHTS)) {
        case 'crash':
          add(at, { kind: 'crash', server });
          // Sometimes it comes back within the episode, else at the heal.
          if (r.chance(0.4)) add(at + r.int(200, 5000), { kind: 'restart', server });
          break;
        case 'hang':
          add(at, { kind: 'hang', server });
          if (r.chance(0.5)) add(at + r.int(300, 4000), { kind: 'resume', server });
          break;
        case 'restart':
          add(at, { kind: 'restart', server });
          break;
        case 'garbage':
          add(at, { kind: 'garbage', server });
          break;
        case 'switchover':
          add(at, { kind: 'switchover' });
          break;
        case 'link-flap':
          add(at, { kind: 'link-down', server, message: `soak link down (episode ${index})` });
          if (r.chance(0.7)) add(at + r.int(100, 4000), { kind: 'link-up', server });
          break;
        case 'link-burst': {
          let t = at;
          const flips = r.int(4, 20);
          for (let f = 0; f < flips; f++) {
            add(t, f % 2 === 0 ? { kind: 'link-down', server, message: `soak link flap ${f} (episode ${index})` } : { kind: 'link-up', server });
            t += r.int(20, 150);
          }
          add(t, { kind: 'link-up', server });
          break;
        }
        case 'refuse':
          add(at, { kind: 'refuse', server, on: true });
          if (r.chance(0.5)) add(at + r.int(500, 5000), { kind: 'refuse', server, on: false });
          break;
        case 'slow-handshake':
          // Up to 6 s: past the 4 s connect timeout, so some dials give up mid-handshake.
          add(at, { kind: 'slow-handshake', server, delayMs: r.int(500, 6000) });
          break;
        case 'acw':
          add(at, { kind: 'acw' });
          break;
      }
    }
    // Stable order: by time, then by generation order (sort is stable).
    steps.sort((x, y) => x.at - y.at);

    const a = this.agent;
    const agent: AgentChoice[] = [];
    for (let t = a.int(200, 3000); t < durationMs; t += a.int(700, 4000)) {
      agent.push({ at: t, kind: a.chance(0.5) ? 'ready' : 'not-ready', reasonCode: a.pick(REASONS) });
    }
    const changeKind = a.weighted<SwitchChange['kind'] | null>([
      [null, 5],
      ['forced-logout', 1],
      ['supervisor-ready', 1],
      ['supervisor-not-ready', 1],
      ['acw', 1],
    ]);
    const reason = a.pick(REASONS);
    const change: SwitchChange | null =
      changeKind === null ? null : changeKind === 'supervisor-not-ready' ? { kind: changeKind, reasonCode: reason } : { kind: changeKind };
    const acts = a.chance(0.5);
    const steadyAgent = { kind: a.chance(0.5) ? ('ready' as const) : ('not-ready' as const), reasonCode: a.pick(REASONS) };
    return { index, durationMs, steps, agent, steady: { change, agent: acts ? steadyAgent : null } };
  }
}

export function describeStep(step: FaultStep): string {
  switch (step.kind) {
    case 'link-down':
      return `link-down ${step.server}`;
    case 'refuse':
      return `refuse ${step.server} ${step.on ? 'on' : 'off'}`;
    case 'slow-handshake':
      return `slow-handshake ${step.server} ${step.delayMs}ms`;
    case 'switchover':
    case 'acw':
      return step.kind;
    default:
      return `${step.kind} ${step.server}`;
  }
}

/** Steps that break something (the rest undo a fault: resume, link-up, refuse off). */
export function isFault(step: FaultStep): boolean {
  return !(step.kind === 'resume' || step.kind === 'link-up' || (step.kind === 'refuse' && !step.on));
}

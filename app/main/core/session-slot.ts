// The ToolbarSession the hosts hold from the first moment: the IPC handlers, the
// window, the tray and the notifier subscribe to it before the real session exists.
// Until one is attached it answers for itself with a setup snapshot (waiting for the
// keychain, or the reason no session may run: the toolbar fails closed). Once one is
// attached it forwards everything to it, so a window opened before the keychain
// answered needs no second subscription.
//
// Snapshots are renumbered (seq strictly increasing across the switch), because the
// window keeps a snapshot only when its seq or time moved on (renderer/lib/feed.ts),
// and the real session numbers its own from 0.
import type { ConnectivitySnapshot, RequestOutcome, SetupInfo, TimelineEvent } from '../../shared/connectivity.ts';
import type { CheckNowReason, ToolbarSession, WakeReason } from '../tserver/session/api.ts';
import { SessionRequestError } from '../tserver/session/api.ts';
import { setupMessage, setupSnapshot } from './setup-snapshot.ts';

export interface SlotIdentity {
  mode: ConnectivitySnapshot['mode'];
  dn: string;
  agentId: string | null;
}

export class SessionSlot implements ToolbarSession {
  private real: ToolbarSession | null = null;
  private held: ConnectivitySnapshot;
  private setup: SetupInfo | null;
  /** Added to the real session's seq: above every snapshot the slot has shown. */
  private seqBase = 0;
  private started = false;
  private stopped = false;
  private readonly snapshotListeners = new Set<(s: ConnectivitySnapshot) => void>();
  private readonly eventListeners = new Set<(e: TimelineEvent) => void>();

  constructor(
    private readonly identity: SlotIdentity,
    /** Null: starting; or the reason no session runs. */
    initial: SetupInfo | null,
    private readonly now: () => number = Date.now,
    private readonly onListenerError: (err: unknown) => void = () => undefined,
  ) {
    this.setup = initial;
    this.held = setupSnapshot({ ...identity, setup: initial, seq: 0, t: now() });
  }

  /** The setup state shown while no session runs; null once one is attached. */
  get setupState(): SetupInfo | null {
    return this.real ? null : this.setup;
  }

  get attached(): boolean {
    return this.real !== null;
  }

  /** Shows another setup state (no session attached yet); null: starting. */
  hold(setup: SetupInfo | null): void {
    if (this.real) throw new Error('SessionSlot.hold: a session is already attached');
    this.setup = setup;
    this.held = setupSnapshot({ ...this.identity, setup, seq: this.held.seq + 1, t: this.now() });
    this.emitSnapshot(this.held);
  }

  /**
   * Hands over to the real session; starts it when start() was called already. After
   * stop() the session is stopped at once instead (it was not wanted any more).
   */
  attach(session: ToolbarSession): void {
    if (this.real) throw new Error('SessionSlot.attach: a session is already attached');
    if (this.stopped) {
      void session.stop();
      return;
    }
    this.real = session;
    this.seqBase = this.held.seq + 1;
    session.onSnapshot((s) => this.emitSnapshot(this.renumbered(s)));
    session.onEvent((e) => this.emitEvent(e));
    this.emitSnapshot(this.snapshot());
    if (this.started) session.start();
  }

  start(): void {
    if (this.stopped) return;
    this.started = true;
    this.real?.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.real?.stop();
  }

  snapshot(): ConnectivitySnapshot {
    return this.real ? this.renumbered(this.real.snapshot()) : this.held;
  }

  onSnapshot(listener: (snapshot: ConnectivitySnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  onEvent(listener: (event: TimelineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  checkNow(reason: CheckNowReason): boolean {
    return this.real?.checkNow(reason) ?? false;
  }

  wake(reason: WakeReason): boolean {
    return this.real?.wake(reason) ?? false;
  }

  agentReady(): Promise<RequestOutcome> {
    return this.real ? this.real.agentReady() : this.refuse();
  }

  agentNotReady(reasonCode: string): Promise<RequestOutcome> {
    return this.real ? this.real.agentNotReady(reasonCode) : this.refuse();
  }

  agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome> {
    return this.real ? this.real.agentLogin(agentId, password) : this.refuse();
  }

  agentLogout(): Promise<RequestOutcome> {
    return this.real ? this.real.agentLogout() : this.refuse();
  }

  answerCall(connId: string): Promise<RequestOutcome> {
    return this.real ? this.real.answerCall(connId) : this.refuse();
  }

  holdCall(connId: string): Promise<RequestOutcome> {
    return this.real ? this.real.holdCall(connId) : this.refuse();
  }

  retrieveCall(connId: string): Promise<RequestOutcome> {
    return this.real ? this.real.retrieveCall(connId) : this.refuse();
  }

  releaseCall(connId: string): Promise<RequestOutcome> {
    return this.real ? this.real.releaseCall(connId) : this.refuse();
  }

  /** No session to send it on: said at once, like the session's own "not connected". */
  private refuse(): Promise<never> {
    const setup = this.setup;
    // Starting or waiting for the keychain: it passes, try again; a setup problem does not.
    if (setup === null || setup.state === 'waiting-for-keychain') {
      return Promise.reject(new SessionRequestError(`The toolbar is starting${setup ? ` (${setupMessage(setup).toLowerCase()})` : ''}; try again in a moment.`, null, true));
    }
    return Promise.reject(new SessionRequestError(setupMessage(setup), null, false));
  }

  private renumbered(s: ConnectivitySnapshot): ConnectivitySnapshot {
    return { ...s, seq: s.seq + this.seqBase };
  }

  private emitSnapshot(snapshot: ConnectivitySnapshot): void {
    for (const listener of [...this.snapshotListeners]) {
      try {
        listener(snapshot);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  private emitEvent(event: TimelineEvent): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

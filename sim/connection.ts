// One client socket on a simulated T-Server: decoding, the open dialog, ADDP
// towards the client, registrations and request dispatch (docs/protocol.md "Dialogs").
import type { Socket } from 'node:net';
import { ErrorCodes, FrameDecoder, isRequestName, makeMessage } from '../app/main/tserver/protocol/index.ts';
import type { Attributes, KvList, MessageName, TMessage } from '../app/main/tserver/protocol/index.ts';
import { callEventMessage, callsAttribute } from './call-messages.ts';
import type { SimServer } from './server.ts';
import type { ChangeOrigin, DnView, SwitchError, SwitchEvent } from './switch.ts';

type Phase = 'new' | 'opening' | 'open' | 'closed';

export class ClientConnection {
  private readonly decoder = new FrameDecoder();
  private phase: Phase = 'new';
  readonly registered = new Set<string>();
  readonly sessionId: number;
  private addpRemoteMs = 0;
  private addpTimer: ReturnType<typeof setTimeout> | null = null;
  private addpPinged = false;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `socket` carries the frames (a TLSSocket on a TLS server); `transport` is the
   * TCP socket under it, the one a crash resets (a TLSSocket cannot send an RST).
   */
  constructor(
    private readonly server: SimServer,
    readonly socket: Socket,
    sessionId: number,
    private readonly transport: Socket = socket,
  ) {
    this.sessionId = sessionId;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A client's RST or EPIPE is its business, never the simulator's crash.
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClosed());
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Writes one message (dropped while the server hangs). */
  send(message: TMessage): void {
    if (this.phase === 'closed') return;
    this.server.write(this, message);
  }

  /** The server crashed: RST, as a dying process's sockets are. */
  reset(): void {
    this.transport.resetAndDestroy();
  }

  /** Graceful close (FIN). */
  end(): void {
    if (this.phase === 'closed') return;
    this.socket.destroySoon();
  }

  /** Called by the server when it hangs (true) or resumes (false). */
  setHung(hung: boolean): void {
    if (hung) {
      this.socket.pause();
      this.stopAddp();
    } else {
      this.socket.resume();
      this.armAddp();
    }
  }

  /** Forwards a switch change to this client when it has the DN registered. */
  deliver(event: SwitchEvent): void {
    if (!this.isOpen || !this.registered.has(event.dn)) return;
    const mine = event.origin !== null && event.origin.token === this;
    if (event.type === 'call') {
      this.send(callEventMessage(event, mine ? event.origin?.referenceId : undefined));
      return;
    }
    const attrs: Attributes = { ThisDN: event.dn, AgentID: event.agentId, ReferenceID: mine ? event.origin?.referenceId : undefined };
    switch (event.kind) {
      case 'login':
        this.send(makeMessage('EventAgentLogin', { ...attrs, AgentState: event.agentState, AgentWorkMode: event.workMode }));
        break;
      case 'logout':
        this.send(makeMessage('EventAgentLogout', attrs));
        break;
      case 'ready':
        this.send(makeMessage('EventAgentReady', { ...attrs, AgentWorkMode: event.workMode, AgentState: event.agentState }));
        break;
      case 'not-ready':
        this.send(makeMessage('EventAgentNotReady', { ...attrs, AgentWorkMode: event.workMode, Reasons: reasons(event.reasonCode), AgentState: event.agentState }));
        break;
    }
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    const { messages, error } = this.decoder.push(chunk);
    try {
      for (const m of messages) {
        // A message may close the session (refused open, protocol violation): drop the rest.
        if (this.socket.destroyed) return;
        this.onMessage(m);
      }
    } catch {
      // A bug or an unencodable echo must cost this client its session, never the simulator.
      this.socket.destroy();
      return;
    }
    // Malformed input: close that session, as a real T-Server would.
    if (error) this.socket.destroy();
  }

  private onMessage(m: TMessage): void {
    if (this.phase === 'closed') return;
    this.armAddp();
    const ref = typeof m.attributes.ReferenceID === 'number' ? m.attributes.ReferenceID : undefined;
    if (m.name === 'AddpPing') {
      this.send(makeMessage('AddpPong', { ReferenceID: ref }));
      return;
    }
    if (m.name === 'AddpPong') return;
    if (m.name === 'RequestRegisterClient') {
      this.onRegisterClient(m, ref);
      return;
    }
    // Anything but an open before the open, or a message that is not a request: protocol violation.
    if (this.phase !== 'open' || !isRequest(m.name)) {
      this.socket.destroy();
      return;
    }
    if (this.server.takeUnanswered(m.name)) return;
    this.onRequest(m.name, m.attributes, ref);
  }

  private onRegisterClient(m: TMessage, ref: number | undefined): void {
    if (this.phase === 'opening') return;
    const wasOpen = this.phase === 'open';
    this.phase = 'opening';
    const remote = m.attributes.AddpRemoteTimeout;
    this.addpRemoteMs = typeof remote === 'number' && remote > 0 ? remote : 0;
    const appName = typeof m.attributes.ApplicationName === 'string' ? m.attributes.ApplicationName : '';
    const password = typeof m.attributes.ApplicationPassword === 'string' ? m.attributes.ApplicationPassword : undefined;
    const reply = (): void => {
      this.handshakeTimer = null;
      if (this.phase !== 'opening') return;
      const refusal = this.server.admit(password);
      if (refusal) {
        this.send(makeMessage('EventError', { ErrorCode: refusal.code, ErrorMessage: refusal.message, ReferenceID: ref }));
        this.phase = 'closed';
        this.stopAddp();
        this.socket.destroySoon();
        return;
      }
      this.phase = 'open';
      this.send(this.server.linkStatusEvent({ ReferenceID: ref, SessionID: this.sessionId, ApplicationName: appName }));
      this.armAddp();
    };
    const delay = wasOpen ? 0 : this.server.slowHandshakeMs;
    if (delay > 0) this.handshakeTimer = setTimeout(reply, delay);
    else reply();
  }

  private onRequest(name: MessageName, a: Attributes, ref: number | undefined): void {
    const dn = typeof a.ThisDN === 'string' ? a.ThisDN : '';
    const sw = this.server.switch;
    const origin: ChangeOrigin = { token: this, referenceId: ref };
    const fail = (e: SwitchError): void => this.send(makeMessage('EventError', { ErrorCode: e.code, ErrorMessage: e.message, ReferenceID: ref }));
    const failOr = (e: SwitchError | null): void => {
      if (e) fail(e);
    };
    switch (name) {
      case 'RequestQueryServer':
        this.send(this.server.serverInfoEvent(ref));
        return;
      case 'RequestRegisterAddress':
      case 'RequestQueryAddress': {
        const view = sw.view(dn);
        if (!view) return fail({ code: ErrorCodes.DnDoesNotExist, message: `DN ${dn} does not exist` });
        if (name === 'RequestRegisterAddress' && !this.registered.has(dn)) {
          this.registered.add(dn);
          sw.registrationChanged(this.server.name, dn, 1);
        }
        if (name === 'RequestRegisterAddress') this.send(makeMessage('EventRegistered', { ...dnAttributes(view), ReferenceID: ref }));
        // The DN's calls come only when asked: what a warm backup's new client learns them from.
        else this.send(makeMessage('EventAddressInfo', { ...dnAttributes(view), Calls: callsAttribute(sw.calls.callsOf(dn)), ReferenceID: ref }));
        return;
      }
      case 'RequestUnregisterAddress':
        if (!this.registered.has(dn)) return fail({ code: ErrorCodes.NotRegistered, message: `DN ${dn} is not registered` });
        this.registered.delete(dn);
        sw.registrationChanged(this.server.name, dn, -1);
        this.send(makeMessage('EventUnregistered', { ThisDN: dn, ReferenceID: ref }));
        return;
      default:
        break;
    }
    // Agent and call requests: the DN must be registered here and the CTI link up.
    if (!this.registered.has(dn)) return fail({ code: ErrorCodes.NotRegistered, message: `DN ${dn} is not registered` });
    if (!this.server.link.up) return fail({ code: ErrorCodes.LinkDown, message: 'CTI link to the switch is down' });
    const workMode = typeof a.AgentWorkMode === 'number' ? a.AgentWorkMode : undefined;
    switch (name) {
      case 'RequestAgentLogin': {
        const agentId = typeof a.AgentID === 'string' ? a.AgentID : '';
        const password = typeof a.AgentPassword === 'string' ? a.AgentPassword : undefined;
        return failOr(sw.login(dn, agentId, password, workMode, origin));
      }
      case 'RequestAgentLogout':
        return failOr(sw.logout(dn, origin));
      case 'RequestAgentReady':
        return failOr(sw.ready(dn, workMode, origin));
      case 'RequestAgentNotReady':
        return failOr(sw.notReady(dn, workMode, reasonCodeOf(a.Reasons), origin));
      default:
        return failOr(this.callRequest(name, dn, a, origin));
    }
  }

  /** Call control; mandatory ConnID / OtherDN are guaranteed by the decoder (catalogue MANDATORY). */
  private callRequest(name: MessageName, dn: string, a: Attributes, origin: ChangeOrigin): SwitchError | null {
    const calls = this.server.switch.calls;
    const connId = typeof a.ConnID === 'string' ? a.ConnID : '';
    switch (name) {
      case 'RequestMakeCall':
        return calls.makeCall(dn, typeof a.OtherDN === 'string' ? a.OtherDN : '', Array.isArray(a.UserData) ? a.UserData : null, origin);
      case 'RequestAnswerCall':
        return calls.answer(dn, connId, origin);
      case 'RequestReleaseCall':
        return calls.release(dn, connId, origin);
      case 'RequestHoldCall':
        return calls.hold(dn, connId, origin);
      case 'RequestRetrieveCall':
        return calls.retrieve(dn, connId, origin);
      default:
        return null;
    }
  }

  /** Server-side ADDP: after addpRemoteMs of silence ping; no frame within another addpRemoteMs drops the client. */
  private armAddp(): void {
    this.stopAddp();
    if (this.addpRemoteMs <= 0 || this.phase !== 'open' || this.server.hung) return;
    this.addpPinged = false;
    const tick = (): void => {
      if (this.addpPinged) {
        this.addpTimer = null;
        this.socket.destroy();
        return;
      }
      this.addpPinged = true;
      this.send(makeMessage('AddpPing'));
      this.addpTimer = setTimeout(tick, this.addpRemoteMs);
    };
    this.addpTimer = setTimeout(tick, this.addpRemoteMs);
  }

  private stopAddp(): void {
    if (this.addpTimer !== null) clearTimeout(this.addpTimer);
    this.addpTimer = null;
  }

  private onClosed(): void {
    this.phase = 'closed';
    this.stopAddp();
    if (this.handshakeTimer !== null) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    for (const dn of this.registered) this.server.switch.registrationChanged(this.server.name, dn, -1);
    this.registered.clear();
    this.server.forget(this);
  }
}

/** Requests after the open (RequestRegisterClient has its own dialog). */
function isRequest(name: string): name is MessageName {
  return isRequestName(name) && name !== 'RequestRegisterClient';
}

function reasons(code: string | null): KvList | undefined {
  return code === null ? undefined : [['ReasonCode', code]];
}

function reasonCodeOf(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const entry = (value as KvList).find(([k]) => k === 'ReasonCode');
  if (!entry) return null;
  const v = entry[1];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

function dnAttributes(v: DnView): Attributes {
  return {
    ThisDN: v.dn,
    AgentState: v.agentState,
    AgentID: v.agentId ?? undefined,
    AgentWorkMode: v.workMode ?? undefined,
    Reasons: reasons(v.reasonCode),
  };
}

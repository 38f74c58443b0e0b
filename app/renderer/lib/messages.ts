// The message catalogue: every string the agent can see or hear, in one place,
// so wording stays consistent and can be translated or reviewed at once.
// Error codes are T-Library numbers (DESIGN.md §3); test/unit/renderer checks
// that every code in the protocol catalogue has plain words here.
import type { AgentStateName, ServerRoleName } from '../../shared/connectivity.ts';

/** Who the agent should turn to when retrying cannot help (the text names them). */
export type Contact = 'it' | 'supervisor' | 'none';

export interface ErrorWords {
  /** What happened, in plain words. */
  text: string;
  contact: Contact;
  /** A mistake in what the agent typed at login (agent id, password, a login held elsewhere): the login form shows it. */
  credential?: true;
}

export const ERROR_WORDS: Readonly<Record<number, ErrorWords>> = {
  41: { text: 'The toolbar is not registered for your phone line on this server. It registers again by itself.', contact: 'none' },
  43: { text: 'You are already in that state.', contact: 'none' },
  54: { text: 'The T-Server has no connection to the phone switch.', contact: 'none' },
  57: { text: 'The server did not answer in time.', contact: 'none' },
  58: { text: 'This server is out of service (a backup that is not active yet).', contact: 'none' },
  109: { text: 'The link between the T-Server and the phone switch is down.', contact: 'none' },
  119: { text: "The toolbar's application password was refused. Call IT support.", contact: 'it' },
  123: { text: 'The switch does not know your phone line (DN). Check your extension number or call IT support.', contact: 'it' },
  125: { text: 'Another application has already registered your phone line (DN).', contact: 'it' },
  192: { text: 'The switch does not know this agent ID. Check it or ask your supervisor.', contact: 'supervisor', credential: true },
  1705: { text: 'The agent password was not accepted. Try again or ask your supervisor to reset it.', contact: 'supervisor', credential: true },
  1706: { text: 'This agent is already logged in elsewhere, or another agent is logged in on this phone. Log out there first.', contact: 'supervisor', credential: true },
};


/** Whether the login form should show this error (the catalogue marks such codes `credential`). */
export function isCredentialError(code: number | null): boolean {
  return code !== null && ERROR_WORDS[code]?.credential === true;
}

/** Plain words for an error; falls back to the server's own message. */
export function describeError(code: number | null, serverMessage: string | null): ErrorWords {
  const known = code === null ? undefined : ERROR_WORDS[code];
  if (known) return known;
  const detail = serverMessage && serverMessage.trim() !== '' ? serverMessage.trim() : 'Unknown problem';
  return { text: code === null ? detail : `${detail} (error ${code})`, contact: 'none' };
}

export const ROLE_WORDS: Readonly<Record<ServerRoleName, string>> = {
  primary: 'primary',
  backup: 'backup',
  unknown: 'role unknown',
};

export const AGENT_STATE_WORDS: Readonly<Record<AgentStateName, string>> = {
  unknown: 'State unknown',
  'logged-out': 'Logged out',
  ready: 'Ready',
  'not-ready': 'Not Ready',
  acw: 'After-call work',
};

/** Not-ready reasons offered by the picker (codes travel as `ReasonCode`). */
export const NOT_READY_REASONS: readonly { code: string; label: string }[] = [
  { code: 'Break', label: 'Break' },
  { code: 'Lunch', label: 'Lunch' },
  { code: 'Meeting', label: 'Meeting' },
  { code: 'Training', label: 'Training' },
  { code: 'Coaching', label: 'Coaching' },
  { code: 'Personal', label: 'Personal' },
];

export function reasonLabel(code: string | null): string | null {
  if (code === null || code === '') return null;
  return NOT_READY_REASONS.find((r) => r.code === code)?.label ?? code;
}

export function agentStateLabel(state: AgentStateName, reasonCode: string | null): string {
  const reason = state === 'not-ready' ? reasonLabel(reasonCode) : null;
  return reason ? `${AGENT_STATE_WORDS[state]} (${reason})` : AGENT_STATE_WORDS[state];
}

export const UI = {
  appName: 'Agent Toolbar',
  chip: {
    online: (server: string, role: string) => `Connected to ${server} (${role})`,
    linkUp: 'switch link up',
    connecting: (server: string | null) => (server ? `Connecting to ${server}…` : 'Connecting…'),
    standbyReady: (name: string) => `standby ${name} ready`,
    standbyNotReady: (name: string) => `standby ${name} not ready`,
    waiting: 'Waiting for the toolbar…',
  },
  banner: {
    linkDownTitle: 'Switch link down',
    linkDownBody: 'Calls in progress continue; call controls are paused, waiting for the switch.',
    reconnectingTitle: (server: string | null) => (server ? `Connection lost. Reconnecting to ${server}` : 'Connection lost. Reconnecting'),
    /** The first moments of an outage, before the red banner (a quick failover shows only this and the switched notice). */
    reconnectingCalm: (server: string | null) => (server ? `Reconnecting to ${server}…` : 'Reconnecting…'),
    checkingTitle: 'Checking the connection…',
    checkingBody: (server: string, age: string) => `No word from ${server} for ${age}.`,
    loggedOutTitle: 'You were logged out by the switch.',
    loggedOutBody: 'You will not get calls until you log in again.',
    loginAgain: 'Log in again',
    serverFallback: 'Server',
    attempt: (n: number) => `attempt ${n}`,
    nextTryIn: (clock: string) => `Next try in ${clock}`,
    tryingNow: (server: string | null) => (server ? `Trying ${server} now…` : 'Trying now…'),
    switchedTitle: (server: string, role: string) => `Switched to ${server} (${role})`,
    restored: 'Your phone line and agent state were restored.',
    offlineTitle: 'Offline: no T-Server reachable.',
    offlineBody: 'Check your network, or call IT support if this lasts.',
    failedTitle: 'The toolbar cannot connect.',
    reconnectNow: 'Reconnect now',
    reconnectAccepted: 'Reconnecting now…',
    reconnectThrottled: 'Already trying; please wait a moment.',
    details: 'Details',
    dismiss: 'Dismiss',
  },
  controls: {
    notConnected: 'Not connected to a T-Server',
    linkDown: 'Call controls are paused: the switch link is down',
    loggedOut: 'Log in first',
    stateUnknown: 'Waiting for your agent state from the switch',
    busy: 'Waiting for the switch to answer…',
    alreadyReady: 'You are already Ready',
    alreadyLoggedIn: 'You are already logged in',
    failed: 'The toolbar cannot connect; see the message above',
    checking: 'Paused while the toolbar checks the connection',
    pending: 'Waiting to hear whether your last request went through',
  },
  agent: {
    dn: 'DN',
    agentId: 'Agent',
    ready: 'Ready',
    notReady: 'Not Ready',
    reason: 'Not Ready reason',
    controlsGroup: 'Agent state',
    logout: 'Log out',
    login: 'Log in',
    password: 'Password',
    remember: 'Remember',
    loginTitle: 'Agent login',
    agentIdInvalid: 'Agent ID: 1-64 letters, digits, _ or -',
    requestFailed: (text: string) => `Request failed: ${text}`,
    /** The switch did not answer in time: the request may still take effect, so it is never called failed. */
    pending: (request: string) => `No answer from the switch yet — checking whether ${request} went through.`,
    /** The toolbar's own backend did not answer (preview host gone, window reloading): nothing is checking. */
    noReply: 'No answer yet: the request may still go through.',
    lastKnown: 'last known',
    /** Badge tooltip and the screen-reader text beside the greyed state. */
    lastKnownSince: (clock: string, age: string) => `Last known state, heard at ${clock} (${age} ago). It may have changed since.`,
    lastKnownAge: (age: string) => `last known · ${age} ago`,
    changedWhileAway: (label: string, during: string) => `Your state was changed to ${label} while ${during}.`,
    dismiss: 'Dismiss',
    /** The visible face of the note's Dismiss button (its name stays `dismiss`). */
    dismissMark: '×',
  },
  /** What the agent asked for, as the pending note names it ("… whether Ready went through"). */
  request: {
    ready: 'Ready',
    'not-ready': (reason: string | null) => (reason ? `Not Ready (${reason})` : 'Not Ready'),
    login: 'your login',
    logout: 'your logout',
  },
  away: {
    'link-down': 'the link was down',
    disconnected: 'the toolbar was disconnected',
  },
  age: {
    seconds: (n: number) => `${n} s`,
    minutes: (n: number) => `${n} min`,
    hours: (h: number, m: number) => (m > 0 ? `${h} h ${m} min` : `${h} h`),
  },
  timeline: {
    open: 'Timeline, details and log out',
    close: 'Close timeline',
    title: 'Recent events',
    empty: 'No events yet.',
    copy: 'Copy diagnostics',
    copied: 'Diagnostics copied to the clipboard.',
    copyFallback: 'The clipboard is not available: select the text below and copy it.',
    details: 'Connection details',
    /** For IT on the phone: the facts as the session reports them, with their names. */
    detail: {
      phase: 'Phase',
      phaseValue: (phase: string, mode: string) => `${phase} (${mode} standby)`,
      server: 'Server',
      serverValue: (server: string | null, link: string) => `${server ?? 'none'}; switch link ${link}`,
      silence: 'Silent',
      silenceValue: (server: string, clock: string) => `${server}, last heard at ${clock}`,
      next: 'Next',
      nextValue: (server: string | null, attempt: number) => `${server ?? '—'}, attempt ${attempt}`,
      agent: 'Agent',
      agentValue: (label: string, confidence: string, clock: string | null) => `${label} (${confidence}${clock ? `, as of ${clock}` : ''})`,
      lastError: 'Last error',
    },
  },
  problem: {
    snapshot: (detail: string) => `Could not read the connection state: ${detail}`,
    events: (detail: string) => `Could not read recent events: ${detail}`,
    noBackend: 'The toolbar backend is not available (window.agentToolbar is missing).',
  },
  announce: {
    online: (server: string, role: string) => `Connected to ${server}, ${role}. Switch link up.`,
    linkDown: 'Switch link down. Calls in progress continue; call controls are paused.',
    linkUp: 'Switch link restored. Call controls are available again.',
    reconnecting: (server: string | null) => (server ? `Connection lost. Reconnecting to ${server}.` : 'Connection lost. Reconnecting.'),
    offline: 'Offline: no T-Server can be reached.',
    failed: (text: string) => `The toolbar cannot connect. ${text}`,
    connecting: 'Connecting.',
    switched: (server: string, role: string, detail: string) => `Switched to ${server}, ${role}. ${detail}`,
    agent: (label: string) => `Agent state: ${label}.`,
    checking: (server: string | null) => (server ? `Checking the connection to ${server}.` : 'Checking the connection.'),
    loggedOutBySwitch: 'You were logged out by the switch. Log in again to take calls.',
  },
} as const;

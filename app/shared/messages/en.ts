// The locale file: every word the agent can see or hear — window, screen reader,
// tray tooltip, OS notification — in English, in one place, ready for a second
// locale beside it. The core and main report facts (phases, codes, restore
// outcomes); only this file turns them into sentences. Server names, roles,
// error numbers and attempts never appear here: they live behind Details.
// Error codes are T-Library numbers (DESIGN.md §3); test/unit/renderer/catalogue.test.ts
// checks that every code, phase, banner kind and restore outcome has words here.
import type { AgentStateName, Phase } from '../connectivity.ts';

/** Who the agent should turn to when retrying cannot help (the text names them). */
export type Contact = 'it' | 'supervisor' | 'none';

/** Where a credential mistake is shown: at the password field, at the agent id field, or on the form. */
export type CredentialField = 'password' | 'agent-id' | 'form';

export interface ErrorWords {
  /** What happened and what to do, in plain words. */
  text: string;
  contact: Contact;
  /** A mistake in what the agent typed at login: the login form shows it at this field. */
  credential?: CredentialField;
}

const STATES: Readonly<Record<AgentStateName, string>> = {
  unknown: 'State unknown',
  'logged-out': 'Logged out',
  ready: 'Ready',
  'not-ready': 'Not Ready',
  acw: 'After-call work',
};

/** T-Library ErrorCode → plain words. */
const ERRORS: Readonly<Record<number, ErrorWords>> = {
  41: { text: 'The toolbar is not registered for your phone on this server. It registers again by itself.', contact: 'none' },
  43: { text: 'You are already in that state.', contact: 'none' },
  53: { text: 'The phone system did not accept that request. Try again; if it keeps happening, call IT support.', contact: 'it' },
  54: { text: 'The phone system server has no connection to the phone switch.', contact: 'none' },
  56: { text: 'That call is no longer there.', contact: 'none' },
  57: { text: 'The phone system did not answer in time.', contact: 'none' },
  58: { text: 'This phone system server is not active yet (a backup waiting to take over).', contact: 'none' },
  83: { text: 'Your phone is busy.', contact: 'none' },
  91: { text: 'The number you called is busy.', contact: 'none' },
  109: { text: 'The phone system link is down.', contact: 'none' },
  119: { text: "The toolbar's application password was refused. Call IT support.", contact: 'it' },
  123: { text: 'The phone system does not know your phone extension. Check it or call IT support.', contact: 'it' },
  125: { text: 'Another application is already using your phone extension. Call IT support.', contact: 'it' },
  192: { text: 'The phone system does not know this agent ID. Check it or ask your supervisor.', contact: 'supervisor', credential: 'agent-id' },
  1705: { text: 'Password not accepted. Try again, or ask your supervisor to reset it.', contact: 'supervisor', credential: 'password' },
  1706: {
    text: 'This agent is already logged in elsewhere, or another agent is logged in on this phone. Log out there first, or ask your supervisor.',
    contact: 'supervisor',
    credential: 'form',
  },
  1712: { text: 'The call is not in a state that allows this.', contact: 'none' },
};

export const EN = {
  appName: 'Agent Toolbar',
  states: STATES,
  errors: ERRORS,
  /** A T-Library code this catalogue does not know: the code and the server's message are in Details. */
  unknownError: { text: 'The phone system reported a problem. Details show what it said.', contact: 'none' } as ErrorWords,
  /** Stopped for good, with no code (a refused TLS certificate, a rejected open): retrying cannot help. */
  notRetryable: { text: 'The phone system refused the connection. Call IT support.', contact: 'it' } as ErrorWords,
  /** The contract's own error codes (not T-Library ones): the window could not get an answer it can use. */
  transport: {
    'forbidden-sender': 'The toolbar refused a request from this window. Restart the toolbar; if it keeps happening, call IT support.',
    'unknown-request': 'The toolbar did not understand that request. Restart the toolbar; if it keeps happening, call IT support.',
    'invalid-payload': 'The toolbar could not send that request. Try again; if it keeps happening, call IT support.',
    'invalid-message': 'The toolbar could not send that request. Try again; if it keeps happening, call IT support.',
    'bad-reply': 'The toolbar sent an answer this window could not read. Restart the toolbar.',
    'invalid-reply': 'The toolbar sent an answer this window could not read. Restart the toolbar.',
    failed: 'The toolbar could not do that just now. Try again in a moment.',
    'rate-limited': 'The toolbar got too many requests at once. Wait a moment, then try again.',
    'not-ready': 'The toolbar is still starting. Try again in a moment.',
  } as Readonly<Record<string, string>>,

  /**
   * Why no session runs (the snapshot's `setup`): the banner, the notification and what a
   * screen reader hears. `files`: where the toolbar looked (not configured) or the file at fault.
   */
  setup: {
    'waiting-for-keychain': { title: 'Waiting for the keychain…', body: () => 'If your computer asks to unlock your keychain, unlock it: the toolbar connects then.' },
    'not-configured': { title: 'Not configured — ask IT.', body: (files: string) => `No phone system is set up for this toolbar, so it is not connecting. IT support sets it up in ${files}.` },
    'endpoints-invalid': { title: 'Configuration error — ask IT.', body: (files: string) => `The phone system address in ${files} can't be used, so the toolbar is not connecting. IT support can correct it.` },
    'enforced-unreadable': { title: 'Configuration error — ask IT.', body: (files: string) => `The toolbar can't read IT's settings in ${files}, so it is not connecting. IT support can fix the file.` },
  },

  /** One line per phase: the tray tooltip, and what is said when no banner speaks for it. */
  phase: {
    connecting: 'Connecting to the phone system…',
    online: 'Connected to the phone system.',
    checking: 'Checking the connection…',
    'link-down': 'Phone system link down: calls continue, call controls paused.',
    reconnecting: 'Connection lost. Reconnecting…',
    offline: "Can't reach the phone system. Still trying.",
    failed: "The toolbar can't connect.",
  } as Readonly<Record<Phase, string>>,

  status: {
    waiting: 'Waiting for the toolbar…',
    /** The quiet line under the agent bar while all is well. */
    online: 'Connected',
    connecting: 'Connecting…',
  },

  /** Each banner: a title and one sentence that answer "is my call OK, will I get calls, what is the toolbar doing, what can I do". */
  banner: {
    failed: { title: "The toolbar can't connect.", atField: 'The phone system refused your login. When your supervisor has fixed it, press Reconnect now.' },
    offline: { title: "Can't reach the phone system.", body: 'Calls on your phone continue. Check your network; if this lasts, call IT support.' },
    reconnecting: { title: 'Connection lost. Reconnecting…', body: "Calls on your phone continue. Your state can't be changed until the toolbar is back." },
    lost: { title: 'Reconnecting…', body: 'Calls in progress are fine.' },
    'link-down': {
      title: 'Phone system link down.',
      body: 'Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.',
    },
    checking: { title: 'Checking the connection…', body: 'Calls in progress are fine.', silentFor: (age: string) => `No answer for ${age}.` },
    'logged-out': {
      title: 'You were logged out by the phone system.',
      body: "You won't get calls until you log in again.",
      /** With a call on the phone (ringing there, or in progress): the phone still rings, so "no calls" would be wrong. */
      withCall: "You won't get calls from the queue until you log in again. Calls to your phone still ring here.",
    },
    switched: { title: 'Reconnected.' },
    /**
     * The same banners with a call in progress (established, held or dialing): they name it and say it
     * goes on, and that its controls are paused (`party`: the number as the call bar shows it).
     */
    withCall: {
      'link-down': (party: string) => `Your call with ${party} continues. You can't hold or transfer it until the phone system reconnects.`,
      offline: (party: string) => `Your call with ${party} continues, but call controls are paused. Check your network; if this lasts, call IT support.`,
      reconnecting: (party: string) => `Your call with ${party} continues, but call controls are paused until the toolbar is back.`,
      lost: (party: string) => `Your call with ${party} continues; call controls are paused for a moment.`,
      checking: (party: string) => `Your call with ${party} continues; call controls are paused while the toolbar checks.`,
    },
    nextTry: (clock: string) => `Next try in ${clock}`,
    tryingNow: 'Trying now…',
    reconnectNow: 'Reconnect now',
    reconnectAccepted: 'Reconnecting now…',
    reconnectThrottled: 'Already trying — one moment.',
    loginAgain: 'Log in again',
    dismiss: 'Dismiss',
    /** The severities, said before the title to screen readers and shown as the icon's name. */
    severity: { error: 'Problem', warning: 'Warning', caution: 'Notice', info: 'Information' },
  },

  /** After a move to another server: what the restore of the agent's state came to. */
  restore: {
    restored: (state: string) => `Your state was restored: ${state}.`,
    reloggedIn: (state: string) => `You were logged back in, as ${state}.`,
    noAgent: 'No agent was logged in on your phone.',
    acwKept: 'You are in after-call work, as the phone system has it.',
    otherAgent: (other: string | null) =>
      other ? `Agent ${other} is logged in on your phone, so you were not logged back in.` : 'Another agent is logged in on your phone, so you were not logged back in.',
    failedLogin: (why: string) => `You could not be logged back in. ${why}`,
    failedState: (state: string, why: string) => `Your state could not be set back to ${state}. ${why}`,
    failedStateAfterLogin: (state: string, why: string) => `You were logged back in, but your state could not be set back to ${state}. ${why}`,
    deferred: (state: string) => `Your state (${state}) will be restored when the phone system link is back.`,
  },

  controls: {
    notConnected: 'Paused: the toolbar is not connected to the phone system',
    linkDown: 'Paused: the phone system link is down',
    checking: 'Paused while the toolbar checks the connection',
    pending: 'Waiting to hear whether your last request went through',
    busy: 'Waiting for the phone system to answer…',
    failed: "Paused: the toolbar can't connect",
    loggedOut: 'Log in first',
    stateUnknown: 'Waiting for your state from the phone system',
    alreadyReady: 'You are already Ready',
    alreadyLoggedIn: 'You are already logged in',
    nothingToReconnect: 'The toolbar is connected',
    cannotRetry: "Trying again can't help; see the message below",
  },

  agent: {
    heading: 'Agent Toolbar',
    extension: 'Extension',
    agentId: 'Agent',
    ready: 'Ready',
    notReady: 'Not Ready',
    reason: 'Not Ready reason',
    controlsGroup: 'Your state',
    state: 'Your state',
    logout: 'Log out',
    /** Said before the time in state (screen readers hear "Ready, for 2:05"; the bar shows "Ready 2:05"). */
    timeInState: 'for',
    lastKnown: 'last known',
    lastKnownSince: (clock: string, age: string) => `Last known state, heard at ${clock} (${age} ago). It may have changed since.`,
    lastKnownAge: (age: string) => `last known · ${age} ago`,
    /** The switch did not answer in time: the request may still take effect, so it is never called failed. */
    pending: (request: string) => `No answer from the phone system yet — checking whether ${request} went through.`,
    /** The toolbar's own backend did not answer (window reloading, preview host gone): nothing is checking. */
    noReply: 'No answer yet: it may still go through.',
    refused: (request: string, why: string) => `${request} didn't go through. ${why}`,
    changedWhileAway: (label: string, during: string) => `Your state was changed to ${label} while ${during}.`,
    /** Not just "Dismiss": the reconnected notice has a Dismiss of its own, and names must be unique. */
    dismiss: 'Dismiss note',
    /** The visible face of the note's Dismiss button (its name stays `dismiss`). */
    dismissMark: '×',
  },

  login: {
    title: 'Agent login',
    agentId: 'Agent ID',
    password: 'Password',
    remember: 'Remember',
    submit: 'Log in',
    agentIdInvalid: 'Agent ID: 1-64 letters, digits, _ or -',
    /** The automatic re-login's saved password was refused (it is removed): said at the password field. */
    savedPasswordRefused: 'The saved password was not accepted. Type your password to log in again.',
  },

  /** The call bar (issue 12): the agent's calls, their controls, and what is said about them. */
  calls: {
    group: 'Your calls',
    /** Each call's group name, "Call with +1 555 123 4567". */
    callWith: (party: string) => `Call with ${party}`,
    state: { ringing: 'Incoming call', dialing: 'Calling…', established: 'On call', held: 'On hold' },
    direction: { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal', unknown: 'Direction unknown' },
    /** The other party when the phone system does not name it: on its own, and inside a sentence. */
    unknownParty: 'Unknown number',
    unknownPartyInSentence: 'an unknown number',
    /** Said before the time in call (screen readers hear "On call, for 2:05"). */
    timeInState: 'for',
    lastKnown: 'last known',
    lastKnownDetail: 'Last known: the toolbar cannot hear the phone system right now, so this call may have changed.',
    actions: { answer: 'Answer', hold: 'Hold', retrieve: 'Retrieve', release: 'Release' },
    /** A button's accessible name: its word first (what is seen), then which call. */
    actionName: (action: string, party: string) => `${action} the call with ${party}`,
    shortcutNames: { answer: 'Answer the incoming call', hold: 'Hold the call', retrieve: 'Retrieve the held call', release: 'Release the call' },
    /** A call request with no answer in time: it may still happen, so never "failed". */
    pending: { answer: 'Answer sent', hold: 'Hold sent', retrieve: 'Retrieve sent', release: 'Release sent' },
    pendingNote: (sent: string) => `${sent} — waiting to hear from the phone system.`,
    incoming: (party: string) => `Incoming call from ${party}.`,
    /** A known call's new state, said politely (the confirmation of Answer, Hold, Retrieve). */
    nowEstablished: (party: string) => `On call with ${party}.`,
    nowHeld: (party: string) => `Call with ${party} on hold.`,
    ended: (party: string) => `Your call with ${party} ended.`,
    endedUnheard: (party: string) => `Your call with ${party} ended while the toolbar could not hear the phone system.`,
    /** The line has more calls than the toolbar keeps (a flood): the bar is not the whole truth. */
    incomplete: 'More calls than the toolbar can show — use the phone.',
    /** A short window shows one call row (the most urgent); the others are one marker, "+1 more call", their words in its name and tooltip. */
    more: (count: number) => (count === 1 ? '+1 more call' : `+${count} more calls`),
    /** The same marker when the line has more calls than the toolbar keeps: a floor, not a count. */
    moreAtLeast: (count: number) => (count > 0 ? `+${count}+ more calls` : '+ more calls'),
    other: {
      ringing: (party: string) => `an incoming call from ${party}`,
      dialing: (party: string) => `calling ${party}`,
      established: (party: string) => `on a call with ${party}`,
      held: (party: string) => `a call on hold with ${party}`,
    },
    moreDetail: (calls: readonly string[]) => `Also ${calls.join(', ')}. A taller window shows every call.`,
    /** Why a call control is paused (its description; the tooltip adds it after the shortcut). */
    controls: {
      lastKnown: 'Paused until the phone system confirms your calls',
      pending: 'Waiting to hear whether your last call request went through',
      busy: 'Waiting for the phone system to answer…',
      notControllable: 'Paused: the phone system does not allow this right now',
    },
    /** A call shortcut with no call it applies to. */
    none: { answer: 'No call is ringing', hold: 'No call to hold', retrieve: 'No call on hold', release: 'No call to release' },
  },

  /** What the agent asked for, as notes name it ("… whether Ready went through", "Ready didn't go through"). */
  request: {
    ready: 'Ready',
    notReady: (reason: string | null) => (reason ? `Not Ready (${reason})` : 'Not Ready'),
    login: 'your login',
    logout: 'your logout',
    refusedName: {
      ready: 'Ready',
      'not-ready': 'Not Ready',
      login: 'Your login',
      logout: 'Your logout',
      reconnect: 'Reconnect now',
      copy: 'Copy diagnostics',
      answer: 'Answer',
      hold: 'Hold',
      retrieve: 'Retrieve',
      release: 'Release',
    },
  },
  away: {
    'link-down': 'the phone system link was down',
    disconnected: 'the toolbar was disconnected',
  },
  age: {
    seconds: (n: number) => `${n} s`,
    minutes: (n: number) => `${n} min`,
    hours: (h: number, m: number) => (m > 0 ? `${h} h ${m} min` : `${h} h`),
  },

  shortcuts: {
    /** Tooltips: "Ready (Alt+R)", or with a global one "Ready (Alt+R; anywhere: Ctrl+Alt+R)". */
    hint: (label: string, keys: string, global: string | null) => (global ? `${label} (${keys}; anywhere: ${global})` : `${label} (${keys})`),
    notReadyLast: (reason: string) => `Not Ready (${reason})`,
    title: 'Keyboard shortcuts',
    names: { ready: 'Ready', notReady: 'Not Ready with the last reason', reconnectNow: 'Reconnect now', details: 'Details' },
  },

  /** The Details drawer: for IT on the phone, the facts as the session reports them. */
  details: {
    open: 'Details',
    close: 'Close details',
    title: 'Details',
    timeline: 'Recent events',
    empty: 'No events yet.',
    copy: 'Copy diagnostics',
    copied: 'Diagnostics copied to the clipboard.',
    copyFallback: 'The clipboard is not available: select the text below and copy it.',
    connection: 'Connection',
    phase: 'Phase',
    phaseValue: (phase: string, mode: string) => `${phase} (${mode} standby)`,
    server: 'Server',
    serverValue: (server: string | null, link: string) => `${server ?? 'none'}; switch link ${link}`,
    standby: 'Standby',
    standbyValue: (name: string, ready: boolean) => `${name}, ${ready ? 'ready' : 'not ready'}`,
    linkError: 'Link error',
    silence: 'Silent',
    silenceValue: (server: string, clock: string) => `${server}, last heard at ${clock}`,
    next: 'Next attempt',
    nextValue: (server: string | null, attempt: number) => `${server ?? '—'}, attempt ${attempt}`,
    agent: 'Agent',
    agentValue: (label: string, confidence: string, clock: string | null) => `${label} (${confidence}${clock ? `, as of ${clock}` : ''})`,
    lastError: 'Last error',
    lastFailover: 'Last failover',
    failoverValue: (from: string | null, to: string, clock: string, outcome: string) => `${from ?? '—'} → ${to} at ${clock}: ${outcome}`,
    lastRefusal: 'Last refused request',
    /** The calls as the session reports them, ConnIDs included (IT matches them with the switch's logs). */
    calls: 'Calls',
    callValue: (connId: string, state: string, direction: string, confidence: string, controllable: boolean, pending: string | null) =>
      `${connId}: ${state}, ${direction}, ${confidence}${controllable ? ', controllable' : ''}${pending ? `, ${pending} pending` : ''}`,
    callsEndedUnheard: 'Ended unheard',
    callsIncomplete: 'Not all shown: more calls than the toolbar keeps',
  },

  problem: {
    snapshot: "Can't read the connection state from the toolbar. It tries again when the window is shown.",
    events: "Can't read the recent events from the toolbar.",
    noBackend: 'The toolbar backend is not available.',
  },

  announce: {
    connecting: 'Connecting to the phone system.',
    online: 'Connected to the phone system.',
    linkUp: 'The phone system link is back. Call controls work again.',
    agent: (label: string) => `Your state: ${label}.`,
  },

  tray: {
    /** After "Agent Toolbar: ", one line (Windows cuts tray tooltips at 127 characters). */
    phase: {
      connecting: 'Connecting',
      online: 'Connected',
      checking: 'Checking the connection, no answer yet',
      'link-down': 'Phone system link down: calls continue, controls paused',
      reconnecting: 'Connection lost, reconnecting',
      offline: "Can't reach the phone system, still trying",
      failed: "Can't connect: open the toolbar",
    } as Readonly<Record<Phase, string>>,
    noStandby: 'Connected, but no backup server is ready',
    who: (agentId: string | null, dn: string) => (agentId ? `Agent ${agentId}` : `Extension ${dn}`),
    lastKnown: 'last known',
    loggedOutBySwitch: 'Logged out by the phone system',
    menu: {
      show: 'Show Agent Toolbar',
      reconnect: 'Reconnect now',
      quit: 'Quit',
      answer: (party: string) => `Answer call from ${party}`,
    },
    /** The agent's calls, first in the tooltip (after "Agent Toolbar: "). */
    call: {
      ringing: (party: string) => `Incoming call from ${party}`,
      ringingMany: (count: number) => `${count} incoming calls`,
      established: (party: string) => `On a call with ${party}`,
      held: (party: string) => `Call on hold with ${party}`,
      dialing: (party: string) => `Calling ${party}`,
      many: (count: number) => `On ${count} calls`,
      lastKnown: (text: string) => `${text} (last known)`,
    },
  },

  notify: {
    linkDown: 'Phone system link down',
    lost: 'Connection lost',
    noStandby: 'Running without a backup server',
    failed: "Can't connect",
    failedBody: (why: string) => `${why} Open the toolbar for what to do.`,
    recovered: 'Connected again',
    recoveredBody: 'Connected to the phone system.',
    loggedOut: 'You were logged out by the phone system',
    /** Then `loggedOutOpen`. With a call on the phone the banner's `logged-out.withCall` stands for it (the phone still rings). */
    loggedOutBody: (who: string) => `${who} no longer gets calls.`,
    loggedOutOpen: 'Open the toolbar to log in again.',
    ringing: 'Incoming call',
    /** `party` null: the phone system did not name the caller. */
    ringingBody: (party: string | null) => (party ? `${party} is calling.` : 'A call is ringing.'),
    /** Where the notification has no Answer button: a click only opens the toolbar. */
    openToAnswer: 'Open the toolbar to answer.',
    answer: 'Answer',
    moreRinging: 'More calls are ringing',
    moreRingingBody: 'Open the toolbar to see them.',
  },

  /** The entry's own message boxes (app/main/index.ts). */
  dialogs: {
    startFailed: 'Agent Toolbar could not start',
    startFailedBody: 'Call IT support and tell them what follows.',
    config: 'Agent Toolbar configuration',
    configBlocked: 'The toolbar cannot start a session with this configuration. Call IT support.',
    configIgnored: 'Some configuration settings were ignored. The toolbar works with its defaults for them.',
  },
} as const;

export type Words = typeof EN;

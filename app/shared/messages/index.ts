// The one catalogue of words (messages/en.ts), and the few helpers that compose its
// entries from facts: an error code, an agent state and reason, a restore outcome.
// Host-neutral: main (tray, notifications) and the renderer both import it.
import type { AgentStateName, RestoreResult, SetupInfo } from '../connectivity.ts';
import type { NotReadyReason } from '../ui-config.ts';
import { EN } from './en.ts';
import type { CredentialField, ErrorWords } from './en.ts';

export type { Contact, CredentialField, ErrorWords, Words } from './en.ts';

/** The active locale. English is the only one so far. */
export const WORDS = EN;

/** Plain words for a T-Library error code; a code without words says so (its details are in Details). */
export function describeError(code: number | null): ErrorWords {
  return (code === null ? undefined : WORDS.errors[code]) ?? WORDS.unknownError;
}

/** Words for an error that stopped the session for good: by its code, or — without one — "refused, call IT". */
export function describeFatal(code: number | null): ErrorWords {
  return code === null ? WORDS.notRetryable : describeError(code);
}

/** Where the login form shows this error, or null when it is not about what the agent typed. */
export function credentialField(code: number | null): CredentialField | null {
  return (code === null ? undefined : WORDS.errors[code]?.credential) ?? null;
}

/** Words for one of the contract's own error codes (a transport problem, not the switch's answer). */
export function describeTransport(code: string): string {
  return WORDS.transport[code] ?? WORDS.transport.failed!;
}

/** Why no session runs, in words: a title and a sentence that names the file(s). */
export function setupWords(setup: { state: SetupInfo['state']; files: readonly string[] }): { title: string; body: string } {
  const w = WORDS.setup[setup.state];
  return { title: w.title, body: w.body(setup.files.join(' or ')) };
}

/** A reason's label as IT configured it; an unknown code is shown as it is. */
export function reasonLabel(code: string | null | undefined, reasons: readonly NotReadyReason[]): string | null {
  if (code === null || code === undefined || code === '') return null;
  return reasons.find((r) => r.code === code)?.label ?? code;
}

/** "Ready", "Not Ready (Lunch)", "After-call work"… */
export function agentStateLabel(state: AgentStateName, reasonCode: string | null | undefined, reasons: readonly NotReadyReason[]): string {
  const reason = state === 'not-ready' ? reasonLabel(reasonCode, reasons) : null;
  return reason ? `${WORDS.states[state]} (${reason})` : WORDS.states[state];
}

/** The sentence for what a restore after a failover came to. */
export function restoreSentence(r: RestoreResult, reasons: readonly NotReadyReason[]): string {
  const R = WORDS.restore;
  const state = agentStateLabel(r.state ?? 'unknown', r.reasonCode ?? null, reasons);
  switch (r.outcome) {
    case 'restored':
      return R.restored(state);
    case 'relogged-in':
      return R.reloggedIn(state);
    case 'no-agent':
      return R.noAgent;
    case 'acw-kept':
      return R.acwKept;
    case 'other-agent':
      return R.otherAgent(r.otherAgentId ?? null);
    case 'deferred-link-down':
      return R.deferred(state);
    case 'failed': {
      const why = describeError(r.code ?? null).text;
      if (r.step === 'login') return R.failedLogin(why);
      return r.loggedIn ? R.failedStateAfterLogin(state, why) : R.failedState(state, why);
    }
  }
}

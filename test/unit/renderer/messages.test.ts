import { describe, expect, it } from 'vitest';
import { ErrorCodes, NOT_RETRYABLE_ERRORS } from '../../../app/main/tserver/protocol/catalogue.ts';
import { agentStateLabel, describeError, ERROR_WORDS, isCredentialError, NOT_READY_REASONS, reasonLabel } from '../../../app/renderer/lib/messages.ts';
import { requests } from '../../../app/shared/ipc-contract.ts';
import * as v from 'valibot';

describe('message catalogue', () => {
  it('has plain words for every error code of the protocol catalogue', () => {
    for (const [name, code] of Object.entries(ErrorCodes)) {
      expect(ERROR_WORDS[code], `${name} (${code})`).toBeDefined();
      expect(ERROR_WORDS[code]!.text).not.toMatch(/undefined|\{|\}/);
    }
  });

  it('has no words for codes the protocol does not know', () => {
    const known = new Set<number>(Object.values(ErrorCodes));
    expect(Object.keys(ERROR_WORDS).map(Number).filter((c) => !known.has(c))).toEqual([]);
  });

  it('tells the agent whom to call for every error a retry cannot fix', () => {
    for (const code of NOT_RETRYABLE_ERRORS) {
      const contact = ERROR_WORDS[code]!.contact;
      expect(contact, String(code)).not.toBe('none');
      expect(ERROR_WORDS[code]!.text).toMatch(contact === 'it' ? /call IT support/i : /supervisor/);
    }
  });

  it('words the agreed messages', () => {
    expect(describeError(119, 'whatever').text).toBe("The toolbar's application password was refused. Call IT support.");
    expect(describeError(109, 'x').text).toMatch(/link between the T-Server and the phone switch is down/);
    expect(describeError(123, 'x').contact).toBe('it');
    expect(describeError(1705, 'x').contact).toBe('supervisor');
    expect(describeError(192, 'x').contact).toBe('supervisor');
  });

  it('marks exactly the login credential errors for the login form', () => {
    const credential = Object.keys(ERROR_WORDS).map(Number).filter(isCredentialError);
    expect(credential.sort((a, b) => a - b)).toEqual([ErrorCodes.InvalidAgentId, ErrorCodes.PasswordDoesNotMatch, ErrorCodes.AlreadyLoggedIn]);
    expect(isCredentialError(null)).toBe(false);
    expect(isCredentialError(999)).toBe(false);
  });

  it('falls back to the server message, with the code, for unknown codes', () => {
    expect(describeError(999, 'Strange thing')).toEqual({ text: 'Strange thing (error 999)', contact: 'none' });
    expect(describeError(null, '  Socket closed ')).toEqual({ text: 'Socket closed', contact: 'none' });
    expect(describeError(null, null).text).toBe('Unknown problem');
    expect(describeError(7, '').text).toBe('Unknown problem (error 7)');
  });

  it('labels agent states, with the reason for Not Ready', () => {
    expect(agentStateLabel('not-ready', 'Lunch')).toBe('Not Ready (Lunch)');
    expect(agentStateLabel('not-ready', 'X-42')).toBe('Not Ready (X-42)');
    expect(agentStateLabel('not-ready', null)).toBe('Not Ready');
    expect(agentStateLabel('acw', 'Lunch')).toBe('After-call work');
    expect(agentStateLabel('logged-out', null)).toBe('Logged out');
    expect(reasonLabel('')).toBeNull();
  });

  it('offers only reason codes the IPC contract accepts', () => {
    for (const r of NOT_READY_REASONS) {
      expect(v.safeParse(requests.agentNotReady.args, [r.code]).success, r.code).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatParty, MAX_PARTY, partyInSentence, partyLabel } from '../../../app/shared/messages/party.ts';

describe('the other party, readable at a glance', () => {
  it('groups international numbers as they are said', () => {
    expect(formatParty('+15551234567')).toBe('+1 555 123 4567');
    expect(formatParty('+442079460958')).toBe('+44 207 946 0958');
    expect(formatParty('+4915123456789')).toBe('+49 1512 345 6789');
    // Three-digit country code (Ireland 353), and a one-digit one other than 1 (7).
    expect(formatParty('+353861234567')).toBe('+353 86 123 4567');
    expect(formatParty('+74951234567')).toBe('+7 495 123 4567');
  });

  it('a single digit in front joins the next group rather than standing alone', () => {
    // +33 and nine national digits: "1 234 56789" would read badly.
    expect(formatParty('+33123456789')).toBe('+33 12 345 6789');
  });

  it('a ten-digit North American number without its +1', () => {
    expect(formatParty('5551234567')).toBe('555 123 4567');
    // Starting with 0 or 1 it is no NANP number: as is.
    expect(formatParty('0123456789')).toBe('0123456789');
  });

  it('DNs, grouped numbers and SIP names stay as the switch gives them', () => {
    for (const raw of ['5012', '70012', '+1 555 123 4567', 'sip:agent@example.com', '+12', '+1234567890123456']) expect(formatParty(raw)).toBe(raw);
    expect(formatParty('  5012 ')).toBe('5012');
  });

  it('a party longer than any number is cut, so a hostile server cannot flood names and sentences', () => {
    const long = formatParty(`sip:${'x'.repeat(200)}@example.com`)!;
    expect(long).toHaveLength(MAX_PARTY);
    expect(long.endsWith('…')).toBe(true);
    expect(formatParty('x'.repeat(MAX_PARTY))).toBe('x'.repeat(MAX_PARTY));
  });

  it('an unnamed party is said in the catalogue\'s words, alone and inside a sentence', () => {
    for (const raw of [null, '', '   ']) {
      expect(formatParty(raw)).toBeNull();
      expect(partyLabel(raw)).toBe('Unknown number');
      expect(partyInSentence(raw)).toBe('an unknown number');
    }
    expect(partyLabel('+15551234567')).toBe('+1 555 123 4567');
  });

  it('inside a sentence a grouped number stays on one line; a name keeps its spaces (it may need to wrap)', () => {
    expect(partyInSentence('+15551234567')).toBe('+1\u00a0555\u00a0123\u00a04567');
    expect(partyInSentence('5012')).toBe('5012');
    expect(partyInSentence('Front desk')).toBe('Front desk');
  });

  it('a hostile party: controls and bidi overrides never reach the screen, one rule for window, tray and notifications', () => {
    expect(formatParty('\u202e+15551234567')).toBe('+1 555 123 4567');
    expect(formatParty('50\u000002\u2066')).toBe('5002');
    expect(formatParty('\u200f\u0007')).toBeNull();
    expect(formatParty('😀'.repeat(40), 32)).toBe(`${'😀'.repeat(31)}…`);
  });
});

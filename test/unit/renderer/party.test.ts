import { describe, expect, it } from 'vitest';
import { formatParty, MAX_PARTY, partyInSentence, partyLabel, partyText } from '../../../app/shared/messages/party.ts';

/** FSI … PDI: the party as an island of its own inside a sentence. */
const iso = (text: string) => `\u2068${text}\u2069`;

describe('the other party, readable at a glance', () => {
  it('groups international numbers as they are said', () => {
    expect(partyText('+15551234567')).toBe('+1 555 123 4567');
    expect(partyText('+442079460958')).toBe('+44 207 946 0958');
    expect(partyText('+4915123456789')).toBe('+49 1512 345 6789');
    // Three-digit country code (Ireland 353), and a one-digit one other than 1 (7).
    expect(partyText('+353861234567')).toBe('+353 86 123 4567');
    expect(partyText('+74951234567')).toBe('+7 495 123 4567');
  });

  it('a single digit in front joins the next group rather than standing alone', () => {
    // +33 and nine national digits: "1 234 56789" would read badly.
    expect(partyText('+33123456789')).toBe('+33 12 345 6789');
  });

  it('a ten-digit North American number without its +1', () => {
    expect(partyText('5551234567')).toBe('555 123 4567');
    // Starting with 0 or 1 it is no NANP number: as is.
    expect(partyText('0123456789')).toBe('0123456789');
  });

  it('DNs, grouped numbers and SIP names stay as the switch gives them', () => {
    for (const raw of ['5012', '70012', '+1 555 123 4567', 'sip:agent@example.com', '+12', '+1234567890123456']) expect(partyText(raw)).toBe(raw);
    expect(partyText('  5012 ')).toBe('5012');
  });

  it('a party longer than any number is cut, so a hostile server cannot flood names and sentences', () => {
    const long = partyText(`sip:${'x'.repeat(200)}@example.com`)!;
    expect(long).toHaveLength(MAX_PARTY);
    expect(long.endsWith('…')).toBe(true);
    expect(partyText('x'.repeat(MAX_PARTY))).toBe('x'.repeat(MAX_PARTY));
  });

  it('an unnamed party is said in the catalogue\'s words, alone and inside a sentence', () => {
    for (const raw of [null, '', '   ']) {
      expect(partyText(raw)).toBeNull();
      expect(formatParty(raw)).toBeNull();
      expect(partyLabel(raw)).toBe('Unknown number');
      expect(partyInSentence(raw)).toBe('an unknown number');
    }
    expect(partyLabel('+15551234567')).toBe('+1 555 123 4567');
  });

  it('inside a sentence a grouped number stays on one line; a name keeps its spaces (it may need to wrap)', () => {
    expect(partyInSentence('+15551234567')).toBe(iso('+1\u00a0555\u00a0123\u00a04567'));
    expect(partyInSentence('5012')).toBe(iso('5012'));
    expect(partyInSentence('Front desk')).toBe(iso('Front desk'));
  });

  it('a hostile party: controls and bidi overrides never reach the screen, one rule for window, tray and notifications', () => {
    expect(partyText('\u202e+15551234567')).toBe('+1 555 123 4567');
    expect(partyText('50\u000002\u2066')).toBe('5002');
    expect(partyText('\u200f\u0007')).toBeNull();
    expect(partyText('😀'.repeat(40), 32)).toBe(`${'😀'.repeat(31)}…`);
  });

  it('every invisible format character (Cf) is stripped: the Arabic letter mark, zero-width spaces and joiners, word joiner, BOM, tags', () => {
    // "\u061C+1 555 123 4567" showed as "4567 123 555 1+" (review, s3 alm).
    expect(partyText('\u061c+15551234567')).toBe('+1 555 123 4567');
    expect(partyText('\u061c+1 555 123 4567')).toBe('+1 555 123 4567');
    expect(partyText('+1\u200b555\u200c123\u200d4567\u2060\ufeff')).toBe('+1 555 123 4567');
    expect(partyText('50\u{e0031}12\u{e007f}')).toBe('5012');
    expect(partyText('\u00ad5012\u180e')).toBe('5012');
    // Nothing invisible is left in what the window, the tray or a sentence shows (our own marks aside).
    const hostile = '\u061c\u200b\u2067\u05d0 555\u200d 123 4567\u2069\ufeff';
    for (const text of [partyText(hostile)!, formatParty(hostile)!.slice(1, -1), partyInSentence(hostile).slice(1, -1)]) expect(text.replaceAll('\u200e', '')).not.toMatch(/\p{Cf}/u);
  });

  it('a party of only blank or filler characters is unnamed, not a blank name', () => {
    for (const raw of ['\u3164', '\u115f\u1160', '\uffa0 \uffa0', '\u2800\u2800', '\u3000', '\u200b\u3164\u2060', '\u0301\u034f', ' \u2800 \u3164 ']) {
      expect(partyText(raw), JSON.stringify(raw)).toBeNull();
      expect(partyLabel(raw)).toBe('Unknown number');
      expect(partyInSentence(raw)).toBe('an unknown number');
    }
    // A filler beside a real name does not unname it.
    expect(partyText('5012\u3164')).not.toBeNull();
  });

  it('digits after a right-to-left letter still read in the order sent: our own left-to-right marks, never the switch\'s', () => {
    // "א 555 123 4567" would show as "4567 123 555 א" (review, s3 bidi): a different number to the eye.
    expect(partyText('\u05d0 555 123 4567')).toBe('\u200e\u05d0\u200e 555 123 4567');
    expect(partyText('4567 \u05d0 123')).toBe('\u200e4567 \u05d0\u200e 123');
    expect(partyText('\u0627\u0644 5012')).toBe('\u200e\u0627\u0644\u200e 5012');
    // A name without digits is left to the bidi algorithm; numbers and Latin names need nothing.
    expect(partyText('\u05e9\u05e8\u05d4 \u05db\u05d4\u05df')).toBe('\u05e9\u05e8\u05d4 \u05db\u05d4\u05df');
    expect(partyText('Front desk 2')).toBe('Front desk 2');
  });

  it('inside a sentence the party is isolated (FSI … PDI), for the window and, through formatParty, the tray and notifications', () => {
    expect(formatParty('+15551234567')).toBe(iso('+1 555 123 4567'));
    expect(formatParty('\u05d0 555 123 4567')).toBe(iso('\u200e\u05d0\u200e 555 123 4567'));
    expect(partyInSentence('\u05d0 555 123 4567')).toBe(iso('\u200e\u05d0\u200e 555 123 4567'));
    // The bound is on what is seen: the two marks come on top.
    expect(formatParty('😀'.repeat(40), 32)).toBe(iso(`${'😀'.repeat(31)}…`));
    // Alone, in the call bar's <bdi> and in accessible names: not wrapped.
    expect(partyLabel('+15551234567')).toBe('+1 555 123 4567');
  });
});

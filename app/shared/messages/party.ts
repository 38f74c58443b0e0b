// The other party of a call, as an agent reads it at a glance: an international number
// grouped the way it is said (+15551234567 → "+1 555 123 4567"), an internal DN as it is
// (a DN is a name, not a number to regroup), and the catalogue's words when the switch
// does not say. One rule for the window, the tray and the notifications. Small on
// purpose: no numbering-plan library in a 40 KB renderer.
import { WORDS } from './index.ts';

/** Longest party shown in the window; a longer one is cut with …. */
export const MAX_PARTY = 48;

/** C0/C1 controls, and the bidi marks, overrides and isolates that could make a number read backwards. */
function unsafe(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/** What a hostile server may not put on screen: controls and bidi overrides gone, whitespace runs one space. */
function cleaned(raw: string | null): string {
  return [...(raw ?? '')]
    .filter((ch) => !unsafe(ch.codePointAt(0)!))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut by code point (a cut never splits a surrogate pair). */
function bounded(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** ITU-T E.164 country codes of two digits; 1 and 7 are one digit, every other code three. */
const TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
  60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

function countryCodeLength(digits: string): number {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
}

/** National digits in groups from the right: the last four, then threes ("20 7946 0958" → "207 946 0958"). */
function groupNational(digits: string): string {
  const groups: string[] = [];
  let end = digits.length;
  let size = 4;
  while (end > 0) {
    const start = Math.max(0, end - size);
    groups.unshift(digits.slice(start, end));
    end = start;
    size = 3;
  }
  // A single digit left in front reads badly alone: it joins the next group.
  if (groups.length > 1 && groups[0]!.length === 1) groups.splice(0, 2, groups[0]! + groups[1]!);
  return groups.join(' ');
}

/** A number or DN for display, at most `max` characters; null when the switch did not name the other party. */
export function formatParty(raw: string | null, max = MAX_PARTY): string | null {
  const text = cleaned(raw);
  if (text === '') return null;
  // E.164: + and 8-15 digits. North America (+1, ten digits): "+1 555 123 4567".
  const e164 = /^\+(\d{8,15})$/.exec(text);
  if (e164) {
    const digits = e164[1]!;
    const cc = countryCodeLength(digits);
    return `+${digits.slice(0, cc)} ${groupNational(digits.slice(cc))}`;
  }
  // A ten-digit North American number without its +1 (as many switches give ANI): "555 123 4567".
  if (/^[2-9]\d{9}$/.test(text)) return `${text.slice(0, 3)} ${text.slice(3, 6)} ${text.slice(6)}`;
  // Internal DNs, numbers already grouped, SIP names: as the switch gives them — bounded, since a
  // server may send anything and the party goes into names, tooltips and sentences.
  return bounded(text, max);
}

/** The party on its own ("+1 555 123 4567", "Unknown number"). */
export function partyLabel(raw: string | null): string {
  return formatParty(raw) ?? WORDS.calls.unknownParty;
}

/**
 * The party inside a sentence ("Your call with an unknown number continues."). A grouped number
 * is kept on one line (no-break spaces): "+1" at a line's end and "555 123 4567" on the next
 * reads as two things at large text sizes.
 */
export function partyInSentence(raw: string | null): string {
  const party = formatParty(raw);
  if (party === null) return WORDS.calls.unknownPartyInSentence;
  return /^\+?\d+( \d+)+$/.test(party) ? party.replaceAll(' ', '\u00a0') : party;
}

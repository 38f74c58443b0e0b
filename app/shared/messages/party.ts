// The other party of a call, as an agent reads it at a glance: an international number
// grouped the way it is said (+15551234567 → "+1 555 123 4567"), an internal DN as it is
// (a DN is a name, not a number to regroup), and the catalogue's words when the switch
// does not say. One rule for the window, the tray and the notifications. Small on
// purpose: no numbering-plan library in a 40 KB renderer.
import { WORDS } from './index.ts';

/** Longest party shown in the window; a longer one is cut with …. */
export const MAX_PARTY = 48;

/**
 * What may never reach the screen: C0/C1 controls, and every invisible format character (general
 * category Cf: bidi marks, embeddings, overrides and isolates, the Arabic letter mark U+061C,
 * zero-width spaces and joiners, the word joiner, the BOM, tag characters…). Any of them could make a
 * number read in another order or hide what it is; a party never needs one.
 */
const UNSAFE = /[\p{Cc}\p{Cf}]/gu;

/**
 * Characters that show nothing: whitespace, the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the
 * braille blank (U+2800) and lone combining marks. A party made only of them is unnamed, not a blank name.
 */
const BLANK = /[\s\u115f\u1160\u3164\uffa0\u2800\p{M}]/gu;

/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms, and the historic RTL planes). */
const RTL = '\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc\\u{10800}-\\u{10fff}\\u{1e800}-\\u{1efff}';
const HAS_RTL = new RegExp(`[${RTL}]`, 'u');
/** An RTL letter run that digits follow (through spaces or punctuation, no letter between). */
const RTL_BEFORE_DIGITS = new RegExp(`([${RTL}]+)(?=[^\\p{L}\\d]*\\d)`, 'gu');

const LRM = '\u200e';
const FSI = '\u2068';
const PDI = '\u2069';

/** What a hostile server may not put on screen: controls and format characters gone, whitespace runs one space. */
function cleaned(raw: string | null): string {
  return (raw ?? '').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Digits always read in the order the switch sent them. By the Unicode bidi algorithm, digits after a
 * right-to-left letter join its run: "א 555 123 4567" shows as "4567 123 555 א", another number to the
 * eye — and isolation alone (FSI, <bdi>) keeps that order, as the isolate is right-to-left too. So a
 * party with digits and RTL letters gets our own marks: a left-to-right mark first (its isolate reads
 * left to right) and one after each RTL run that digits follow (the digits leave the run). A name with
 * no digits ("שרה כהן") is left to the bidi algorithm, which shows it right.
 */
function digitsInOrder(text: string): string {
  if (!HAS_RTL.test(text) || !/\d/.test(text)) return text;
  return LRM + text.replace(RTL_BEFORE_DIGITS, `$1${LRM}`);
}

/** The party as its own directional island, so a sentence around it keeps its order (U+2068 FSI … U+2069 PDI). */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
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

/**
 * A number or DN for display, at most `max` characters, not isolated (for an element that isolates it,
 * <bdi>, and for accessible names); null when the switch did not name the other party.
 */
export function partyText(raw: string | null, max = MAX_PARTY): string | null {
  const text = cleaned(raw);
  if (text.replace(BLANK, '') === '') return null;
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
  return digitsInOrder(bounded(text, max));
}

/**
 * The party for text the app does not lay out itself (tray tooltip and menu, notifications: they are
 * sentences around it), isolated; null when unnamed. `max` bounds what is seen (the two marks are not).
 */
export function formatParty(raw: string | null, max = MAX_PARTY): string | null {
  const text = partyText(raw, max);
  return text === null ? null : isolate(text);
}

/** The party on its own ("+1 555 123 4567", "Unknown number"), for the call bar's <bdi> and accessible names. */
export function partyLabel(raw: string | null): string {
  return partyText(raw) ?? WORDS.calls.unknownParty;
}

/**
 * The party inside a sentence ("Your call with an unknown number continues."). A grouped number
 * is kept on one line (no-break spaces): "+1" at a line's end and "555 123 4567" on the next
 * reads as two things at large text sizes.
 */
export function partyInSentence(raw: string | null): string {
  const party = partyText(raw);
  if (party === null) return WORDS.calls.unknownPartyInSentence;
  // Isolated, so "Your call with א 555… continues." keeps its order around the party.
  return isolate(/^\+?\d+( \d+)+$/.test(party) ? party.replaceAll(' ', '\u00a0') : party);
}

// "How long ago", in the catalogue's words: the age of a last-known state or of a
// silence. Whole units, rounded down, never "0 s" (a fact heard 200 ms ago is 1 s old
// to a person reading it).
import { WORDS } from './messages.ts';

export function formatAge(ms: number): string {
  const seconds = Math.max(1, Math.floor(ms / 1000));
  if (seconds < 60) return WORDS.age.seconds(seconds);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return WORDS.age.minutes(minutes);
  return WORDS.age.hours(Math.floor(minutes / 60), minutes % 60);
}

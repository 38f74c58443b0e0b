// Hot standby's one rule (issue 8 "role changes win"): the newest ServerRole=primary
// announcement decides which connection carries the session. Only a leg that is up
// (open, DN registered) and says primary can carry it; among those the newest claim
// wins, and a leg whose server has gone silent (ADDP ping unanswered) loses to one
// that is heard. A standby still saying backup is never used. Pure.

export interface HotLeg {
  readonly name: string;
  readonly up: boolean;
  readonly role: 'primary' | 'backup' | 'unknown';
  /** When it last announced ServerRole=primary on its live connection (null: not claiming). */
  readonly primaryClaimAt: number | null;
  /** Its ADDP ping is out and unanswered. */
  readonly silent: boolean;
}

/** The legs that claim to be primary now, best first. */
export function primaryClaimants<L extends HotLeg>(legs: readonly L[]): L[] {
  return legs
    .filter((l) => l.up && l.role === 'primary' && l.primaryClaimAt !== null)
    .sort((x, y) => Number(x.silent) - Number(y.silent) || (y.primaryClaimAt as number) - (x.primaryClaimAt as number));
}

/** The leg to move to, or null to stay where the session is (or without one). */
export function nextPrimary<L extends HotLeg>(legs: readonly L[], current: L | null): L | null {
  const best = primaryClaimants(legs)[0];
  if (!best || best === current) return null;
  return best;
}

// Hot standby's one rule: ride the connection that says it is primary. Stay on
// the current one while it is up and primary; otherwise move to another that is
// up (open, DN registered) and reports ServerRole=primary. Until one does, stay.

export interface HotLeg {
  readonly name: string;
  readonly up: boolean;
  readonly role: 'primary' | 'backup' | 'unknown';
}

/** The leg to move to, or null to stay where the session is (or without one). */
export function nextPrimary<L extends HotLeg>(legs: readonly L[], current: L | null): L | null {
  if (current && current.up && current.role === 'primary') return null;
  return legs.find((l) => l !== current && l.up && l.role === 'primary') ?? null;
}

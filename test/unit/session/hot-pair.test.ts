// Hot standby: which connection the session rides — the newest primary claim (issue 8).
import { describe, expect, it } from 'vitest';
import { nextPrimary, primaryClaimants } from '../../../app/main/tserver/session/hot-pair.ts';
import type { HotLeg } from '../../../app/main/tserver/session/hot-pair.ts';

const leg = (name: string, up: boolean, role: HotLeg['role'], primaryClaimAt: number | null = role === 'primary' ? 1 : null, silent = false): HotLeg => ({
  name,
  up,
  role,
  primaryClaimAt,
  silent,
});

describe('nextPrimary', () => {
  it('stays on the active leg while its primary claim is the newest', () => {
    const a = leg('a', true, 'primary', 20);
    expect(nextPrimary([a, leg('b', true, 'primary', 10)], a)).toBeNull();
    expect(nextPrimary([a, leg('b', true, 'backup')], a)).toBeNull();
  });

  it('a newer claim wins even while the old primary is up and says nothing (hung)', () => {
    const a = leg('a', true, 'primary', 10);
    const b = leg('b', true, 'primary', 20);
    expect(nextPrimary([a, b], a)).toBe(b);
  });

  it('a silent leg loses to a heard one that also claims primary, whatever the claim times', () => {
    const a = leg('a', true, 'primary', 30, true);
    const b = leg('b', true, 'primary', 20);
    expect(nextPrimary([a, b], a)).toBe(b);
    // A standby still saying backup is never used, silent active or not.
    expect(nextPrimary([a, leg('b', true, 'backup')], a)).toBeNull();
  });

  it('moves when the active leg is lost or demoted, to the other as soon as it says primary', () => {
    const b = leg('b', true, 'primary');
    expect(nextPrimary([leg('a', false, 'unknown'), b], null)).toBe(b);
    const demoted = leg('a', true, 'backup');
    expect(nextPrimary([demoted, b], demoted)).toBe(b);
  });

  it('stays put until another leg reports primary (or is up at all)', () => {
    const demoted = leg('a', true, 'backup');
    expect(nextPrimary([demoted, leg('b', true, 'backup')], demoted)).toBeNull();
    expect(nextPrimary([leg('a', false, 'unknown'), leg('b', false, 'primary')], null)).toBeNull();
  });

  it('startup: the primary that is up', () => {
    const a = leg('a', true, 'primary');
    expect(nextPrimary([a, leg('b', true, 'backup')], null)).toBe(a);
    expect(nextPrimary([leg('a', true, 'backup')], null)).toBeNull();
  });

  it('claimants: both legs claiming primary is a split brain, newest first', () => {
    const a = leg('a', true, 'primary', 10);
    const b = leg('b', true, 'primary', 20);
    expect(primaryClaimants([a, b]).map((l) => l.name)).toEqual(['b', 'a']);
    expect(primaryClaimants([a, leg('b', false, 'primary', 30)]).map((l) => l.name)).toEqual(['a']);
  });
});

// Hot standby: which connection the session rides.
import { describe, expect, it } from 'vitest';
import { nextPrimary } from '../../../app/main/tserver/session/hot-pair.ts';
import type { HotLeg } from '../../../app/main/tserver/session/hot-pair.ts';

const leg = (name: string, up: boolean, role: HotLeg['role']): HotLeg => ({ name, up, role });

describe('nextPrimary', () => {
  it('stays on an active leg that is up and primary, even when the other also says primary', () => {
    const a = leg('a', true, 'primary');
    expect(nextPrimary([a, leg('b', true, 'primary')], a)).toBeNull();
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

  it('startup: the first primary that is up', () => {
    const a = leg('a', true, 'primary');
    expect(nextPrimary([a, leg('b', true, 'backup')], null)).toBe(a);
    expect(nextPrimary([leg('a', true, 'backup')], null)).toBeNull();
  });
});

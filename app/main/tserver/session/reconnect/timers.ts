// The time sources the reconnect loop uses, injected so tests drive a fake clock:
// the timer half of the connection's Clock (the loop takes `now` separately).
import { realClock } from '../../connection/clock.ts';
import type { Clock } from '../../connection/clock.ts';

export type Timers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** Node/Electron timers. Not unref'd: a pending reconnect must keep the process alive. */
export const systemTimers: Timers = realClock;

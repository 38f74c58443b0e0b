// Any interleaving of starts, hints, time, dial outcomes (58 refusals too) and stops: never two
// dials in flight, every wait within [0, cap], nothing announced after stop.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DialScheduler } from '../../../app/main/tserver/session/reconnect/dial-scheduler.ts';
import { backoffCeilingMs, maxWaitMs } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { FakeTime, flush } from './fake-time.ts';
import { FakeDialer } from './fake-dialer.ts';

type Step =
  | { kind: 'start'; lost: 'a' | 'b' | undefined }
  | { kind: 'hint'; reason: 'user' | 'resume' | 'unlock' | 'network-change' }
  | { kind: 'advance'; ms: number }
  | { kind: 'succeed' }
  | { kind: 'fail'; retryable: boolean }
  /** A warm backup's "not primary yet" (EventError 58): re-asked soon while it is being promoted. */
  | { kind: 'refuse58' }
  | { kind: 'stop' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), lost: fc.constantFrom('a' as const, 'b' as const, undefined) }),
  fc.record({ kind: fc.constant('hint' as const), reason: fc.constantFrom('user' as const, 'resume' as const, 'unlock' as const, 'network-change' as const) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ kind: fc.constant('succeed' as const) }),
  fc.record({ kind: fc.constant('fail' as const), retryable: fc.boolean() }),
  fc.record({ kind: fc.constant('refuse58' as const) }),
  fc.record({ kind: fc.constant('stop' as const) }),
);

describe('DialScheduler properties', () => {
  it('single flight, bounded waits and silence after stop, for any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 200 }),
        async (steps, randoms, firstDelayMaxMs) => {
          const time = new FakeTime();
          const dialer = new FakeDialer();
          const listenerErrors: unknown[] = []; // failed checks inside onChange land here
          let r = 0;
          const scheduler = new DialScheduler({
            endpoints: ['a', 'b'],
            dial: dialer.dial,
            now: time.now,
            timers: time,
            random: () => randoms[r++ % randoms.length] as number,
            settings: { firstDelayMaxMs },
            onListenerError: (error) => listenerErrors.push(error),
            promotionPending: (e) => e.code === 58,
          });
          const cap = maxWaitMs(scheduler.settings);
          let stopped = false;
          let notifiedWhileStopped = 0;
          // A loop started within healthySessionMs of a successful dial keeps that session's
          // backoff (issue 9's storm rule): its first wait is a backoff wait, not the first delay.
          let succeededAt: number | null = null;
          let keptBackoff = false;
          const check = () => {
            const s = scheduler.state();
            expect(dialer.inFlight).toBeLessThanOrEqual(1);
            expect(dialer.inFlight === 1).toBe(s.phase === 'dialling');
            if (s.nextAttemptAt !== null) {
              const wait = s.nextAttemptAt - time.now();
              expect(wait).toBeGreaterThanOrEqual(0);
              expect(wait).toBeLessThanOrEqual(cap);
              // Attempt n waits at most the ceiling after n-1 failures (or the first-delay spread of a hint).
              const ceiling = s.attempt === 1 ? 0 : backoffCeilingMs(scheduler.settings, s.attempt - 1);
              if (!keptBackoff) expect(wait).toBeLessThanOrEqual(Math.max(firstDelayMaxMs, ceiling));
            }
          };
          scheduler.onChange(() => {
            if (stopped) notifiedWhileStopped += 1;
            check();
          });
          for (const s of steps) {
            const pending = dialer.calls.find((c) => !c.settled && !c.signal.aborted);
            switch (s.kind) {
              case 'start': {
                stopped = false; // a stopped scheduler is idle, so this start re-arms it
                const idle = scheduler.state().phase === 'idle' || scheduler.state().phase === 'failed';
                const short = succeededAt !== null && time.now() - succeededAt < scheduler.settings.healthySessionMs;
                const before: boolean = keptBackoff;
                keptBackoff = idle && short; // set first: start() announces its wait synchronously
                if (!scheduler.start('connection-lost', s.lost)) keptBackoff = before;
                succeededAt = null;
                break;
              }
              case 'hint':
                scheduler.checkNow(s.reason);
                break;
              case 'advance':
                await time.advance(s.ms);
                break;
              case 'succeed':
                if (pending) succeededAt = time.now();
                pending?.resolve();
                break;
              case 'fail':
                pending?.reject(Object.assign(new Error('x'), { retryable: s.retryable }));
                break;
              case 'refuse58':
                pending?.reject(Object.assign(new Error('not primary yet'), { retryable: true, code: 58 }));
                break;
              case 'stop':
                scheduler.stop();
                stopped = true;
                succeededAt = null;
                break;
            }
            await flush();
            check();
          }
          expect(listenerErrors).toEqual([]);
          expect(notifiedWhileStopped).toBe(0);
          expect(dialer.maxInFlight).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

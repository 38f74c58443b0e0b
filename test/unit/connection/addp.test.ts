import { describe, expect, it } from 'vitest';
import { AddpMonitor } from '../../../app/main/tserver/connection/addp.ts';
import { FakeClock } from './fake-clock.ts';

function setup(timeoutMs = 1000) {
  const clock = new FakeClock();
  const log: string[] = [];
  const addp = new AddpMonitor(timeoutMs, clock, {
    sendPing: () => log.push(`ping@${clock.now() - 1_000_000}`),
    onTimeout: (silent) => log.push(`timeout@${clock.now() - 1_000_000} silent=${silent}`),
  });
  return { clock, log, addp };
}

describe('AddpMonitor', () => {
  it('pings after timeout of silence and declares the session lost one timeout later', () => {
    const { clock, log, addp } = setup(1000);
    addp.start();
    clock.advance(999);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['ping@1000']);
    clock.advance(999);
    expect(log).toEqual(['ping@1000']);
    clock.advance(1);
    expect(log).toEqual(['ping@1000', 'timeout@2000 silent=2000']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('worst-case detection is 2 x timeout after the last frame received', () => {
    const { clock, log, addp } = setup(500);
    addp.start();
    clock.advance(300);
    addp.received(); // last sign of life at 300
    clock.advance(5000);
    expect(log).toEqual(['ping@800', 'timeout@1300 silent=1000']);
  });

  it('never pings while frames keep arriving', () => {
    const { clock, log, addp } = setup(1000);
    addp.start();
    for (let i = 0; i < 50; i++) {
      clock.advance(400);
      addp.received();
    }
    expect(log).toEqual([]);
  });

  it('an answer to the ping (any frame) keeps the session alive', () => {
    const { clock, log, addp } = setup(1000);
    addp.start();
    clock.advance(1000);
    expect(log).toEqual(['ping@1000']);
    clock.advance(10);
    addp.received(); // pong
    clock.advance(999);
    expect(log).toEqual(['ping@1000']);
    clock.advance(1);
    expect(log).toEqual(['ping@1000', 'ping@2010']);
  });

  it('stop() cancels every timer', () => {
    const { clock, log, addp } = setup(1000);
    addp.start();
    clock.advance(1000);
    addp.stop();
    clock.advance(10_000);
    expect(log).toEqual(['ping@1000']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops cleanly when the ping itself ends the session', () => {
    const clock = new FakeClock();
    let timeouts = 0;
    const addp: AddpMonitor = new AddpMonitor(100, clock, { sendPing: () => addp.stop(), onTimeout: () => timeouts++ });
    addp.start();
    clock.advance(1000);
    expect(timeouts).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a non-positive timeout', () => {
    const clock = new FakeClock();
    expect(() => new AddpMonitor(0, clock, { sendPing: () => {}, onTimeout: () => {} })).toThrow(RangeError);
  });
});

describe('AddpMonitor and the clocks (issue 15)', () => {
  it('a wall-clock step forward or backward changes no deadline', () => {
    const { clock, log, addp } = setup(1000);
    addp.start();
    clock.stepWall(-120_000);
    clock.advance(1000);
    expect(log).toEqual(['ping@-119000']);
    clock.stepWall(240_000);
    clock.advance(999);
    expect(log).toHaveLength(1);
    clock.advance(1);
    expect(log[1]).toMatch(/^timeout@.* silent=2000$/);
  });

  it('a wake probe: silent at once, pinged now, lost after its own short deadline without a frame', () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const addp = new AddpMonitor(10_000, clock, {
      sendPing: () => log.push('ping'),
      onSilence: (since) => log.push(since === null ? 'heard' : 'silent'),
      onTimeout: (silent) => log.push(`timeout silent=${silent}`),
    });
    addp.start();
    clock.advance(3000);
    addp.probe(1000);
    expect(log).toEqual(['ping', 'silent']);
    expect(addp.silent).toBe(true);
    clock.advance(999);
    expect(log).toHaveLength(2);
    clock.advance(1);
    expect(log).toEqual(['ping', 'silent', 'timeout silent=4000']);
  });

  it('a wake probe answered: heard again, and the normal interval resumes', () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const addp = new AddpMonitor(10_000, clock, {
      sendPing: () => log.push('ping'),
      onSilence: (since) => log.push(since === null ? 'heard' : 'silent'),
      onTimeout: () => log.push('timeout'),
    });
    addp.start();
    addp.probe(1000);
    clock.advance(20);
    addp.received();
    expect(log).toEqual(['ping', 'silent', 'heard']);
    clock.advance(5000);
    expect(log).toHaveLength(3); // no timeout: the probe's deadline is gone with it
    clock.advance(5020);
    expect(log.at(-1)).toBe('ping');
  });
});

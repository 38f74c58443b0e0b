// The outbox's bounds against a Writable whose "network" takes writes only when
// the test says so, on a fake clock: nothing here waits on wall time.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../app/main/tserver/connection/outbox.ts';
import { FakeClock } from './fake-clock.ts';

/** A sink that holds every write until `take()`: writableLength counts what it holds. */
class HeldSink extends Writable {
  private held: Array<() => void> = [];
  written = 0;

  constructor() {
    super({ highWaterMark: 16 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.held.push(() => {
      this.written += chunk.byteLength;
      callback();
    });
  }

  /** Lets the network take the oldest held write; resolves once its callback has run. */
  async take(): Promise<void> {
    this.held.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
}

function setup(maxQueuedBytes = 100, stallMs = 1000) {
  const clock = new FakeClock();
  const sink = new HeldSink();
  const stuck: string[] = [];
  const outbox = new Outbox(sink, { maxQueuedBytes, stallMs, clock, onStuck: (d) => stuck.push(d) });
  return { clock, sink, stuck, outbox };
}

const bytes = (n: number): Buffer => Buffer.alloc(n, 1);

describe('Outbox write-queue bound', () => {
  it('accepts frames up to the bound, then ends the connection instead of queueing more', () => {
    const { sink, stuck, outbox } = setup(100);
    expect(outbox.send(bytes(60))).toBe(true);
    expect(outbox.send(bytes(40))).toBe(true);
    expect(outbox.queuedBytes).toBe(100);
    expect(outbox.send(bytes(1))).toBe(false);
    expect(stuck).toEqual([expect.stringMatching(/^peer-not-reading: 100 bytes already wait .* 100-byte write-queue bound/)]);
    expect(sink.writableLength).toBe(100);
    // Stopped: nothing more is written, nothing reported twice.
    expect(outbox.send(bytes(1))).toBe(false);
    expect(stuck).toHaveLength(1);
  });

  it('always accepts one frame into an empty queue, even one larger than the bound', () => {
    const { stuck, outbox } = setup(100);
    expect(outbox.send(bytes(500))).toBe(true);
    expect(stuck).toEqual([]);
    expect(outbox.send(bytes(1))).toBe(false);
  });

  it('a queue the network drains makes room again', async () => {
    const { sink, stuck, outbox } = setup(100);
    outbox.send(bytes(100));
    await sink.take();
    expect(outbox.queuedBytes).toBe(0);
    expect(outbox.send(bytes(100))).toBe(true);
    expect(stuck).toEqual([]);
  });
});

describe('Outbox pongs', () => {
  it('owes at most one pong: pings while it waits get none, the next after it left gets one', async () => {
    const { sink, outbox } = setup();
    expect(outbox.sendPong(bytes(10))).toBe(true);
    expect(outbox.pongOwed).toBe(true);
    for (let i = 0; i < 1000; i++) expect(outbox.sendPong(bytes(10))).toBe(false);
    expect(outbox.queuedBytes).toBe(10);
    await sink.take();
    expect(outbox.pongOwed).toBe(false);
    expect(outbox.sendPong(bytes(10))).toBe(true);
    expect(sink.written).toBe(10);
  });

  it('other frames are not held back by an owed pong', () => {
    const { outbox } = setup();
    outbox.sendPong(bytes(10));
    expect(outbox.send(bytes(20))).toBe(true);
    expect(outbox.queuedBytes).toBe(30);
  });
});

describe('Outbox write stall', () => {
  it('a write the network has not taken within stallMs ends the connection', () => {
    const { clock, stuck, outbox } = setup(100, 1000);
    outbox.send(bytes(10));
    clock.advance(999);
    expect(stuck).toEqual([]);
    clock.advance(1);
    expect(stuck).toEqual([expect.stringMatching(/^peer-not-reading: 1 write \(10 bytes queued\) not taken by the network for 1000 ms/)]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('progress (any write taken) restarts the wait', async () => {
    const { clock, sink, stuck, outbox } = setup(100, 1000);
    outbox.send(bytes(10));
    outbox.send(bytes(10));
    clock.advance(900);
    await sink.take(); // one taken at 900: the other may wait until 1900
    clock.advance(999);
    expect(stuck).toEqual([]);
    clock.advance(1);
    expect(stuck).toHaveLength(1);
  });

  it('a drained queue leaves no verdict pending; one timer at most, whatever the write count', async () => {
    const { clock, sink, stuck, outbox } = setup(10_000, 1000);
    for (let i = 0; i < 50; i++) outbox.send(bytes(10));
    expect(clock.pendingTimers).toBe(1);
    for (let i = 0; i < 50; i++) await sink.take();
    clock.advance(5000);
    expect(stuck).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stallMs 0 turns the check off; stop() clears the timer', () => {
    const off = setup(100, 0);
    off.outbox.send(bytes(10));
    off.clock.advance(60_000);
    expect(off.stuck).toEqual([]);
    expect(off.clock.pendingTimers).toBe(0);

    const on = setup(100, 1000);
    on.outbox.send(bytes(10));
    on.outbox.stop();
    expect(on.clock.pendingTimers).toBe(0);
    expect(on.outbox.send(bytes(1))).toBe(false);
  });

  it('rejects a non-positive bound', () => {
    expect(() => new Outbox(new HeldSink(), { maxQueuedBytes: 0, stallMs: 0, clock: new FakeClock(), onStuck: () => {} })).toThrow(RangeError);
  });
});

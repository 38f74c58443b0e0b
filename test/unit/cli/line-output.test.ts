// The watch CLI's bounded stdout (app/main/cli/line-output.ts) against a real
// Writable whose reader the test holds still or lets go.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineOutput, isReaderGone } from '../../../app/main/cli/line-output.ts';

/** A stream that takes a chunk and then waits until the test lets the reader read. */
class HeldReader extends Writable {
  readonly chunks: string[] = [];
  private held: (() => void)[] = [];
  private blocked: boolean;

  constructor(blocked: boolean) {
    super({ highWaterMark: 1, decodeStrings: false });
    this.blocked = blocked;
  }

  override _write(chunk: unknown, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    if (this.blocked) this.held.push(() => done());
    else done();
  }

  /** Lets the reader catch up, from now on. */
  release(): void {
    this.blocked = false;
    for (const done of this.held.splice(0)) done();
  }

  fail(code: string): void {
    this.destroy(Object.assign(new Error(`write ${code}`), { code }));
  }

  text(): string {
    return this.chunks.join('');
  }

  lines(): string[] {
    const text = this.text();
    expect(text.endsWith('\n') || text === '').toBe(true);
    return text === '' ? [] : text.slice(0, -1).split('\n');
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const dropped = (count: number, t: number) => `dropped ${count} at ${t}`;

describe('LineOutput', () => {
  it('a reader that keeps up gets every line, whole, in order', async () => {
    const reader = new HeldReader(false);
    const out = new LineOutput(reader, { droppedLine: dropped });
    out.event('e1');
    out.snapshot(() => 's1');
    out.event('e2');
    await tick();
    out.event('e3');
    out.snapshot(() => 's2');
    expect(await out.flush(1000)).toBe(true);
    expect(reader.lines()).toEqual(['e1', 's1', 'e2', 'e3', 's2']);
    expect(out.stats()).toEqual({ droppedEvents: 0, coalescedSnapshots: 0, queuedEvents: 0, queuedChars: 0 });
  });

  it('gathers the lines of one turn into one write', async () => {
    const reader = new HeldReader(false);
    const out = new LineOutput(reader, { droppedLine: dropped });
    for (let i = 0; i < 100; i++) out.event(`e${i}`);
    await out.flush(1000);
    expect(reader.chunks).toHaveLength(1);
  });

  it('while the reader is stuck: only the newest snapshot is kept, and only rendered if written', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: dropped });
    out.event('first');
    await tick(); // "first" is with the reader now; nothing more is written until it drains
    const rendered: string[] = [];
    const snap = (name: string) => () => (rendered.push(name), name);
    out.snapshot(snap('s1'));
    out.event('e1');
    out.snapshot(snap('s2'));
    out.event('e2');
    out.snapshot(snap('s3'));
    await tick();
    expect(reader.chunks).toEqual(['first\n']);
    reader.release();
    expect(await out.flush(1000)).toBe(true);
    // s3 was computed after e1 and e2, so it comes after them.
    expect(reader.lines()).toEqual(['first', 'e1', 'e2', 's3']);
    expect(rendered).toEqual(['s3']);
    expect(out.stats().coalescedSnapshots).toBe(2);
  });

  it('drops the oldest events past the line bound, says how many where they were, keeps the newest', async () => {
    let now = 1000;
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: dropped, maxQueuedLines: 3, now: () => now });
    out.event('first');
    await tick();
    for (let i = 1; i <= 10; i++) {
      out.event(`e${i}`);
      now++;
    }
    expect(out.stats()).toMatchObject({ droppedEvents: 7, queuedEvents: 3 });
    reader.release();
    expect(await out.flush(1000)).toBe(true);
    // The first dropped event (e1) was dropped when e4 arrived, at 1003.
    expect(reader.lines()).toEqual(['first', 'dropped 7 at 1003', 'e8', 'e9', 'e10']);
  });

  it('counts drops on each side of a kept snapshot in their place', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: (n) => `dropped ${n}`, maxQueuedLines: 2 });
    out.event('first');
    await tick();
    out.event('a1');
    out.event('a2');
    out.snapshot(() => 'S');
    out.event('b1'); // a1 dropped
    out.event('b2'); // a2 dropped
    out.event('b3'); // b1 dropped, after S
    reader.release();
    await out.flush(1000);
    expect(reader.lines()).toEqual(['first', 'dropped 2', 'S', 'dropped 1', 'b2', 'b3']);
  });

  it('two dropped lines that become neighbours when their snapshot is replaced are one', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: (n) => `dropped ${n}`, maxQueuedLines: 1 });
    out.event('first');
    await tick();
    out.event('a1');
    out.snapshot(() => 'S1');
    out.event('b1'); // a1 dropped before S1
    out.event('b2'); // b1 dropped after S1
    out.snapshot(() => 'S2'); // S1 goes: the two counts meet
    reader.release();
    await out.flush(1000);
    expect(reader.lines()).toEqual(['first', 'dropped 2', 'b2', 'S2']);
  });

  it('bounds queued characters too; a single line longer than the bound is still kept alone', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: (n) => `dropped ${n}`, maxQueuedChars: 100 });
    out.event('first');
    await tick();
    for (let i = 0; i < 50; i++) out.event(`${i}`.padStart(19, '.'));
    expect(out.stats().queuedChars).toBeLessThanOrEqual(100);
    expect(out.stats().queuedEvents).toBe(5);
    out.event('x'.repeat(500));
    expect(out.stats()).toMatchObject({ queuedEvents: 1, queuedChars: 501, droppedEvents: 50 });
    reader.release();
    await out.flush(1000);
    expect(reader.lines()).toEqual(['first', 'dropped 50', 'x'.repeat(500)]);
  });

  it('holds no more than its bound whatever a flood sends (and the newest event and snapshot are always kept)', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: (n) => `dropped ${n}`, maxQueuedLines: 100 });
    out.event('first');
    await tick();
    for (let i = 0; i < 100_000; i++) {
      out.event(`event ${i}`);
      if (i % 3 === 0) out.snapshot(() => `snapshot ${i}`);
    }
    expect(out.stats().queuedEvents).toBe(100);
    reader.release();
    await out.flush(1000);
    const lines = reader.lines();
    expect(lines.length).toBeLessThanOrEqual(1 + 100 + 3);
    expect(lines.slice(-2)).toEqual(['event 99999', 'snapshot 99999']);
    expect(lines.filter((l) => l.startsWith('snapshot'))).toEqual(['snapshot 99999']);
    const counted = lines.filter((l) => l.startsWith('dropped')).reduce((sum, l) => sum + Number(l.split(' ')[1]), 0);
    expect(counted + lines.filter((l) => l.startsWith('event')).length).toBe(100_000);
  });

  it('flush: false when the reader does not read within the deadline; only whole lines were handed over', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: dropped, chunkChars: 1 });
    out.event('one');
    out.event('two');
    expect(await out.flush(30)).toBe(false);
    expect(reader.text()).toBe('one\n');
    reader.release();
    expect(await out.flush(1000)).toBe(true);
    expect(reader.lines()).toEqual(['one', 'two']);
  });

  it('a reader that went away (EPIPE): said once, queue emptied, nothing written after', async () => {
    const reader = new HeldReader(true);
    const out = new LineOutput(reader, { droppedLine: dropped });
    const broken: Error[] = [];
    out.onBroken((err) => broken.push(err));
    out.event('one');
    await tick();
    out.event('two');
    const flushed = out.flush(5000);
    reader.fail('EPIPE');
    expect(await flushed).toBe(false);
    out.event('three');
    out.snapshot(() => 'S');
    await tick();
    expect(broken).toHaveLength(1);
    expect(isReaderGone(broken[0]!)).toBe(true);
    expect(out.broken).toBe(true);
    expect(out.stats()).toMatchObject({ queuedEvents: 0, queuedChars: 0 });
    expect(reader.text()).toBe('one\n');
    const late: Error[] = [];
    out.onBroken((err) => late.push(err));
    expect(late).toHaveLength(1);
    expect(isReaderGone(Object.assign(new Error('x'), { code: 'EIO' }))).toBe(false);
  });

  it('rejects nonsense bounds', () => {
    const reader = new HeldReader(false);
    expect(() => new LineOutput(reader, { droppedLine: dropped, maxQueuedLines: 0 })).toThrow(/maxQueuedLines/);
    expect(() => new LineOutput(reader, { droppedLine: dropped, maxQueuedChars: 1.5 })).toThrow(/maxQueuedChars/);
  });
});

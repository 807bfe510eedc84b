import { TestScheduler } from 'rxjs/testing';
import { DownloadStream } from '../../src/streams/download-stream.js';
import { StreamRegistry } from '../../src/streams/stream-registry.js';
import { dataFrame, eofFrame, errorFrame, FakeStreamSession, okFrame, streamProcedure } from '../../spec/support/stream-frames.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('DownloadStream (marbles)', () => {
  let scheduler: TestScheduler;
  let fake: FakeStreamSession;
  let registry: StreamRegistry;
  const download = (bufferSize?: number): DownloadStream<unknown> =>
    new DownloadStream({ registry, procedure: streamProcedure('read'), args: { flags: 0 } }, bufferSize);
  const items = { r: { reply: undefined }, a: { data: bytes(1) }, b: { data: bytes(2) }, c: { data: bytes(3) }, d: { data: bytes(4) } };
  const frames = { a: dataFrame(5, bytes(1)), b: dataFrame(5, bytes(2)), c: dataFrame(5, bytes(3)), d: dataFrame(5, bytes(4)), e: eofFrame(5), k: okFrame(5) };

  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    fake = new FakeStreamSession(() => scheduler.now());
    registry = new StreamRegistry(fake);
  });

  it('reads nothing past its buffer until the consumer pulls, pausing and resuming the socket', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      fake.reply = cold('-(r|)', { r: undefined });
      hot('--abcd--------e-k', frames).subscribe((frame) => fake.deliver(frame));
      const pulls = hot('--------x---y-----z', { x: 1, y: 3, z: 1 });
      expectObservable(download(2).pullWith(pulls)).toBe('--------r---(abc)-(d|)', items);
    });
    expect(fake.log).toEqual([
      '0:call',
      '2:read:1', // reply + a: the buffer of 2 is full
      '2:pause', // b, c and d wait in the socket
      '8:resume', // the reply is taken
      '8:read:1', // b
      '8:pause',
      '12:resume', // a, b and c are taken (c as soon as it is read)
      '12:read:1',
      '12:read:1', // d waits in the buffer, which is not full
      '14:read:0', // EOF
      '14:finish',
      '16:read:0', // the daemon's OK; completion waits for d to be pulled
    ]);
    expect(fake.readingPaused).toBe(false);
  });

  it('answers EOF with a finish and completes only after the daemon confirms it', () => {
    scheduler.run(({ hot, expectObservable }) => {
      hot('--ae---k', frames).subscribe((frame) => fake.deliver(frame));
      expectObservable(download()).toBe('r-a----|', items);
    });
    expect(fake.sent).toEqual(['call', 'finish']);
    expect(fake.log).toContain('3:finish');
  });

  it('aborts on unsubscribe, resumes reading, and drops the late packets', () => {
    scheduler.run(({ hot, expectObservable }) => {
      hot('--abcd--e-k', frames).subscribe((frame) => fake.deliver(frame));
      expectObservable(download(1).pullWith(hot('-')), '^----!').toBe('-----');
    });
    // The reply fills the buffer of 1; the abort goes before reading resumes, and what was held in
    // the socket, then the EOF and the OK, are dropped.
    expect(fake.log).toEqual(['0:call', '0:pause', '5:abort', '5:resume', '5:read:1', '5:read:1', '5:read:1', '5:read:1', '8:read:0', '10:read:0']);
    expect(registry.size).toBe(0);
    expect(fake.readingPaused).toBe(false);
  });

  it('sends the abort of a stream dropped before its reply once the reply is in', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      fake.reply = cold('---(r|)', { r: undefined });
      hot('-----a', frames).subscribe((frame) => fake.deliver(frame));
      expectObservable(download(), '^!').toBe('-');
    });
    expect(fake.log).toEqual(['0:call', '3:abort', '5:read:1']);
    expect(registry.size).toBe(0);
  });

  it('errors with the LibvirtError of a STREAM/ERROR, sending nothing more', () => {
    const failed = errorFrame(5, 38, 'cannot read volume');
    scheduler.run(({ hot, expectObservable }) => {
      hot('--ax', { ...frames, x: failed }).subscribe((frame) => fake.deliver(frame));
      expectObservable(download()).toBe('r-a#', items, expect.objectContaining({ code: 38, libvirtMessage: 'cannot read volume' }));
    });
    expect(fake.sent).toEqual(['call']);
  });

  it('errors every open stream with a ConnectionClosedError when the session ends', () => {
    scheduler.run(({ cold, expectObservable }) => {
      cold('---x').subscribe(() => fake.end(new Error('socket reset')));
      expectObservable(download()).toBe('r--#', items, expect.objectContaining({ name: 'ConnectionClosedError', message: 'connection closed: socket reset' }));
    });
  });

  it('opens a stream for each subscription (cold), under its own serial', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const stream = download();
      hot('-a-e-k', { a: dataFrame(6, bytes(1)), e: eofFrame(6), k: okFrame(6) }).subscribe((frame) => fake.deliver(frame));
      expectObservable(stream, '^--!').toBe('r--', items);
      expectObservable(stream).toBe('ra---|', items);
    });
    expect(fake.sent).toEqual(['call', 'call', 'abort', 'finish']);
  });
});

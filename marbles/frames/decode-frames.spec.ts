import { TestScheduler } from 'rxjs/testing';
import { from } from 'rxjs';
import { decodeFrames } from '../../src/protocol/decode-frames.js';
import type { Frame } from '../../src/protocol/frame.js';
import { ProtocolErrorReason } from '../../src/protocol/protocol-error.js';
import { AUTH_LIST_REPLY, LIFECYCLE_EVENT, PING, STREAM_DATA, concat, hex } from '../../spec/protocol/fixtures.js';
import type { Fixture } from '../../spec/protocol/fixtures.js';

/** The frame a fixture decodes to (payload compared by content, wherever it lives). */
function frameOf(fixture: Fixture): Frame {
  return { header: fixture.header, nfds: fixture.nfds, payload: fixture.payload };
}

function protocolError(reason: ProtocolErrorReason): unknown {
  return expect.objectContaining({ name: 'ProtocolError', reason });
}

describe('decodeFrames', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('turns chunks split and coalesced anywhere into frames', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const chunks = cold('-a-b----c---d----|', {
        a: PING.bytes.subarray(0, 10),
        b: concat(PING.bytes.subarray(10), AUTH_LIST_REPLY.bytes, LIFECYCLE_EVENT.bytes.subarray(0, 1)),
        c: LIFECYCLE_EVENT.bytes.subarray(1, 40),
        d: concat(LIFECYCLE_EVENT.bytes.subarray(40), STREAM_DATA.bytes),
      });
      expectObservable(chunks.pipe(decodeFrames())).toBe('---(pr)-----(es)-|', {
        p: frameOf(PING),
        r: frameOf(AUTH_LIST_REPLY),
        e: frameOf(LIFECYCLE_EVENT),
        s: frameOf(STREAM_DATA),
      });
      expectSubscriptions(chunks.subscriptions).toBe('^----------------!');
    });
  });

  it('errors with a ProtocolError on a bad length word and unsubscribes from the source', () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const chunks = hot('-a-b-c-', { a: PING.bytes, b: hex('0000001b'), c: PING.bytes });
      expectObservable(chunks.pipe(decodeFrames())).toBe('-p-#', { p: frameOf(PING) }, protocolError(ProtocolErrorReason.BadLength));
      expectSubscriptions(chunks.subscriptions).toBe('^--!');
    });
  });

  it('errors with a ProtocolError on a bad message type', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const badType = hex('0000001c 20008086 00000001 00000001 00000007 00000000 00000000');
      const chunks = cold('-a-b-', { a: badType.subarray(0, 20), b: badType.subarray(20) });
      expectObservable(chunks.pipe(decodeFrames())).toBe('---#', undefined, protocolError(ProtocolErrorReason.BadType));
      expectSubscriptions(chunks.subscriptions).toBe('^--!');
    });
  });

  it('errors when the source completes inside a frame', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const chunks = cold('-a-|', { a: concat(PING.bytes, AUTH_LIST_REPLY.bytes.subarray(0, 30)) });
      expectObservable(chunks.pipe(decodeFrames())).toBe('-p-#', { p: frameOf(PING) }, protocolError(ProtocolErrorReason.TruncatedFrame));
    });
  });

  it('passes on the source error', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new Error('ECONNRESET');
      const chunks = cold('-a-#', { a: PING.bytes }, failure);
      expectObservable(chunks.pipe(decodeFrames())).toBe('-p-#', { p: frameOf(PING) }, failure);
    });
  });

  it('unsubscribes from the source when unsubscribed', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const chunks = cold('-a-b-a-|', { a: PING.bytes, b: AUTH_LIST_REPLY.bytes });
      expectObservable(chunks.pipe(decodeFrames()), '^--!').toBe('-p-', { p: frameOf(PING) });
      expectSubscriptions(chunks.subscriptions).toBe('^--!');
    });
  });

  it('keeps separate decoding state per subscription', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const chunks = cold('-a-b|', { a: PING.bytes.subarray(0, 5), b: PING.bytes.subarray(5) });
      const frames = chunks.pipe(decodeFrames());
      expectObservable(frames).toBe('---p|', { p: frameOf(PING) });
      expectObservable(frames).toBe('---p|', { p: frameOf(PING) });
    });
  });

  it('runs the documented example', () => {
    const logged: number[] = [];
    const ping = Uint8Array.from([
      0x00, 0x00, 0x00, 0x1c, 0x6b, 0x65, 0x65, 0x70, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
      0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]);
    from([ping.subarray(0, 10), ping.subarray(10)])
      .pipe(decodeFrames())
      .subscribe((frame) => logged.push(frame.header.proc));
    expect(logged).toEqual([1]);
  });
});

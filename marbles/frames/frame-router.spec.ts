import { TestScheduler } from 'rxjs/testing';
import { NEVER, Observable } from 'rxjs';
import type { Frame } from '../../src/protocol/frame.js';
import { FrameRouter } from '../../src/protocol/frame-router.js';
import { MessageStatus, MessageType, Program } from '../../src/protocol/message-header.js';
import { ProtocolErrorReason } from '../../src/protocol/protocol-error.js';

const EMPTY_PAYLOAD = new Uint8Array(0);

function frame(prog: number, type: number, proc = 1, status: number = MessageStatus.OK): Frame {
  return { header: { prog, vers: 1, proc, type, serial: 5, status }, nfds: 0, payload: EMPTY_PAYLOAD };
}

const frames = {
  R: frame(Program.REMOTE, MessageType.REPLY, 66),
  F: frame(Program.LXC, MessageType.REPLY_WITH_FDS),
  C: frame(Program.REMOTE, MessageType.CALL, 66),
  D: frame(Program.QEMU, MessageType.CALL_WITH_FDS),
  E: frame(Program.REMOTE, MessageType.MESSAGE, 318),
  P: frame(Program.KEEPALIVE, MessageType.MESSAGE, 1),
  S: frame(Program.REMOTE, MessageType.STREAM, 209, MessageStatus.CONTINUE),
  H: frame(Program.REMOTE, MessageType.STREAM_HOLE, 209, MessageStatus.CONTINUE),
  U: frame(0x1234_5678, MessageType.MESSAGE),
  A: frame(Program.ADMIN, MessageType.REPLY),
  K: frame(Program.KEEPALIVE, MessageType.STREAM),
  L: frame(Program.KEEPALIVE, MessageType.REPLY),
};

function protocolError(reason: ProtocolErrorReason, header?: Frame['header']): unknown {
  return expect.objectContaining({ name: 'ProtocolError', reason, ...(header === undefined ? {} : { header }) });
}

describe('FrameRouter', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('partitions a mixed sequence in the client role', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-R-E-P-S-H-F-U-A-|', frames);
      const router = new FrameRouter({ role: 'client' });
      expectObservable(router.replies).toBe('-R---------F-----|', frames);
      expectObservable(router.events).toBe('---E-------------|', frames);
      expectObservable(router.keepalive).toBe('-----P-----------|', frames);
      expectObservable(router.streams).toBe('-------S-H-------|', frames);
      expectObservable(router.calls).toBe('-----------------|');
      expectObservable(router.dropped).toBe('-------------u-a-|', {
        u: protocolError(ProtocolErrorReason.UnknownProgram, frames.U.header),
        a: protocolError(ProtocolErrorReason.UnknownProgram, frames.A.header),
      });
      router.connect(input);
      expectSubscriptions(input.subscriptions).toBe('^----------------!');
    });
  });

  it('partitions a mixed sequence in the server role', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const input = cold('-C-P-S-D-H-U-|', frames);
      const router = new FrameRouter({ role: 'server' });
      expectObservable(router.calls).toBe('-C-----D-----|', frames);
      expectObservable(router.keepalive).toBe('---P---------|', frames);
      expectObservable(router.streams).toBe('-----S---H---|', frames);
      expectObservable(router.replies).toBe('-------------|');
      expectObservable(router.events).toBe('-------------|');
      expectObservable(router.dropped).toBe('-----------u-|', { u: protocolError(ProtocolErrorReason.UnknownProgram) });
      router.connect(input);
    });
  });

  it('routes the programs it is given', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const input = cold('-A-R-|', frames);
      const router = new FrameRouter({ role: 'client', programs: [Program.ADMIN] });
      expectObservable(router.replies).toBe('-A---|', frames);
      expectObservable(router.dropped).toBe('---r-|', { r: protocolError(ProtocolErrorReason.UnknownProgram) });
      router.connect(input);
    });
  });

  it.each([
    ['a CALL at a client', 'client', 'C'],
    ['a CALL_WITH_FDS at a client', 'client', 'D'],
    ['a REPLY at a server', 'server', 'R'],
    ['a REPLY_WITH_FDS at a server', 'server', 'F'],
    ['a KEEPALIVE STREAM', 'client', 'K'],
    ['a KEEPALIVE REPLY', 'client', 'L'],
  ] as const)('closes every output and the input on %s', (_name, role, bad) => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold(`-P-${bad}-E-|`, frames);
      const router = new FrameRouter({ role });
      const error = protocolError(ProtocolErrorReason.UnexpectedFrame, frames[bad].header);
      expectObservable(router.keepalive).toBe('-P-#', frames, error);
      for (const output of [router.replies, router.calls, router.events, router.streams, router.dropped] as Observable<unknown>[]) {
        expectObservable(output).toBe('---#', undefined, error);
      }
      router.connect(input);
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('errors every output with the input error', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new Error('decoder failed');
      const input = cold('-R-#', frames, failure);
      const router = new FrameRouter({ role: 'client' });
      expectObservable(router.replies).toBe('-R-#', frames, failure);
      for (const output of [router.calls, router.events, router.streams, router.keepalive, router.dropped] as Observable<unknown>[]) {
        expectObservable(output).toBe('---#', undefined, failure);
      }
      router.connect(input);
    });
  });

  it('stops routing, leaving the outputs open, when the connection is unsubscribed', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-R-R-R-|', frames);
      const router = new FrameRouter({ role: 'client' });
      expectObservable(router.replies).toBe('-R-R----', frames);
      const connection = router.connect(input);
      scheduler.schedule(() => connection.unsubscribe(), 4);
      expectSubscriptions(input.subscriptions).toBe('^---!');
    });
  });

  it('closes a synchronous input that delivers a fatal frame during connect', () => {
    const router = new FrameRouter({ role: 'client' });
    const errors: unknown[] = [];
    router.replies.subscribe({ error: (error: unknown) => errors.push(error) });
    let tornDown = false;
    const input = new Observable<Frame>((subscriber) => {
      subscriber.next(frames.C);
      return () => {
        tornDown = true;
      };
    });
    const connection = router.connect(input);
    expect(connection.closed).toBe(true);
    expect(tornDown).toBe(true);
    expect(errors).toEqual([protocolError(ProtocolErrorReason.UnexpectedFrame)]);
  });

  it('connects only once', () => {
    const router = new FrameRouter({ role: 'client' });
    router.connect(NEVER);
    expect(() => router.connect(NEVER)).toThrow('already connected');
  });
});

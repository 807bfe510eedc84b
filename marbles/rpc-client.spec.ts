import { TestScheduler } from 'rxjs/testing';
import { ConnectionClosedError } from '../src/rpc/connection-closed-error.js';
import { RpcClient } from '../src/rpc/rpc-client.js';
import { fakeProcedure, okReply, serialOf } from '../spec/support/fake-procedure.js';

describe('RpcClient call correlation (marbles)', () => {
  let scheduler: TestScheduler;
  let sent: number[];
  let rpc: RpcClient;
  const echo = fakeProcedure();

  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    sent = [];
    rpc = new RpcClient({ send: (frame) => void sent.push(serialOf(frame)) });
  });

  it('matches out-of-order replies to their calls by serial', () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      // Serial 1 (the second call) is answered first.
      const replies = hot('  ----b--a--|', { a: okReply(0, 10), b: okReply(1, 20) });
      const subscription = '^---------!';
      replies.subscribe((frame) => rpc.handleReply(frame));
      expectObservable(rpc.call(echo, 1)).toBe('-------(a|)', { a: 10 });
      expectObservable(rpc.call(echo, 2)).toBe('----(b|)   ', { b: 20 });
      expectSubscriptions(replies.subscriptions).toBe(subscription);
    });
    expect(sent).toEqual([0, 1]);
    expect(rpc.pendingCount).toBe(0);
  });

  it('is cold: nothing is sent until subscription, and each subscription is its own call', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const call = rpc.call(echo, 5);
      const replies = hot('--a-b', { a: okReply(0, 1), b: okReply(1, 2) });
      replies.subscribe((frame) => rpc.handleReply(frame));
      expectObservable(call).toBe('--(a|)', { a: 1 });
      expectObservable(call).toBe('----(b|)', { b: 2 });
    });
    expect(sent).toEqual([0, 1]);
  });

  it('drops the waiter on unsubscribe and ignores the late reply', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const replies = hot('-----a-b', { a: okReply(0, 10), b: okReply(1, 20) });
      replies.subscribe((frame) => rpc.handleReply(frame));
      expectObservable(rpc.call(echo, 1), '^--!').toBe('----');
      expectObservable(rpc.call(echo, 2)).toBe('-------(b|)', { b: 20 });
    });
    expect(rpc.unmatchedReplies).toBe(1);
    expect(rpc.pendingCount).toBe(0);
  });

  it('errors every pending call at once when the connection closes', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const replies = hot('-a', { a: okReply(0, 10) });
      replies.subscribe((frame) => rpc.handleReply(frame));
      cold('---x').subscribe(() => rpc.close(new Error('socket reset')));
      const closed = new ConnectionClosedError('connection closed', { cause: new Error('socket reset') });
      expectObservable(rpc.call(echo, 1)).toBe('-(a|)', { a: 10 });
      expectObservable(rpc.call(echo, 2)).toBe('---#', undefined, closed);
      expectObservable(rpc.call(echo, 3)).toBe('---#', undefined, closed);
    });
    expect(rpc.pendingCount).toBe(0);
  });

  it('fails calls made after the close without sending them', () => {
    rpc.close();
    scheduler.run(({ expectObservable }) => {
      expectObservable(rpc.call(echo, 1)).toBe('#', undefined, new ConnectionClosedError());
    });
    expect(sent).toEqual([]);
  });
});

import { NEVER, type Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConnectionEvents } from '../../src/events/connection-events.js';
import { EventHoldOverflowError } from '../../src/events/event-hold-overflow-error.js';
import { EVENT_HOLD_LIMIT } from '../../src/events/event-router.js';
import { REGISTERED } from '../../src/events/registered.js';
import type { Frame } from '../../src/protocol/frame.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import { fakeEventSource, lifecycleFrame, uuid } from '../../spec/support/event-frames.js';

const FEATURES = { eventCallback: true, closeCallback: true };
const testDom = { name: 'test', uuid: uuid(0x11), id: 1 };
const suspended = { dom: testDom, event: 3, detail: 0, eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', detailName: 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED' };
const resumed = { dom: testDom, event: 4, detail: 0, eventName: 'VIR_DOMAIN_EVENT_RESUMED', detailName: 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED' };
const R = REGISTERED;

/** Replies by procedure number; anything else never answers. */
function replies(table: Record<number, Observable<unknown>>): (procedure: ProcedureInfo) => Observable<unknown> {
  return (procedure) => table[procedure.number] ?? NEVER;
}

describe('ConnectionEvents: the registration signal, held events and call order (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('emits REGISTERED when the daemon answers, at once to a subscriber joining a live registration, and never unasked', () => {
    let events: ConnectionEvents | undefined;
    const liveAt: Array<readonly string[]> = [];
    scheduler.run(({ cold, hot, expectObservable, flush }) => {
      const frames = hot('-----a--b', { a: lifecycleFrame(7, 3, 0), b: lifecycleFrame(7, 4, 0) });
      const source = fakeEventSource(frames, NEVER, replies({ 316: cold('---(r|)', { r: { callbackID: 7 } }) }));
      events = new ConnectionEvents(source, FEATURES);
      const values = { R, a: suspended, b: resumed };
      expectObservable(events.domain('lifecycle', { registered: true })).toBe('---R-a--b', values);
      expectObservable(events.domain('lifecycle', { registered: true }), '-^').toBe('---R-a--b', values);
      expectObservable(events.domain('lifecycle', { registered: true }), '----^').toBe('----Ra--b', values);
      expectObservable(events.domain('lifecycle'), '-^').toBe('-----a--b', values);
      const seen = events;
      scheduler.schedule(() => liveAt.push(seen.liveRegistrations), 2);
      scheduler.schedule(() => liveAt.push(seen.liveRegistrations), 4);
      flush();
    });
    // Listed once the daemon confirmed it, not when asked.
    expect(liveAt).toEqual([[], ['domain:0:*']]);
  });

  it('holds events that overtake their register reply and delivers them after it, in order', () => {
    let events: ConnectionEvents | undefined;
    scheduler.run(({ cold, hot, expectObservable }) => {
      // Callback 7's events arrive at frames 1 and 2, the reply naming 7 at frame 3; callback 8 is nobody's.
      const frames = hot('-ac----b', { a: lifecycleFrame(7, 3, 0), c: lifecycleFrame(8, 3, 0), b: lifecycleFrame(7, 4, 0) });
      const source = fakeEventSource(frames, NEVER, replies({ 316: cold('---(r|)', { r: { callbackID: 7 } }) }));
      events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('lifecycle', { registered: true })).toBe('---(Ra)b', { R, a: suspended, b: resumed });
    });
    expect(events?.droppedEvents).toBe(1);
  });

  it('sends register and deregister calls one at a time, in the order asked', () => {
    let calls: Array<{ proc: number; args: unknown }> = [];
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const register = cold('--(r|)', { r: { callbackID: 1 } });
      const deregister = cold('-(d|)', { d: undefined });
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: register, 317: deregister }));
      calls = source.calls;
      const events = new ConnectionEvents(source, FEATURES);
      const signal = { registered: true } as const;
      expectObservable(events.domain('lifecycle', signal), '^----!').toBe('--R', { R });
      expectObservable(events.domain('reboot', signal)).toBe('----R', { R });
      expectObservable(events.domain('lifecycle', { ...signal, dom: testDom })).toBe('------R', { R });
      // Lifecycle's deregister (asked at 5) waits for the filtered register in flight since 4.
      expectSubscriptions(register.subscriptions).toBe(['^-!', '--^-!', '----^-!']);
      expectSubscriptions(deregister.subscriptions).toBe('------^!');
    });
    expect(calls.map(({ proc, args }) => [proc, args])).toEqual([
      [316, { eventID: 0, dom: null }],
      [316, { eventID: 1, dom: null }],
      [316, { eventID: 0, dom: testDom }],
      [317, { callbackID: 1 }],
    ]);
  });

  it('keeps a registration whose last subscriber leaves when another arrives in the same turn', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const register = cold('-(r|)', { r: { callbackID: 2 } });
      const deregister = cold('(d|)', { d: undefined });
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: register, 317: deregister }));
      const events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('lifecycle', { registered: true }), '^--!').toBe('-R', { R });
      expectObservable(events.domain('lifecycle', { registered: true }), '---^--!').toBe('---R', { R });
      expectSubscriptions(register.subscriptions).toBe('^!');
      expectSubscriptions(deregister.subscriptions).toBe('------(^!)');
    });
  });

  it('does not send a register call whose subscriber left while it was queued', () => {
    let calls: Array<{ proc: number }> = [];
    scheduler.run(({ cold, expectObservable }) => {
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: cold('--(r|)', { r: { callbackID: 1 } }), 368: cold('-(r|)', { r: { callbackID: 4 } }) }));
      calls = source.calls;
      const events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('lifecycle', { registered: true })).toBe('--R', { R });
      expectObservable(events.storagePool('refresh', { registered: true }), '^!').toBe('');
    });
    expect(calls.map(({ proc }) => proc)).toEqual([316]);
  });

  it('settles once the deregistration of a subscriber that left in this turn is answered', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: cold('-(r|)', { r: { callbackID: 2 } }), 317: cold('--(d|)', { d: undefined }) }));
      const events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('lifecycle', { registered: true }), '^--!').toBe('-R', { R });
      // Asked at 3, in the turn the subscriber left: the deregister call goes out at 3, answered at 5.
      expectObservable(events.settled(), '---^').toBe('-----(s|)', { s: undefined });
      // Asked while idle: at once (after the turn).
      expectObservable(events.settled(), '-------^').toBe('-------(s|)', { s: undefined });
    });
  });

  it('passes a refused registration to subscribers that asked for the signal, without REGISTERED', () => {
    const refusal = new Error('event callback already tracked');
    scheduler.run(({ cold, expectObservable }) => {
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: cold('--#', undefined, refusal) }));
      expectObservable(new ConnectionEvents(source, FEATURES).domain('lifecycle', { registered: true })).toBe('--#', undefined, refusal);
    });
  });
});

describe('ConnectionEvents: the hold is bounded', () => {
  it('fails the pending subscription with EventHoldOverflowError, then deregisters the late callback', () => {
    const frames = new Subject<Frame>();
    const reply = new Subject<unknown>();
    const source = fakeEventSource(frames, NEVER, (procedure) => (procedure.number === 316 ? reply : NEVER));
    const events = new ConnectionEvents(source, FEATURES);
    let failure: unknown;
    events.domain('lifecycle', { registered: true }).subscribe({ error: (err: unknown) => (failure = err) });
    for (let i = 0; i < EVENT_HOLD_LIMIT; i++) frames.next(lifecycleFrame(9, 3, 0));
    expect(failure).toBeUndefined();
    frames.next(lifecycleFrame(9, 3, 0));
    expect(failure).toBeInstanceOf(EventHoldOverflowError);
    expect((failure as EventHoldOverflowError).limit).toBe(EVENT_HOLD_LIMIT);
    expect(events.droppedEvents).toBe(EVENT_HOLD_LIMIT + 1);
    // Later frames are no longer held; the reply comes at last, and its callback is deregistered.
    frames.next(lifecycleFrame(9, 3, 0));
    reply.next({ callbackID: 9 });
    reply.complete();
    expect(events.droppedEvents).toBe(EVENT_HOLD_LIMIT + 2);
    expect(source.calls.map(({ proc, args }) => [proc, args])).toEqual([
      [316, { eventID: 0, dom: null }],
      [317, { callbackID: 9 }],
    ]);
    expect(events.liveRegistrations).toEqual([]);
  });
});

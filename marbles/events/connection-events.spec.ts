import { NEVER, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { SessionEnd } from '../../src/connection/session.js';
import { ConnectionEvents } from '../../src/events/connection-events.js';
import { UnsupportedError } from '../../src/errors/unsupported-error.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import { ConnectionClosedError } from '../../src/rpc/connection-closed-error.js';
import { fakeEventSource, lifecycleFrame, networkLifecycleFrame, uuid } from '../../spec/support/event-frames.js';

const FEATURES = { eventCallback: true, closeCallback: true };
const testDom = { name: 'test', uuid: uuid(0x11), id: 1 };
const suspended = { dom: testDom, event: 3, detail: 0, eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', detailName: 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED' };
const resumed = { dom: testDom, event: 4, detail: 0, eventName: 'VIR_DOMAIN_EVENT_RESUMED', detailName: 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED' };
const started = { dom: testDom, event: 2, detail: 0, eventName: 'VIR_DOMAIN_EVENT_STARTED', detailName: 'VIR_DOMAIN_EVENT_STARTED_BOOTED' };

describe('ConnectionEvents registrations (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  /** Replies by procedure number; anything else never answers. */
  function replies(table: Record<number, Observable<unknown>>): (procedure: ProcedureInfo) => Observable<unknown> {
    return (procedure) => table[procedure.number] ?? NEVER;
  }

  it('registers once for many subscribers and deregisters after the last one leaves', () => {
    let calls: Array<{ proc: number; args: unknown }> = [];
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const register = cold('--(r|)', { r: { callbackID: 7 } });
      const deregister = cold('(d|)', { d: undefined });
      const frames = hot('-----a--b--c--d', {
        a: lifecycleFrame(7, 3, 0),
        b: lifecycleFrame(7, 4, 0),
        c: lifecycleFrame(7, 3, 0),
        d: lifecycleFrame(7, 2, 0),
      });
      const source = fakeEventSource(frames, NEVER, replies({ 316: register, 317: deregister }));
      calls = source.calls;
      const lifecycle = new ConnectionEvents(source, FEATURES).domain('lifecycle');
      const values = { a: suspended, b: resumed, c: suspended, d: started };
      expectObservable(lifecycle, '^-----------!    ').toBe('-----a--b--c', values);
      expectObservable(lifecycle, '---^-----!       ').toBe('-----a--b', values);
      expectObservable(lifecycle, '------^---------!').toBe('--------b--c--d', values);
      expectSubscriptions(register.subscriptions).toBe('^-!');
      expectSubscriptions(deregister.subscriptions).toBe('----------------(^!)');
    });
    expect(calls).toEqual([
      { proc: 316, args: { eventID: 0, dom: null } },
      { proc: 317, args: { callbackID: 7 } },
    ]);
  });

  it('routes events by callback ID and procedure, ignores serials, and drops the unclaimed', () => {
    let events: ConnectionEvents | undefined;
    scheduler.run(({ cold, hot, expectObservable }) => {
      const frames = hot('---abcde', {
        a: lifecycleFrame(1, 3, 0, 'test', 1),
        b: lifecycleFrame(2, 4, 0, 'test', 0xdeadbeef),
        c: lifecycleFrame(9, 3, 0),
        d: networkLifecycleFrame(1, 2),
        // Procedure 319 (reboot) with a callback ID that exists only for lifecycle events.
        e: { ...lifecycleFrame(1, 3, 0), header: { ...lifecycleFrame(1, 3, 0).header, proc: 319 } },
      });
      const source = fakeEventSource(frames, NEVER, (procedure, args) => {
        if (procedure.number === 313) return cold('-(r|)', { r: { callbackID: 1 } });
        const filtered = (args as { dom: unknown }).dom !== null;
        return cold('-(r|)', { r: { callbackID: filtered ? 2 : 1 } });
      });
      events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('lifecycle')).toBe('---a', { a: suspended });
      expectObservable(events.domain('lifecycle', { dom: testDom })).toBe('----b', { b: resumed });
      expectObservable(events.network('lifecycle')).toBe('------d', {
        d: { net: { name: 'default', uuid: uuid(0x22) }, event: 2, detail: 0, eventName: 'VIR_NETWORK_EVENT_STARTED' },
      });
    });
    expect(events?.droppedEvents).toBe(2);
    expect(events?.liveRegistrations).toEqual([
      'domain:0:*',
      `domain:0:${'11'.repeat(16)}`,
      'network:0:*',
    ]);
  });

  it('errors every subscriber with ConnectionClosedError when the connection dies, and sends no deregister', () => {
    const cause = new Error('socket reset');
    let calls: Array<{ proc: number }> = [];
    scheduler.run(({ cold, hot, expectObservable }) => {
      const end = hot<SessionEnd>('------x', { x: { cause } });
      const source = fakeEventSource(hot('----a', { a: lifecycleFrame(5, 3, 0) }), end, () => cold('-(r|)', { r: { callbackID: 5 } }));
      calls = source.calls;
      const events = new ConnectionEvents(source, FEATURES);
      const closed = new ConnectionClosedError('connection closed', { cause });
      expectObservable(events.domain('lifecycle')).toBe('----a-#', { a: suspended }, closed);
      expectObservable(events.domain('lifecycle')).toBe('----a-#', { a: suspended }, closed);
      expectObservable(events.network('lifecycle')).toBe('------#', undefined, closed);
    });
    expect(calls.map((call) => call.proc)).toEqual([316, 313]);
  });

  it('completes every subscriber when the connection is closed on purpose', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const end = hot<SessionEnd>('---x', { x: { cause: undefined } });
      const source = fakeEventSource(NEVER, end, () => cold('-(r|)', { r: { callbackID: 5 } }));
      const events = new ConnectionEvents(source, FEATURES);
      expectObservable(events.domain('reboot')).toBe('---|');
      expectObservable(events.secret('lifecycle')).toBe('---|');
      // Subscribed after the end: completes at once, registers nothing.
      expectObservable(events.domain('reboot'), '-----^').toBe('-----|');
    });
  });

  it('deregisters a callback whose subscriber left while the register call was in flight', () => {
    let calls: Array<{ proc: number; args: unknown }> = [];
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const register = cold('---(r|)', { r: { callbackID: 3 } });
      const deregister = cold('(d|)', { d: undefined });
      const source = fakeEventSource(NEVER, NEVER, replies({ 368: register, 369: deregister }));
      calls = source.calls;
      expectObservable(new ConnectionEvents(source, FEATURES).storagePool('refresh'), '^-!').toBe('---');
      expectSubscriptions(register.subscriptions).toBe('^--!');
      expectSubscriptions(deregister.subscriptions).toBe('---(^!)');
    });
    expect(calls).toEqual([
      { proc: 368, args: { eventID: 1, pool: null } },
      { proc: 369, args: { callbackID: 3 } },
    ]);
  });

  it('passes the daemon\'s refusal to every subscriber, and registers anew for the next one', () => {
    const refusal = new Error('unsupported event ID 27');
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const register = cold('--#', undefined, refusal);
      const source = fakeEventSource(NEVER, NEVER, replies({ 316: register }));
      const nicMac = new ConnectionEvents(source, FEATURES).domain('nic-mac-change');
      expectObservable(nicMac).toBe('--#', undefined, refusal);
      // Joins the registration in flight, and shares its failure.
      expectObservable(nicMac, '-^').toBe('--#', undefined, refusal);
      expectObservable(nicMac, '----^').toBe('------#', undefined, refusal);
      expectSubscriptions(register.subscriptions).toBe(['^-!', '----^-!']);
    });
  });

  it('fails with UnsupportedError, before any call, when the daemon lacks the event-callback feature', () => {
    const source = fakeEventSource(NEVER, NEVER, () => NEVER);
    scheduler.run(({ expectObservable }) => {
      const events = new ConnectionEvents(source, { eventCallback: false, closeCallback: false });
      const legacy = "(libvirt's legacy event registration is not implemented)";
      expectObservable(events.domain('lifecycle')).toBe('#', undefined, new UnsupportedError('domain events', `the daemon lacks the event-callback feature ${legacy}`));
      expectObservable(events.connectionClose()).toBe('#', undefined, new UnsupportedError('connection-close events', `the daemon lacks the close-callback feature ${legacy}`));
    });
    expect(source.calls).toEqual([]);
  });
});

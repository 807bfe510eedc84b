// The spec of examples/marble-testing.ts: how to test your own code that uses rxvirt, in virtual
// time with stubbed calls, then against the in-process fake daemon.
import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { suspendByName, watchState } from '../../examples/marble-testing.js';
import type { Domain } from '../../src/index.js';
import { domainRef, FakeDaemon, libvirtError, stubConnection, UnstubbedError } from '../../src/testing/index.js';

type DomainState = {
  state: number;
  reason: number;
  stateName: 'VIR_DOMAIN_RUNNING' | 'VIR_DOMAIN_PAUSED';
  reasonName: 'VIR_DOMAIN_RUNNING_BOOTED' | 'VIR_DOMAIN_PAUSED_USER';
};
const RUNNING: DomainState = { state: 1, reason: 1, stateName: 'VIR_DOMAIN_RUNNING', reasonName: 'VIR_DOMAIN_RUNNING_BOOTED' };
const PAUSED: DomainState = { state: 3, reason: 1, stateName: 'VIR_DOMAIN_PAUSED', reasonName: 'VIR_DOMAIN_PAUSED_USER' };

describe('watchState (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('polls each period and emits only changes', () => {
    const states = [RUNNING, RUNNING, PAUSED, PAUSED, RUNNING];
    scheduler.run(({ cold, expectObservable }) => {
      // Each call answers one frame after it is made, with the next state of the list.
      const stub: Pick<Domain, 'getState'> = { getState: () => cold('-s|', { s: states.shift() ?? RUNNING }) };
      expectObservable(watchState(stub, 5).pipe(take(3))).toBe('-r 9ms p 9ms (q|)', {
        r: 'VIR_DOMAIN_RUNNING',
        p: 'VIR_DOMAIN_PAUSED',
        q: 'VIR_DOMAIN_RUNNING',
      });
    });
    // Five calls for three changes: the repeated states were not emitted.
    expect(states).toEqual([]);
  });

  it('skips the ticks a slow reply overlaps', () => {
    scheduler.run(({ cold, expectObservable }) => {
      let calls = 0;
      // Seven frames per reply, a tick every five: calls go out at 0, 10 and 20, not 5 and 15.
      const stub: Pick<Domain, 'getState'> = {
        getState: () => cold('-------s|', { s: calls++ % 2 === 0 ? RUNNING : PAUSED }),
      };
      expectObservable(watchState(stub, 5).pipe(take(3))).toBe('7ms r 9ms p 9ms (r|)', { r: 'VIR_DOMAIN_RUNNING', p: 'VIR_DOMAIN_PAUSED' });
    });
  });
});

describe('suspendByName (marbles, on a stubbed Connection)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });
  const notFound = libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found', { domain: 'VIR_FROM_TEST' });

  it('looks the domain up, suspends it and emits true', () => {
    const suspended: unknown[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({
        domainLookupByName: ({ name }) => cold('-d|', { d: domainRef(name) }),
        domainSuspend: ({ dom }) => {
          suspended.push(dom.name);
          return cold('--(a|)', { a: undefined });
        },
      });
      expectObservable(suspendByName(conn, 'test')).toBe('---(t|)', { t: true });
    });
    expect(suspended).toEqual(['test']);
  });

  it('emits nothing when the suspend stub wrongly completes without its undefined', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({
        domainLookupByName: () => cold('-d|', { d: domainRef('test') }),
        domainSuspend: () => cold('--|'),
      });
      expectObservable(suspendByName(conn, 'test')).toBe('---|');
    });
  });

  it('emits false for VIR_ERR_NO_DOMAIN and passes other errors on', () => {
    const denied = libvirtError('VIR_ERR_OPERATION_DENIED', 'access denied');
    scheduler.run(({ cold, expectObservable }) => {
      const missing = stubConnection({ domainLookupByName: () => cold('-#', undefined, notFound) });
      expectObservable(suspendByName(missing, 'missing')).toBe('-(f|)', { f: false });
      const readOnly = stubConnection({
        domainLookupByName: () => cold('-d|', { d: domainRef('test') }),
        domainSuspend: () => cold('-#', undefined, denied),
      });
      expectObservable(suspendByName(readOnly, 'test')).toBe('--#', undefined, denied);
    });
  });

  it('names the call it makes that the test did not stub', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({ domainLookupByName: () => cold('-d|', { d: domainRef('test') }) });
      expectObservable(suspendByName(conn, 'test')).toBe('-#', undefined, new UnstubbedError('domainSuspend', 'stubConnection: domainSuspend() was called but not stubbed; give it: stubConnection({ domainSuspend: () => cold(...) })'));
    });
  });
});

describe('suspendByName against the fake daemon', () => {
  it('suspends the domain, and answers false for a missing one', async () => {
    const daemon = new FakeDaemon();
    try {
      const conn = await firstValueFrom(daemon.connect());
      await expect(firstValueFrom(suspendByName(conn, 'test'))).resolves.toBe(true);
      const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
      await expect(firstValueFrom(dom.getState())).resolves.toMatchObject({ state: 3 });
      await expect(firstValueFrom(suspendByName(conn, 'missing'))).resolves.toBe(false);
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    } finally {
      daemon.close();
    }
  });
});

describe('watchState against the fake daemon', () => {
  it('sees the domain paused through a real connection', async () => {
    const daemon = new FakeDaemon();
    try {
      const conn = await firstValueFrom(daemon.connect());
      const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
      const states = await lastValueFrom(
        watchState(dom, 10).pipe(
          tap((state) => {
            if (state === 'VIR_DOMAIN_RUNNING') dom.suspend().subscribe();
          }),
          take(2),
          toArray(),
        ),
      );
      expect(states).toEqual(['VIR_DOMAIN_RUNNING', 'VIR_DOMAIN_PAUSED']);
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    } finally {
      daemon.close();
    }
  });
});

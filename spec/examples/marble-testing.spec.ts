// The spec of examples/marble-testing.ts: how to test your own code that uses rxvirt, in virtual
// time with stubbed calls, then against the in-process fake daemon.
import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { watchState } from '../../examples/marble-testing.js';
import type { Domain } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';

type DomainState = { state: number; reason: number; stateName: 'VIR_DOMAIN_RUNNING' | 'VIR_DOMAIN_PAUSED' };
const RUNNING: DomainState = { state: 1, reason: 1, stateName: 'VIR_DOMAIN_RUNNING' };
const PAUSED: DomainState = { state: 3, reason: 1, stateName: 'VIR_DOMAIN_PAUSED' };

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

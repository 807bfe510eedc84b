// A user's flow against the fake daemon in virtual time: with `scheduler: asyncScheduler`, the
// in-memory transport delivers on RxJS's scheduler, which TestScheduler.run makes virtual, so
// the handshake, the calls and the events all happen inside `run`, at the frames the user's own
// timers say; the connection's 30 s open timeout is virtual too and never comes near.
import { asyncScheduler, concat, concatMap, map, merge, of, take, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DEFAULT_OPEN_TIMEOUT_MS, openTimedOut } from '../../src/connection/connect.js';
import { FAKE_DRIVER_URI, FakeDaemon } from '../../src/testing/index.js';

describe('the fake daemon inside TestScheduler.run', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('connects, lists, suspends and hears the event, in virtual time', () => {
    const daemon = new FakeDaemon({ scheduler: asyncScheduler });
    scheduler.run(({ expectObservable }) => {
      const flow = daemon.connect().pipe(
        concatMap((conn) => {
          const lifecycle = conn.events.domain('lifecycle').pipe(
            take(1),
            map((event) => `${event.dom.name}: ${event.eventName}`),
          );
          const steps = concat(
            of('connected'),
            timer(10).pipe(
              concatMap(() => conn.connectListAllDomains({ need_results: 1, flags: 0 })),
              map(({ domains }) => domains.map((dom) => dom.name).join(',')),
            ),
            timer(10).pipe(
              concatMap(() => conn.objects.domainLookupByName({ name: 'test' })),
              concatMap((dom) => dom.suspend()),
              map(() => 'suspended'),
            ),
          );
          // When both are done, the user closes the connection.
          return concat(merge(lifecycle, steps), conn.close(), of('closed'));
        }),
      );
      // The event comes before the reply to the suspend, as libvirtd sends them.
      expectObservable(flow).toBe('c 9ms l 9ms (esx|)', {
        c: 'connected',
        l: 'test',
        e: 'test: VIR_DOMAIN_EVENT_SUSPENDED',
        s: 'suspended',
        x: 'closed',
      });
    });
    expect(daemon.domains.byName('test').state).toBe(3);
    expect(daemon.sessions).toEqual([]);
  });

  it('runs the fault hooks\' delays in virtual time as well', () => {
    const daemon = new FakeDaemon({ scheduler: asyncScheduler });
    scheduler.run(({ expectObservable }) => {
      daemon.faults.delayReplies(50);
      const flow = daemon.connect().pipe(concatMap((conn) => concat(conn.connectGetType(), conn.close(), of('closed'))));
      // Five replies (four of the handshake, then the call's), each held 50 virtual ms.
      expectObservable(flow).toBe('250ms (tx|)', { t: 'TEST', x: 'closed' });
    });
    daemon.close();
  });

  it('gives up on a daemon too slow to open in the virtual 30 s of the open timeout', () => {
    const daemon = new FakeDaemon({ scheduler: asyncScheduler });
    scheduler.run(({ expectObservable }) => {
      daemon.faults.delayReplies(40_000);
      const opened = daemon.connect().pipe(map(() => 'opened'));
      expectObservable(opened).toBe('30000ms #', undefined, openTimedOut(FAKE_DRIVER_URI, DEFAULT_OPEN_TIMEOUT_MS));
    });
    // The client gave up and hung up: the daemon dropped the connection and its delayed replies.
    expect(daemon.sessions).toEqual([]);
  });
});

// The registration signal against the real daemon: with `{ registered: true }`, an action taken
// once REGISTERED arrives never misses its event, whoever takes it and however the registrations
// come and go. Acts on a transient domain of its own on test:///default, so that other users of
// the shared test driver do not disturb the counts.
import { filter, firstValueFrom, lastValueFrom, map, merge, type Observable, Subject, takeUntil, timeout, timer, toArray } from 'rxjs';
import type { RemoteNonnullDomain } from '../../src/generated/remote/types.js';
import { connect, type Connection, ConnectionClosedError, REGISTERED } from '../../src/index.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { SocketProxy } from '../support/socket-proxy.js';
import { signal } from '../support/signal.js';

const TEST_URI = 'test+unix:///default';
const SUSPENDED = 'VIR_DOMAIN_EVENT_SUSPENDED';
const REMOTE = 0x20008086;
const CALL = 0;
const CONNECT_CLOSE = 2;
const CONNECT_GET_LIB_VERSION = 157;

/** An event stream subscribed now; resolves with the first event named `eventName`, or 'missed' after 2 s. */
function firstEventOf(events: Observable<{ eventName?: string } | typeof REGISTERED>, eventName: string, onRegistered: () => void): Promise<string> {
  return firstValueFrom(
    events.pipe(
      map((item) => {
        if (item === REGISTERED) onRegistered();
        return item;
      }),
      filter((item) => item !== REGISTERED && item.eventName === eventName),
      map(() => 'seen'),
      timeout({ first: 2_000, with: () => [ 'missed' ] }),
    ),
  );
}

describe('the registration signal on test+unix:///default', () => {
  let watcher: Connection;
  let actor: Connection;
  let dom: RemoteNonnullDomain;
  const name = `rxvirt-signal-${process.pid}`;
  const pause = (): Promise<unknown> => firstValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
  /**
   * Resumes once the watcher's registration changes are answered: libvirtd 9.0 loses the first
   * events of a connection's next registration when a deregistration races the dispatch of an event
   * to the callback it removes (python-libvirt meets it too), so the resume's event must not race
   * the deregistration of a subscriber that just left (see `ConnectionEvents.settled`).
   */
  const unpause = async (...settling: Connection[]): Promise<unknown> => {
    await Promise.all([watcher, ...settling].map((conn) => firstValueFrom(conn.events.settled())));
    return firstValueFrom(actor.domainResume({ dom }), { defaultValue: undefined });
  };

  beforeAll(async () => {
    actor = await firstValueFrom(connect(TEST_URI));
    watcher = await firstValueFrom(connect(TEST_URI));
    const xml = `<domain type='test'><name>${name}</name><memory>8192</memory><os><type>hvm</type></os></domain>`;
    dom = await firstValueFrom(actor.domainCreateXml({ xml_desc: xml, flags: 0 }));
  });
  afterAll(async () => {
    await firstValueFrom(actor.domainDestroy({ dom }), { defaultValue: undefined });
    await lastValueFrom(watcher.close(), { defaultValue: undefined });
    await lastValueFrom(actor.close(), { defaultValue: undefined });
  });

  it('1000 rounds of subscribe, suspend from another connection once REGISTERED: no event missed', async () => {
    let missed = 0;
    for (let round = 0; round < 1000; round++) {
      let acted: Promise<unknown> = Promise.resolve();
      const outcome = await firstEventOf(watcher.events.domain('lifecycle', { dom, registered: true }), SUSPENDED, () => (acted = pause()));
      await acted;
      if (outcome === 'missed') missed++;
      await unpause();
    }
    expect(missed).toBe(0);
  }, 120_000);

  it('a subscriber joining a live registration gets REGISTERED at once, and the next event, 500 times', async () => {
    const stop = new Subject<void>();
    const persistent = watcher.events.domain('lifecycle', { dom, registered: true });
    const live = firstValueFrom(persistent.pipe(filter((item) => item === REGISTERED)));
    persistent.pipe(takeUntil(stop)).subscribe();
    await live;
    let missed = 0;
    let lateSignal = 0;
    for (let round = 0; round < 500; round++) {
      let signalledAtOnce = false;
      let acted: Promise<unknown> = Promise.resolve();
      const outcome = firstEventOf(watcher.events.domain('lifecycle', { dom, registered: true }), SUSPENDED, () => {
        signalledAtOnce = true;
        acted = pause();
      });
      if (!signalledAtOnce) lateSignal++;
      if ((await outcome) === 'missed') missed++;
      await acted;
      await unpause();
    }
    stop.next();
    expect({ missed, lateSignal }).toEqual({ missed: 0, lateSignal: 0 });
  }, 60_000);

  it('unsubscribe then subscribe in the same tick, 500 times: the newcomer, once live, receives the next event', async () => {
    let current = watcher.events.domain('lifecycle', { dom, registered: true }).subscribe();
    let missed = 0;
    for (let round = 0; round < 500; round++) {
      let acted: Promise<unknown> = Promise.resolve();
      const next = new Subject<void>();
      const outcome = firstEventOf(watcher.events.domain('lifecycle', { dom, registered: true }).pipe(takeUntil(next)), SUSPENDED, () => (acted = pause()));
      // The same tick: the old subscriber leaves right after the newcomer's subscription.
      current.unsubscribe();
      current = watcher.events.domain('lifecycle', { dom }).subscribe();
      if ((await outcome) === 'missed') missed++;
      await acted;
      await unpause();
      next.next();
    }
    current.unsubscribe();
    expect(missed).toBe(0);
  }, 60_000);

  it('the last subscriber leaves and a new one arrives in the same tick, 500 times: live at once, next event received', async () => {
    let missed = 0;
    let keepers = 0;
    for (let round = 0; round < 500; round++) {
      const old = watcher.events.domain('lifecycle', { dom }).subscribe();
      await firstValueFrom(watcher.events.domain('lifecycle', { dom, registered: true }).pipe(filter((item) => item === REGISTERED)));
      let acted: Promise<unknown> = Promise.resolve();
      let atOnce = false;
      old.unsubscribe();
      const outcome = firstEventOf(watcher.events.domain('lifecycle', { dom, registered: true }), SUSPENDED, () => {
        atOnce = true;
        acted = pause();
      });
      if (atOnce) keepers++;
      if ((await outcome) === 'missed') missed++;
      await acted;
      await unpause();
    }
    expect({ missed, keepers }).toEqual({ missed: 0, keepers: 500 });
  }, 60_000);

  it('leaves no callback on the daemon when subscribers leave while their register calls are in flight', async () => {
    const conn = await firstValueFrom(connect(TEST_URI));
    try {
      for (let i = 0; i < 50; i++) {
        // Subscribed and left at once: the register call is sent, its reply comes later.
        conn.events.domain('lifecycle', { dom }).subscribe().unsubscribe();
        conn.events.domain('reboot').subscribe().unsubscribe();
        // The end of the turn: the registrations are dropped (with their calls still in flight).
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Every orphaned callback would send the next event under its own ID, counted as dropped.
      let acted: Promise<unknown> = Promise.resolve();
      expect(await firstEventOf(conn.events.domain('lifecycle', { dom, registered: true }), SUSPENDED, () => (acted = pause()))).toBe('seen');
      await acted;
      // Once every registration change of `conn` is answered, no callback of it is left to send the resume.
      await unpause(conn);
      await firstValueFrom(timer(100));
      expect(conn.events.droppedEvents).toBe(0);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('a registration whose key is still being withdrawn (its register call in flight) waits for it, then goes live', async () => {
    const conn = await firstValueFrom(connect(TEST_URI));
    try {
      for (let i = 0; i < 20; i++) {
        conn.events.domain('lifecycle', { dom }).subscribe().unsubscribe();
        // The end of the turn drops that registration while its register call is still in flight:
        // its callback is deregistered once the reply names it. Registering the same key before
        // then, libvirtd would answer "event callback already tracked".
        await new Promise((resolve) => setImmediate(resolve));
        const registered = conn.events.domain('lifecycle', { dom, registered: true }).pipe(
          filter((item) => item === REGISTERED),
          map(() => 'live'),
          timeout(5_000),
        );
        await expect(firstValueFrom(registered)).resolves.toBe('live');
      }
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('100 connections subscribe at once, then one suspend: every one of them sees it, 3 times over', async () => {
    const fleet = await Promise.all(Array.from({ length: 100 }, () => firstValueFrom(connect(TEST_URI))));
    try {
      for (let round = 0; round < 3; round++) {
        const live: Array<Promise<unknown>> = [];
        const seen = fleet.map((conn) => {
          const registered = signal();
          live.push(registered.fired);
          return firstEventOf(conn.events.domain('lifecycle', { dom, registered: true }), SUSPENDED, registered.fire);
        });
        await Promise.all(live);
        await pause();
        const outcomes = await Promise.all(seen);
        expect(outcomes.filter((outcome) => outcome === 'seen')).toHaveLength(100);
        await unpause(...fleet);
      }
    } finally {
      await Promise.all(fleet.map((conn) => lastValueFrom(conn.close(), { defaultValue: undefined })));
    }
  }, 60_000);

  it('30 deliberate closes under load: every event stream completes, state$ ends with no cause, later calls fail at once', async () => {
    for (let round = 0; round < 30; round++) {
      const conn = await firstValueFrom(connect(TEST_URI));
      const ends = Promise.all([
        lastValueFrom(conn.events.domain('lifecycle').pipe(toArray())),
        lastValueFrom(conn.events.domain('lifecycle', { dom, registered: true }).pipe(toArray())),
        lastValueFrom(conn.events.domain('reboot').pipe(toArray())),
        lastValueFrom(conn.state$.pipe(toArray())),
      ]);
      // 50 chains of calls, each starting its next call when the last one answers, until the close.
      const chains = Array.from({ length: 50 }, async () => {
        for (;;) {
          try {
            await firstValueFrom(conn.connectGetLibVersion());
          } catch (err) {
            return err;
          }
        }
      });
      const driving = (async () => {
        for (let i = 0; i < 3; i++) {
          await pause();
          await unpause();
        }
      })();
      await firstValueFrom(timer(5 + (round % 10)));
      await lastValueFrom(conn.close(), { defaultValue: undefined });
      const afterClose = await firstValueFrom(conn.connectGetLibVersion()).catch((err: unknown) => err);
      const [, , , states] = await ends;
      expect(states.at(-1)).toEqual({ status: 'closed', cause: undefined });
      const failures = await Promise.all(chains);
      for (const failure of failures) expect(failure).toBeInstanceOf(ConnectionClosedError);
      expect(afterClose).toBeInstanceOf(ConnectionClosedError);
      await driving;
    }
  }, 60_000);

  it('close() sends CONNECT_CLOSE only once an event registration in flight is answered (libvirtd 9.0 can crash otherwise)', async () => {
    const proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    const conn = await firstValueFrom(connect(`${TEST_URI}?socket=${proxy.path}`));
    const sentCloses = (): number => SocketProxy.countFrames(proxy.fromClient, (prog, proc, type) => prog === REMOTE && proc === CONNECT_CLOSE && type === CALL);
    try {
      // The register call reaches the daemon; its reply waits in the proxy.
      proxy.hold();
      const events = lastValueFrom(conn.events.domain('lifecycle', { dom, registered: true }).pipe(toArray()));
      await firstValueFrom(timer(50));
      const closed = lastValueFrom(conn.close(), { defaultValue: 'closed' });
      const refused = await firstValueFrom(conn.connectGetLibVersion()).catch((err: unknown) => err);
      await firstValueFrom(timer(100));
      const whileRegistering = sentCloses();
      proxy.release();
      expect(await closed).toBe('closed');
      expect([whileRegistering, sentCloses()]).toEqual([0, 1]);
      expect(refused).toBeInstanceOf(ConnectionClosedError);
      // The registration was confirmed before the close, and its stream completes with the connection.
      expect(await events).toEqual([REGISTERED]);
      expect(await firstValueFrom(conn.end$)).toEqual({ cause: undefined });
    } finally {
      proxy.release();
      await proxy.close();
    }
  });

  it('a call made after close() was asked fails at once, and nothing but the close call is sent', async () => {
    const proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    const conn = await firstValueFrom(connect(`${TEST_URI}?socket=${proxy.path}`));
    const closing = lastValueFrom(conn.close(), { defaultValue: undefined });
    const refused = await firstValueFrom(conn.connectGetLibVersion()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConnectionClosedError);
    expect((refused as Error).message).toBe('connection closing');
    // A second close waits for the first rather than cutting it short.
    await Promise.all([closing, lastValueFrom(merge(conn.close(), conn.close()), { defaultValue: undefined })]);
    expect(await firstValueFrom(conn.end$)).toEqual({ cause: undefined });
    const remoteCalls = (proc: number): number => SocketProxy.countFrames(proxy.fromClient, (prog, p, type) => prog === REMOTE && p === proc && type === CALL);
    expect([remoteCalls(CONNECT_CLOSE), remoteCalls(CONNECT_GET_LIB_VERSION)]).toEqual([1, 0]);
    await proxy.close();
  });
});

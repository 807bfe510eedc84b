// Events from the real daemon: lifecycle, network and pool events caused from a second connection,
// shared registrations counted on the wire, and the end of the connection.
import { concatMap, defer, filter, firstValueFrom, lastValueFrom, range, share } from 'rxjs';
import { connect, type Connection, ConnectionClosedError, LibvirtError, REGISTERED, TransportError } from '../../src/index.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { SocketProxy } from '../support/socket-proxy.js';
import { watchEvents } from '../support/watch-events.js';

const TEST_URI = 'test+unix:///default';
const REMOTE = 0x20008086;
const CALL = 0;
const ROUNDS = 1000;

/** CALL frames of REMOTE procedure `proc` the watcher sent. */
function callsOf(proxy: SocketProxy, proc: number): number {
  return SocketProxy.countFrames(proxy.fromClient, (prog, p, type) => prog === REMOTE && p === proc && type === CALL);
}

/** Lets frames in flight arrive (the deregister call is fire-and-forget). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

describe('events on test+unix:///default', () => {
  // The test driver's state lives while a connection stays open: `actor` holds it for the file.
  // `watcher` subscribes through a proxy that counts its register and deregister calls.
  let proxy: SocketProxy;
  let watcher: Connection;
  let actor: Connection;
  beforeAll(async () => {
    actor = await firstValueFrom(connect(TEST_URI));
    proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    watcher = await firstValueFrom(connect(`${TEST_URI}?socket=${proxy.path}`));
  });
  afterAll(async () => {
    await lastValueFrom(actor.close(), { defaultValue: undefined });
    await proxy.close();
  });

  it(`delivers every lifecycle event of ${ROUNDS} suspend/resume rounds, in order, to two subscribers of one registration`, async () => {
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    const lifecycle = watcher.events.domain('lifecycle', { dom, registered: true });
    const { live, events: first } = watchEvents(lifecycle, 2 * ROUNDS, 15_000);
    const { live: secondLive, events: second } = watchEvents(lifecycle, 2 * ROUNDS, 15_000);
    await Promise.all([live, secondLive]);
    expect(watcher.events.liveRegistrations).toHaveLength(1);

    await lastValueFrom(
      range(0, ROUNDS).pipe(concatMap(() => defer(async () => {
        await firstValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
        await firstValueFrom(actor.domainResume({ dom }), { defaultValue: undefined });
      }))),
      { defaultValue: undefined },
    );
    const [events, copy] = await Promise.all([first, second]);

    expect(events).toHaveLength(2 * ROUNDS);
    events.forEach((event, i) => {
      expect(event.dom.name).toBe('test');
      if (i % 2 === 0) expect([event.eventName, event.detailName]).toEqual(['VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED']);
      else expect([event.eventName, event.detailName]).toEqual(['VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED']);
    });
    expect(copy).toEqual(events);
    expect(watcher.events.droppedEvents).toBe(0);
    // One registration for both subscribers; both took their events, so it is gone.
    await settle();
    expect(callsOf(proxy, 316)).toBe(1);
    expect(callsOf(proxy, 317)).toBe(1);
    expect(watcher.events.liveRegistrations).toEqual([]);
  }, 20_000);

  it('registers afresh after the last unsubscribe: the daemon kept no stale callback', async () => {
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    const { live, events: next } = watchEvents(watcher.events.domain('lifecycle', { registered: true }), 2);
    await live;
    await firstValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
    await firstValueFrom(actor.domainResume({ dom }), { defaultValue: undefined });
    expect((await next).map((event) => event.eventName)).toEqual(['VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_RESUMED']);
    await settle();
    expect(callsOf(proxy, 316)).toBe(2);
    expect(callsOf(proxy, 317)).toBe(2);
    // A callback the daemon had kept would have sent events under its old ID, counted as dropped.
    expect(watcher.events.droppedEvents).toBe(0);
  });

  it('delivers network lifecycle events (destroy and start the default network)', async () => {
    const net = await firstValueFrom(actor.networkLookupByName({ name: 'default' }));
    const { live, events } = watchEvents(watcher.events.network('lifecycle', { net, registered: true }), 2);
    await live;
    await firstValueFrom(actor.networkDestroy({ net }), { defaultValue: undefined });
    await firstValueFrom(actor.networkCreate({ net }), { defaultValue: undefined });
    expect((await events).map((event) => [event.net.name, event.eventName])).toEqual([
      ['default', 'VIR_NETWORK_EVENT_STOPPED'],
      ['default', 'VIR_NETWORK_EVENT_STARTED'],
    ]);
  });

  it('delivers storage pool refresh events', async () => {
    const pool = await firstValueFrom(actor.storagePoolLookupByName({ name: 'default-pool' }));
    const { live, events: refreshed } = watchEvents(watcher.events.storagePool('refresh', { registered: true }), 1);
    await live;
    await firstValueFrom(actor.storagePoolRefresh({ pool, flags: 0 }), { defaultValue: undefined });
    await expect(refreshed).resolves.toEqual([{ pool }]);
  });

  it('gives the daemon\'s LibvirtError for an event ID newer than the daemon (nic-mac-change on 9.0)', async () => {
    const error = await firstValueFrom(watcher.events.domain('nic-mac-change')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).message).toMatch(/event ID 27/);
    expect(watcher.events.liveRegistrations).toEqual([]);
  });

  it('sends QEMU monitor registrations on the QEMU program: the test driver refuses them', async () => {
    const error = await firstValueFrom(watcher.events.qemuMonitor({ event: 'STOP' })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).procedure).toBe('QEMU_PROC_CONNECT_DOMAIN_MONITOR_EVENT_REGISTER');
  });

  it('registers and deregisters the connection-close callback', async () => {
    const before = [callsOf(proxy, 360), callsOf(proxy, 361)];
    const live = new Promise<void>((resolve) => {
      const subscription = watcher.events.connectionClose({ registered: true }).subscribe(() => {
        subscription.unsubscribe();
        resolve();
      });
    });
    await live;
    await settle();
    expect([callsOf(proxy, 360), callsOf(proxy, 361)]).toEqual([before[0] + 1, before[1] + 1]);
    expect(watcher.closed).toBe(false);
  });

  it('completes the streams of a connection closed on purpose, errors those of a connection that dies', async () => {
    const closing = await firstValueFrom(connect(TEST_URI));
    const lifecycle = closing.events.domain('lifecycle', { registered: true }).pipe(share());
    const completed = lastValueFrom(lifecycle.pipe(filter((item) => item !== REGISTERED)), { defaultValue: 'completed' });
    await firstValueFrom(lifecycle);
    await lastValueFrom(closing.close(), { defaultValue: undefined });
    await expect(completed).resolves.toBe('completed');

    const dying = watcher.events.domain('reboot', { registered: true }).pipe(share());
    const failed = lastValueFrom(dying).catch((err: unknown) => err);
    await firstValueFrom(dying);
    proxy.cut();
    const error = await failed;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as ConnectionClosedError).cause).toBeInstanceOf(TransportError);
  });
});

// The client's keepalive against the real daemon, with a proxy that can silence it.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, ConnectionClosedError, KeepaliveTimeoutError } from '../../src/index.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { SocketProxy } from '../support/socket-proxy.js';

const KEEPALIVE = 0x6b656570;
const isPing = (prog: number, proc: number, type: number): boolean => prog === KEEPALIVE && proc === 1 && type === 2;

describe('client keepalive', () => {
  let proxy: SocketProxy;
  beforeEach(async () => {
    proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
  });
  afterEach(() => proxy.close());

  it('declares a silent daemon dead after interval × (count + 1) s; pending calls and state$ say why', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`, { keepalive: { interval: 1, count: 2 } }));
    const states = lastValueFrom(conn.state$.pipe(toArray()));
    proxy.hold();
    const silencedAt = Date.now();
    const pending = firstValueFrom(conn.connectGetLibVersion()).catch((err: unknown) => err);
    const error = await pending;
    const elapsed = (Date.now() - silencedAt) / 1000;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).cause).toBeInstanceOf(KeepaliveTimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(2.5);
    expect(elapsed).toBeLessThan(1 * (2 + 1) + 1);
    // The client pinged while the daemon was silent.
    expect(SocketProxy.countFrames(proxy.fromClient, isPing)).toBeGreaterThanOrEqual(2);
    const seen = await states;
    expect(seen.map((state) => state.status)).toEqual(['open', 'closed']);
    expect(seen[1]).toMatchObject({ cause: expect.any(KeepaliveTimeoutError) });
  });

  it('stays open while the daemon answers, and is off with interval 0', async () => {
    const pinging = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`, { keepalive: { interval: 0.5, count: 1 } }));
    const silent = await firstValueFrom(connect('test+unix:///default', { keepalive: { interval: 0 } }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(pinging.closed).toBe(false);
    expect(SocketProxy.countFrames(proxy.fromClient, isPing)).toBeGreaterThanOrEqual(3);
    await expect(firstValueFrom(pinging.connectNumOfDomains())).resolves.toBe(1);
    const states = lastValueFrom(pinging.state$.pipe(toArray()));
    await lastValueFrom(pinging.close(), { defaultValue: undefined });
    expect((await states).map((state) => state.status)).toEqual(['open', 'closing', 'closed']);
    expect(silent.closed).toBe(false);
    await lastValueFrom(silent.close(), { defaultValue: undefined });
  });

  it('refuses nonsensical settings', async () => {
    await expect(firstValueFrom(connect('test+unix:///default', { keepalive: { interval: -1 } }))).rejects.toThrow(RangeError);
    await expect(firstValueFrom(connect('test+unix:///default', { keepalive: { count: 1.5 } }))).rejects.toThrow(RangeError);
  });
});

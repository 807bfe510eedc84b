// Opening, closing and losing connections against the real daemon (through a cuttable proxy).
import { execFileSync } from 'node:child_process';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, ConnectionClosedError, TransportError } from '../../src/index.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { SocketProxy } from '../support/socket-proxy.js';

const KEEPALIVE = 0x6b656570;

describe('connection lifecycle', () => {
  let proxy: SocketProxy;
  beforeEach(async () => {
    proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
  });
  afterEach(() => proxy.close());

  it('closes with CONNECT_CLOSE; later calls fail with ConnectionClosedError', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`));
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    expect(conn.closed).toBe(true);
    // CONNECT_CLOSE (REMOTE procedure 2) went over the wire.
    expect(SocketProxy.countFrames(proxy.fromClient, (prog, proc, type) => prog === 0x20008086 && proc === 2 && type === 0)).toBe(1);
    await expect(firstValueFrom(conn.connectGetLibVersion())).rejects.toBeInstanceOf(ConnectionClosedError);
    const end = await firstValueFrom(conn.end$);
    expect(end.cause).toBeUndefined();
  });

  it('errors every pending call at once when the daemon goes away', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`));
    proxy.hold();
    const pending = [firstValueFrom(conn.connectGetLibVersion()), firstValueFrom(conn.connectNumOfDomains())];
    const settled = Promise.allSettled(pending);
    await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.cut();
    const results = await settled;
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionClosedError);
    }
    const end = await firstValueFrom(conn.end$);
    expect(end.cause).toBeInstanceOf(TransportError);
  });

  it('answers the daemon\'s PINGs, so an idle connection stays open for 60 s', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`));
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    expect(conn.closed).toBe(false);
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
    const pings = SocketProxy.countFrames(proxy.fromDaemon, (prog, proc, type) => prog === KEEPALIVE && proc === 1 && type === 2);
    const pongs = SocketProxy.countFrames(proxy.fromClient, (prog, proc, type) => prog === KEEPALIVE && proc === 2 && type === 2);
    expect(pings).toBeGreaterThanOrEqual(5);
    expect(pongs).toBe(pings);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }, 75_000);

  it('defaults to $LIBVIRT_DEFAULT_URI, and without it asks the daemon, like virsh uri', async () => {
    const saved = process.env.LIBVIRT_DEFAULT_URI;
    try {
      process.env.LIBVIRT_DEFAULT_URI = 'test+unix:///default';
      const fromEnv = await firstValueFrom(connect());
      expect(fromEnv.uri).toBe('test+unix:///default');
      await expect(firstValueFrom(fromEnv.connectGetType())).resolves.toBe('TEST');
      await lastValueFrom(fromEnv.close(), { defaultValue: undefined });

      delete process.env.LIBVIRT_DEFAULT_URI;
      const probed = await firstValueFrom(connect());
      expect(probed.uri).toBe(execFileSync('virsh', ['uri'], { encoding: 'utf8', env: { ...process.env } }).trim());
      await lastValueFrom(probed.close(), { defaultValue: undefined });
    } finally {
      if (saved === undefined) delete process.env.LIBVIRT_DEFAULT_URI;
      else process.env.LIBVIRT_DEFAULT_URI = saved;
    }
  });

  it('reports a missing socket as a TransportError naming it', async () => {
    const error = await firstValueFrom(connect('test+unix:///default?socket=/nonexistent/libvirt-sock')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ENOENT', target: 'unix:/nonexistent/libvirt-sock' });
  });

  it('times out a handshake the peer never answers', async () => {
    proxy.hold();
    const error = await firstValueFrom(connect(`test+unix:///default?socket=${proxy.path}`, { timeoutMs: 500 })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('opens read-only connections on the -ro socket', async () => {
    const conn = await firstValueFrom(connect('test+unix:///default', { readOnly: true }));
    expect(conn.readOnly).toBe(true);
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    await expect(firstValueFrom(conn.domainSuspend({ dom }))).rejects.toMatchObject({ codeName: 'VIR_ERR_OPERATION_DENIED' });
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });
});

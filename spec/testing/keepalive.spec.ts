// Keepalive between the fake daemon and clients: PONGs for PINGs, the daemon's own PINGs, and the
// daemon dropping a client that never answers them.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { encodeKeepalivePing } from '../../src/protocol/frame-encoder.js';
import { KeepaliveProcedure, Program } from '../../src/protocol/message-header.js';
import { remote_procedure as P } from '../../src/generated/remote/constants.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { rawClient } from './support/raw-client.js';

const isKeepalive = (proc: number) => (frame: { header: { prog: number; proc: number } }): boolean =>
  frame.header.prog === Program.KEEPALIVE && frame.header.proc === proc;

describe('keepalive on the fake daemon', () => {
  let daemon: FakeDaemon;
  beforeEach(() => {
    daemon = new FakeDaemon({ keepalive: { interval: 0.02, count: 2 } });
  });
  afterEach(() => daemon.close());

  it('answers a PING with a PONG (serial 0, 28 bytes)', async () => {
    const raw = rawClient(daemon);
    raw.transport.write(encodeKeepalivePing());
    const pong = await raw.next(isKeepalive(KeepaliveProcedure.PONG));
    expect(pong.header).toEqual({ prog: Program.KEEPALIVE, vers: 1, proc: KeepaliveProcedure.PONG, type: 2, serial: 0, status: 0 });
    expect(pong.payload).toHaveLength(0);
  });

  it('pings a client that asked for feature 10, and drops it when it never answers', async () => {
    const raw = rawClient(daemon);
    raw.call(P.REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, { feature: 10 }, 0);
    await raw.next(isKeepalive(KeepaliveProcedure.PING));
    const started = performance.now();
    await raw.closed;
    // interval × (count + 1) = 60 ms after the last frame from the client.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(daemon.sessions).toHaveLength(0);
  });

  it('never pings a client that did not ask for feature 10', async () => {
    const raw = rawClient(daemon);
    raw.call(P.REMOTE_PROC_AUTH_LIST, undefined, 0);
    await raw.next((frame) => frame.header.serial === 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(daemon.sessions).toHaveLength(1);
  });

  it('keeps a real client that answers its PINGs, even with the client keepalive off', async () => {
    const conn = await firstValueFrom(daemon.connect(undefined, { keepalive: { interval: 0 } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(conn.closed).toBe(false);
    await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });
});

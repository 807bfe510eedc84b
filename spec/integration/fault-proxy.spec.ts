// Faults between the client and the real daemon, through a cuttable proxy: the typed error, the
// connection closed when the frames can no longer be trusted, no socket listener or handle left
// behind, and a direct connection to the same daemon unaffected.
import { createConnection } from 'node:net';
import { firstValueFrom, lastValueFrom, map, type Observable, of, take, toArray } from 'rxjs';
import { openConnection } from '../../src/connection/connect.js';
import { remote_procedure } from '../../src/generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { connect, ConnectionClosedError, type Connection, encodeFrame, encodeStreamData, MessageStatus, MessageType, Program, ProtocolError, TransportError } from '../../src/index.js';
import { SocketTransport } from '../../src/transport/node/socket-transport.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { ResourceTracker } from '../support/leaks.js';
import { SocketProxy } from '../support/socket-proxy.js';

const URI = 'test+unix:///default';
const failure = (call: Observable<unknown>): Promise<unknown> => lastValueFrom(call).catch((err: unknown) => err);
const endCause = async (conn: Connection): Promise<unknown> => (await firstValueFrom(conn.end$)).cause;
const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await settle(5);
  }
}

function reply(serial: number, proc: number): Uint8Array {
  return encodeFrame({ prog: Program.REMOTE, vers: 1, proc, type: MessageType.REPLY, serial, status: MessageStatus.OK }, (w) => w.writeHyper(9_000_000n));
}

describe('faults between the client and libvirtd', () => {
  let proxy: SocketProxy;
  let bystander: Connection;
  /** Client sockets opened through the proxy, to count their listeners afterwards. */
  let sockets: ReturnType<typeof createConnection>[];

  beforeAll(async () => {
    bystander = await firstValueFrom(connect(URI));
  });
  afterAll(async () => {
    await lastValueFrom(bystander.close(), { defaultValue: undefined });
  });
  beforeEach(async () => {
    proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    sockets = [];
  });
  afterEach(async () => {
    await proxy.close();
  });

  /** A connection through the proxy on a socket this test holds. */
  function openThroughProxy(): Observable<Connection> {
    return openConnection(URI, {}, () => {
      const socket = createConnection(proxy.path);
      sockets.push(socket);
      return of(new SocketTransport(socket, `unix:${proxy.path}`));
    });
  }

  /** Runs `body`, then checks the bystander, the client sockets' listeners and the process's handles. */
  async function scene(body: () => Promise<Connection | undefined>): Promise<void> {
    const tracker = new ResourceTracker().start();
    const conn = await body();
    await expect(firstValueFrom(bystander.connectNumOfDomains())).resolves.toBe(1);
    if (conn && !conn.closed) await lastValueFrom(conn.close(), { defaultValue: undefined });
    proxy.cut();
    await until(() => sockets.every((socket) => socket.destroyed));
    for (const socket of sockets) {
      expect(socket.listenerCount('data')).toBe(0);
      expect(socket.listenerCount('drain')).toBeLessThanOrEqual(1);
    }
    const leaked = await tracker.leaked();
    tracker.stop();
    expect(leaked).toEqual({});
  }

  it('the daemon goes mid-call: ConnectionClosedError caused by a TransportError', () =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      proxy.hold();
      const sentBefore = proxy.fromClient.length;
      const call = failure(conn.connectGetLibVersion());
      await until(() => proxy.fromClient.length > sentBefore);
      proxy.cut();
      const error = await call;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as ConnectionClosedError).cause).toBeInstanceOf(TransportError);
      return conn;
    }));

  it('the daemon goes mid-stream: the screenshot fails with a ConnectionClosedError', () =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
      const received: string[] = [];
      const error = await failure(
        conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(
          map((item) => {
            received.push(Object.keys(item)[0]);
            if (received.length === 1) proxy.cut();
            return item;
          }),
        ),
      );
      expect(received[0]).toBe('reply');
      expect(error).toBeInstanceOf(ConnectionClosedError);
      return conn;
    }));

  it('the daemon goes mid-handshake: opening fails with a TransportError', () =>
    scene(async () => {
      proxy.hold();
      const opening = firstValueFrom(openThroughProxy()).catch((err: unknown) => err);
      await until(() => proxy.fromDaemon.length > 0);
      proxy.cut();
      expect(await opening).toBeInstanceOf(TransportError);
      return undefined;
    }));

  it('garbage after a valid reply: the call gets its reply, then the connection closes with a ProtocolError', () =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      proxy.hold();
      const heldBefore = proxy.fromDaemon.length;
      const call = firstValueFrom(conn.connectGetLibVersion());
      await until(() => proxy.fromDaemon.length > heldBefore);
      await settle();
      proxy.release();
      proxy.inject(new TextEncoder().encode('garbage after a valid frame'));
      await expect(call).resolves.toBe(9_000_000n);
      expect(await endCause(conn)).toBeInstanceOf(ProtocolError);
      return conn;
    }));

  it.each([0, 27, 0xffff_ffff])('a length word of %i closes the connection with a ProtocolError', (length) =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      const frame = reply(1, remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION);
      new DataView(frame.buffer, frame.byteOffset).setUint32(0, length);
      proxy.inject(frame);
      expect(await endCause(conn)).toMatchObject({ reason: 'bad-length', length });
      await expect(failure(conn.connectGetLibVersion())).resolves.toBeInstanceOf(ConnectionClosedError);
      return conn;
    }));

  it('a reply with an unknown serial, a duplicate and a wrong procedure: ignored or that call fails, the connection goes on', () =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      proxy.inject(reply(0xffff_fff0, remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION));
      await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
      // The daemon's last reply again: its serial is answered already.
      const last = proxy.fromDaemon[proxy.fromDaemon.length - 1];
      proxy.inject(last);
      await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
      // A reply naming another procedure for the next call's serial, before the daemon answers.
      proxy.hold();
      const sentBefore = proxy.fromClient.length;
      const call = failure(conn.connectGetLibVersion());
      await until(() => proxy.fromClient.length > sentBefore);
      const sent = proxy.fromClient[proxy.fromClient.length - 1];
      proxy.inject(reply(sent.readUInt32BE(20), remote_procedure.REMOTE_PROC_CONNECT_GET_TYPE));
      expect(await call).toMatchObject({ reason: 'unexpected-frame' });
      proxy.release();
      await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
      expect(conn.closed).toBe(false);
      return conn;
    }));

  it('stream data for a stream that ended, and an event for an unknown callback ID, are dropped', () =>
    scene(async () => {
      const conn = await firstValueFrom(openThroughProxy());
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
      await lastValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(toArray()));
      const screenshotCall = proxy.fromClient.find((chunk) => chunk.length >= 28 && chunk.readInt32BE(12) === remote_procedure.REMOTE_PROC_DOMAIN_SCREENSHOT);
      if (!screenshotCall) throw new Error('no screenshot call seen');
      proxy.inject(encodeStreamData({ prog: Program.REMOTE, vers: 1, proc: remote_procedure.REMOTE_PROC_DOMAIN_SCREENSHOT, serial: screenshotCall.readUInt32BE(20) }, new Uint8Array(64)));
      const encode = REMOTE_PROGRAM_INFO.procedures.get(remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE)?.encodeMessage;
      if (!encode) throw new Error('no lifecycle encoder');
      proxy.inject(
        encodeFrame(
          { prog: Program.REMOTE, vers: 1, proc: remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, type: MessageType.MESSAGE, serial: 1, status: MessageStatus.OK },
          (w) => encode(w, { callbackID: 9_999, msg: { dom, event: 0, detail: 0 } }),
        ),
      );
      await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
      expect(conn.events.droppedEvents).toBe(1);
      // A real registration still gets its events afterwards.
      const next = firstValueFrom(conn.events.domain('lifecycle', { dom }).pipe(take(1)));
      await settle(50);
      await firstValueFrom(conn.domainSuspend({ dom }));
      await expect(next).resolves.toMatchObject({ eventName: 'VIR_DOMAIN_EVENT_SUSPENDED' });
      await firstValueFrom(conn.domainResume({ dom }));
      return conn;
    }));
});

// Every fault the fake daemon can inject, with the checks spec/testing/faults.spec.ts leaves out:
// once the faulted connection is over, no timer, handle or transport listener is left behind, and
// a connection that shares nothing but the process with it keeps working.
import { defer, firstValueFrom, lastValueFrom, map, type Observable, of, toArray } from 'rxjs';
import { openConnection } from '../../src/connection/connect.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { remote_procedure } from '../../src/generated/remote/constants.js';
import { ConnectionClosedError, type Connection, encodeFrame, encodeKeepalivePing, MessageStatus, MessageType, Program, ProtocolError, TransportError, XdrError } from '../../src/index.js';
import { createTransportPair, FAKE_DRIVER_URI, FakeDaemon } from '../../src/testing/index.js';
import { ListenerCountingTransport, ResourceTracker } from '../support/leaks.js';

const failure = (call: Observable<unknown>): Promise<unknown> => lastValueFrom(call).catch((err: unknown) => err);
const endCause = async (conn: Connection): Promise<unknown> => (await firstValueFrom(conn.end$)).cause;
const settle = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Scene {
  readonly daemon: FakeDaemon;
  readonly conn: Connection;
  readonly transport: ListenerCountingTransport;
}

/** A connection whose transport counts its listeners; client and daemon keepalive both on. */
async function openCounted(daemon: FakeDaemon): Promise<{ conn: Connection; transport: ListenerCountingTransport }> {
  let transport: ListenerCountingTransport | undefined;
  const conn = await firstValueFrom(
    openConnection(FAKE_DRIVER_URI, {}, () =>
      defer(() => {
        const pair = createTransportPair();
        daemon.accept(pair.server);
        transport = new ListenerCountingTransport(pair.client);
        return of(transport);
      }),
    ),
  );
  if (transport === undefined) throw new Error('no transport');
  return { conn, transport };
}

/**
 * Runs `body` against a fresh daemon and connection, next to a bystander connection to another
 * daemon; then checks the bystander still answers and, with everything closed, that the process
 * holds no more timers or handles than before and the transport no listener.
 */
async function scene(body: (scene: Scene) => Promise<void>): Promise<void> {
  const tracker = new ResourceTracker().start();
  const bystanderDaemon = new FakeDaemon();
  const bystander = await firstValueFrom(bystanderDaemon.connect());
  const daemon = new FakeDaemon();
  const { conn, transport } = await openCounted(daemon);
  try {
    await body({ daemon, conn, transport });
    await expect(firstValueFrom(bystander.connectGetType())).resolves.toBe('TEST');
  } finally {
    if (!conn.closed) await lastValueFrom(conn.close(), { defaultValue: undefined });
    daemon.close();
    await lastValueFrom(bystander.close(), { defaultValue: undefined });
    bystanderDaemon.close();
  }
  expect(transport.listeners).toBe(0);
  const leaked = await tracker.leaked();
  tracker.stop();
  expect(leaked).toEqual({});
}

/** A DOMAIN_EVENT_CALLBACK_LIFECYCLE frame for `callbackID` (the fake daemon numbers registrations from 1). */
function lifecycleFrame(callbackID: number, dom: { name: string; uuid: Uint8Array; id: number }): Uint8Array {
  const encode = REMOTE_PROGRAM_INFO.procedures.get(remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE)?.encodeMessage;
  if (!encode) throw new Error('no lifecycle encoder');
  return encodeFrame(
    { prog: Program.REMOTE, vers: 1, proc: remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, type: MessageType.MESSAGE, serial: 1, status: MessageStatus.OK },
    (writer) => encode(writer, { callbackID, msg: { dom, event: 3, detail: 0 } }),
  );
}

describe('faults leave nothing behind', () => {
  it('the tracker sees a timer that lives on, and not one cleared', async () => {
    const tracker = new ResourceTracker().start();
    const timer = setTimeout(() => undefined, 1_000);
    expect(await tracker.leaked()).toEqual({ Timeout: 1 });
    clearTimeout(timer);
    expect(await tracker.leaked()).toEqual({});
    tracker.stop();
  });

  describe('the peer closes', () => {
    it('mid-call: the call fails with a ConnectionClosedError caused by a TransportError', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.delayReplies(1_000);
        const call = failure(conn.connectGetLibVersion());
        await settle();
        daemon.faults.dropConnection();
        const error = await call;
        expect(error).toBeInstanceOf(ConnectionClosedError);
        expect((error as ConnectionClosedError).cause).toBeInstanceOf(TransportError);
      }));

    it('mid-stream: the download fails with a ConnectionClosedError', () =>
      scene(async ({ daemon, conn }) => {
        const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
        const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'sparse.img' }));
        daemon.faults.dropAfterFrames(3, 'stream');
        const error = await failure(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }));
        expect(error).toBeInstanceOf(ConnectionClosedError);
      }));

    it.each([1, 2, 3, 4])('mid-handshake, after %i daemon frames: opening fails with a TransportError', async (frames) => {
      const tracker = new ResourceTracker().start();
      const daemon = new FakeDaemon();
      daemon.faults.dropAfterFrames(frames);
      let transport: ListenerCountingTransport | undefined;
      const error = await firstValueFrom(
        openConnection(FAKE_DRIVER_URI, {}, () =>
          defer(() => {
            const pair = createTransportPair();
            daemon.accept(pair.server);
            transport = new ListenerCountingTransport(pair.client);
            return of(transport);
          }),
        ),
      ).catch((err: unknown) => err);
      daemon.close();
      expect(error).toBeInstanceOf(TransportError);
      expect(transport?.listeners).toBe(0);
      expect(await tracker.leaked()).toEqual({});
      tracker.stop();
    });
  });

  describe('broken framing closes the connection with a ProtocolError', () => {
    it('garbage after a valid frame: the frame is delivered, then the connection closes', () =>
      scene(async ({ daemon, conn }) => {
        const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
        const seen: unknown[] = [];
        const events = lastValueFrom(conn.events.domain('lifecycle').pipe(map((event) => seen.push(event.eventName)))).catch((err: unknown) => err);
        await settle();
        const garbage = new TextEncoder().encode('not a frame at all');
        const bytes = new Uint8Array([...lifecycleFrame(1, dom), ...garbage]);
        daemon.faults.sendGarbage(bytes);
        expect(await endCause(conn)).toMatchObject({ reason: 'bad-length' });
        // The stream saw the event, then died with the connection.
        expect(await events).toBeInstanceOf(ConnectionClosedError);
        expect(seen).toEqual(['VIR_DOMAIN_EVENT_SUSPENDED']);
        expect(conn.events.droppedEvents).toBe(0);
      }));

    it('a keepalive PING then garbage in the same chunk', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.sendGarbage(new Uint8Array([...encodeKeepalivePing(), 0xff, 0xff, 0xff, 0xff]));
        expect(await endCause(conn)).toBeInstanceOf(ProtocolError);
      }));

    it.each([0, 27, 0xffff_ffff])('a length word of %i', (length) =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.delayReplies(1_000);
        const pending = failure(conn.connectGetLibVersion());
        daemon.faults.sendBadLengthWord(length);
        expect(await endCause(conn)).toMatchObject({ reason: 'bad-length', length });
        expect(await pending).toBeInstanceOf(ConnectionClosedError);
      }));
  });

  describe('frames the client shrugs off: the connection goes on', () => {
    it('a reply with an unknown serial', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.sendReply(0xffff_fff0);
        await settle();
        await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
      }));

    it('a duplicate serial', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.duplicateNextReply();
        await expect(lastValueFrom(conn.connectGetType().pipe(toArray()))).resolves.toEqual(['TEST']);
        await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
      }));

    it('a reply naming the wrong procedure fails that call only', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.misnameNextReply();
        await expect(failure(conn.connectGetType())).resolves.toMatchObject({ reason: 'unexpected-frame' });
        await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      }));

    it('a reply whose payload does not decode fails that call with an XdrError', () =>
      scene(async ({ daemon, conn }) => {
        daemon.faults.delayReplies(1_000);
        const call = failure(conn.connectGetLibVersion());
        // The client's serials so far: the handshake's calls, then this one. An empty REPLY/OK
        // for each recent serial reaches the pending call with no payload to decode.
        for (let serial = 0; serial < 16; serial++) daemon.faults.sendReply(serial, remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION);
        expect(await call).toBeInstanceOf(XdrError);
        daemon.faults.delayReplies(0);
        await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      }));

    it('stream data for a stream that ended', () =>
      scene(async ({ daemon, conn }) => {
        const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
        await lastValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(toArray()));
        daemon.faults.sendLateStreamData();
        await settle();
        await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      }));

    it('an event for an unknown callback ID is dropped and counted', () =>
      scene(async ({ daemon, conn }) => {
        const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
        daemon.faults.sendLifecycleEvent(999, dom);
        await settle();
        expect(conn.events.droppedEvents).toBe(1);
        await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      }));
  });
});

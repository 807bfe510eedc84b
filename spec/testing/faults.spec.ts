// Each fault hook of the fake daemon, and the client's documented answer to it.
import { firstValueFrom, lastValueFrom, merge, type Observable, map, toArray } from 'rxjs';
import { ConnectionClosedError, type Connection, KeepaliveTimeoutError, ProtocolError, TransportError } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';

const settle = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (call: Observable<unknown>): Promise<unknown> => lastValueFrom(call).catch((err: unknown) => err);
const endCause = async (conn: Connection): Promise<unknown> => (await firstValueFrom(conn.end$)).cause;

describe('fault injection', () => {
  let daemon: FakeDaemon;
  let conn: Connection;
  beforeEach(async () => {
    daemon = new FakeDaemon({ keepalive: { interval: 0 } });
    conn = await firstValueFrom(daemon.connect());
  });
  afterEach(() => daemon.close());

  describe('dropping the connection', () => {
    it('now: a pending call fails with a ConnectionClosedError whose cause is the TransportError', async () => {
      const call = failure(conn.connectGetLibVersion());
      daemon.faults.dropConnection();
      const error = await call;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as ConnectionClosedError).cause).toBeInstanceOf(TransportError);
      expect(await endCause(conn)).toBeInstanceOf(TransportError);
      expect(daemon.sessions).toHaveLength(0);
    });

    it('after N frames: the reply arrives, then the connection goes', async () => {
      daemon.faults.dropAfterFrames(1);
      await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      expect(await endCause(conn)).toBeInstanceOf(TransportError);
      await expect(failure(conn.connectGetType())).resolves.toBeInstanceOf(ConnectionClosedError);
    });

    it('mid-stream: the download fails with a ConnectionClosedError', async () => {
      const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
      const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'sparse.img' }));
      daemon.faults.dropAfterFrames(2, 'stream');
      const received: string[] = [];
      const error = await lastValueFrom(
        conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(map((item) => received.push(Object.keys(item)[0]))),
      ).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect(received).toEqual(['reply', 'data', 'data']);
    });

    it('during the handshake: opening fails with the TransportError', async () => {
      daemon.faults.dropAfterFrames(2);
      const error = await firstValueFrom(daemon.connect()).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TransportError);
    });
  });

  describe('replies', () => {
    it('reordered: each call still gets its own reply, in the reverse order', async () => {
      daemon.faults.reorderReplies(3);
      const order = await lastValueFrom(
        merge(
          conn.connectGetType().pipe(map((value) => ['type', value])),
          conn.connectGetLibVersion().pipe(map((value) => ['version', value])),
          conn.connectNumOfDomains().pipe(map((value) => ['domains', value])),
        ).pipe(toArray()),
      );
      expect(order).toEqual([['domains', 1], ['version', 9_000_000n], ['type', 'TEST']]);
    });

    it('delayed: the call waits for it', async () => {
      daemon.faults.delayReplies(50);
      const started = performance.now();
      await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      daemon.faults.delayReplies(0);
    });

    it('duplicated: the copy is ignored', async () => {
      daemon.faults.duplicateNextReply();
      await expect(lastValueFrom(conn.connectGetType().pipe(toArray()))).resolves.toEqual(['TEST']);
      await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
    });

    it('with an unknown serial: ignored, the connection goes on', async () => {
      daemon.faults.sendReply(0xfffffff0);
      await settle();
      await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
      expect(conn.closed).toBe(false);
    });

    it('naming the wrong procedure: that call fails with a ProtocolError, the connection goes on', async () => {
      daemon.faults.misnameNextReply();
      const error = await failure(conn.connectGetType());
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({ reason: 'unexpected-frame' });
      await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
    });
  });

  describe('broken framing closes the connection with a ProtocolError', () => {
    it.each([0, 27, 0xffffffff])('a length word of %i', async (length) => {
      // A call left pending: it must fail with the connection.
      daemon.faults.delayReplies(1_000);
      const pending = failure(conn.connectGetLibVersion());
      daemon.faults.sendBadLengthWord(length);
      const cause = await endCause(conn);
      expect(cause).toBeInstanceOf(ProtocolError);
      expect(cause).toMatchObject({ reason: 'bad-length', length });
      const error = await pending;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as ConnectionClosedError).cause).toBe(cause);
    });

    it('garbage bytes', async () => {
      daemon.faults.sendGarbage();
      expect(await endCause(conn)).toBeInstanceOf(ProtocolError);
    });
  });

  describe('late and unknown packets are dropped', () => {
    it('stream data for a stream that ended', async () => {
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
      await lastValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(toArray()));
      daemon.faults.sendLateStreamData();
      await settle();
      await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
    });

    it('an event for a callback ID nobody registered', async () => {
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
      daemon.faults.sendLifecycleEvent(999, dom);
      await settle();
      expect(conn.events.droppedEvents).toBe(1);
      await expect(firstValueFrom(conn.connectGetType())).resolves.toBe('TEST');
    });
  });

  it('a daemon that stops answering PINGs is declared dead by the client keepalive', async () => {
    const watched = await firstValueFrom(daemon.connect(undefined, { keepalive: { interval: 0.02, count: 2 } }));
    daemon.faults.ignorePings();
    const cause = await endCause(watched);
    expect(cause).toBeInstanceOf(KeepaliveTimeoutError);
    await expect(failure(watched.connectGetType())).resolves.toBeInstanceOf(ConnectionClosedError);
  });
});

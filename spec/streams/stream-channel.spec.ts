// The stream state machine with hand-built frames: holes with and without the sparse flag, late
// and early packets, uploads split into frames and paced by the socket.
import { lastValueFrom, NEVER, type Observable, of, Subject, take, toArray } from 'rxjs';
import { ProtocolError } from '../../src/protocol/protocol-error.js';
import { STREAM_CHUNK_MAX } from '../../src/protocol/message-header.js';
import { DownloadStream } from '../../src/streams/download-stream.js';
import { DuplexStream } from '../../src/streams/duplex-stream.js';
import { PullableObservable } from '../../src/streams/pullable-observable.js';
import type { StreamItem, UploadChunk } from '../../src/streams/stream-item.js';
import { StreamRegistry } from '../../src/streams/stream-registry.js';
import { UploadStream } from '../../src/streams/upload-stream.js';
import { UnsupportedError } from '../../src/errors/unsupported-error.js';
import { dataFrame, eofFrame, FakeStreamSession, holeFrame, okFrame, streamProcedure } from '../support/stream-frames.js';

const SERIAL = 5;

describe('stream channels', () => {
  let fake: FakeStreamSession;
  let registry: StreamRegistry;

  beforeEach(() => {
    fake = new FakeStreamSession();
    registry = new StreamRegistry(fake);
  });

  function collect<T>(source: Observable<T>): { items: T[]; error?: unknown; done: boolean } {
    const result: { items: T[]; error?: unknown; done: boolean } = { items: [], done: false };
    source.subscribe({ next: (item) => result.items.push(item), error: (error: unknown) => (result.error = error), complete: () => (result.done = true) });
    return result;
  }

  const download = (flags: number): DownloadStream<unknown> =>
    new DownloadStream({ registry, procedure: streamProcedure('read'), args: { flags } });

  describe('downloads', () => {
    it('emit holes on a stream opened with the sparse flag', () => {
      const result = collect(download(1));
      for (const frame of [dataFrame(SERIAL, Uint8Array.of(7)), holeFrame(SERIAL, 2 ** 32 + 5), eofFrame(SERIAL), okFrame(SERIAL)]) fake.deliver(frame);
      expect(result.items).toEqual([{ reply: undefined }, { data: Uint8Array.of(7) }, { hole: { length: 2n ** 32n + 5n, flags: 0 } }]);
      expect(result.done).toBe(true);
      expect(fake.sent).toEqual(['call', 'finish']);
    });

    it('fail with a ProtocolError and abort on a hole without the sparse flag; other streams go on', () => {
      const other = collect(new DownloadStream({ registry, procedure: streamProcedure('read', { number: 211 }), args: { flags: 0 } }));
      const result = collect(download(0));
      fake.deliver(holeFrame(6, 4096));
      expect(result.error).toBeInstanceOf(ProtocolError);
      expect((result.error as Error).message).toMatch(/unexpected stream hole/);
      expect(fake.sent).toEqual(['call', 'call', 'abort']);
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(1), 211));
      expect(other.items).toEqual([{ reply: undefined }, { data: Uint8Array.of(1) }]);
      expect(other.error).toBeUndefined();
    });

    it('drop late packets of a finished stream, and packets naming another procedure', () => {
      const result = collect(download(0));
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(1), 999));
      for (const frame of [eofFrame(SERIAL), okFrame(SERIAL), dataFrame(SERIAL, Uint8Array.of(2)), okFrame(SERIAL), holeFrame(SERIAL, 1)]) fake.deliver(frame);
      expect(result.items).toEqual([{ reply: undefined }]);
      expect(result.done).toBe(true);
      expect(result.error).toBeUndefined();
      expect(registry.size).toBe(0);
    });

    it('replay frames that overtook the reply after it, in order', () => {
      const reply = new Subject<unknown>();
      fake.reply = reply;
      const result = collect(download(0));
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(1)));
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(2)));
      expect(result.items).toEqual([]);
      reply.next(undefined);
      reply.complete();
      expect(result.items).toEqual([{ reply: undefined }, { data: Uint8Array.of(1) }, { data: Uint8Array.of(2) }]);
    });

    it('fail with a ProtocolError on a STREAM/OK nobody asked for', () => {
      const result = collect(download(0));
      fake.deliver(okFrame(SERIAL));
      expect(result.error).toBeInstanceOf(ProtocolError);
      expect(fake.sent).toEqual(['call', 'abort']);
    });

    it('hand out data as views of the frame payload', () => {
      const payload = new Uint8Array(16).subarray(4, 12);
      const result = collect(download(0));
      fake.deliver(dataFrame(SERIAL, payload));
      expect((result.items[1] as { data: Uint8Array }).data).toBe(payload);
    });
  });

  describe('downloads pulled lending', () => {
    it('give a data chunk back to the session only once the consumer asked for more after taking it', () => {
      const recycled: Uint8Array[] = [];
      Object.assign(fake, { recycle: (view: Uint8Array) => recycled.push(view) });
      const requests = new Subject<number>();
      const items: unknown[] = [];
      download(0).pullLending(requests).subscribe((item) => items.push(item));
      const first = Uint8Array.of(1);
      const second = Uint8Array.of(2);
      requests.next(1);
      fake.deliver(dataFrame(SERIAL, first));
      fake.deliver(dataFrame(SERIAL, second));
      expect(items).toEqual([{ reply: undefined }]);
      requests.next(1); // done with the reply
      expect(recycled).toEqual([]);
      expect(items).toHaveLength(2);
      requests.next(1); // done with the first chunk; the second is delivered, not yet released
      expect(recycled.map((view) => view[0])).toEqual([1]);
      requests.next(1);
      expect(recycled.map((view) => view[0])).toEqual([1, 2]);
    });

    it('never give chunks back when pulled plainly', () => {
      const recycled: Uint8Array[] = [];
      Object.assign(fake, { recycle: (view: Uint8Array) => recycled.push(view) });
      const requests = new Subject<number>();
      download(0).pullWith(requests).subscribe();
      requests.next(1);
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(1)));
      requests.next(5);
      requests.next(5);
      expect(recycled).toEqual([]);
    });
  });

  describe('uploads', () => {
    const upload = (flags: number, source: Observable<UploadChunk>): Observable<unknown> =>
      new UploadStream({ registry, procedure: streamProcedure('write'), args: { flags } }).sending(source);

    it('split data into frames of at most STREAM_CHUNK_MAX bytes, finish, and emit the reply after the OK', () => {
      const result = collect(upload(0, of(new Uint8Array(2 * STREAM_CHUNK_MAX + 10), { data: new Uint8Array(3) }, new Uint8Array(0))));
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`, `data:${STREAM_CHUNK_MAX}`, 'data:10', 'data:3', 'finish']);
      expect(result.done).toBe(false);
      fake.deliver(okFrame(SERIAL));
      expect(result.items).toEqual([undefined]);
      expect(result.done).toBe(true);
    });

    it('send one frame per drain of the socket, pulling nothing ahead', () => {
      const drains = new Subject<void>();
      fake.writable = drains.pipe(take(1));
      collect(upload(0, of(new Uint8Array(STREAM_CHUNK_MAX + 1), new Uint8Array(2))));
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`]);
      drains.next();
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`, 'data:1']);
      drains.next();
      drains.next();
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`, 'data:1', 'data:2', 'finish']);
    });

    it('send data views uncopied on a session that writes frames in parts, pulling the next chunk only once they are written', () => {
      const written: Array<() => void> = [];
      const parts: Array<readonly Uint8Array[]> = [];
      Object.assign(fake, {
        sendParts: (frame: readonly Uint8Array[], onWritten: () => void) => {
          parts.push(frame);
          fake.log.push(`0:data:${frame[1].length}`);
          written.push(onWritten);
        },
      });
      const first = new Uint8Array(STREAM_CHUNK_MAX + 1);
      const second = Uint8Array.of(7, 8);
      const requested: number[] = [];
      const source = new PullableObservable<UploadChunk>((subscriber, requests, lending) => {
        expect(lending).toBe(true);
        const chunks = [first, second];
        return requests.subscribe((count) => {
          requested.push(count);
          for (let i = 0; i < count && chunks.length > 0; i++) subscriber.next({ data: chunks.shift() as Uint8Array });
          if (chunks.length === 0) subscriber.complete();
        });
      });
      collect(upload(0, source));
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`]);
      // The 28-byte header, then a view of the caller's own buffer.
      expect(parts[0][0]).toHaveLength(28);
      expect(parts[0][1].buffer).toBe(first.buffer);
      written.shift()?.();
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`, 'data:1']);
      expect(requested).toEqual([1]);
      written.shift()?.();
      expect(requested).toEqual([1, 1]);
      expect(parts[2][1].buffer).toBe(second.buffer);
      written.shift()?.();
      expect(fake.sent).toEqual(['call', `data:${STREAM_CHUNK_MAX}`, 'data:1', 'data:2', 'finish']);
    });

    it('send holes on a stream opened with the sparse flag', () => {
      collect(upload(1, of({ hole: { length: 8192n, flags: 0 } }, Uint8Array.of(1))));
      expect(fake.sent).toEqual(['call', 'hole:8192', 'data:1', 'finish']);
    });

    it('refuse a hole without the sparse flag before sending it: UnsupportedError, then an abort', () => {
      const result = collect(upload(0, of(Uint8Array.of(1), { hole: { length: 8192n, flags: 0 } }, Uint8Array.of(2))));
      expect(result.error).toBeInstanceOf(UnsupportedError);
      expect(fake.sent).toEqual(['call', 'data:1', 'abort']);
    });

    it('abort when the source fails, with the source error', () => {
      const source = new Subject<Uint8Array>();
      const result = collect(upload(0, source));
      source.next(Uint8Array.of(1));
      source.error(new Error('disk on fire'));
      expect((result.error as Error).message).toBe('disk on fire');
      expect(fake.sent).toEqual(['call', 'data:1', 'abort']);
    });

    it('fail with a ProtocolError when the daemon sends data on an upload', () => {
      const result = collect(upload(0, NEVER));
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(1)));
      expect(result.error).toBeInstanceOf(ProtocolError);
      expect(fake.sent).toEqual(['call', 'abort']);
    });

    it('refuse to be subscribed to without a source, sending nothing', () => {
      const result = collect(new UploadStream({ registry, procedure: streamProcedure('write'), args: { flags: 0 } }));
      expect(result.error).toBeInstanceOf(UnsupportedError);
      expect(fake.sent).toEqual([]);
    });
  });

  describe('two-way streams', () => {
    it('receive and send at once, from the reply on', async () => {
      const keys = new Subject<Uint8Array>();
      const stream = new DuplexStream<unknown>({ registry, procedure: streamProcedure('both'), args: { flags: 0 } }).sending(keys);
      const items: Promise<StreamItem<unknown>[]> = lastValueFrom(stream.pipe(toArray()));
      keys.next(Uint8Array.of(1, 2));
      fake.deliver(dataFrame(SERIAL, Uint8Array.of(9)));
      keys.complete();
      fake.deliver(eofFrame(SERIAL));
      fake.deliver(okFrame(SERIAL));
      expect(await items).toEqual([{ reply: undefined }, { data: Uint8Array.of(9) }]);
      expect(fake.sent).toEqual(['call', 'data:2', 'finish']);
    });
  });
});


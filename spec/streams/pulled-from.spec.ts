// pulledFrom: iterables as pullable upload sources, and what that changes for a fast source
// against an upload to the fake daemon (whose in-memory transport pushes back like a socket).
import { firstValueFrom, lastValueFrom, Observable, Subject, toArray } from 'rxjs';
import { pulledFrom } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';

describe('pulledFrom', () => {
  it('takes an item from a generator only when asked for', () => {
    const taken: number[] = [];
    function* numbers(): Generator<number> {
      for (let i = 0; i < 5; i++) {
        taken.push(i);
        yield i;
      }
    }
    const requests = new Subject<number>();
    const received: number[] = [];
    pulledFrom(numbers()).pullWith(requests).subscribe((n) => received.push(n));
    expect(taken).toEqual([]);
    requests.next(2);
    expect(received).toEqual([0, 1]);
    expect(taken).toEqual([0, 1]);
    requests.next(1);
    expect(received).toEqual([0, 1, 2]);
  });

  it('emits everything to a plain subscriber, and from an async iterable one item at a time', async () => {
    expect(await firstValueFrom(pulledFrom([1, 2, 3]).pipe(toArray()))).toEqual([1, 2, 3]);
    let inFlight = 0;
    let most = 0;
    async function* slow(): AsyncGenerator<string> {
      for (const item of ['a', 'b', 'c']) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        yield item;
      }
    }
    expect(await firstValueFrom(pulledFrom(slow()).pipe(toArray()))).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });

  it("ends the generator (its finally runs) when unsubscribed early, and passes on the iterator's error", async () => {
    let finished = false;
    function* endless(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finished = true;
      }
    }
    const requests = new Subject<number>();
    const subscription = pulledFrom(endless()).pullWith(requests).subscribe();
    requests.next(3);
    subscription.unsubscribe();
    await Promise.resolve();
    expect(finished).toBe(true);
    function* failing(): Generator<number> {
      yield 1;
      throw new RangeError('broken source');
    }
    await expect(lastValueFrom(pulledFrom(failing()))).rejects.toThrow('broken source');
  });
});

describe('a fast upload source on the fake daemon', () => {
  const CHUNK = 64 * 1024;
  const CHUNKS = 64;
  let daemon: FakeDaemon;
  beforeEach(() => {
    daemon = new FakeDaemon();
  });
  afterEach(() => daemon.close());

  /** Uploads CHUNKS chunks made by `source(make)`; returns how far making ran ahead of what the daemon had received, at most. */
  const upload = async (source: (make: () => Uint8Array) => Observable<Uint8Array>): Promise<number> => {
    const conn = await firstValueFrom(daemon.connect());
    const target = daemon.storage.pool('default-pool').volume('empty.img');
    let made = 0;
    let ahead = 0;
    const make = (): Uint8Array => {
      made++;
      ahead = Math.max(ahead, made - target.allocation / CHUNK);
      return new Uint8Array(CHUNK).fill(made);
    };
    const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
    const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'empty.img' }));
    await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(source(make)), { defaultValue: undefined });
    expect(target.allocation).toBe(CHUNKS * CHUNK);
    expect(target.read()[CHUNKS * CHUNK - 1]).toBe(CHUNKS);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    return ahead;
  };

  it('from a generator through pulledFrom, is made as the socket takes it: a few chunks ahead at most', async () => {
    function* chunks(make: () => Uint8Array): Generator<Uint8Array> {
      for (let i = 0; i < CHUNKS; i++) yield make();
    }
    // The transport's 64 KiB buffer and the frame being written: never the whole source.
    expect(await upload((make) => pulledFrom(chunks(make)))).toBeLessThanOrEqual(3);
  });

  it('as a plain synchronous Observable, pushes everything at once: all of it waits in memory', async () => {
    const ahead = await upload(
      (make) =>
        new Observable<Uint8Array>((subscriber) => {
          for (let i = 0; i < CHUNKS; i++) subscriber.next(make());
          subscriber.complete();
        }),
    );
    expect(ahead).toBe(CHUNKS);
  });
});

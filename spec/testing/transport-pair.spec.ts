// The in-memory transport pair behaves like two connected sockets: asynchronous delivery,
// backpressure past the high-water mark, paused reading, end and destroy.
import { firstValueFrom, toArray } from 'rxjs';
import { createTransportPair } from '../../src/testing/index.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createTransportPair', () => {
  it('delivers bytes after write() returns, in order, also those written before anyone reads', async () => {
    const { client, server } = createTransportPair();
    client.write(Uint8Array.of(1, 2));
    const received: number[] = [];
    server.incoming.subscribe((chunk) => received.push(...chunk));
    client.write(Uint8Array.of(3));
    expect(received).toEqual([]);
    await tick();
    expect(received).toEqual([1, 2, 3]);
  });

  it('returns false past the high-water mark and emits drained once the peer has read everything', async () => {
    const { client, server } = createTransportPair({ highWaterMark: 10 });
    let drained = 0;
    client.drained.subscribe(() => drained++);
    expect(client.write(new Uint8Array(6))).toBe(true);
    expect(client.write(new Uint8Array(6))).toBe(false);
    server.incoming.subscribe();
    await tick();
    expect(drained).toBe(1);
  });

  it('holds bytes while reading is paused: the writer stays blocked', async () => {
    const { client, server } = createTransportPair({ highWaterMark: 4 });
    const received: number[] = [];
    server.incoming.subscribe((chunk) => received.push(chunk.length));
    server.pauseReading();
    let drained = false;
    client.drained.subscribe(() => (drained = true));
    expect(client.write(new Uint8Array(8))).toBe(false);
    await tick();
    expect([received, drained]).toEqual([[], false]);
    server.resumeReading();
    await tick();
    expect([received, drained]).toEqual([[8], true]);
  });

  it('end(): the peer reads what was written, then both sides complete', async () => {
    const { client, server } = createTransportPair();
    const serverBytes = firstValueFrom(server.incoming.pipe(toArray()));
    const clientBytes = firstValueFrom(client.incoming.pipe(toArray()));
    client.write(Uint8Array.of(7));
    client.end();
    await expect(serverBytes).resolves.toEqual([Uint8Array.of(7)]);
    await expect(clientBytes).resolves.toEqual([]);
    expect(client.write(Uint8Array.of(8))).toBe(true);
  });

  it('destroy(): this side completes at once, the peer after the bytes already written', async () => {
    const { client, server } = createTransportPair();
    let clientDone = false;
    client.incoming.subscribe({ complete: () => (clientDone = true) });
    const serverBytes = firstValueFrom(server.incoming.pipe(toArray()));
    client.write(Uint8Array.of(9));
    client.destroy();
    expect(clientDone).toBe(true);
    await expect(serverBytes).resolves.toEqual([Uint8Array.of(9)]);
  });
});

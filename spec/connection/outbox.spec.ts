import { Subject } from 'rxjs';
import { Outbox } from '../../src/connection/outbox.js';
import type { Transport } from '../../src/transport/transport.js';

/** A transport whose buffer holds `capacity` writes until it drains. */
function fakeTransport(capacity: number) {
  const drained = new Subject<void>();
  const written: number[] = [];
  let buffered = 0;
  const transport: Transport = {
    incoming: new Subject<Uint8Array>(),
    drained,
    write: (bytes) => {
      written.push(bytes[0]);
      buffered++;
      return buffered < capacity;
    },
    pauseReading: () => undefined,
    resumeReading: () => undefined,
    end: () => undefined,
    destroy: () => undefined,
    description: 'fake',
  };
  return {
    transport,
    written,
    drain: () => {
      buffered = 0;
      drained.next();
    },
  };
}

describe('Outbox', () => {
  it('writes through while the transport accepts', () => {
    const { transport, written } = fakeTransport(10);
    const outbox = new Outbox(transport);
    for (let i = 0; i < 5; i++) outbox.send(Uint8Array.of(i));
    expect(written).toEqual([0, 1, 2, 3, 4]);
    expect(outbox.queued).toBe(0);
  });

  it('holds frames after write() returned false, in order, until drain', () => {
    const { transport, written, drain } = fakeTransport(2);
    const outbox = new Outbox(transport);
    for (let i = 0; i < 6; i++) outbox.send(Uint8Array.of(i));
    // The second write filled the buffer: the rest wait.
    expect(written).toEqual([0, 1]);
    expect(outbox.queued).toBe(4);
    drain();
    expect(written).toEqual([0, 1, 2, 3]);
    expect(outbox.queued).toBe(2);
    outbox.send(Uint8Array.of(6));
    expect(written).toEqual([0, 1, 2, 3]);
    drain();
    drain();
    expect(written).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(outbox.queued).toBe(0);
  });

  it('drops held frames on dispose and stops listening for drain', () => {
    const { transport, written, drain } = fakeTransport(1);
    const outbox = new Outbox(transport);
    outbox.send(Uint8Array.of(0));
    outbox.send(Uint8Array.of(1));
    outbox.dispose();
    expect(outbox.queued).toBe(0);
    drain();
    expect(written).toEqual([0]);
  });

  it('writable() emits at once when nothing is held, else once every held frame is written', () => {
    const { transport, drain } = fakeTransport(2);
    const outbox = new Outbox(transport);
    const ready: string[] = [];
    outbox.writable().subscribe({ next: () => ready.push('now'), complete: () => ready.push('done') });
    expect(ready).toEqual(['now', 'done']);
    for (let i = 0; i < 4; i++) outbox.send(Uint8Array.of(i));
    outbox.writable().subscribe(() => ready.push('after drain'));
    outbox.writable().subscribe(() => ready.push('dropped')).unsubscribe();
    drain(); // writes 2 and 3, and the buffer is full again
    expect(ready).toEqual(['now', 'done']);
    drain();
    expect(ready).toEqual(['now', 'done', 'after drain']);
    outbox.send(Uint8Array.of(4));
    outbox.send(Uint8Array.of(5));
    outbox.writable().subscribe(() => ready.push('never'));
    outbox.dispose();
    drain();
    expect(ready).toEqual(['now', 'done', 'after drain']);
  });

  describe('sendParts', () => {
    it('hands the parts themselves to writev, in order with whole frames, and forwards onWritten', () => {
      const { transport, written, drain } = fakeTransport(1);
      const calls: Array<{ parts: readonly Uint8Array[]; onWritten?: () => void }> = [];
      const writev = (parts: readonly Uint8Array[], onWritten?: () => void): boolean => {
        calls.push({ parts, onWritten });
        return transport.write(parts[0]);
      };
      const outbox = new Outbox({ ...transport, writev });
      const header = Uint8Array.of(1);
      const data = Uint8Array.of(2, 3);
      const done: string[] = [];
      outbox.send(Uint8Array.of(0)); // fills the buffer: what follows waits
      outbox.sendParts([header, data], () => done.push('written'));
      expect(written).toEqual([0]);
      expect(calls).toEqual([]);
      drain();
      expect(written).toEqual([0, 1]);
      expect(calls[0].parts[0]).toBe(header);
      expect(calls[0].parts[1]).toBe(data);
      // The outbox does not call it: the transport does, once the bytes are out.
      expect(done).toEqual([]);
      calls[0].onWritten?.();
      expect(done).toEqual(['written']);
    });

    it('joins the parts for a transport without writev, and reports them written at once (they were copied)', () => {
      const frames: Uint8Array[] = [];
      const { transport } = fakeTransport(10);
      const outbox = new Outbox({ ...transport, write: (bytes) => frames.push(bytes) < 10 });
      const data = Uint8Array.of(2, 3);
      let written = false;
      outbox.sendParts([Uint8Array.of(1), data], () => (written = true));
      expect(written).toBe(true);
      expect(frames).toEqual([Uint8Array.of(1, 2, 3)]);
      data[0] = 9;
      expect(frames[0]).toEqual(Uint8Array.of(1, 2, 3));
    });
  });
});

// Client CPU per lifecycle event on rxvirt's event path, in process: event frames fed to a
// connection's session as the socket would deliver them (frame decoding, routing, XDR decoding,
// the event object with its names, delivery to a subscriber), beside the floor of decoding the
// same frames by hand into the same object. No daemon: the register call is answered in process.
//
//   node build/bench/bench/event-path.js [--events 200000] [--rounds 5]   (BATCH=1: one frame per socket read)
import { NEVER, Subject } from 'rxjs';
import { RpcSession } from '../src/connection/session.js';
import { ConnectionEvents } from '../src/events/connection-events.js';
import { eventObjects } from '../src/objects/object-classes.js';
import { domainLifecycleNames } from '../src/events/domain-lifecycle-names.js';
import { REGISTERED } from '../src/events/registered.js';
import { encodeFrame } from '../src/protocol/frame-encoder.js';
import { MessageStatus, MessageType } from '../src/protocol/message-header.js';
import type { Transport } from '../src/transport/transport.js';
import { XdrReader } from '../src/xdr/reader.js';

const REMOTE = 0x20008086;
const REGISTER_ANY = 316;
const LIFECYCLE = 318;
const CALLBACK_ID = 1;
const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const total = argument('--events', 200_000);
const rounds = argument('--rounds', 5);
const BATCH = Number(process.env.BATCH ?? 500);

/** DOMAIN_EVENT_CALLBACK_LIFECYCLE: `{callbackID; {dom {name, uuid, id}; event; detail}}`. */
function lifecycleFrame(event: number): Uint8Array {
  return encodeFrame({ prog: REMOTE, vers: 1, proc: LIFECYCLE, type: MessageType.MESSAGE, serial: 1, status: MessageStatus.OK }, (writer) => {
    writer.writeInt(CALLBACK_ID);
    writer.writeString('test', 256);
    writer.writeOpaqueFixed(new Uint8Array(16).fill(0x11), 16);
    writer.writeInt(1);
    writer.writeInt(event);
    writer.writeInt(0);
  });
}

/** BATCH frames back to back, as one socket read would bring them (about 30 KiB). */
function batchOfFrames(): Uint8Array {
  const frames = Array.from({ length: BATCH }, (_, i) => lifecycleFrame((BATCH - 1 - i) % 2 === 0 ? 4 : 3));
  const out = new Uint8Array(frames.reduce((n, frame) => n + frame.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}

/** A transport that answers the register call with callback ID 1 and lets the bench push bytes. */
function scriptedTransport(): Transport & { readonly feed: Subject<Uint8Array> } {
  const feed = new Subject<Uint8Array>();
  return {
    feed,
    description: 'bench:event-path',
    incoming: feed,
    drained: NEVER,
    write(bytes) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (view.getUint32(12) === REGISTER_ANY) {
        const serial = view.getUint32(20);
        const reply = encodeFrame({ prog: REMOTE, vers: 1, proc: REGISTER_ANY, type: MessageType.REPLY, serial, status: MessageStatus.OK }, (writer) =>
          writer.writeInt(CALLBACK_ID),
        );
        queueMicrotask(() => feed.next(reply));
      }
      return true;
    },
    pauseReading: () => undefined,
    resumeReading: () => undefined,
    end: () => undefined,
    destroy: () => undefined,
  };
}

async function rxvirtMicrosPerEvent(batch: Uint8Array): Promise<number> {
  const transport = scriptedTransport();
  const session = new RpcSession(transport, [REMOTE]);
  session.markOpen();
  // As a Connection makes them: each event's `dom` a Domain object of the connection.
  const events = new ConnectionEvents(session, { eventCallback: true, closeCallback: true }, eventObjects((procedure, args) => session.invoke(procedure, args)));
  let received = 0;
  let lastName: unknown;
  const live = new Promise<void>((resolve) => {
    events.domain('lifecycle', { registered: true }).subscribe((item) => {
      if (item === REGISTERED) resolve();
      else {
        received++;
        lastName = item.eventName;
      }
    });
  });
  await live;
  const started = process.cpuUsage();
  for (let fed = 0; fed < total; fed += BATCH) transport.feed.next(batch);
  const used = process.cpuUsage(started);
  if (received !== Math.ceil(total / BATCH) * BATCH || lastName !== 'VIR_DOMAIN_EVENT_RESUMED') throw new Error(`received ${received} events`);
  session.terminate();
  return (used.user + used.system) / received;
}

/** The floor: the same bytes split into frames and decoded by hand into the same event object. */
function handMicrosPerEvent(batch: Uint8Array): number {
  let received = 0;
  let lastName: unknown;
  const started = process.cpuUsage();
  for (let fed = 0; fed < total; fed += BATCH) {
    const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
    for (let at = 0; at < batch.length; ) {
      const length = view.getUint32(at);
      const reader = new XdrReader(batch, at + 28, at + length);
      reader.readInt();
      const dom = { name: reader.readString(256), uuid: reader.readOpaqueFixed(16), id: reader.readInt() };
      const event = reader.readInt();
      const detail = reader.readInt();
      const names = domainLifecycleNames({ event, detail });
      const payload = { dom, event, detail, eventName: names.eventName, detailName: names.detailName };
      received++;
      lastName = payload.eventName;
      at += length;
    }
  }
  const used = process.cpuUsage(started);
  if (lastName !== 'VIR_DOMAIN_EVENT_RESUMED') throw new Error('decoded wrongly');
  return (used.user + used.system) / received;
}

async function main(): Promise<void> {
  const batch = batchOfFrames();
  // Warm-up of both paths (JIT), then alternating rounds.
  await rxvirtMicrosPerEvent(batch);
  handMicrosPerEvent(batch);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(await rxvirtMicrosPerEvent(batch));
    floor.push(handMicrosPerEvent(batch));
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log('| client CPU per lifecycle event (µs) | rxvirt | decoded by hand | rxvirt / hand |');
  console.log('|---|---|---|---|');
  console.log(`| median of ${rounds} rounds of ${total} events | ${median(ours).toFixed(2)} | ${median(floor).toFixed(2)} | ${(median(ours) / median(floor)).toFixed(2)} |`);
  console.log(`\nrounds: rxvirt ${ours.map((v) => v.toFixed(2)).join(', ')}; by hand ${floor.map((v) => v.toFixed(2)).join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

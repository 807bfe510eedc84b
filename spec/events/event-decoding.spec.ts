// Decoding and naming of event payloads, from bytes written out by hand (spec/support/event-frames.ts),
// through the whole event path: route by callback ID, decode, drop `callbackID`, add names.
import { finalize, NEVER, type Observable, of, Subject } from 'rxjs';
import { ConnectionEvents } from '../../src/events/connection-events.js';
import { eventPayload } from '../../src/events/event-payload.js';
import { symbolicName } from '../../src/events/symbolic-name.js';
import { virDomainEventType } from '../../src/generated/libvirt/libvirt.js';
import type { Frame } from '../../src/protocol/frame.js';
import { XdrError } from '../../src/xdr/xdr-error.js';
import { words } from '../support/fake-procedure.js';
import {
  bytes,
  eventFrame,
  fakeEventSource,
  lifecycleFrame,
  QEMU,
  uuid,
  xdrDomain,
  xdrOptionalString,
  xdrString,
} from '../support/event-frames.js';

const testDom = { name: 'test', uuid: uuid(0x11), id: 1 };

/** Subscribes `events$` (registered with callback ID 4), pushes `frame`, returns what was emitted. */
function deliver<T>(open: (events: ConnectionEvents) => Observable<T>, ...frames: Frame[]): T[] {
  const incoming = new Subject<Frame>();
  const source = fakeEventSource(incoming, NEVER, () => of({ callbackID: 4 }));
  const received: T[] = [];
  const subscription = open(new ConnectionEvents(source, { eventCallback: true, closeCallback: true })).subscribe((event) => received.push(event));
  for (const frame of frames) incoming.next(frame);
  subscription.unsubscribe();
  return received;
}

describe('event decoding and names', () => {
  it('lifts the lifecycle msg to the top and names event and detail from the event\'s own detail enum', () => {
    expect(deliver((events) => events.domain('lifecycle'), lifecycleFrame(4, 3, 0), lifecycleFrame(4, 5, 1), lifecycleFrame(4, 0, 2))).toEqual([
      { dom: testDom, event: 3, detail: 0, eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', detailName: 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED' },
      { dom: testDom, event: 5, detail: 1, eventName: 'VIR_DOMAIN_EVENT_STOPPED', detailName: 'VIR_DOMAIN_EVENT_STOPPED_DESTROYED' },
      { dom: testDom, event: 0, detail: 2, eventName: 'VIR_DOMAIN_EVENT_DEFINED', detailName: 'VIR_DOMAIN_EVENT_DEFINED_RENAMED' },
    ]);
  });

  it('keeps numbers its tables do not know, with undefined names (the _LAST sentinels included)', () => {
    expect(deliver((events) => events.domain('lifecycle'), lifecycleFrame(4, 42, 7), lifecycleFrame(4, 3, 99), lifecycleFrame(4, 9, 0))).toEqual([
      { dom: testDom, event: 42, detail: 7, eventName: undefined, detailName: undefined },
      { dom: testDom, event: 3, detail: 99, eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', detailName: undefined },
      { dom: testDom, event: 9, detail: 0, eventName: undefined, detailName: undefined },
    ]);
    expect(symbolicName(virDomainEventType, 9)).toBeUndefined();
  });

  it('keeps the reason beside a lifted msg (pmsuspend: {callbackID, reason, msg})', () => {
    const frame = eventFrame(330, bytes(words(4, 6), xdrDomain('test')));
    expect(deliver((events) => events.domain('pmsuspend'), frame)).toEqual([{ reason: 6, dom: testDom }]);
  });

  it('decodes a signed hyper (rtc-change offset) to a bigint', () => {
    const frame = eventFrame(320, bytes(words(4), xdrDomain('test'), words(0xffffffff, 0xfffffffb)));
    expect(deliver((events) => events.domain('rtc-change'), frame)).toEqual([{ dom: testDom, offset: -5n }]);
  });

  it('names block job type and status on the flat block-job-2 payload', () => {
    const frame = eventFrame(339, bytes(words(4), xdrDomain('test'), xdrString('vda'), words(2, 0)));
    expect(deliver((events) => events.domain('block-job-2'), frame)).toEqual([
      { dom: testDom, dst: 'vda', type: 2, status: 0, typeName: 'VIR_DOMAIN_BLOCK_JOB_TYPE_COPY', statusName: 'VIR_DOMAIN_BLOCK_JOB_COMPLETED' },
    ]);
  });

  it('decodes optional strings (metadata-change nsuri) as null or the string', () => {
    const absent = eventFrame(379, bytes(words(4), xdrDomain('test'), words(0), xdrOptionalString(null)));
    const present = eventFrame(379, bytes(words(4), xdrDomain('test'), words(2), xdrOptionalString('http://x/')));
    expect(deliver((events) => events.domain('metadata-change'), absent, present)).toEqual([
      { dom: testDom, type: 0, nsuri: null, typeName: 'VIR_DOMAIN_METADATA_DESCRIPTION' },
      { dom: testDom, type: 2, nsuri: 'http://x/', typeName: 'VIR_DOMAIN_METADATA_ELEMENT' },
    ]);
  });

  it('decodes and names the lifecycle events of pools, node devices and secrets, and their generic events', () => {
    const pool = { name: 'default', uuid: uuid(0x33) };
    const poolFrame = eventFrame(370, bytes(words(4), xdrString('default'), uuid(0x33), words(2, 0)));
    const refreshFrame = eventFrame(373, bytes(words(4), xdrString('default'), uuid(0x33)));
    expect(deliver((events) => events.storagePool('lifecycle'), poolFrame)).toEqual([{ pool, event: 2, detail: 0, eventName: 'VIR_STORAGE_POOL_EVENT_STARTED' }]);
    expect(deliver((events) => events.storagePool('refresh'), refreshFrame)).toEqual([{ pool }]);

    const devFrame = eventFrame(376, bytes(words(4), xdrString('pci_0000_00_02_0'), words(1, 0)));
    expect(deliver((events) => events.nodeDevice('lifecycle'), devFrame)).toEqual([
      { dev: { name: 'pci_0000_00_02_0' }, event: 1, detail: 0, eventName: 'VIR_NODE_DEVICE_EVENT_DELETED' },
    ]);

    const secret = { uuid: uuid(0x44), usageType: 2, usageID: 'ceph-client' };
    const secretBytes = bytes(uuid(0x44), words(2), xdrString('ceph-client'));
    expect(deliver((events) => events.secret('lifecycle'), eventFrame(382, bytes(words(4), secretBytes, words(1, 0))))).toEqual([
      { secret, event: 1, detail: 0, eventName: 'VIR_SECRET_EVENT_UNDEFINED' },
    ]);
    expect(deliver((events) => events.secret('value-changed'), eventFrame(383, bytes(words(4), secretBytes)))).toEqual([{ secret }]);
  });

  it('decodes QEMU monitor events of the QEMU program', () => {
    const payload = bytes(words(4), xdrDomain('test'), xdrString('STOP'), words(0, 1700000000), words(250), xdrOptionalString('{"a":1}'));
    expect(deliver((events) => events.qemuMonitor({ event: 'STOP' }), eventFrame(6, payload, { prog: QEMU }))).toEqual([
      { dom: testDom, event: 'STOP', seconds: 1700000000n, micros: 250, details: '{"a":1}' },
    ]);
  });

  it('routes the connection-close event, which has no callback ID, by its procedure', async () => {
    const incoming = new Subject<Frame>();
    const source = fakeEventSource(incoming, NEVER, () => of(undefined));
    const received: unknown[] = [];
    const subscription = new ConnectionEvents(source, { eventCallback: true, closeCallback: true }).connectionClose().subscribe((event) => received.push(event));
    incoming.next(eventFrame(362, words(1)));
    incoming.next(eventFrame(362, words(17)));
    subscription.unsubscribe();
    // The deregistration waits for the end of the turn, in case a subscriber comes back.
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([
      { reason: 1, reasonName: 'VIR_CONNECT_CLOSE_REASON_EOF' },
      { reason: 17, reasonName: undefined },
    ]);
    expect(source.calls).toEqual([
      { proc: 360, args: undefined },
      { proc: 361, args: undefined },
    ]);
  });

  it('delivers an event that arrives right behind the register reply', () => {
    const incoming = new Subject<Frame>();
    // The reply, and then, before anything else runs, an event for the new callback ID.
    const reply = of({ callbackID: 4 }).pipe(finalize(() => incoming.next(lifecycleFrame(4, 3, 0))));
    const source = fakeEventSource(incoming, NEVER, () => reply);
    const received: unknown[] = [];
    const events = new ConnectionEvents(source, { eventCallback: true, closeCallback: true });
    events.domain('lifecycle').subscribe((event) => received.push(event));
    expect(received).toHaveLength(1);
    expect(events.droppedEvents).toBe(0);
  });

  it('errors the addressed stream on a truncated payload', () => {
    const incoming = new Subject<Frame>();
    const source = fakeEventSource(incoming, NEVER, () => of({ callbackID: 4 }));
    let error: unknown;
    new ConnectionEvents(source, { eventCallback: true, closeCallback: true }).domain('lifecycle').subscribe({ error: (err: unknown) => (error = err) });
    incoming.next(eventFrame(318, words(4, 1)));
    expect(error).toBeInstanceOf(XdrError);
  });

  it('eventPayload drops callbackID and lifts msg', () => {
    expect(eventPayload({ callbackID: 1, reason: 2, msg: { dom: 'd' } })).toEqual({ reason: 2, dom: 'd' });
    expect(eventPayload({ callbackID: 1, dom: 'd', alias: 'a' })).toEqual({ dom: 'd', alias: 'a' });
  });
});

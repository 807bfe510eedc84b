// Compile-time checks of the event API's types: `npm run lint` type-checks this file, and each
// `@ts-expect-error` fails the type check if the line after it ever compiles.
import type { Observable } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import type { DomainLifecycleEvent } from '../../src/events/domain-events.js';
import { onRegistered } from '../../src/events/on-registered.js';
import { REGISTERED } from '../../src/events/registered.js';
import type { RemoteNonnullDomain, RemoteNonnullNetwork } from '../../src/generated/remote/types.js';

export function typeChecks(conn: Connection, dom: RemoteNonnullDomain, net: RemoteNonnullNetwork): Array<Observable<unknown>> {
  const lifecycle: Observable<DomainLifecycleEvent> = conn.events.domain('lifecycle', { dom });
  lifecycle.subscribe((event) => {
    const domain: RemoteNonnullDomain = event.dom;
    const paused: boolean = event.detailName === 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED';
    // @ts-expect-error: names are literal unions: a misspelt one does not compare
    void (event.eventName === 'VIR_DOMAIN_EVENT_SUSPEND');
    // @ts-expect-error: the `_LAST` sentinel is never an event name
    void (event.eventName === 'VIR_DOMAIN_EVENT_LAST');
    // @ts-expect-error: the routing field is not part of the event
    void event.callbackID;
    void [domain, paused];
  });
  conn.events.domain('pmsuspend').subscribe(({ reason, dom: suspended }) => void [reason, suspended.name]);
  // With the registration signal, REGISTERED comes among the events, and comparing narrows.
  const signalled: Observable<DomainLifecycleEvent | typeof REGISTERED> = conn.events.domain('lifecycle', { dom, registered: true });
  signalled.subscribe((item) => {
    if (item === REGISTERED) return;
    const name: string | undefined = item.eventName;
    void name;
  });
  // @ts-expect-error: without the option, no REGISTERED can come
  conn.events.domain('lifecycle').subscribe((item) => void (item === REGISTERED));
  conn.events.domain('lifecycle', { registered: true }).pipe(onRegistered(() => undefined)).subscribe((event) => void event.detailName);
  conn.events.connectionClose({ registered: true }).subscribe((item) => void (item === REGISTERED ? 'live' : item.reasonName));
  conn.events.qemuMonitor({ event: 'STOP', registered: true }).subscribe((item) => void (item === REGISTERED ? 'live' : item.event));
  conn.events.domain('block-job-2').subscribe(({ dst, statusName }) => void [dst, statusName]);
  conn.events.qemuMonitor({ event: 'STOP' }).subscribe(({ seconds }) => {
    const bigSeconds: bigint = seconds;
    void bigSeconds;
  });
  return [
    lifecycle,
    conn.events.network('lifecycle', { net }),
    // @ts-expect-error: no such domain event
    conn.events.domain('lifecylce'),
    // @ts-expect-error: a network is not a domain filter
    conn.events.domain('lifecycle', { dom: net }),
    // @ts-expect-error: storage pools have no `update` event (node devices do)
    conn.events.storagePool('update'),
    conn.events.nodeDevice('update'),
    // @ts-expect-error: the filter of network events is `net`
    conn.events.network('lifecycle', { dom }),
  ];
}

test('the event API type checks above are compiled by npm run lint', () => {
  expect(typeof typeChecks).toBe('function');
});

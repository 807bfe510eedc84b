// Compile-time checks of the event API's types: `npm run lint` type-checks this file, and each
// `@ts-expect-error` fails the type check if the line after it ever compiles.
import type { Observable } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import type { DomainLifecycleEvent } from '../../src/events/domain-events.js';
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

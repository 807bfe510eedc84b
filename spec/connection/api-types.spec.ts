// Compile-time checks of the generated API's types: `npm run lint` type-checks this file, and each
// `@ts-expect-error` fails the type check if the line after it ever compiles.
import type { Observable } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import type { RemoteNonnullDomain } from '../../src/generated/remote/types.js';

export function typeChecks(conn: Connection, dom: RemoteNonnullDomain): Array<Observable<unknown>> {
  const version: Observable<bigint> = conn.connectGetLibVersion();
  const found: Observable<RemoteNonnullDomain> = conn.domainLookupByName({ name: 'test' });
  const nothing: Observable<void> = conn.domainSuspend({ dom });
  return [
    version,
    found,
    nothing,
    // @ts-expect-error: a misspelt field name
    conn.domainLookupByName({ nam: 'test' }),
    // @ts-expect-error: a field of the wrong type
    conn.domainLookupByName({ name: 42 }),
    // @ts-expect-error: a procedure with an args struct needs its args
    conn.domainLookupByName(),
    // @ts-expect-error: `unsigned hyper` is a bigint, never a number
    conn.domainSetMaxMemory({ dom, memory: 1024 }),
    // @ts-expect-error: event messages are not methods
    conn.domainEventCallbackLifecycle,
    // @ts-expect-error: qemu procedures live under conn.qemu
    conn.domainMonitorCommand({ dom, cmd: 'info', flags: 0 }),
    conn.qemu.domainMonitorCommand({ dom, cmd: 'info', flags: 0 }),
  ];
}

test('the API type checks above are compiled by npm run lint', () => {
  expect(typeof typeChecks).toBe('function');
});

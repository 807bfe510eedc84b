// What every transport's test checks on an open connection: the domains, and a lifecycle event.
import { firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import { connect, type Connection, type ConnectOptions, onRegistered } from '../../src/index.js';
import { signal } from './signal.js';

/** Names of the domains, and the lifecycle events one suspend/resume round delivers on the same connection. */
export async function domainsAndEvents(conn: Connection): Promise<{ domains: string[]; events: (string | undefined)[] }> {
  const { domains } = await firstValueFrom(conn.connectListAllDomains({ need_results: 1, flags: 0 }));
  const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
  // Acting once the daemon has confirmed the registration: a later call on the same connection is
  // no barrier (libvirtd runs one client's calls on several workers).
  const live = signal();
  const events = firstValueFrom(conn.events.domain('lifecycle', { dom, registered: true }).pipe(onRegistered(live.fire), take(2), toArray(), timeout(5_000)));
  await Promise.race([live.fired, events]);
  await firstValueFrom(conn.domainSuspend({ dom }), { defaultValue: undefined });
  await firstValueFrom(conn.domainResume({ dom }), { defaultValue: undefined });
  return { domains: domains.map((d) => d.name), events: (await events).map((event) => event.eventName) };
}

export const SUSPEND_RESUME = ['VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_RESUMED'];

/** Opens `uri`, runs {@link domainsAndEvents}, closes. */
export async function checkTransport(uri: string, options: ConnectOptions = {}): Promise<{ domains: string[]; events: (string | undefined)[] }> {
  const conn = await firstValueFrom(connect(uri, { timeoutMs: 10_000, ...options }));
  try {
    return await domainsAndEvents(conn);
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

/** The error `connect` fails with (the test fails if it opens). */
export function connectFailure(uri: string, options: ConnectOptions = {}): Promise<unknown> {
  return firstValueFrom(connect(uri, { timeoutMs: 10_000, ...options })).then(
    async (conn) => {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
      throw new Error(`${uri} opened`);
    },
    (err: unknown) => err,
  );
}

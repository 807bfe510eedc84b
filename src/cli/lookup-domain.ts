import { firstValueFrom } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import type { RemoteNonnullDomain } from '../generated/remote/types.js';
import { LibvirtError } from '../rpc/libvirt-error.js';
import { parseUuid } from '../testing/uuid.js';
import { failingTo } from './failed-to.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A domain by id, UUID or name, tried in that order as virsh does: `1`, `6695eb01-...` and
 * `test` all work. A name that looks like an id or a UUID is still found by name; the error of
 * the last lookup (by name) is the one reported.
 */
export function lookupDomain(conn: Connection, domain: string): Promise<RemoteNonnullDomain> {
  return failingTo(`get domain '${domain}'`, () => lookup(conn, domain));
}

async function lookup(conn: Connection, domain: string): Promise<RemoteNonnullDomain> {
  if (/^\d+$/.test(domain) && Number(domain) <= 0x7fffffff) {
    const byId = await orNoDomain(firstValueFrom(conn.domainLookupById({ id: Number(domain) })));
    if (byId !== undefined) return byId;
  }
  if (UUID.test(domain)) {
    const byUuid = await orNoDomain(firstValueFrom(conn.domainLookupByUuid({ uuid: parseUuid(domain) })));
    if (byUuid !== undefined) return byUuid;
  }
  return firstValueFrom(conn.domainLookupByName({ name: domain }));
}

/** The domain, or undefined when the daemon has none by that key (any other failure is thrown). */
async function orNoDomain(lookup: Promise<RemoteNonnullDomain>): Promise<RemoteNonnullDomain | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof LibvirtError && error.codeName === 'VIR_ERR_NO_DOMAIN') return undefined;
    throw error;
  }
}

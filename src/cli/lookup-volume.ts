import { firstValueFrom } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import type { RemoteNonnullStorageVol } from '../generated/remote/types.js';
import { LibvirtError } from '../rpc/libvirt-error.js';
import { failingTo } from './failed-to.js';

/**
 * A volume as virsh finds one: by name in `pool`, or without a pool by its path, then its key.
 * The error of the last lookup is the one reported.
 */
export function lookupVolume(conn: Connection, volume: string, pool: string | undefined): Promise<RemoteNonnullStorageVol> {
  return failingTo(`get vol '${volume}'`, () => lookup(conn, volume, pool));
}

async function lookup(conn: Connection, volume: string, pool: string | undefined): Promise<RemoteNonnullStorageVol> {
  if (pool !== undefined) {
    const found = await firstValueFrom(conn.storagePoolLookupByName({ name: pool }));
    return firstValueFrom(conn.storageVolLookupByName({ pool: found, name: volume }));
  }
  try {
    return await firstValueFrom(conn.storageVolLookupByPath({ path: volume }));
  } catch (error) {
    if (!(error instanceof LibvirtError && error.codeName === 'VIR_ERR_NO_STORAGE_VOL')) throw error;
    return firstValueFrom(conn.storageVolLookupByKey({ key: volume }));
  }
}

// Upload a file into a storage volume; with the sparse flag, runs of zeros travel as holes.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, readFileChunks, virStorageVolUploadFlags } from '../src/index.js';

export async function uploadVolume(uri: string, poolName: string, volumeName: string, file: string): Promise<bigint> {
  const conn = await firstValueFrom(connect(uri));
  try {
    const pool = await firstValueFrom(conn.storagePool(poolName));
    const vol = await firstValueFrom(pool.volLookupByName({ name: volumeName }));
    const flags = virStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM;
    // Completes once the daemon has confirmed every byte (libvirt's finish handshake).
    await lastValueFrom(vol.upload({ offset: 0n, length: 0n, flags }).sending(readFileChunks(file, { sparse: true })), {
      defaultValue: undefined,
    });
    const { capacity } = await firstValueFrom(vol.getInfo());
    console.log(`${file} → ${poolName}/${volumeName} (${capacity} bytes)`);
    return capacity;
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

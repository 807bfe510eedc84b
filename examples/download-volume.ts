// Download a storage volume into a file, keeping its holes as holes: with the sparse flag the
// daemon sends holes instead of zeros, and writeToFile skips over them.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, virStorageVolDownloadFlags, writeToFile } from '../src/index.js';

export async function downloadVolume(uri: string, poolName: string, volumeName: string, file: string): Promise<number> {
  // libvirt counts a download among the operations a read-only connection may not do.
  const conn = await firstValueFrom(connect(uri));
  try {
    const pool = await firstValueFrom(conn.storagePool(poolName));
    const vol = await firstValueFrom(pool.volLookupByName({ name: volumeName }));
    const flags = virStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM;
    // writeToFile pulls: the socket pauses while the disk is slower than the network.
    const { size } = await firstValueFrom(vol.download({ offset: 0n, length: 0n, flags }).pipe(writeToFile(file)));
    console.log(`${volumeName}: ${size} bytes to ${file}`);
    return size;
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

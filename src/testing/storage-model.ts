import { virStoragePoolState, virStorageVolType } from '../generated/libvirt/libvirt.js';
import type {
  RemoteNonnullStoragePool,
  RemoteNonnullStorageVol,
  RemoteStoragePoolGetInfoRet,
  RemoteStorageVolGetInfoRet,
} from '../generated/remote/types.js';
import { DaemonErrors } from './daemon-error.js';
import { parseUuid } from './uuid.js';

/** Bytes at an offset of a volume; everything outside such extents reads as zeros (a hole). */
export interface VolumeExtent {
  readonly offset: number;
  readonly data: Uint8Array;
}

export interface FakeVolumeDefinition {
  readonly name: string;
  readonly capacity: number;
  /** The data; the rest of the volume is holes. */
  readonly extents?: readonly VolumeExtent[];
}

export interface FakePoolDefinition {
  readonly name: string;
  readonly uuid: string;
  readonly capacity?: number;
  readonly volumes?: readonly FakeVolumeDefinition[];
}

/** A piece of a volume as a stream carries it: bytes, or the length of a run of zeros. */
export type VolumeSegment = { readonly data: Uint8Array } | { readonly hole: number };

let sparseExtents: readonly VolumeExtent[] | undefined;

/** The test driver's pool, with a sparse volume (two extents in 4 MiB) and an empty one to upload into. */
export const DEFAULT_POOL: FakePoolDefinition = {
  name: 'default-pool',
  uuid: 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566',
  capacity: 107_374_182_400,
  volumes: [
    {
      name: 'sparse.img',
      capacity: 4 * 1024 * 1024,
      // Built on first use, not when the module loads: a process that imports rxvirt/testing
      // (the CLI's demo command, say) without reading this volume does not pay for 600 KB.
      get extents(): readonly VolumeExtent[] {
        return (sparseExtents ??= [
          { offset: 0, data: pattern(600_000, 1) },
          { offset: 3 * 1024 * 1024, data: pattern(4096, 7) },
        ]);
      },
    },
    { name: 'empty.img', capacity: 1024 * 1024 },
  ],
};

/** Recognisable bytes, `((i × step) mod 251) + 1`: never 0, so that no run of data reads as a hole. */
export function pattern(length: number, step: number): Uint8Array {
  // A loop, not Uint8Array.from with a callback, which takes about ten times as long.
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = ((i * step) % 251) + 1;
  return bytes;
}

/** A volume kept as sorted, non-overlapping extents of data; holes cost nothing. */
export class FakeVolume {
  private extents: VolumeExtent[];
  capacity: number;

  constructor(
    readonly pool: string,
    readonly name: string,
    definition: FakeVolumeDefinition,
  ) {
    this.capacity = definition.capacity;
    this.extents = [...(definition.extents ?? [])].sort((a, b) => a.offset - b.offset);
  }

  /** The test driver keys volumes by their path. */
  get key(): string {
    return `/${this.pool}/${this.name}`;
  }

  get ref(): RemoteNonnullStorageVol {
    return { pool: this.pool, name: this.name, key: this.key };
  }

  /** Bytes of data actually stored. */
  get allocation(): number {
    return this.extents.reduce((sum, extent) => sum + extent.data.length, 0);
  }

  info(): RemoteStorageVolGetInfoRet {
    return { type: virStorageVolType.VIR_STORAGE_VOL_FILE, capacity: BigInt(this.capacity), allocation: BigInt(this.allocation) };
  }

  /**
   * The volume from `offset`, for `length` bytes (0: to the end), as data pieces of at most
   * `chunk` bytes and holes (consecutive zeros are one hole).
   */
  *segments(offset: number, length: number, chunk: number): Generator<VolumeSegment> {
    const end = length === 0 ? this.capacity : Math.min(this.capacity, offset + length);
    let position = offset;
    for (const extent of this.extents) {
      const start = Math.max(extent.offset, position);
      const stop = Math.min(extent.offset + extent.data.length, end);
      if (stop <= start) continue;
      if (start > position) yield { hole: start - position };
      for (let at = start; at < stop; at += chunk) {
        yield { data: extent.data.subarray(at - extent.offset, Math.min(stop, at + chunk) - extent.offset) };
      }
      position = stop;
    }
    if (position < end) yield { hole: end - position };
  }

  /** Writes bytes (copied) at `offset`; the volume grows to hold them. */
  write(offset: number, data: Uint8Array): void {
    this.punch(offset, data.length);
    this.extents.push({ offset, data: data.slice() });
    this.extents.sort((a, b) => a.offset - b.offset);
  }

  /** Turns `length` bytes at `offset` into a hole; the volume grows to cover it. */
  punch(offset: number, length: number): void {
    const end = offset + length;
    this.extents = this.extents.flatMap((extent) => {
      const extentEnd = extent.offset + extent.data.length;
      if (extentEnd <= offset || extent.offset >= end) return [extent];
      const kept: VolumeExtent[] = [];
      if (extent.offset < offset) kept.push({ offset: extent.offset, data: extent.data.subarray(0, offset - extent.offset) });
      if (extentEnd > end) kept.push({ offset: end, data: extent.data.subarray(end - extent.offset) });
      return kept;
    });
    this.capacity = Math.max(this.capacity, end);
  }

  /** Every byte of the volume, holes as zeros: for tests to check what an upload wrote. */
  read(): Uint8Array {
    const bytes = new Uint8Array(this.capacity);
    for (const extent of this.extents) bytes.set(extent.data, extent.offset);
    return bytes;
  }
}

export class FakePool {
  readonly uuid: Uint8Array;
  readonly capacity: number;
  readonly volumes: FakeVolume[];

  constructor(readonly name: string, definition: FakePoolDefinition) {
    this.uuid = parseUuid(definition.uuid);
    this.capacity = definition.capacity ?? 107_374_182_400;
    this.volumes = (definition.volumes ?? []).map((volume) => new FakeVolume(name, volume.name, volume));
  }

  get ref(): RemoteNonnullStoragePool {
    return { name: this.name, uuid: this.uuid };
  }

  info(): RemoteStoragePoolGetInfoRet {
    const allocation = BigInt(this.volumes.reduce((sum, volume) => sum + volume.allocation, 0));
    const capacity = BigInt(this.capacity);
    return { state: virStoragePoolState.VIR_STORAGE_POOL_RUNNING, capacity, allocation, available: capacity - allocation };
  }

  volume(name: string): FakeVolume {
    const volume = this.volumes.find((candidate) => candidate.name === name);
    if (!volume) throw DaemonErrors.noStorageVol(`name '${name}'`);
    return volume;
  }
}

/** The fake daemon's storage: pools by name, volumes by pool and name, key or path. */
export class StorageModel {
  readonly pools: readonly FakePool[];

  constructor(definitions: readonly FakePoolDefinition[]) {
    this.pools = definitions.map((definition) => new FakePool(definition.name, definition));
  }

  pool(name: string): FakePool {
    const pool = this.pools.find((candidate) => candidate.name === name);
    if (!pool) throw DaemonErrors.noStoragePool(name);
    return pool;
  }

  /** The volume with this key, which for the test driver is also its path. */
  volumeByKey(key: string): FakeVolume {
    for (const pool of this.pools) {
      const volume = pool.volumes.find((candidate) => candidate.key === key);
      if (volume) return volume;
    }
    throw DaemonErrors.noStorageVol(`key '${key}'`);
  }

  /** The volume a `remote_nonnull_storage_vol` argument names. */
  of(ref: RemoteNonnullStorageVol): FakeVolume {
    return this.pool(ref.pool).volume(ref.name);
  }
}

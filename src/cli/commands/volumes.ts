import { stat } from 'node:fs/promises';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { virStorageVolDownloadFlags, virStorageVolUploadFlags } from '../../generated/libvirt/libvirt.js';
import { readFileChunks } from '../../streams/node/read-file-chunks.js';
import { writeToFile } from '../../streams/node/write-to-file.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { lookupVolume } from '../lookup-volume.js';
import { progressBar } from '../progress-bar.js';
import { failOnInterrupt, reportingProgress } from '../transfer.js';

const VOLUME_ARGS = {
  positionals: [
    { name: 'vol', description: 'volume name (with --pool), key or path' },
    { name: 'file', description: 'local file' },
  ],
  options: [
    { name: 'pool', value: 'POOL', description: 'pool name or uuid' },
    { name: 'offset', value: 'BYTES', description: 'volume offset to start at' },
    { name: 'length', value: 'BYTES', description: 'amount of data to transfer (0: to the end)' },
    { name: 'sparse', description: 'preserve sparseness: runs of zeros travel as holes' },
  ],
} as const;

/**
 * The CLI does one transfer and nothing else meanwhile, as virsh: its file is read and written on
 * the main thread, a frame or a read at a time, not through Node's thread pool (BENCHMARKS.md).
 */
const FILE_IO = { blocking: true } as const;

/** `vol-download --pool P VOL FILE [--sparse]`: a volume into a file, holes kept as holes. */
export const volDownloadCommand: CommandSpec = {
  ...VOLUME_ARGS,
  async run({ args, io, connection }) {
    const conn = await connection();
    const vol = await lookupVolume(conn, args.required('vol'), args.string('pool'));
    const offset = args.bigint('offset') ?? 0n;
    const length = args.bigint('length') ?? 0n;
    const flags = args.flag('sparse') ? virStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0;
    const { capacity } = await firstValueFrom(conn.storageVolGetInfo({ vol }));
    const total = length > 0n ? length : capacity - offset;
    const progress = progressBar(io.stderr, vol.name, Number(total));
    io.beforeTransfer?.();
    try {
      const download = reportingProgress(conn.storageVolDownload({ vol, offset, length, flags }), progress);
      await lastValueFrom(download.pipe(writeToFile(args.required('file'), FILE_IO), failOnInterrupt(io.interrupts)));
    } finally {
      progress.end();
    }
    return ExitCode.Ok;
  },
};

/** `vol-upload --pool P VOL FILE [--sparse]`: a file into a volume, zero blocks sent as holes with --sparse. */
export const volUploadCommand: CommandSpec = {
  ...VOLUME_ARGS,
  async run({ args, io, connection }) {
    const file = args.required('file');
    const { size } = await stat(file);
    const conn = await connection();
    const vol = await lookupVolume(conn, args.required('vol'), args.string('pool'));
    const offset = args.bigint('offset') ?? 0n;
    const length = args.bigint('length') ?? 0n;
    const sparse = args.flag('sparse');
    const flags = sparse ? virStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0;
    const progress = progressBar(io.stderr, vol.name, size);
    io.beforeTransfer?.();
    try {
      const source = reportingProgress(readFileChunks(file, { sparse, ...FILE_IO }), progress);
      const upload = conn.storageVolUpload({ vol, offset, length, flags }).sending(source);
      await lastValueFrom(upload.pipe(failOnInterrupt(io.interrupts)), { defaultValue: undefined });
    } finally {
      progress.end();
    }
    return ExitCode.Ok;
  },
};

// vol-download and vol-upload against libvirtd's qemu driver, on a directory pool made for the file.
import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, Subject } from 'rxjs';
import { connect, type Connection } from '../../src/index.js';
import type { RemoteNonnullStoragePool } from '../../src/generated/remote/types.js';
import { compileCli, removeCompiledCli } from './support/compile-cli.js';
import { CapturedOutput, runCli } from './support/run-cli.js';

const URI = 'qemu:///system';
const POOL = 'rxvirt-cli-spec';
const MiB = 1024 * 1024;
const rxvirt = (argv: string[], options?: Parameters<typeof runCli>[1]) => runCli(['-c', URI, ...argv], options);

/** A file of `size` bytes, holes but for `extents`. */
function sparseFile(path: string, size: number, extents: readonly { offset: number; bytes: number; fill: number }[]): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    for (const { offset, bytes, fill } of extents) writeSync(fd, Buffer.alloc(bytes, fill), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

/** Bytes the file really occupies on disk. */
const allocated = (path: string): number => statSync(path).blocks * 512;

describe(`rxvirt vol-download and vol-upload on ${URI}`, () => {
  let dir: string;
  let conn: Connection;
  let pool: RemoteNonnullStoragePool;
  /** The compiled executable, for the runs whose output goes through a real pipe. */
  let entry: string;
  beforeAll(async () => {
    entry = compileCli('cli-volumes-spec');
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-cli-pool-'));
    sparseFile(join(dir, 'sparse.img'), 8 * MiB, [
      { offset: 0, bytes: 100_000, fill: 0x41 },
      { offset: 5 * MiB, bytes: 5_000, fill: 0x42 },
    ]);
    sparseFile(join(dir, 'target.img'), 8 * MiB, []);
    sparseFile(join(dir, 'executable-target.img'), 4 * MiB, []);
    sparseFile(join(dir, 'full.img'), 48 * MiB, [{ offset: 0, bytes: 48 * MiB, fill: 0x43 }]);
    conn = await firstValueFrom(connect(URI));
    const xml = `<pool type='dir'><name>${POOL}</name><target><path>${dir}</path></target></pool>`;
    pool = await firstValueFrom(conn.storagePoolCreateXml({ xml, flags: 0 }));
  });
  afterAll(async () => {
    await firstValueFrom(conn.storagePoolDestroy({ pool }), { defaultValue: undefined });
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    rmSync(dir, { recursive: true, force: true });
    removeCompiledCli('cli-volumes-spec');
  });

  it('downloads with --sparse: the same bytes, and the file stays sparse', async () => {
    const out = join(dir, 'downloaded.img');
    const { code, stdout, stderr } = await rxvirt(['vol-download', '--pool', POOL, 'sparse.img', out, '--sparse']);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out).equals(readFileSync(join(dir, 'sparse.img')))).toBe(true);
    expect(allocated(out)).toBeLessThan(MiB);
  });

  it.each([
    ['', []],
    [' --sparse', ['--sparse']],
  ])('downloads%s to /dev/stdout piped into cmp: holes come out as zeros', async (_title, flags: string[]) => {
    // The executable, its stdout a real pipe into cmp, which compares it with the volume's file.
    const command = `"$0" "$1" -c ${URI} vol-download --pool ${POOL} sparse.img /dev/stdout ${flags.join(' ')} | cmp - "$2"`;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile('sh', ['-c', command, process.execPath, entry, join(dir, 'sparse.img')], { timeout: 20_000 }, (error, _stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr }),
      );
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('uploads through the executable (a process of its own, as the bin runs, with its transfer tuning): the volume gets the bytes', async () => {
    const source = join(dir, 'executable-source.bin');
    const bytes = Buffer.alloc(3 * MiB + 12_345);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    writeFileSync(source, bytes);
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [entry, '-c', URI, 'vol-upload', '--pool', POOL, 'executable-target.img', source], { timeout: 20_000 }, (error, out, err) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout: out, stderr: err }),
      );
    });
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).not.toContain('rxvirt: error');
    expect(readFileSync(join(dir, 'executable-target.img')).subarray(0, bytes.length).equals(bytes)).toBe(true);
  });

  it('uploads with --sparse: the volume gets the bytes, and its holes stay holes', async () => {
    const source = join(dir, 'source.bin');
    sparseFile(source, 8 * MiB, [{ offset: 3 * MiB, bytes: 70_000, fill: 0x5a }]);
    expect((await rxvirt(['vol-upload', '--pool', POOL, 'target.img', source, '--sparse'])).code).toBe(0);
    expect(readFileSync(join(dir, 'target.img')).equals(readFileSync(source))).toBe(true);
    expect(allocated(join(dir, 'target.img'))).toBeLessThan(MiB);
  });

  it('aborts the stream on Ctrl-C, exits 130, and the daemon serves the next download', async () => {
    const interrupts = new Subject<void>();
    // A terminal's stderr: the first progress bar drawn is the moment to press Ctrl-C.
    const stderr = new CapturedOutput(true, (text) => {
      if (text.startsWith('\r')) interrupts.next();
    });
    const out = join(dir, 'interrupted.img');
    const run = await rxvirt(['vol-download', '--pool', POOL, 'full.img', out], { interrupts, stderr });
    expect(run.code).toBe(130);
    expect(stderr.text.split('\n')).toEqual([expect.stringMatching(/^\rfull\.img {2}\[/), 'rxvirt: interrupted', '']);
    expect(statSync(out).size).toBeLessThan(48 * MiB);

    const again = await rxvirt(['vol-download', '--pool', POOL, 'sparse.img', join(dir, 'again.img')]);
    expect(again.code).toBe(0);
  });

  it('says on one line which volume is missing', async () => {
    const { code, stderr } = await rxvirt(['vol-download', '--pool', POOL, 'missing.img', join(dir, 'x.img')]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `rxvirt: error: failed to get vol 'missing.img': Storage volume not found: no storage vol with matching name 'missing.img' (VIR_ERR_NO_STORAGE_VOL, ${URI})\n`,
    );
  });
});

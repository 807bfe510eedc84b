import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { consoleLine } from '../../examples/console.js';
import { downloadVolume } from '../../examples/download-volume.js';
import { keepaliveDashboard } from '../../examples/keepalive-dashboard.js';
import { listDomains } from '../../examples/list-domains.js';
import { screenshot } from '../../examples/screenshot.js';
import { uploadVolume } from '../../examples/upload-volume.js';
import { watchLifecycle } from '../../examples/watch-lifecycle.js';
import { connect, LibvirtError } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { listenFakeDaemon } from '../../src/testing/node/index.js';

const MiB = 1 << 20;

/** Runs an example with console.log captured; returns its result and what it printed. */
async function quietly<T>(example: () => Promise<T>): Promise<{ result: T; lines: unknown[][] }> {
  const lines: unknown[][] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
  try {
    return { result: await example(), lines };
  } finally {
    log.mockRestore();
  }
}

describe('examples', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-examples-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists domains with their states', async () => {
    const { result } = await quietly(() => listDomains());
    expect(result).toEqual([{ name: 'test', id: expect.any(Number), state: 'VIR_DOMAIN_RUNNING' }]);
  });

  it('watches lifecycle events', async () => {
    const { result } = await quietly(() => watchLifecycle());
    expect(result).toEqual([
      'test: VIR_DOMAIN_EVENT_SUSPENDED (VIR_DOMAIN_EVENT_SUSPENDED_PAUSED)',
      'test: VIR_DOMAIN_EVENT_RESUMED (VIR_DOMAIN_EVENT_RESUMED_UNPAUSED)',
    ]);
  });

  it('saves a screenshot', async () => {
    const file = join(dir, 'screen.png');
    const { result } = await quietly(() => screenshot(file));
    expect(result).toBe('image/png');
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });

  it('opens a console, which the test driver refuses with a typed error', async () => {
    const error = await quietly(() => consoleLine()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).codeName).toBe('VIR_ERR_NO_SUPPORT');
  });

  it("talks to a console both ways (the fake daemon's guest echoes)", async () => {
    const daemon = new FakeDaemon();
    const listener = await listenFakeDaemon(daemon, join(dir, 'console.sock'));
    try {
      const { result, lines } = await quietly(() => consoleLine(`test+unix:///default?socket=${listener.path}`, 'test', 'uname\r'));
      expect(result).toBe('uname\r');
      expect(lines).toEqual([['uname\r']]);
    } finally {
      await listener.close();
      daemon.close();
    }
  });

  describe('with a dir pool on qemu:///system', () => {
    const poolName = `rxvirt-examples-${process.pid}`;
    let poolDir: string;
    beforeAll(async () => {
      poolDir = join(dir, 'pool');
      mkdirSync(poolDir);
      // 64 MiB with one MiB of data in the middle; the rest is a hole.
      writeFileSync(join(poolDir, 'disk.img'), '');
      truncateSync(join(poolDir, 'disk.img'), 64 * MiB);
      writeFileSync(join(poolDir, 'disk.img'), Buffer.alloc(MiB, 0x5a), { flag: 'r+' });
      writeFileSync(join(poolDir, 'target.img'), '');
      const conn = await firstValueFrom(connect('qemu:///system'));
      const xml = `<pool type='dir'><name>${poolName}</name><target><path>${poolDir}</path></target></pool>`;
      await firstValueFrom(conn.objects.storagePoolCreateXml({ xml, flags: 0 }));
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    });
    afterAll(async () => {
      const conn = await firstValueFrom(connect('qemu:///system'));
      const pool = await firstValueFrom(conn.objects.storagePoolLookupByName({ name: poolName }));
      await lastValueFrom(pool.destroy(), { defaultValue: undefined });
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    });

    it('downloads a volume into a sparse file', async () => {
      const file = join(dir, 'disk.out');
      const { result } = await quietly(() => downloadVolume('qemu:///system', poolName, 'disk.img', file));
      expect(result).toBe(64 * MiB);
      expect(readFileSync(file).equals(readFileSync(join(poolDir, 'disk.img')))).toBe(true);
      expect(statSync(file).blocks * 512).toBeLessThan(8 * MiB);
    });

    it('uploads a file into a volume', async () => {
      const source = join(dir, 'upload.img');
      writeFileSync(source, Buffer.concat([Buffer.alloc(2 * MiB), Buffer.alloc(MiB, 0xa5)]));
      const { result } = await quietly(() => uploadVolume('qemu:///system', poolName, 'target.img', source));
      expect(result).toBe(BigInt(3 * MiB));
      expect(readFileSync(join(poolDir, 'target.img')).equals(readFileSync(source))).toBe(true);
    });
  });

  it('shows a healthy connection open, then closed', async () => {
    const { result } = await quietly(() => keepaliveDashboard('test+unix:///default', { interval: 5, count: 5 }, 100));
    expect(result).toEqual(['open', 'closing', 'closed']);
  });

  it('shows a connection lost to keepalive when the daemon stops answering (fake daemon on a socket)', async () => {
    const daemon = new FakeDaemon();
    const listener = await listenFakeDaemon(daemon, join(dir, 'fake.sock'));
    try {
      daemon.faults.ignorePings();
      const uri = `test+unix:///default?socket=${listener.path}`;
      const { result } = await quietly(() => keepaliveDashboard(uri, { interval: 1, count: 1 }, 10_000));
      expect(result).toEqual(['open', 'lost: no keepalive answer in 1 pings']);
    } finally {
      await listener.close();
      daemon.close();
    }
  });
});

// qemu:///system storage pools and the admin connection, compared with virsh and virt-admin.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, connectAdmin, type Connection, LibvirtError } from '../../src/index.js';
import { virsh, virshDaemonVersion } from '../support/virsh.js';

const QEMU_URI = 'qemu:///system';

describe('qemu:///system storage pools', () => {
  let conn: Connection;
  let dir: string;
  const poolName = `rxvirt-spec-${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-pool-'));
    conn = await firstValueFrom(connect(QEMU_URI));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a dir pool, lists it like virsh, and manages a volume in it', async () => {
    const pool = await firstValueFrom(
      conn.storagePoolCreateXml({
        xml: `<pool type='dir'><name>${poolName}</name><target><path>${dir}</path></target></pool>`,
        flags: 0,
      }),
    );
    try {
      expect(pool.name).toBe(poolName);
      const listed = await firstValueFrom(conn.connectListAllStoragePools({ need_results: 1, flags: 0 }));
      const names = listed.pools.map((p) => p.name).sort();
      expect(names).toEqual(virsh(QEMU_URI, 'pool-list', '--all', '--name').split('\n').map((line) => line.trim()).filter(Boolean).sort());
      expect(names).toContain(poolName);

      const vol = await firstValueFrom(
        conn.storageVolCreateXml({
          pool,
          xml: `<volume><name>v1.img</name><capacity unit='bytes'>1048576</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>`,
          flags: 0,
        }),
      );
      expect(vol.key).toBe(join(dir, 'v1.img'));
      const info = await firstValueFrom(conn.storageVolGetInfo({ vol }));
      expect(info.capacity).toBe(1048576n);
      expect(statSync(join(dir, 'v1.img')).size).toBe(1048576);
      const path = await firstValueFrom(conn.storageVolGetPath({ vol }));
      expect(path).toBe(join(dir, 'v1.img'));
      await lastValueFrom(conn.storageVolDelete({ vol, flags: 0 }), { defaultValue: undefined });
      await expect(firstValueFrom(conn.storageVolLookupByName({ pool, name: 'v1.img' }))).rejects.toMatchObject({
        codeName: 'VIR_ERR_NO_STORAGE_VOL',
      });
    } finally {
      await lastValueFrom(conn.storagePoolDestroy({ pool }), { defaultValue: undefined });
    }
    await expect(firstValueFrom(conn.storagePoolLookupByName({ name: poolName }))).rejects.toBeInstanceOf(LibvirtError);
  });
});

describe('admin connection (libvirtd:///system)', () => {
  it('lists the same servers as virt-admin srv-list', async () => {
    const admin = await firstValueFrom(connectAdmin());
    try {
      const listed = await firstValueFrom(admin.connectListServers({ need_results: 1, flags: 0 }));
      const names = listed.servers.map((server) => server.name).sort();
      const expected = execFileSync('virt-admin', ['srv-list'], { encoding: 'utf8' })
        .split('\n')
        .slice(2)
        .map((line) => line.trim().split(/\s+/)[1])
        .filter(Boolean)
        .sort();
      expect(names).toEqual(expected);
      expect(names).toContain('libvirtd');
      const version = await firstValueFrom(admin.connectGetLibVersion());
      expect(version).toBe(virshDaemonVersion('test+unix:///default'));
    } finally {
      await lastValueFrom(admin.close(), { defaultValue: undefined });
    }
  });
});

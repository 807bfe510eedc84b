// The object layer against libvirtd: the test driver's domain, snapshots, network, pool, host
// interface and node devices, and a secret on qemu:///system.
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import {
  connect,
  type Connection,
  Domain,
  DomainSnapshot,
  Interface,
  LibvirtError,
  Network,
  NodeDevice,
  Secret,
  StoragePool,
} from '../../src/index.js';

const done = (call: Observable<unknown>): Promise<unknown> => lastValueFrom(call, { defaultValue: undefined });

describe('objects on the test driver', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect('test+unix:///default'));
  });
  afterAll(() => done(conn.close()));

  it('looks the domain up and calls its procedures', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    expect(dom).toBeInstanceOf(Domain);
    expect(await firstValueFrom(dom.getXmlDesc({ flags: 0 }))).toMatch(/<name>test<\/name>/);
    expect(await firstValueFrom(dom.getInfo())).toMatchObject({ nrVirtCpu: 2 });
    expect(await firstValueFrom(dom.isActive())).toBe(1);
    const { domains } = await firstValueFrom(conn.objects.connectListAllDomains({ need_results: 1, flags: 0 }));
    expect(domains.map((found) => found.name)).toContain('test');
    expect(domains.every((found) => found instanceof Domain)).toBe(true);
  });

  it('creates, lists, reads and deletes a snapshot through objects', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    const name = `rxvirt-objects-${process.pid}`;
    const snap = await firstValueFrom(
      dom.snapshotCreateXml({ xml_desc: `<domainsnapshot><name>${name}</name></domainsnapshot>`, flags: 0 }),
    );
    try {
      expect(snap).toBeInstanceOf(DomainSnapshot);
      expect(snap.name).toBe(name);
      expect(snap.dom.name).toBe('test');
      expect(await firstValueFrom(snap.getXmlDesc({ flags: 0 }))).toContain(`<name>${name}</name>`);
      const { snapshots } = await firstValueFrom(dom.listAllSnapshots({ need_results: 1, flags: 0 }));
      expect(snapshots.map((found) => found instanceof DomainSnapshot && found.name)).toContain(name);
      expect((await firstValueFrom(dom.snapshotLookupByName({ name, flags: 0 }))).name).toBe(name);
    } finally {
      await done(snap.delete({ flags: 0 }));
    }
    const error = await firstValueFrom(dom.snapshotLookupByName({ name, flags: 0 })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).codeName).toBe('VIR_ERR_NO_DOMAIN_SNAPSHOT');
  });

  it('reads the default network and pool', async () => {
    const net = await firstValueFrom(conn.objects.networkLookupByName({ name: 'default' }));
    expect(net).toBeInstanceOf(Network);
    expect(await firstValueFrom(net.isActive())).toBe(1);
    expect(await firstValueFrom(net.getXmlDesc({ flags: 0 }))).toMatch(/<name>default<\/name>/);
    const pool = await firstValueFrom(conn.objects.storagePoolLookupByName({ name: 'default-pool' }));
    expect(pool).toBeInstanceOf(StoragePool);
    expect((await firstValueFrom(pool.getInfo())).state).toBe(2); // VIR_STORAGE_POOL_RUNNING
    const { ret } = await firstValueFrom(pool.listAllVolumes({ need_results: 1, flags: 0 }));
    expect(ret).toBe(await firstValueFrom(pool.numOfVolumes()));
  });

  it('reads the host interface and the node devices by name', async () => {
    const { ifaces } = await firstValueFrom(conn.objects.connectListAllInterfaces({ need_results: 1, flags: 0 }));
    const eth1 = ifaces.find((iface) => iface.name === 'eth1');
    expect(eth1).toBeInstanceOf(Interface);
    expect(await firstValueFrom((eth1 as Interface).getXmlDesc({ flags: 0 }))).toContain("<interface type='ethernet' name='eth1'>");
    const { devices } = await firstValueFrom(conn.objects.connectListAllNodeDevices({ need_results: 1, flags: 0 }));
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((dev) => dev instanceof NodeDevice)).toBe(true);
    const computer = await firstValueFrom(conn.objects.nodeDeviceLookupByName({ name: 'computer' }));
    expect(await firstValueFrom(computer.getXmlDesc({ flags: 0 }))).toContain('<name>computer</name>');
    expect(await firstValueFrom(computer.listCaps({ maxnames: 16 }))).toEqual(['system']);
  });
});

describe('a secret on qemu:///system', () => {
  it('is defined, holds a value and is undefined through its object', async () => {
    const conn = await firstValueFrom(connect('qemu:///system'));
    try {
      const xml = `<secret ephemeral='yes' private='yes'><description>rxvirt objects ${process.pid}</description></secret>`;
      const secret = await firstValueFrom(conn.objects.secretDefineXml({ xml, flags: 0 }));
      try {
        expect(secret).toBeInstanceOf(Secret);
        const value = new TextEncoder().encode('s3cret');
        await done(secret.setValue({ value, flags: 0 }));
        expect(await firstValueFrom(conn.objects.secretLookupByUuid({ uuid: secret.uuid }))).toEqual(secret);
        expect(await firstValueFrom(secret.getXmlDesc({ flags: 0 }))).toContain(`rxvirt objects ${process.pid}`);
      } finally {
        await done(secret.undefine());
      }
    } finally {
      await done(conn.close());
    }
  });
});

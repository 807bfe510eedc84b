// One object API on test+unix:///default: the flat methods hand out objects, and the common
// lookups take what identifies an object (python-libvirt's conn.lookupByName('x').suspend()).
import { firstValueFrom, lastValueFrom, take, timeout } from 'rxjs';
import { ArgumentError, connect, type Connection, Domain, onRegistered, Interface, Network, StoragePool, StorageVol } from '../../src/index.js';
import { formatUuid } from '../../src/protocol/uuid.js';
import { virsh } from '../support/virsh.js';

const TEST_URI = 'test+unix:///default';

describe('the object API on test+unix:///default', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect(TEST_URI));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('runs the lines a python-libvirt user would write (lookup, suspend, list, memory parameters, state)', async () => {
    const dom = await firstValueFrom(conn.domain('test'));
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    expect(virsh(TEST_URI, 'domstate', 'test').trim()).toBe('paused');
    await lastValueFrom(dom.resume(), { defaultValue: undefined });
    const { domains } = await firstValueFrom(conn.connectListAllDomains());
    expect(domains.map((found) => [found instanceof Domain, found.name])).toEqual([[true, 'test']]);
    expect((await firstValueFrom(domains[0].getXmlDesc())).trimEnd()).toBe(virsh(TEST_URI, 'dumpxml', 'test').trimEnd());
    const memory = await firstValueFrom(dom.getMemoryParameters());
    expect(memory).toEqual({ hard_limit: 9007199254740991n, soft_limit: 9007199254740991n, swap_hard_limit: 9007199254740991n });
    const { state, stateName } = await firstValueFrom(dom.getState());
    expect([state, stateName]).toEqual([1, 'VIR_DOMAIN_RUNNING']);
  });

  it('hands out objects from the flat lookups, lists and defines, each a valid reference still', async () => {
    const byName = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    expect(byName).toBeInstanceOf(Domain);
    // An object is its reference: the flat API and the wire take it as before.
    expect(await firstValueFrom(conn.domainGetXmlDesc({ dom: byName }))).toContain('<name>test</name>');
    const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
    expect(pool).toBeInstanceOf(StoragePool);
    const { pools } = await firstValueFrom(conn.connectListAllStoragePools());
    expect(pools.every((found) => found instanceof StoragePool)).toBe(true);
  });

  it("hands out events' references as objects of the connection", async () => {
    const dom = await firstValueFrom(conn.domain('test'));
    const event = await lastValueFrom(
      conn.events.domain('lifecycle', { dom, registered: true }).pipe(
        onRegistered(() => dom.suspend().subscribe()),
        take(1),
        timeout(10_000),
      ),
    );
    expect(event.dom).toBeInstanceOf(Domain);
    expect(event).toMatchObject({ eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', dom: { name: 'test' } });
    await lastValueFrom(event.dom.resume(), { defaultValue: undefined });
    expect(virsh(TEST_URI, 'domstate', 'test').trim()).toBe('running');
    await firstValueFrom(conn.events.settled());
  });

  it('names enum fields of replies beside their numbers', async () => {
    const dom = await firstValueFrom(conn.domain('test'));
    const running = await firstValueFrom(dom.getState());
    expect(running).toMatchObject({ state: 1, stateName: 'VIR_DOMAIN_RUNNING' });
    // The reason in the running state's own enum, as virsh domstate --reason says it.
    const [, virshReason] = /\((.*)\)/.exec(virsh(TEST_URI, 'domstate', '--reason', 'test')) ?? [];
    expect(running.reasonName?.replace('VIR_DOMAIN_RUNNING_', '').toLowerCase().replace(/_/g, ' ')).toBe(virshReason);
    expect(await firstValueFrom(dom.getInfo())).toMatchObject({ state: 1, stateName: 'VIR_DOMAIN_RUNNING' });
    const pool = await firstValueFrom(conn.storagePool('default-pool'));
    expect(await firstValueFrom(pool.getInfo())).toMatchObject({ state: 2, stateName: 'VIR_STORAGE_POOL_RUNNING' });
    const vol = await firstValueFrom(pool.volCreateXml({ xml: `<volume><name>rxvirt-names-${process.pid}.img</name><capacity>1024</capacity></volume>` }));
    try {
      expect(await firstValueFrom(vol.getInfo())).toMatchObject({ type: 0, typeName: 'VIR_STORAGE_VOL_FILE' });
    } finally {
      await lastValueFrom(vol.delete(), { defaultValue: undefined });
    }
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    try {
      expect(await firstValueFrom(conn.domainGetState({ dom }))).toMatchObject({ state: 3, stateName: 'VIR_DOMAIN_PAUSED', reasonName: 'VIR_DOMAIN_PAUSED_USER' });
      expect(virsh(TEST_URI, 'domstate', '--reason', 'test').trim()).toBe('paused (user)');
    } finally {
      await lastValueFrom(dom.resume(), { defaultValue: undefined });
    }
  });

  it('looks a domain up by id, name, UUID text and UUID bytes, as virsh does', async () => {
    const uuidText = virsh(TEST_URI, 'domuuid', 'test').trim();
    const [byId, byName, byText] = await Promise.all([firstValueFrom(conn.domain(1)), firstValueFrom(conn.domain('test')), firstValueFrom(conn.domain(uuidText))]);
    const byBytes = await firstValueFrom(conn.domain(byName.uuid));
    for (const dom of [byId, byName, byText, byBytes]) {
      expect(dom).toBeInstanceOf(Domain);
      expect([dom.name, formatUuid(dom.uuid)]).toEqual(['test', uuidText]);
    }
  });

  it('looks up networks, pools, volumes and interfaces by their keys', async () => {
    const net = await firstValueFrom(conn.network('default'));
    expect(net).toBeInstanceOf(Network);
    expect((await firstValueFrom(conn.network(net.uuid))).name).toBe('default');
    const pool = await firstValueFrom(conn.storagePool('default-pool'));
    expect((await firstValueFrom(conn.storagePool(formatUuid(pool.uuid)))).name).toBe('default-pool');
    const vol = await firstValueFrom(pool.volCreateXml({ xml: "<volume><name>rxvirt-lookup.img</name><capacity unit='KiB'>64</capacity></volume>" }));
    try {
      const path = await firstValueFrom(vol.getPath());
      const [byPath, byKey] = await Promise.all([firstValueFrom(conn.storageVol(path)), firstValueFrom(conn.storageVol(vol.key))]);
      expect([byPath instanceof StorageVol, byPath.name, byKey.name]).toEqual([true, 'rxvirt-lookup.img', 'rxvirt-lookup.img']);
    } finally {
      await lastValueFrom(vol.delete(), { defaultValue: undefined });
    }
    expect(await firstValueFrom(conn.interface('eth1'))).toBeInstanceOf(Interface);
  });

  it("refuses a key of the wrong kind with an ArgumentError, and a missing object with the daemon's error", async () => {
    const wrong = await firstValueFrom(conn.storagePool(42 as unknown as string)).catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(ArgumentError);
    expect((wrong as Error).message).toBe('storagePool: key: expected a name or a UUID, got 42');
    const missing = await firstValueFrom(conn.domain('no-such-domain')).catch((err: unknown) => err);
    expect(missing).toMatchObject({ codeName: 'VIR_ERR_NO_DOMAIN' });
  });
});

// The object layer against the fake daemon: objects from conn.objects and from other objects'
// methods, their calls, their replies' references as objects, streams, and errors.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { collectBytes, type Connection, Domain, LibvirtError, StoragePool, StorageVol } from '../../src/index.js';
import { FakeDaemon, SCREENSHOT_MIME, SCREENSHOT_PNG } from '../../src/testing/index.js';

const SPARSE = 1; // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM

describe('objects on the fake daemon', () => {
  let daemon: FakeDaemon;
  let conn: Connection;
  beforeEach(async () => {
    daemon = new FakeDaemon();
    conn = await firstValueFrom(daemon.connect());
  });
  afterEach(() => daemon.close());

  it('looks a domain up as a Domain carrying its reference, frozen', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    const ref = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    expect(dom).toBeInstanceOf(Domain);
    expect(Domain.name).toBe('Domain');
    expect({ ...dom }).toEqual(ref);
    expect(Object.isFrozen(dom)).toBe(true);
    expect(Object.keys(dom)).toEqual(['name', 'uuid', 'id']);
  });

  it('calls procedures with the object as their first argument', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    expect(await firstValueFrom(dom.getXmlDesc({ flags: 0 }))).toMatch(/^<domain type='test'/);
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    expect(await firstValueFrom(dom.getState({ flags: 0 }))).toEqual({ state: 3, reason: 1, stateName: 'VIR_DOMAIN_PAUSED', reasonName: 'VIR_DOMAIN_PAUSED_USER' });
    await lastValueFrom(dom.resume(), { defaultValue: undefined });
    expect((await firstValueFrom(dom.getState({ flags: 0 }))).state).toBe(1);
  });

  it('is a reference wherever the flat API takes one', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    expect(await firstValueFrom(conn.domainGetAutostart({ dom }))).toBe(0);
  });

  it('wraps references from the flat API and events with from()', async () => {
    const ref = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const dom = Domain.from(conn, ref);
    expect(dom).toBeInstanceOf(Domain);
    expect(await firstValueFrom(dom.getAutostart())).toBe(0);
  });

  it('lists every domain as Domains, keeping the other fields of the reply', async () => {
    const { domains, ret } = await firstValueFrom(conn.objects.connectListAllDomains({ need_results: 1, flags: 0 }));
    expect(ret).toBe(1);
    expect(domains.map((dom) => dom instanceof Domain && dom.name)).toEqual(['test']);
  });

  it('hands out objects of other classes from object methods: pool → volumes → download', async () => {
    const pool = await firstValueFrom(conn.objects.storagePoolLookupByName({ name: 'default-pool' }));
    expect(pool).toBeInstanceOf(StoragePool);
    const { vols } = await firstValueFrom(pool.listAllVolumes({ need_results: 1, flags: 0 }));
    expect(vols.every((vol) => vol instanceof StorageVol)).toBe(true);
    const vol = await firstValueFrom(pool.volLookupByName({ name: 'sparse.img' }));
    expect(vol).toBeInstanceOf(StorageVol);
    const info = await firstValueFrom(vol.getInfo());
    const items = await lastValueFrom(vol.download({ offset: 0n, length: 0n, flags: SPARSE }).pipe(toArray()));
    const size = items.reduce((sum, item) => sum + ('data' in item ? BigInt(item.data.length) : 'hole' in item ? item.hole.length : 0n), 0n);
    expect(size).toBe(info.capacity);
    expect(items.some((item) => 'hole' in item)).toBe(true);
  });

  it('takes screenshots through the object, as a stream', async () => {
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    const { reply, bytes } = await firstValueFrom(dom.screenshot({ screen: 0, flags: 0 }).pipe(collectBytes()));
    expect(reply).toBe(SCREENSHOT_MIME);
    expect(Buffer.from(bytes).equals(Buffer.from(SCREENSHOT_PNG))).toBe(true);
  });

  it('fails with the daemon error, as the flat API does', async () => {
    const error = await firstValueFrom(conn.objects.domainLookupByName({ name: 'missing' })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).codeName).toBe('VIR_ERR_NO_DOMAIN');
  });
});

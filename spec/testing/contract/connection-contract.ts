// Assertions that hold for libvirtd with its test driver and for the fake daemon alike: the
// same test body runs against both (spec/testing/connection.spec.ts, spec/integration/fake-parity.spec.ts),
// so the fake cannot drift from the real daemon on what they share.
import { firstValueFrom, forkJoin, lastValueFrom, map, type Observable, toArray } from 'rxjs';
import { type Connection, LibvirtError } from '../../../src/index.js';

/** Declares the shared tests; `connection()` is the open connection of the enclosing describe. */
export function connectionContract(connection: () => Connection): void {
  const conn = (): Connection => connection();
  const testDomain = () => firstValueFrom(conn().domainLookupByName({ name: 'test' }));
  const failure = (call: Observable<unknown>): Promise<unknown> => firstValueFrom(call).catch((err: unknown) => err);

  it('learns every feature during the handshake', () => {
    expect(conn().features).toEqual({ keepalive: true, typedParamString: true, eventCallback: true, closeCallback: true });
  });

  it('reports libvirt 9.0.0 and the TEST driver', async () => {
    await expect(firstValueFrom(conn().connectGetLibVersion())).resolves.toBe(9_000_000n);
    await expect(firstValueFrom(conn().connectGetType())).resolves.toBe('TEST');
  });

  it("reads the test driver's node info", async () => {
    await expect(firstValueFrom(conn().nodeGetInfo())).resolves.toEqual({
      model: 'i686', memory: 3_145_728n, cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2,
    });
  });

  it('looks up the test domain by name, id and UUID', async () => {
    const dom = await testDomain();
    expect(dom).toMatchObject({ name: 'test' });
    expect(dom.uuid).toEqual(Uint8Array.from([0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f]));
    await expect(firstValueFrom(conn().domainLookupById({ id: dom.id }))).resolves.toEqual(dom);
    await expect(firstValueFrom(conn().domainLookupByUuid({ uuid: dom.uuid }))).resolves.toEqual(dom);
    const listed = await firstValueFrom(conn().connectListAllDomains({ need_results: 1, flags: 0 }));
    expect(listed.domains.map((d) => d.name)).toEqual(['test']);
    expect(listed.ret).toBe(1);
  });

  it('reads the domain info and XML', async () => {
    const dom = await testDomain();
    const info = await firstValueFrom(conn().domainGetInfo({ dom }));
    expect(info).toMatchObject({ state: 1, maxMem: 8_388_608n, memory: 2_097_152n, nrVirtCpu: 2 });
    const xml = await firstValueFrom(conn().domainGetXmlDesc({ dom, flags: 0 }));
    expect(xml).toContain(`<domain type='test' id='${dom.id}'>`);
    expect(xml).toContain('<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>');
  });

  it('fails a missing domain with VIR_ERR_NO_DOMAIN from VIR_FROM_TEST', async () => {
    const error = await failure(conn().domainLookupByName({ name: 'no-such-domain' }));
    expect(error).toBeInstanceOf(LibvirtError);
    expect(error).toMatchObject({ code: 42, codeName: 'VIR_ERR_NO_DOMAIN', domain: 12, domainName: 'VIR_FROM_TEST', level: 2, libvirtMessage: 'Domain not found' });
  });

  it('fails an unknown procedure with VIR_ERR_RPC "unknown procedure: N", and the connection goes on', async () => {
    const dom = await testDomain();
    const error = await failure(conn().domainSetThrottleGroup({ dom, group: 'g', params: [], flags: 0 }));
    expect(error).toMatchObject({ codeName: 'VIR_ERR_RPC', domainName: 'VIR_FROM_RPC', libvirtMessage: 'unknown procedure: 451' });
    await expect(firstValueFrom(conn().connectNumOfDomains())).resolves.toBe(1);
  });

  it('walks the state machine with the test driver errors', async () => {
    const dom = await testDomain();
    const state = async (): Promise<number> => (await firstValueFrom(conn().domainGetInfo({ dom }))).state;
    await expect(failure(conn().domainResume({ dom }))).resolves.toMatchObject({ codeName: 'VIR_ERR_INTERNAL_ERROR', domainName: 'VIR_FROM_TEST', libvirtMessage: "internal error: domain 'test' not paused" });
    await lastValueFrom(conn().domainSuspend({ dom }), { defaultValue: undefined });
    expect(await state()).toBe(3);
    await expect(failure(conn().domainSuspend({ dom }))).resolves.toMatchObject({ libvirtMessage: "internal error: domain 'test' not running" });
    await lastValueFrom(conn().domainResume({ dom }), { defaultValue: undefined });
    expect(await state()).toBe(1);
    await expect(failure(conn().domainCreate({ dom }))).resolves.toMatchObject({ libvirtMessage: "internal error: Domain 'test' is already running" });
    await lastValueFrom(conn().domainDestroy({ dom }), { defaultValue: undefined });
    expect(await state()).toBe(5);
    await expect(failure(conn().domainDestroy({ dom }))).resolves.toMatchObject({
      codeName: 'VIR_ERR_OPERATION_INVALID', domainName: 'VIR_FROM_DOMAIN', libvirtMessage: 'Requested operation is not valid: domain is not running',
    });
    await expect(failure(conn().domainShutdown({ dom }))).resolves.toMatchObject({ libvirtMessage: "internal error: domain 'test' not running" });
    await lastValueFrom(conn().domainCreate({ dom }), { defaultValue: undefined });
    const restarted = await testDomain();
    expect(restarted.id).toBeGreaterThan(dom.id);
    expect(await state()).toBe(1);
  });

  it('keeps 1000 calls in flight, each resolved with its own reply', async () => {
    const calls: Array<Observable<[number, unknown]>> = [];
    for (let i = 0; i < 1000; i++) {
      const call: Observable<unknown> = i % 3 === 0 ? conn().connectGetLibVersion() : i % 3 === 1 ? conn().connectGetType() : conn().connectNumOfDomains();
      calls.push(call.pipe(map((value): [number, unknown] => [i, value])));
    }
    const results = await firstValueFrom(forkJoin(calls));
    results.forEach(([i, value]) => expect(value).toEqual(i % 3 === 0 ? 9_000_000n : i % 3 === 1 ? 'TEST' : 1));
  });

  it('emits undefined for a procedure without a return value', async () => {
    const dom = await testDomain();
    await expect(lastValueFrom(conn().domainSetAutostart({ dom, autostart: 0 }).pipe(toArray()))).resolves.toEqual([undefined]);
  });

  it('finds the default pool and fails missing pools and volumes with the storage errors', async () => {
    const pool = await firstValueFrom(conn().storagePoolLookupByName({ name: 'default-pool' }));
    expect(pool.name).toBe('default-pool');
    await expect(firstValueFrom(conn().storagePoolGetInfo({ pool }))).resolves.toMatchObject({ state: 2, capacity: 107_374_182_400n });
    await expect(failure(conn().storagePoolLookupByName({ name: 'nope' }))).resolves.toMatchObject({
      codeName: 'VIR_ERR_NO_STORAGE_POOL', domainName: 'VIR_FROM_TEST', libvirtMessage: "Storage pool not found: no storage pool with matching name 'nope'",
    });
    await expect(failure(conn().storageVolLookupByName({ pool, name: 'nope' }))).resolves.toMatchObject({
      codeName: 'VIR_ERR_NO_STORAGE_VOL', domainName: 'VIR_FROM_TEST', libvirtMessage: "Storage volume not found: no storage vol with matching name 'nope'",
    });
  });

  it('takes a screenshot as image/png stream data', async () => {
    const dom = await testDomain();
    const items = await lastValueFrom(conn().domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(toArray()));
    expect(items[0]).toEqual({ reply: 'image/png' });
    const data = items.slice(1).flatMap((item) => ('data' in item ? [...item.data] : []));
    expect(data.slice(0, 8)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
}

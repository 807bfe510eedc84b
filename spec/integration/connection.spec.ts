// The typed API against the real daemon, compared with virsh on the same daemon.
import { firstValueFrom, forkJoin, lastValueFrom, map, type Observable, toArray } from 'rxjs';
import { connect, type Connection, LibvirtError, readTypedParams, typedParamsToObject } from '../../src/index.js';
import { virsh, virshDaemonVersion, virshTable } from '../support/virsh.js';

const TEST_URI = 'test+unix:///default';

describe('Connection on test+unix:///default', () => {
  // The test driver's state lives only while a connection stays open: one per file.
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect(TEST_URI));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('learns what the daemon supports during the handshake', () => {
    expect(conn.features).toEqual({ keepalive: true, typedParamString: true, eventCallback: true, closeCallback: true });
    expect(conn.uri).toBe(TEST_URI);
  });

  it('returns the library version as a bigint equal to virsh version --daemon', async () => {
    const version = await firstValueFrom(conn.connectGetLibVersion());
    expect(typeof version).toBe('bigint');
    expect(version).toBe(virshDaemonVersion(TEST_URI));
  });

  it('lists the same domains as virsh list --all', async () => {
    const listed = await firstValueFrom(conn.connectListAllDomains({ need_results: 1, flags: 0 }));
    const names = listed.domains.map((dom) => dom.name).sort();
    const expected = virsh(TEST_URI, 'list', '--all', '--name').split('\n').map((line) => line.trim()).filter(Boolean).sort();
    expect(names).toEqual(expected);
    expect(listed.ret).toBe(expected.length);
  });

  it('looks up the domain and reads the same XML as virsh dumpxml', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    expect(dom.name).toBe('test');
    expect(dom.uuid).toBeInstanceOf(Uint8Array);
    expect(dom.uuid).toHaveLength(16);
    const xml = await firstValueFrom(conn.domainGetXmlDesc({ dom, flags: 0 }));
    expect(xml).toBe(virsh(TEST_URI, 'dumpxml', 'test').replace(/\n$/, ''));
  });

  it('reads node info equal to virsh nodeinfo (char model[32] as a string)', async () => {
    const info = await firstValueFrom(conn.nodeGetInfo());
    const table = virshTable(virsh(TEST_URI, 'nodeinfo'));
    expect(info.model).toBe(table.get('CPU model'));
    expect(info.cpus).toBe(Number(table.get('CPU(s)')));
    expect(`${info.mhz} MHz`).toBe(table.get('CPU frequency'));
    expect(info.nodes).toBe(Number(table.get('NUMA cell(s)')));
    expect(info.sockets).toBe(Number(table.get('CPU socket(s)')));
    expect(info.cores).toBe(Number(table.get('Core(s) per socket')));
    expect(info.threads).toBe(Number(table.get('Thread(s) per core')));
    expect(`${info.memory} KiB`).toBe(table.get('Memory size'));
  });

  it('fails a missing domain with a typed LibvirtError (VIR_ERR_NO_DOMAIN from VIR_FROM_TEST)', async () => {
    const error = await firstValueFrom(conn.domainLookupByName({ name: 'no-such-domain' })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect(error).toMatchObject({
      code: 42,
      codeName: 'VIR_ERR_NO_DOMAIN',
      domain: 12,
      domainName: 'VIR_FROM_TEST',
      level: 2,
      levelName: 'VIR_ERR_ERROR',
      procedure: 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME',
    });
    expect((error as LibvirtError).libvirtMessage).toBe('Domain not found');
    expect((error as LibvirtError).str1).not.toBeNull();
  });

  it('surfaces a procedure the daemon does not know as a LibvirtError (VIR_ERR_RPC), not a hang', async () => {
    // DOMAIN_SET_THROTTLE_GROUP (451) is newer than the 9.0 daemon here.
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const error = await firstValueFrom(conn.domainSetThrottleGroup({ dom, group: 'g', params: [], flags: 0 })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LibvirtError);
    expect(error).toMatchObject({ codeName: 'VIR_ERR_RPC', domainName: 'VIR_FROM_RPC' });
    expect((error as LibvirtError).libvirtMessage).toBe('unknown procedure: 451');
    // The connection is still usable.
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
  });

  it('keeps 1000 calls in flight on one connection, each resolved with its own reply', async () => {
    const version = virshDaemonVersion(TEST_URI);
    const calls: Array<Observable<[number, unknown]>> = [];
    for (let i = 0; i < 1000; i++) {
      const call: Observable<unknown> =
        i % 3 === 0 ? conn.connectGetLibVersion() : i % 3 === 1 ? conn.connectGetType() : conn.connectNumOfDomains();
      calls.push(call.pipe(map((value): [number, unknown] => [i, value])));
    }
    const results = await firstValueFrom(forkJoin(calls));
    expect(results).toHaveLength(1000);
    results.forEach(([i, value]) => expect(value).toEqual(i % 3 === 0 ? version : i % 3 === 1 ? 'TEST' : 1));
  });

  it('refuses a wrong argument before sending anything (typed ArgumentError naming it)', async () => {
    const error = await firstValueFrom(conn.domainLookupById({ id: 2 ** 40 })).catch((err: unknown) => err);
    expect((error as Error).name).toBe('ArgumentError');
    expect((error as Error).message).toBe(`domainLookupById: args.id: int must be an integer in [-2147483648, 2147483647], got ${2 ** 40}`);
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
  });

  it('errors procedures that pass file descriptors with UnsupportedError, sending nothing', async () => {
    const error = await firstValueFrom(conn.domainOpenGraphicsFd({ dom: await firstValueFrom(conn.domainLookupByName({ name: 'test' })), idx: 0, flags: 0 })).catch((err: unknown) => err);
    expect((error as Error).name).toBe('UnsupportedError');
  });

  it('reads typed parameters like virsh blkiotune, strings included (VIR_TYPED_PARAM_STRING_OKAY set for feature 9)', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    // libvirt's two-step protocol (ask for the count, then for that many) is the library's.
    const params = await firstValueFrom(conn.domainGetBlkioParameters({ dom }));
    const expected = virshTable(virsh(TEST_URI, 'blkiotune', 'test'));
    expect(Object.keys(params)).toEqual([...expected.keys()]);
    // String-valued parameters only come back when the client sets VIR_TYPED_PARAM_STRING_OKAY.
    expect(params.device_weight).toBe('');
    expect(params.weight).toBe(Number(expected.get('weight')));
  });

  it('reads the wire form of nested typed parameters with readTypedParams', async () => {
    const [record] = await firstValueFrom(conn.connectGetAllDomainStats({ doms: [], stats: 1, flags: 0 }));
    const params = readTypedParams(record.params);
    expect(params.find((p) => p.name === 'state.state')).toEqual({ name: 'state.state', type: 'int', value: 1 });
    expect(typedParamsToObject(record.params)['state.state']).toBe(1);
  });

  it('emits undefined for a procedure without a return value', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const values = await lastValueFrom(conn.domainSetAutostart({ dom, autostart: 0 }).pipe(toArray()));
    expect(values).toEqual([undefined]);
  });
});

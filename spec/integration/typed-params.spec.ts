// Typed parameters as records by name (the generator's typed-parameter rule): getters compared
// with python3-libvirt's dicts on the same daemon, setters typed as the daemon reports, read back
// through rxvirt and virsh, wrong records refused before anything is sent.
import { execFileSync } from 'node:child_process';
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import { ArgumentError, connect, connectAdmin, type Connection, type Domain, LibvirtError } from '../../src/index.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { virsh, virshTable } from '../support/virsh.js';
import { type TestDriverNode, writeTestDriverNode } from '../support/test-driver-node.js';

const TEST_URI = 'test+unix:///default';

/** What python3-libvirt's getters return for domain `test`, integers as text (JSON has no 64-bit integers). */
function pythonParameters(): Record<string, Record<string, string | boolean>> {
  const script = `
import json, libvirt
d = libvirt.open('${TEST_URI}').lookupByName('test')
def text(params):
    return {k: v if isinstance(v, (bool, str)) else str(v) for k, v in params.items()}
print(json.dumps({
    'memory': text(d.memoryParameters(0)),
    'scheduler': text(d.schedulerParameters()),
    'blkio': text(d.blkioParameters(0)),
    'numa': text(d.numaParameters(0)),
    'blockIoTune': text(d.blockIoTune('vda', 0)),
    'perfEvents': text(d.perfEvents(0)),
}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 30_000 })) as Record<string, Record<string, string | boolean>>;
}

/** A record with every number and bigint as text, as {@link pythonParameters} has them. */
function asText(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, typeof value === 'number' || typeof value === 'bigint' ? String(value) : value]));
}

async function errorOf(observable: Observable<unknown>): Promise<unknown> {
  return firstValueFrom(observable).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('typed-parameter getters on test:///default', () => {
  let conn: Connection;
  let dom: Domain;

  beforeAll(async () => {
    conn = await firstValueFrom(connect(TEST_URI));
    dom = await firstValueFrom(conn.domain('test'));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('emits the same records as python-libvirt, asking the daemon for the count first', async () => {
    const python = pythonParameters();
    const memory = await firstValueFrom(dom.getMemoryParameters());
    expect(memory.hard_limit).toBe(9007199254740991n); // VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, a ullong
    expect(asText(memory)).toEqual(python.memory);
    // No count in the reply: the protocol's maximum is asked for, as many as the driver has come back.
    expect(asText(await firstValueFrom(dom.getSchedulerParameters()))).toEqual(python.scheduler);
    const blkio = await firstValueFrom(dom.getBlkioParameters());
    expect(asText(blkio)).toEqual(python.blkio);
    expect(blkio.device_weight).toBe(''); // strings too: VIR_TYPED_PARAM_STRING_OKAY is set
    expect(asText(await firstValueFrom(dom.getNumaParameters()))).toEqual(python.numa);
    expect(asText(await firstValueFrom(dom.getBlockIoTune({ disk: 'vda' })))).toEqual(python.blockIoTune);
    const perf = await firstValueFrom(dom.getPerfEvents());
    expect(perf).toEqual(python.perfEvents);
    expect(typeof perf.cmt).toBe('boolean');
  });

  it('keeps the flat methods and an explicit nparams (sent as given)', async () => {
    const flat = await firstValueFrom(conn.domainGetMemoryParameters({ dom }));
    expect(Object.keys(flat)).toEqual(['hard_limit', 'soft_limit', 'swap_hard_limit']);
    expect(await firstValueFrom(conn.domainGetMemoryParameters({ dom, nparams: 1 }))).toEqual({ hard_limit: 9007199254740991n });
  });

  it('refuses a typed-parameter getter it cannot serve with the daemon error python-libvirt gets', async () => {
    const error = await errorOf(dom.getSchedulerParametersFlags());
    expect(error).toBeInstanceOf(LibvirtError);
    expect((error as LibvirtError).message).toContain('unsupported flags (0x4)');
  });

  it('sets a record typed as the daemon reports it, read back by virsh, and restores it', async () => {
    const before = await firstValueFrom(dom.getBlkioParameters());
    try {
      // `weight` is a uint for the daemon; a bigint fits it.
      await lastValueFrom(dom.setBlkioParameters({ params: { weight: 321n } }), { defaultValue: undefined });
      expect(virshTable(virsh(TEST_URI, 'blkiotune', 'test')).get('weight')).toBe('321');
      expect((await firstValueFrom(dom.getBlkioParameters())).weight).toBe(321);
    } finally {
      await lastValueFrom(dom.setBlkioParameters({ params: { weight: before.weight } }), { defaultValue: undefined });
    }
    expect(virshTable(virsh(TEST_URI, 'blkiotune', 'test')).get('weight')).toBe(String(before.weight));
  });

  it("sets a disk's I/O tuning by name (a number for a ullong), read back by virsh, and restores it", async () => {
    const before = await firstValueFrom(dom.getBlockIoTune({ disk: 'vda' }));
    try {
      await lastValueFrom(dom.setBlockIoTune({ disk: 'vda', params: { total_bytes_sec: 4096, total_bytes_sec_max: 8192 } }), { defaultValue: undefined });
      expect(await firstValueFrom(dom.getBlockIoTune({ disk: 'vda' }))).toMatchObject({ total_bytes_sec: 4096n, total_bytes_sec_max: 8192n });
      expect(virshTable(virsh(TEST_URI, 'blkdeviotune', 'test', 'vda')).get('total_bytes_sec')).toBe('4096');
    } finally {
      await lastValueFrom(dom.setBlockIoTune({ disk: 'vda', params: { total_bytes_sec: before.total_bytes_sec, total_bytes_sec_max: before.total_bytes_sec_max } }), { defaultValue: undefined });
    }
  });
});

describe('typed-parameter setters on a private test driver', () => {
  let node: TestDriverNode;
  let conn: Connection;
  let dom: Domain;

  beforeAll(async () => {
    node = writeTestDriverNode(['alpha']);
    conn = await firstValueFrom(connect(node.uri.replace('test://', 'test+unix://')));
    dom = await firstValueFrom(conn.domain('alpha'));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    node.remove();
  });

  it('converts plain numbers to the types the getter reports (ullong, uint) and spelled-out types as given', async () => {
    await lastValueFrom(dom.setMemoryParameters({ params: { hard_limit: 1048576, soft_limit: 524288n } }), { defaultValue: undefined });
    expect(await firstValueFrom(dom.getMemoryParameters())).toMatchObject({ hard_limit: 1048576n, soft_limit: 524288n });
    // The test driver checks the type of `weight` (and always reports 50): a uint passes, a ullong does not.
    await lastValueFrom(dom.setSchedulerParameters({ params: { weight: 20 } }), { defaultValue: undefined });
    const mistyped = await errorOf(dom.setSchedulerParameters({ params: { weight: { type: 'ullong', value: 20n } } }));
    expect(mistyped).toBeInstanceOf(LibvirtError);
    expect((mistyped as LibvirtError).codeName).toBe('VIR_ERR_INVALID_ARG');
    await lastValueFrom(dom.setBlkioParameters({ params: { weight: { type: 'uint', value: 700 } } }), { defaultValue: undefined });
    expect((await firstValueFrom(dom.getBlkioParameters())).weight).toBe(700);
  });

  it('refuses unknown names and values that do not fit with an ArgumentError, sending nothing, and goes on', async () => {
    const unknown = await errorOf(dom.setMemoryParameters({ params: { hard_limt: 1n } }));
    expect(unknown).toBeInstanceOf(ArgumentError);
    expect((unknown as ArgumentError).message).toBe(
      "domainSetMemoryParameters: args.params.hard_limt: the daemon reports no parameter 'hard_limt' (domainGetMemoryParameters has: hard_limit, soft_limit, swap_hard_limit); spell out its type as { type, value } to send it anyway",
    );
    const wrongType = await errorOf(dom.setBlkioParameters({ params: { weight: 'heavy' } }));
    expect((wrongType as ArgumentError).message).toBe('domainSetBlkioParameters: args.params.weight: uint parameter \'weight\' cannot take a string ("heavy")');
    const fraction = await errorOf(dom.setSchedulerParameters({ params: { weight: 1.5 } }));
    expect((fraction as ArgumentError).path).toBe('args.params.weight');
    const explicitWrong = await errorOf(dom.setBlkioParameters({ params: { weight: { type: 'uint', value: 'x' as unknown as number } } }));
    expect((explicitWrong as ArgumentError).path).toBe('args.params.weight.value');
    expect((await firstValueFrom(dom.getBlkioParameters())).weight).toBe(700);
  });

  it('types a record for a call with no getter by its values; a number there needs its type', async () => {
    // A string is a string: the daemon gets the call and answers for the missing file.
    const missing = await errorOf(conn.domainRestoreParams({ params: { file: '/nonexistent/rxvirt.save' } }));
    expect(missing).toBeInstanceOf(LibvirtError);
    const bare = await errorOf(conn.domainRestoreParams({ params: { file: '/x', bandwidth: 5 } }));
    expect(bare).toBeInstanceOf(ArgumentError);
    expect((bare as ArgumentError).message).toBe(
      "domainRestoreParams: args.params.bandwidth: a number (5) needs its type spelled out here: { type: 'int' | 'uint' | 'double' | ..., value }",
    );
    expect(await firstValueFrom(conn.connectNumOfDomains())).toBe(1);
  });

  it('still takes the wire form', async () => {
    await lastValueFrom(dom.setBlkioParameters({ params: [{ field: 'weight', value: { type: 2, ui: 600 } }] }), { defaultValue: undefined });
    expect((await firstValueFrom(dom.getBlkioParameters())).weight).toBe(600);
  });
});

describe('the rule, counted over the generated tables', () => {
  it('covers every call with typed parameters', () => {
    const rules = [...REMOTE_PROGRAM_INFO.procedures.values()].filter((procedure) => procedure.typedParams !== null);
    const getters = rules.filter((procedure) => procedure.typedParams?.reply !== null).map((procedure) => procedure.method);
    const setters = rules.filter((procedure) => procedure.typedParams?.params === true);
    expect(getters).toEqual(
      expect.arrayContaining(['domainGetMemoryParameters', 'domainGetSchedulerParameters', 'domainGetJobStats', 'domainGetGuestInfo', 'nodeGetSevInfo']),
    );
    expect(getters).not.toContain('domainGetCpuStats'); // a grid of CPUs × parameters keeps its wire form
    expect(setters.filter((procedure) => procedure.typedParams?.typesFrom !== null).map((procedure) => procedure.method).sort()).toEqual([
      'domainSetBlkioParameters',
      'domainSetBlockIoTune',
      'domainSetInterfaceParameters',
      'domainSetMemoryParameters',
      'domainSetNumaParameters',
      'domainSetPerfEvents',
      'domainSetSchedulerParameters',
      'domainSetSchedulerParametersFlags',
      'networkPortSetParameters',
      'nodeSetMemoryParameters',
    ]);
  });
});

describe('admin typed parameters (libvirtd:///system)', () => {
  it('reads the thread pool as virt-admin does and sets it back by name', async () => {
    const admin = await firstValueFrom(connectAdmin());
    try {
      const srv = { name: 'libvirtd' };
      const pool = await firstValueFrom(admin.serverGetThreadpoolParameters({ srv }));
      const expected = virshTable(execFileSync('virt-admin', ['srv-threadpool-info', 'libvirtd'], { encoding: 'utf8' }));
      expect(pool.maxWorkers).toBe(Number(expected.get('maxWorkers')));
      expect(pool.prioWorkers).toBe(Number(expected.get('prioWorkers')));
      await lastValueFrom(admin.serverSetThreadpoolParameters({ srv, params: { maxWorkers: pool.maxWorkers } }), { defaultValue: undefined });
      const refused = await errorOf(admin.serverSetThreadpoolParameters({ srv, params: { maxWorkerz: 1 } }));
      expect(refused).toBeInstanceOf(ArgumentError);
    } finally {
      await lastValueFrom(admin.close(), { defaultValue: undefined });
    }
  });
});

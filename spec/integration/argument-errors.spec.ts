// Wrong arguments from JavaScript callers against the real daemon: each is refused before
// anything is sent, with an ArgumentError naming the method and the argument, and the
// connection goes on. The plumbing a caller may leave out (a trailing flags, need_results) works.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ArgumentError, connect, type Connection } from '../../src/index.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';
import { SocketProxy } from '../support/socket-proxy.js';

const TEST_URI = 'test+unix:///default';
const REMOTE = 0x20008086;

/** What an untyped caller can pass: anything. */
type Loose = (args?: unknown) => ReturnType<Connection['connectGetLibVersion']>;
const loose = (conn: Connection, method: keyof Connection): Loose => (conn[method] as Loose).bind(conn);

describe('argument errors on test+unix:///default', () => {
  let proxy: SocketProxy;
  let conn: Connection;
  beforeAll(async () => {
    proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    conn = await firstValueFrom(connect(`${TEST_URI}?socket=${proxy.path}`));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    await proxy.close();
  });

  const uuid = new Uint8Array(16);
  it.each<[keyof Connection, unknown, string]>([
    ['domainLookupByName', undefined, 'domainLookupByName: args.name: string expected, got undefined'],
    ['domainLookupByName', null, 'domainLookupByName: args: expected an object, got null'],
    ['domainLookupByName', 'test', 'domainLookupByName: args: expected an object, got "test"'],
    ['domainLookupByName', { name: 42 }, 'domainLookupByName: args.name: string expected, got number 42'],
    ['domainLookupById', { id: 1.5 }, 'domainLookupById: args.id: int must be an integer in [-2147483648, 2147483647], got 1.5'],
    ['domainLookupByUuid', { uuid: 'abc' }, 'domainLookupByUuid: args.uuid: opaque[16] needs a Uint8Array of exactly 16 bytes, got "abc"'],
    ['domainSuspend', {}, 'domainSuspend: args.dom: expected an object, got undefined'],
    ['domainSuspend', { dom: null }, 'domainSuspend: args.dom: expected an object, got null'],
    ['domainSuspend', { dom: { name: 'test', uuid, id: '1' } }, 'domainSuspend: args.dom.id: int must be an integer in [-2147483648, 2147483647], got 1'],
    ['domainGetXmlDesc', { dom: { name: 'test', uuid }, flags: 0 }, 'domainGetXmlDesc: args.dom.id: int must be an integer in [-2147483648, 2147483647], got undefined'],
    ['connectListAllDomains', { flags: -1 }, 'connectListAllDomains: args.flags: unsigned int must be an integer in [0, 4294967295], got -1'],
    ['domainSetMemory', { dom: { name: 'test', uuid, id: 1 }, memory: 1024 }, 'domainSetMemory: args.memory: unsigned hyper must be a bigint in [0, 18446744073709551615], got number 1024'],
    ['domainSetSchedulerParameters', { dom: { name: 'test', uuid, id: 1 }, params: [{ field: 'weight', value: null }] }, 'domainSetSchedulerParameters: args.params[0].value: expected an object, got null'],
  ])('%s(%p) fails with "%s", sending nothing', async (method, args, message) => {
    const callsBefore = SocketProxy.countFrames(proxy.fromClient, (prog, _proc, type) => prog === REMOTE && type === 0);
    const error = await firstValueFrom(loose(conn, method)(args)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message).toBe(message);
    expect(SocketProxy.countFrames(proxy.fromClient, (prog, _proc, type) => prog === REMOTE && type === 0)).toBe(callsBefore);
    // The connection goes on.
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBeGreaterThanOrEqual(1);
  });

  it('sends 0 for a left-out trailing flags and 1 for need_results, as virsh does', async () => {
    const { domains, ret } = await firstValueFrom(conn.connectListAllDomains());
    expect(domains.map((dom) => dom.name)).toContain('test');
    expect(ret).toBe(domains.length);
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    expect(await firstValueFrom(conn.domainGetXmlDesc({ dom }))).toBe(await firstValueFrom(conn.domainGetXmlDesc({ dom, flags: 0 })));
    const listed = await firstValueFrom(conn.objects.connectListAllDomains());
    expect(listed.domains.map((found) => found.name)).toEqual(domains.map((found) => found.name));
    const domain = listed.domains.find((found) => found.name === 'test');
    expect(await firstValueFrom(domain!.getXmlDesc())).toContain('<name>test</name>');
  });
});

describe('argument errors of event streams on test+unix:///default', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect(TEST_URI));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  /** What an untyped caller can ask for: any name, any options. */
  type LooseEvents = (name: string, options?: unknown) => ReturnType<Connection['events']['domain']>;

  it.each<[string, string, unknown, string]>([
    ['domain', 'bogus', undefined, 'events.domain: name: unknown event "bogus": one of lifecycle, reboot'],
    ['domain', 'lifecycle', { dom: 'test' }, 'events.domain: options.dom: expected a reference (as lookups return), got "test"'],
    ['domain', 'lifecycle', { dom: { name: 'test', uuid: 'abc', id: 1 } }, 'events.domain: options.dom: expected a reference (as lookups return), got an object without its fields'],
    ['nodeDevice', 'lifecycle', { dev: 'x' }, 'events.nodeDevice: options.dev: expected a reference (as lookups return), got "x"'],
    ['storagePool', 'toString', undefined, 'events.storagePool: name: unknown event "toString": one of lifecycle, refresh'],
  ])('events.%s(%p, %p) fails with an ArgumentError, registering nothing', async (family, name, options, message) => {
    const events = conn.events[family as 'domain'].bind(conn.events) as unknown as LooseEvents;
    const error = await firstValueFrom(events(name, options)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message.startsWith(message)).toBe(true);
    expect(conn.events.liveRegistrations).toEqual([]);
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBeGreaterThanOrEqual(1);
  });
});

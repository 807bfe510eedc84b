// The marble-testing helpers of rxvirt/testing against libvirtd's test driver: what a stub built
// with them emits is what the daemon sends.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, type Connection, LibvirtError } from '../../src/index.js';
import { formatUuid } from '../../src/protocol/uuid.js';
import { domainRef, libvirtError } from '../../src/testing/index.js';
import { writeTestDriverNode, type TestDriverNode } from '../support/test-driver-node.js';

describe('marble-testing helpers against test+unix:///default', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect('test+unix:///default'));
  });
  afterAll(() => lastValueFrom(conn.close(), { defaultValue: undefined }));

  it('libvirtError builds the error the daemon sends, by its names', async () => {
    const real = await firstValueFrom(conn.domainLookupByName({ name: 'missing' })).catch((err: unknown) => err);
    if (!(real instanceof LibvirtError)) throw new Error(`expected a LibvirtError, got ${String(real)}`);
    const built = libvirtError('VIR_ERR_NO_DOMAIN', real.libvirtMessage ?? undefined, { domain: 'VIR_FROM_TEST', procedure: 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME' });
    const fields = (err: LibvirtError) => ({
      name: err.name,
      message: err.message,
      code: err.code,
      codeName: err.codeName,
      domain: err.domain,
      domainName: err.domainName,
      level: err.level,
      libvirtMessage: err.libvirtMessage,
      procedure: err.procedure,
    });
    expect(fields(built)).toEqual(fields(real));
  });

  it('domainRef builds the reference the daemon hands out', async () => {
    const real = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    expect(domainRef('test', { id: real.id, uuid: formatUuid(real.uuid) })).toEqual({ ...real });
  });
});

describe('a call without a reply value, on a private test-driver instance', () => {
  let node: TestDriverNode;
  beforeAll(() => {
    node = writeTestDriverNode(['alpha']);
  });
  afterAll(() => node.remove());

  it('emits one undefined and completes (so its stub is cold("-(a|)", { a: undefined }))', async () => {
    const conn = await firstValueFrom(connect(node.uri.replace('test://', 'test+unix://')));
    try {
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'alpha' }));
      await expect(lastValueFrom(conn.domainSuspend({ dom }).pipe(toArray()))).resolves.toEqual([undefined]);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });
});

// Compile-time checks of the object layer's types: `npm run lint` type-checks this file, and each
// `@ts-expect-error` fails the type check if the line after it ever compiles.
import type { Observable } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import { Domain, type DomainSnapshot, type NodeDevice, type StoragePool, type StorageVol } from '../../src/index.js';
import type { RemoteNonnullDomain } from '../../src/generated/remote/types.js';
import type { DownloadStream } from '../../src/streams/download-stream.js';

export function typeChecks(conn: Connection, dom: Domain, pool: StoragePool, vol: StorageVol, dev: NodeDevice, ref: RemoteNonnullDomain): unknown[] {
  const found: Observable<Domain> = conn.objects.domainLookupByName({ name: 'test' });
  const listed: Observable<{ domains: Domain[]; ret: number }> = conn.objects.connectListAllDomains({ need_results: 1, flags: 0 });
  const xml: Observable<string> = dom.getXmlDesc({ flags: 0 });
  const suspended: Observable<void> = dom.suspend();
  const snapshot: Observable<DomainSnapshot> = dom.snapshotLookupByName({ name: 's', flags: 0 });
  const volumes: Observable<{ vols: StorageVol[]; ret: number }> = pool.listAllVolumes({ need_results: 1, flags: 0 });
  const download: DownloadStream<void> = vol.download({ offset: 0n, length: 0n, flags: 0 });
  const deviceXml: Observable<string> = dev.getXmlDesc({ flags: 0 });
  const wrapped: Domain = Domain.from(conn, ref);
  // An object is its reference: the flat API takes it.
  const flat: Observable<string> = conn.domainGetXmlDesc({ dom, flags: 0 });
  // The plumbing is optional: a trailing `flags` (0) and `need_results` (1).
  const plainXml: Observable<string> = dom.getXmlDesc();
  const allDomains: Observable<{ domains: Domain[]; ret: number }> = conn.objects.connectListAllDomains();
  const flatList: Observable<{ domains: RemoteNonnullDomain[]; ret: number }> = conn.connectListAllDomains({ flags: 1 });
  const value: unknown = ref;
  const narrowed: string | undefined = value instanceof Domain ? value.name : undefined;
  return [
    found,
    listed,
    xml,
    suspended,
    snapshot,
    volumes,
    download,
    deviceXml,
    wrapped,
    flat,
    plainXml,
    allDomains,
    flatList,
    narrowed,
    // @ts-expect-error: the object is the argument; methods do not take it again
    dom.getXmlDesc({ dom, flags: 0 }),
    // @ts-expect-error: a misspelt field name
    dom.getXmlDesc({ flag: 0 }),
    // @ts-expect-error: a field of the wrong type
    dom.screenshot({ screen: '0', flags: 0 }),
    // @ts-expect-error: `unsigned hyper` is a bigint, never a number
    vol.download({ offset: 0, length: 0n, flags: 0 }),
    // @ts-expect-error: a procedure with more arguments than the object needs them (a trailing flags may be left out)
    dom.screenshot({ flags: 0 }),
    // @ts-expect-error: a procedure taking only the object takes nothing
    dom.suspend({ flags: 0 }),
    // @ts-expect-error: procedures of other classes are not methods
    dom.listAllVolumes({ need_results: 1, flags: 0 }),
    // @ts-expect-error: a node device is named by its `name`, which its methods fill in
    dev.getXmlDesc({ name: 'x', flags: 0 }),
    // @ts-expect-error: objects are read-only
    (dom.name = 'other'),
    // @ts-expect-error: objects come from lookups or from(), not from a constructor
    new Domain(),
    // @ts-expect-error: conn.objects has only procedures whose replies carry references
    conn.objects.domainGetXmlDesc({ dom, flags: 0 }),
    // @ts-expect-error: from() wants the class's own reference
    Domain.from(conn, { name: 'default-pool', uuid: new Uint8Array(16) }),
  ];
}

test('the object type checks above are compiled by npm run lint', () => {
  expect(typeof typeChecks).toBe('function');
});

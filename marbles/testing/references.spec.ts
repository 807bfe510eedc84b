// Reference builders: the plain `remote_nonnull_*` values a stub emits and the flat API takes.
import { TestScheduler } from 'rxjs/testing';
import { map } from 'rxjs';
import { ArgumentError, type RemoteNonnullDomain } from '../../src/index.js';
import { domainRef, networkRef, nodeDeviceRef, storagePoolRef, storageVolRef } from '../../src/testing/index.js';

describe('reference builders', () => {
  it('build equal references for equal names, distinct for distinct ones', () => {
    expect(domainRef('test')).toEqual(domainRef('test'));
    expect(domainRef('test').uuid).not.toEqual(domainRef('other').uuid);
    expect(domainRef('test').uuid).toHaveLength(16);
    expect(domainRef('test')).toMatchObject({ name: 'test', id: -1 });
  });

  it('take an id and a UUID', () => {
    const ref: RemoteNonnullDomain = domainRef('test', { id: 1, uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' });
    expect(ref).toEqual({
      name: 'test',
      id: 1,
      uuid: Uint8Array.from([0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f]),
    });
    expect(networkRef('default', { uuid: '6695eb01f6a4830479aa97f2502e193f' }).uuid).toEqual(ref.uuid);
  });

  it('build the other kinds', () => {
    expect(storagePoolRef('default-pool')).toMatchObject({ name: 'default-pool' });
    expect(storageVolRef('default-pool', 'disk.img')).toEqual({ pool: 'default-pool', name: 'disk.img', key: '/default-pool/disk.img' });
    expect(storageVolRef('p', 'v', 'k')).toEqual({ pool: 'p', name: 'v', key: 'k' });
    expect(nodeDeviceRef('computer')).toEqual({ name: 'computer' });
  });

  it('refuse bad input with an ArgumentError naming the builder and the argument', () => {
    expect(() => domainRef('')).toThrow(new ArgumentError('domainRef', 'name', 'a non-empty string expected, got ""'));
    expect(() => domainRef(undefined as unknown as string)).toThrow(new ArgumentError('domainRef', 'name', 'a non-empty string expected, got undefined'));
    expect(() => domainRef('test', { id: 1.5 })).toThrow(new ArgumentError('domainRef', 'options.id', 'an integer expected, got 1.5'));
    expect(() => networkRef('n', { uuid: 'nope' })).toThrow(new ArgumentError('networkRef', 'options.uuid', 'a UUID expected (8-4-4-4-12 hex digits), got "nope"'));
    expect(() => storageVolRef(null as unknown as string, 'v')).toThrow(new ArgumentError('storageVolRef', 'pool', 'a non-empty string expected, got null'));
  });

  it('stand in for the daemon in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const listing = cold('-a|', { a: [domainRef('a'), domainRef('b')] });
      expectObservable(listing.pipe(map((doms) => doms.map((dom) => dom.name).join(',')))).toBe('-n|', { n: 'a,b' });
    });
  });
});

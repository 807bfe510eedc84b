// stubConnection: a Connection whose given members answer in virtual time and whose others fail
// with an UnstubbedError naming them.
import { concatMap, firstValueFrom, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ArgumentError, Connection, Domain } from '../../src/index.js';
import { type ConnectionStubs, domainRef, libvirtError, stubConnection, UnstubbedError } from '../../src/testing/index.js';

/** Code of a user's: the XML of a domain by name. */
const xmlOf = (conn: Connection, name: string) =>
  conn.domainLookupByName({ name }).pipe(concatMap((dom) => conn.domainGetXmlDesc({ dom })));

describe('stubConnection', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('answers the stubbed calls in virtual time, with the arguments the code passed', () => {
    const ref = domainRef('test');
    const seen: unknown[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({
        domainLookupByName: (args) => {
          seen.push(args);
          return cold('-a|', { a: ref });
        },
        domainGetXmlDesc: ({ dom }) => cold('--x|', { x: `<domain><name>${dom.name}</name></domain>` }),
      });
      expectObservable(xmlOf(conn, 'test')).toBe('---x|', { x: '<domain><name>test</name></domain>' });
    });
    expect(seen).toEqual([{ name: 'test' }]);
  });

  it('passes a stubbed LibvirtError through as the error notification', () => {
    const notFound = libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found');
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({ domainLookupByName: () => cold('-#', undefined, notFound) });
      expectObservable(xmlOf(conn, 'missing')).toBe('-#', undefined, notFound);
    });
  });

  it('fails an unstubbed call with an UnstubbedError naming the method, as an error of the flow', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({ domainLookupByName: () => cold('-a|', { a: domainRef('test') }) });
      expectObservable(xmlOf(conn, 'test')).toBe(
        '-#',
        undefined,
        new UnstubbedError('domainGetXmlDesc', 'stubConnection: domainGetXmlDesc() was called but not stubbed; give it: stubConnection({ domainGetXmlDesc: () => cold(...) })'),
      );
    });
  });

  it('throws at once for an unstubbed call outside an Observable, and for an unstubbed property', () => {
    const conn = stubConnection();
    expect(() => conn.domainSuspend({ dom: domainRef('test') })).toThrow(UnstubbedError);
    expect(() => conn.close()).toThrow(/close\(\) was called but not stubbed/);
    expect(() => conn.events).toThrow(/stubConnection: events was read but not stubbed/);
    expect(() => conn.state$).toThrow(UnstubbedError);
    expect(() => conn.qemu).toThrow(UnstubbedError);
  });

  it('gives stubbed properties and is a Connection', () => {
    const conn = stubConnection({ uri: 'test:///default', state$: of({ status: 'open' as const }) });
    expect(conn).toBeInstanceOf(Connection);
    expect(conn.uri).toBe('test:///default');
    expect('domainLookupByName' in conn).toBe(true);
    expect('notAMember' in conn).toBe(false);
  });

  it('is not mistaken for a promise, nor a matcher, and prints', async () => {
    const conn = stubConnection();
    await expect(firstValueFrom(of(conn).pipe(map((value) => value === conn)))).resolves.toBe(true);
    await expect(Promise.resolve(conn)).resolves.toBe(conn);
    expect(String(conn)).toBe('[object Object]');
  });

  it('runs the object layer on the same stubs: Domain.from and conn.objects', () => {
    const suspended: unknown[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({
        domainLookupByName: ({ name }) => cold('-a|', { a: domainRef(name, { id: 1 }) }),
        domainSuspend: ({ dom }) => {
          suspended.push(dom);
          return cold('-(a|)', { a: undefined });
        },
        domainGetState: () => cold('-s|', { s: { state: 3, reason: 1, stateName: 'VIR_DOMAIN_PAUSED' as const, reasonName: 'VIR_DOMAIN_PAUSED_USER' as const } }),
      });
      const dom = Domain.from(conn, domainRef('test'));
      expectObservable(dom.suspend()).toBe('-(a|)', { a: undefined });
      const state = conn.objects.domainLookupByName({ name: 'other' }).pipe(
        concatMap((other) => (other instanceof Domain ? other.getState() : cold<never>('#'))),
        map(({ state }) => state),
      );
      expectObservable(state).toBe('--s|', { s: 3 });
    });
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toBeInstanceOf(Domain);
    expect(suspended[0]).toMatchObject({ name: 'test', id: -1 });
  });

  it('names the flat method to stub when an object calls one not given', () => {
    const dom = Domain.from(stubConnection(), domainRef('test'));
    expect(() => dom.resume()).toThrow(new UnstubbedError('domainResume', 'stubConnection: domainResume() was called but not stubbed; give it: stubConnection({ domainResume: () => cold(...) })'));
  });

  it('refuses stubs that are not an object, and a method stubbed with a non-function, with an ArgumentError', () => {
    expect(() => stubConnection(null as unknown as ConnectionStubs)).toThrow(new ArgumentError('stubConnection', 'stubs', 'an object of stubbed members expected, got null'));
    expect(() => stubConnection({ domainSuspend: 'later' as unknown as Connection['domainSuspend'] })).toThrow(
      new ArgumentError('stubConnection', 'stubs.domainSuspend', 'a function returning an Observable expected, got string'),
    );
  });

  it('hands the code objects for the references its stubs emit, and runs the lookups on them', () => {
    const calls: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const conn = stubConnection({
        domainLookupByName: ({ name }) => {
          calls.push(`lookup ${name}`);
          return cold('-a|', { a: domainRef(name) });
        },
        domainSuspend: ({ dom }) => {
          calls.push(`suspend ${dom.name} (${dom instanceof Domain ? 'a Domain' : 'a reference'})`);
          return cold('-(a|)', { a: undefined });
        },
      });
      const flat = conn.domainLookupByName({ name: 'a' }).pipe(concatMap((dom) => dom.suspend()));
      expectObservable(flat).toBe('--(u|)', { u: undefined });
      const byLookup = conn.domain('b').pipe(map((dom) => dom instanceof Domain && dom.name));
      expectObservable(byLookup).toBe('-b|', { b: 'b' });
    });
    expect(calls).toEqual(['lookup a', 'lookup b', 'suspend a (a Domain)']);
  });
});

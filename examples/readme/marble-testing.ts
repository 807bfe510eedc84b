import { domainRef, libvirtError, stubConnection } from 'rxvirt/testing';
import { deepStrictEqual } from 'node:assert';
import { TestScheduler } from 'rxjs/testing';
import { suspendByName } from '../marble-testing.js'; // your code: (conn: Connection, name) => Observable<boolean>

// A test of it in virtual time, with no daemon (in Jest: `expect(actual).toEqual(expected)`).
const scheduler = new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));
scheduler.run(({ cold, expectObservable }) => {
  const conn = stubConnection({
    domainLookupByName: ({ name }) =>
      name === 'test' ? cold('-d|', { d: domainRef('test') }) : cold('-#', undefined, libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found')),
    // A call without a reply value emits one undefined: cold('-|') would emit nothing.
    domainSuspend: () => cold('--(a|)', { a: undefined }),
  });
  expectObservable(suspendByName(conn, 'test')).toBe('---(t|)', { t: true });
  expectObservable(suspendByName(conn, 'missing')).toBe('-(f|)', { f: false });
});
console.log('marble tests passed');

// Code of your own on top of rxvirt, written to be marble-tested: `suspendByName` takes a
// Connection, which a test replaces with rxvirt/testing's `stubConnection`; `watchState` takes only
// the part of a Domain it uses, so a plain object of cold Observables stands in. Both also run on
// a real connection (the in-process FakeDaemon, libvirtd). Specs: spec/examples/marble-testing.spec.ts,
// and the README's sample examples/readme/marble-testing.ts.
import { catchError, concatMap, distinctUntilChanged, exhaustMap, map, type Observable, of, throwError, timer } from 'rxjs';
import { type Connection, type Domain, LibvirtError } from '../src/index.js';

/** Suspends the domain called `name`: emits true, or false when there is no such domain. */
export function suspendByName(conn: Connection, name: string): Observable<boolean> {
  return conn.domain(name).pipe(
    // DOMAIN_SUSPEND has no reply value: the call emits one undefined, which `map` turns into true.
    concatMap((dom) => dom.suspend()),
    map(() => true),
    catchError((err: unknown) =>
      err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN' ? of(false) : throwError(() => err),
    ),
  );
}

/**
 * The domain's state name, polled every `periodMs` and emitted when it changes. A reply slower
 * than the period skips the ticks it overlaps instead of queuing calls.
 */
export function watchState(dom: Pick<Domain, 'getState'>, periodMs: number): Observable<string> {
  return timer(0, periodMs).pipe(
    exhaustMap(() => dom.getState()),
    // The reply names its state (`stateName`) beside the number; a newer daemon's state has no name here.
    map(({ state, stateName }) => stateName ?? `state ${state}`),
    distinctUntilChanged(),
  );
}

// Code of your own on top of rxvirt, written to be marble-tested: it takes only the part of a
// Domain it uses, so a test hands it a stub of cold Observables under a TestScheduler, or a real
// Domain of the in-process FakeDaemon. Its spec: spec/examples/marble-testing.spec.ts.
import { distinctUntilChanged, exhaustMap, map, type Observable, timer } from 'rxjs';
import { type Domain, symbolicName, virDomainState } from '../src/index.js';

/**
 * The domain's state name, polled every `periodMs` and emitted when it changes. A reply slower
 * than the period skips the ticks it overlaps instead of queuing calls.
 */
export function watchState(dom: Pick<Domain, 'getState'>, periodMs: number): Observable<string> {
  return timer(0, periodMs).pipe(
    exhaustMap(() => dom.getState()),
    map(({ state }) => symbolicName(virDomainState, state) ?? `state ${state}`),
    distinctUntilChanged(),
  );
}

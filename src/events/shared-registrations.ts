import { defer, finalize, type Observable, share } from 'rxjs';

/**
 * Reference-counted registrations: one daemon registration per key (family, event ID, object
 * filter) however many subscribers want it, as libvirt's C client does. The first subscriber
 * subscribes the source (the register call), later ones share it, and the last unsubscribe
 * unsubscribes it (the deregister call). The key is looked up when a subscriber arrives, not when
 * the Observable is made, so an Observable kept aside and subscribed later joins whatever
 * registration is live then.
 *
 * @example
 * const registrations = new SharedRegistrations();
 * const a$ = registrations.get('domain:0:*', () => registeredEvents(session, router, lifecycle));
 * const b$ = registrations.get('domain:0:*', () => registeredEvents(session, router, lifecycle));
 * a$.subscribe(log); b$.subscribe(log); // one REGISTER_ANY call, one callback ID
 */
export class SharedRegistrations {
  private readonly live = new Map<string, Observable<unknown>>();

  get<T>(key: string, source: () => Observable<T>): Observable<T> {
    return defer(() => {
      const existing = this.live.get(key) as Observable<T> | undefined;
      if (existing !== undefined) return existing;
      // Counted rather than flagged: a subscriber that retries on error connects anew before the
      // failed connection's teardown runs, and that teardown must not forget the new one.
      let connections = 0;
      const shared: Observable<T> = defer(() => {
        connections++;
        return source();
      }).pipe(
        // The last subscriber left or the source ended: the next subscriber registers anew.
        finalize(() => {
          if (--connections === 0 && this.live.get(key) === shared) this.live.delete(key);
        }),
        share(),
      );
      this.live.set(key, shared);
      return shared;
    });
  }

  /** Keys with a live registration, for diagnostics and tests. */
  get keys(): string[] {
    return [...this.live.keys()];
  }
}

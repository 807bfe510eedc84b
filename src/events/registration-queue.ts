import { Observable } from 'rxjs';

/**
 * Runs register and deregister calls one after another, in the order they were asked for.
 *
 * libvirtd hands the calls of one client to several workers, so calls sent together are handled
 * in no fixed order; some registrations depend on it (libvirt 9.0 refuses an unfiltered QEMU
 * monitor registration handled after a filtered one for the same domain). libvirt's own client
 * waits for each reply before the next call; so does this queue, for registrations only.
 *
 * @example
 * const queue = new RegistrationQueue();
 * queue.run(() => rpc.call(register, args)).subscribe(); // sent now
 * queue.run(() => rpc.call(register, other)).subscribe(); // sent once the first one is answered
 */
export class RegistrationQueue {
  // Made when first needed: most connections register once and never wait.
  private waiting: Array<() => void> | undefined;
  private busy = false;
  private idleWaiters: Set<() => void> | undefined;

  /**
   * The call made by `call`, once every call queued before it has settled. Unsubscribing before
   * its turn takes it out of the queue: it is never sent.
   */
  run<T>(call: () => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let settled = false;
      let started = false;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        this.next();
      };
      const start = (): void => {
        started = true;
        subscriber.add(settle);
        subscriber.add(
          call().subscribe({
            next: (value) => subscriber.next(value),
            error: (err: unknown) => {
              settle();
              subscriber.error(err);
            },
            complete: () => {
              settle();
              subscriber.complete();
            },
          }),
        );
      };
      if (this.busy) (this.waiting ??= []).push(start);
      else {
        this.busy = true;
        start();
      }
      return () => {
        if (started) return;
        const at = this.waiting?.indexOf(start) ?? -1;
        if (at >= 0) this.waiting?.splice(at, 1);
      };
    });
  }

  /** Emits once and completes when no call is in flight or queued: at once when idle. */
  idle(): Observable<void> {
    return new Observable<void>((subscriber) => {
      const done = (): void => {
        subscriber.next();
        subscriber.complete();
      };
      if (!this.busy) {
        done();
        return undefined;
      }
      const waiters = (this.idleWaiters ??= new Set());
      waiters.add(done);
      return () => waiters.delete(done);
    });
  }

  /** Calls waiting for their turn (the one in flight not counted). */
  get queued(): number {
    return this.waiting?.length ?? 0;
  }

  private next(): void {
    const start = this.waiting?.shift();
    if (start !== undefined) {
      start();
      return;
    }
    this.busy = false;
    if (this.idleWaiters === undefined) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const done of waiters) done();
  }
}

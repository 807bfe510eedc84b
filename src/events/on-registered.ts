import { Observable, type OperatorFunction } from 'rxjs';
import { REGISTERED, type Registered } from './registered.js';

/**
 * Calls `action` each time {@link REGISTERED} passes (once per registration: again after each
 * reconnection), and lets only the events through. Use it on a stream subscribed with
 * `{ registered: true }` to act once the daemon is sure to report what the action causes.
 *
 * @example
 * conn.events.domain('lifecycle', { dom, registered: true }).pipe(
 *   onRegistered(() => conn.domainSuspend({ dom }).subscribe()),
 *   take(1),
 * ).subscribe((event) => console.log(event.eventName)); // VIR_DOMAIN_EVENT_SUSPENDED, never missed
 */
export function onRegistered<T>(action: () => void): OperatorFunction<T | Registered, T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next: (item) => {
          if (item === REGISTERED) action();
          else subscriber.next(item);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}

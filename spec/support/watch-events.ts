import { filter, firstValueFrom, type Observable, share, take, timeout, toArray } from 'rxjs';
import { REGISTERED, type Registered } from '../../src/events/registered.js';

/**
 * Subscribes to an event stream asked with `{ registered: true }` now: `live` resolves at its
 * REGISTERED (act after it and no event is missed), `events` with its first `count` events.
 */
export function watchEvents<T>(events$: Observable<T | Registered>, count: number, timeoutMs = 5_000): { live: Promise<void>; events: Promise<T[]> } {
  const shared = events$.pipe(share());
  const live = firstValueFrom(shared.pipe(filter((item) => item === REGISTERED), timeout(timeoutMs))).then(() => undefined);
  const events = firstValueFrom(shared.pipe(filter((item): item is T => item !== REGISTERED), take(count), toArray(), timeout(timeoutMs)));
  return { live, events };
}

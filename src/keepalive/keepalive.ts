import { map, type Observable, type SchedulerLike, tap } from 'rxjs';
import { failureThreshold } from '../operators/failure-threshold.js';
import { unrefScheduler } from '../scheduling/unref-scheduler.js';
import { KeepaliveTimeoutError } from './keepalive-timeout-error.js';
import { silenceTicks } from './silence-ticks.js';

/** libvirt's client defaults (virsh uses 5 s and 6; the daemon 5 s and 5). */
export const DEFAULT_KEEPALIVE_INTERVAL = 5;
export const DEFAULT_KEEPALIVE_COUNT = 5;

/** Keepalive settings: `interval` seconds of silence before a PING, `count` unanswered PINGs tolerated; 0 disables. */
export interface KeepaliveOptions {
  readonly interval?: number;
  readonly count?: number;
}

export interface KeepaliveInputs {
  /** Emits for every frame received: each one proves the peer alive (libvirt's mark_active). */
  readonly activity: Observable<unknown>;
  /** Sends one PING. */
  readonly sendPing: () => void;
  /** True while this side has paused reading: silence then is our own doing, not the peer's. */
  readonly isPaused: () => boolean;
  readonly scheduler?: SchedulerLike;
}

/**
 * The client's keepalive, as libvirt's virkeepalive.c runs it: after `interval` seconds with
 * nothing received, send a PING; any received frame starts the silence over; when the silence
 * outlasts `count` PINGs (so after about interval × (count + 1) seconds) the output errors with a
 * {@link KeepaliveTimeoutError}. While reading is paused, PINGs still go out (so the daemon keeps
 * us) but the silence counts for nothing. Emits the number of unanswered PINGs after each one.
 *
 * An interval pipeline: {@link silenceTicks} says when a period passed in silence, each such tick
 * sends a PING, and {@link failureThreshold} counts the silent periods in a row.
 */
export function keepalive(inputs: KeepaliveInputs, options: Required<KeepaliveOptions>): Observable<number> {
  const { interval: seconds, count } = options;
  return silenceTicks(inputs.activity, seconds * 1000, inputs.scheduler ?? unrefScheduler).pipe(
    tap((silent) => {
      if (silent) inputs.sendPing();
    }),
    // A silent period counts as a failure unless this side paused reading itself.
    map((silent) => silent && !inputs.isPaused()),
    failureThreshold(count, () => new KeepaliveTimeoutError(seconds, count)),
  );
}

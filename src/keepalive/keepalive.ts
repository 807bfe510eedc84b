import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { unrefScheduler } from '../scheduling/unref-scheduler.js';
import { KeepaliveTimeoutError } from './keepalive-timeout-error.js';

/** libvirt's client defaults (virsh uses 5 s and 6; the daemon 5 s and 5). */
export const DEFAULT_KEEPALIVE_INTERVAL = 5;
export const DEFAULT_KEEPALIVE_COUNT = 5;

/** Keepalive settings: `interval` seconds of silence before a PING, `count` unanswered PINGs tolerated; 0 disables. */
export interface KeepaliveOptions {
  readonly interval?: number;
  readonly count?: number;
}

export interface KeepaliveInputs {
  /** Emits for every frame received: any frame proves the peer alive (libvirt's mark_active). */
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
 * Frames only note the time they arrived: one timer runs per interval, however many frames come
 * (re-arming a timer per frame costs more than the rest of a small call's receive path). When it
 * fires early because frames came meanwhile, it waits out the rest of the silence from the last one.
 */
export function keepalive(inputs: KeepaliveInputs, options: Required<KeepaliveOptions>): Observable<number> {
  const { interval: seconds, count } = options;
  const scheduler = inputs.scheduler ?? unrefScheduler;
  const periodMs = seconds * 1000;
  return new Observable<number>((subscriber) => {
    let lastActivity = scheduler.now();
    /** A frame came since the last check (a clock alone misses one that came in the PING's millisecond). */
    let heard = false;
    let unanswered = 0;
    const activity = inputs.activity.subscribe({
      next: () => {
        lastActivity = scheduler.now();
        heard = true;
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    const check = function (this: SchedulerAction<undefined>): void {
      if (heard) {
        // The peer spoke since the last check: the PINGs so far were answered, and the silence
        // runs from its last frame.
        heard = false;
        unanswered = 0;
        const rest = periodMs - (scheduler.now() - lastActivity);
        if (rest > 0) {
          this.schedule(undefined, rest);
          return;
        }
      }
      inputs.sendPing();
      if (inputs.isPaused()) {
        unanswered = 0;
      } else if (++unanswered > count) {
        subscriber.error(new KeepaliveTimeoutError(seconds, count));
        return;
      } else {
        subscriber.next(unanswered);
      }
      this.schedule(undefined, periodMs);
    };
    const timer = scheduler.schedule(check, periodMs);
    return () => {
      activity.unsubscribe();
      timer.unsubscribe();
    };
  });
}

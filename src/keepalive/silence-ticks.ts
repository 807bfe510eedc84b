import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * Watches a peer's activity on one timer: emits `true` each time a full `periodMs` has passed
 * with nothing from the peer, and `false` at a check that finds the peer spoke since the last one
 * (the silence then runs from its last frame). Activity only notes the time: however many frames
 * come, one timer runs per period (re-arming a timer per frame costs more than the rest of a small
 * call's receive path).
 *
 * @example
 * import { Subject } from 'rxjs';
 * import { silenceTicks } from 'rxvirt';
 *
 * const frames = new Subject<void>();
 * silenceTicks(frames, 5_000).subscribe((silent) => console.log(silent ? 'silent for 5 s' : 'peer spoke'));
 */
export function silenceTicks(activity: Observable<unknown>, periodMs: number, scheduler: SchedulerLike): Observable<boolean> {
  return new Observable<boolean>((subscriber) => {
    let lastActivity = scheduler.now();
    /** A frame came since the last check (a clock alone misses one that came in the check's millisecond). */
    let heard = false;
    const frames = activity.subscribe({
      next: () => {
        lastActivity = scheduler.now();
        heard = true;
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    const check = function (this: SchedulerAction<undefined>): void {
      if (heard) {
        heard = false;
        subscriber.next(false);
        const rest = periodMs - (scheduler.now() - lastActivity);
        if (rest > 0) {
          this.schedule(undefined, rest);
          return;
        }
      }
      subscriber.next(true);
      this.schedule(undefined, periodMs);
    };
    const timer = scheduler.schedule(check, periodMs);
    return () => {
      frames.unsubscribe();
      timer.unsubscribe();
    };
  });
}

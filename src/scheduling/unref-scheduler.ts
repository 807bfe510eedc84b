import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/** One scheduled piece of work, rescheduled in place as `interval` and `timer` do. */
class UnrefAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => this.clear());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.clear();
    const handle = setTimeout(() => {
      this.handle = undefined;
      this.work.call(this, state);
    }, delay);
    // In Node a timer has unref(): then it does not keep the process alive by itself.
    (handle as { unref?: () => void }).unref?.();
    this.handle = handle;
    return this;
  }

  private clear(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/**
 * RxJS's async scheduler, except that its timers never keep a Node process alive by themselves:
 * a keepalive timer must not stop a script from exiting once the user is done.
 */
export const unrefScheduler: SchedulerLike = {
  now: () => Date.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new UnrefAction(work).schedule(state, delay);
  },
};

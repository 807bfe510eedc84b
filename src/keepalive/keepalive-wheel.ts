import type { SchedulerLike, Subscription } from 'rxjs';
import { unrefScheduler } from '../scheduling/unref-scheduler.js';
import { KeepaliveTimeoutError } from './keepalive-timeout-error.js';

/** What a keepalive watches and acts on: a session. */
export interface KeepaliveTarget {
  /** Sends one PING. */
  sendKeepalivePing(): void;
  /** True while this side has paused reading: silence then is our own doing, not the peer's. */
  readonly readingPaused: boolean;
  /** The peer stayed silent through every PING: end the connection with this error. */
  terminate(failure: KeepaliveTimeoutError): void;
}

/**
 * Checks are rounded up to this fraction of the period, so that the connections of one period
 * share the wheel's turns (at most this many a period) instead of each having its own. Rounding
 * up only ever lengthens a silence before it counts, never shortens it.
 */
const TURNS_PER_PERIOD = 16;

/**
 * One connection's keepalive on a {@link KeepaliveWheel}: the same rule as the `keepalive`
 * operator (libvirt's virkeepalive.c), kept in a few fields instead of an Observable chain.
 * After `interval` seconds with nothing received a PING goes out; any frame starts the silence
 * over; once the silence outlasts `count` PINGs the target is terminated with a
 * {@link KeepaliveTimeoutError}. While reading is paused PINGs still go out but the silence
 * counts for nothing.
 */
export class KeepaliveWatch {
  /** When the last frame arrived (the wheel's clock). */
  private lastActivity: number;
  /** A frame came since the last check (a clock alone misses one that came in the check's millisecond). */
  private heard = false;
  /** Silent periods in a row. */
  private failures = 0;
  /** When the next check is due. */
  due: number;
  private readonly periodMs: number;
  private readonly quantumMs: number;

  constructor(
    private readonly wheel: KeepaliveWheel,
    private readonly target: KeepaliveTarget,
    private readonly interval: number,
    private readonly count: number,
    now: number,
  ) {
    this.periodMs = interval * 1000;
    this.quantumMs = Math.max(1, Math.floor(this.periodMs / TURNS_PER_PERIOD));
    this.lastActivity = now;
    this.due = this.roundUp(now + this.periodMs);
  }

  /** A frame arrived: the peer is alive (libvirt's mark_active). */
  noteActivity(): void {
    this.lastActivity = this.wheel.now();
    this.heard = true;
  }

  /** Takes this watch off its wheel. */
  stop(): void {
    this.wheel.remove(this);
  }

  /** Called by the wheel once {@link due} has passed. */
  check(now: number): void {
    if (this.heard) {
      this.heard = false;
      this.failures = 0;
      const rest = this.periodMs - (now - this.lastActivity);
      if (rest > 0) {
        this.due = this.roundUp(now + rest);
        return;
      }
    }
    // A full period passed in silence.
    this.target.sendKeepalivePing();
    this.failures = this.target.readingPaused ? 0 : this.failures + 1;
    if (this.failures > this.count) {
      this.stop();
      this.target.terminate(new KeepaliveTimeoutError(this.interval, this.count));
      return;
    }
    this.due = this.roundUp(now + this.periodMs);
  }

  private roundUp(time: number): number {
    return Math.ceil(time / this.quantumMs) * this.quantumMs;
  }
}

/**
 * The keepalive of many connections on one timer: each turn checks the watches whose time has
 * come, and the timer is set again for the earliest one left. A thousand idle connections then
 * hold one timer between them, not one each; with none, no timer runs. On the default scheduler
 * the timer is unref'd (it never keeps a process alive by itself); tests pass a virtual one.
 */
export class KeepaliveWheel {
  private readonly watches = new Set<KeepaliveWatch>();
  private timer: Subscription | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  constructor(private readonly scheduler: SchedulerLike = unrefScheduler) {}

  now(): number {
    return this.scheduler.now();
  }

  /** Starts keeping `target` alive: see {@link KeepaliveWatch}. */
  watch(target: KeepaliveTarget, interval: number, count: number): KeepaliveWatch {
    const watch = new KeepaliveWatch(this, target, interval, count, this.now());
    this.watches.add(watch);
    this.arm(watch.due);
    return watch;
  }

  /** Connections on this wheel. */
  get size(): number {
    return this.watches.size;
  }

  remove(watch: KeepaliveWatch): void {
    this.watches.delete(watch);
    if (this.watches.size > 0) return;
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  private arm(due: number): void {
    if (due >= this.timerDue) return;
    this.timer?.unsubscribe();
    this.timerDue = due;
    this.timer = this.scheduler.schedule(() => this.turn(), Math.max(0, due - this.now()));
  }

  private turn(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    // A check may end its connection (which leaves the set) or start another: a Set's iteration
    // skips the first and visits the second, whose time has not come.
    for (const watch of this.watches) {
      if (watch.due <= now) watch.check(now);
      if (this.watches.has(watch) && watch.due < next) next = watch.due;
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}

let defaultWheel: KeepaliveWheel | undefined;

/** The wheel every connection's keepalive runs on, made on first use. */
export function keepaliveWheel(): KeepaliveWheel {
  return (defaultWheel ??= new KeepaliveWheel());
}

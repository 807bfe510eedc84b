import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { type KeepaliveTarget, KeepaliveWheel } from '../../src/keepalive/keepalive-wheel.js';
import { KeepaliveTimeoutError } from '../../src/keepalive/keepalive-timeout-error.js';

// Virtual time in ms; an interval of 0.016 s is 16 ms, whose checks round to whole ms (16 turns a period).
const INTERVAL = 0.016;

/** A session stand-in recording its pings and its end. */
class Target implements KeepaliveTarget {
  readonly pings: number[] = [];
  ended: { at: number; failure: unknown } | undefined;
  readingPaused = false;
  constructor(private readonly clock: SchedulerLike) {}
  sendKeepalivePing(): void {
    this.pings.push(this.clock.now());
  }
  terminate(failure: unknown): void {
    this.ended = { at: this.clock.now(), failure };
  }
}

describe('KeepaliveWheel (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('pings after each silent interval and ends the connection after count unanswered pings', () => {
    scheduler.run(() => {
      const wheel = new KeepaliveWheel(scheduler);
      const target = new Target(scheduler);
      wheel.watch(target, INTERVAL, 3);
      scheduler.flush();
      expect(target.pings).toEqual([16, 32, 48, 64]);
      expect(target.ended).toEqual({ at: 64, failure: new KeepaliveTimeoutError(INTERVAL, 3) });
      expect(wheel.size).toBe(0);
    });
  });

  it('any inbound frame starts the silence over', () => {
    scheduler.run(() => {
      const wheel = new KeepaliveWheel(scheduler);
      const target = new Target(scheduler);
      const watch = wheel.watch(target, INTERVAL, 2);
      scheduler.schedule(() => watch.noteActivity(), 10);
      scheduler.schedule(() => watch.noteActivity(), 30);
      scheduler.flush();
      // Frames at 10 and 30: a ping 16 ms after each, then every 16 ms; the frame at 30 reset the count.
      expect(target.pings).toEqual([26, 46, 62, 78]);
      expect(target.ended?.at).toBe(78);
    });
  });

  it('never ends a connection while its reading is paused, and stops when told', () => {
    scheduler.run(() => {
      const wheel = new KeepaliveWheel(scheduler);
      const target = new Target(scheduler);
      target.readingPaused = true;
      const watch = wheel.watch(target, INTERVAL, 1);
      scheduler.schedule(() => watch.stop(), 100);
      scheduler.flush();
      expect(target.pings).toEqual([16, 32, 48, 64, 80, 96]);
      expect(target.ended).toBeUndefined();
      expect(wheel.size).toBe(0);
    });
  });

  it('runs many connections on one timer, each on its own clock', () => {
    scheduler.run(() => {
      let timers = 0;
      const counting: SchedulerLike = {
        now: () => scheduler.now(),
        schedule: ((work: (this: SchedulerAction<unknown>) => void, delay?: number) => {
          timers++;
          return scheduler.schedule(work, delay);
        }) as SchedulerLike['schedule'],
      };
      const wheel = new KeepaliveWheel(counting);
      const targets: Target[] = [];
      // 100 connections opened over 100 ms with a 1.6 s interval: checks round to 100 ms.
      for (let i = 0; i < 100; i++) {
        scheduler.schedule(() => {
          const target = new Target(scheduler);
          targets.push(target);
          const watch = wheel.watch(target, 1.6, 1);
          if (i === 0) scheduler.schedule(() => watch.noteActivity(), 1000);
        }, i);
      }
      scheduler.flush();
      // Each pinged after at least 1.6 s of silence, at most one rounding step (100 ms) later.
      for (const [i, target] of targets.entries()) {
        const silentFrom = i === 0 ? 1000 : i;
        expect(target.pings[0] - silentFrom).toBeGreaterThanOrEqual(1600);
        expect(target.pings[0] - silentFrom).toBeLessThanOrEqual(1700);
        expect(target.ended).toBeDefined();
      }
      // A timer for the first watch, then a handful of turns: not one timer per connection and period.
      expect(timers).toBeLessThan(20);
      expect(wheel.size).toBe(0);
    });
  });
});

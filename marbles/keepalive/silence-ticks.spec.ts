import { TestScheduler } from 'rxjs/testing';
import { silenceTicks } from '../../src/keepalive/silence-ticks.js';

describe('silenceTicks (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });
  const ticks = { s: true, h: false };

  it('ticks `true` after every period of silence', () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const activity = hot('-');
      expectObservable(silenceTicks(activity, 5, scheduler), '^-----------------!').toBe('-----s----s----s--', ticks);
      expectSubscriptions(activity.subscriptions).toBe('^-----------------!');
    });
  });

  it('a frame makes the next check tick `false` and starts the silence over from the frame', () => {
    scheduler.run(({ hot, expectObservable }) => {
      // A frame at 3: the check at 5 hears it and waits until 8 (5 ms after the frame).
      const activity = hot('---x');
      expectObservable(silenceTicks(activity, 5, scheduler), '^-------------!').toBe('-----h--s----s', ticks);
    });
  });

  it('many frames in one period cost one check', () => {
    scheduler.run(({ hot, expectObservable }) => {
      // The check at 10 hears the frames of 6..9 and waits until 14, 5 ms after the last one.
      const activity = hot('-xxxxxxxxx');
      expectObservable(silenceTicks(activity, 5, scheduler), '^----------------!').toBe('-----h----h---s--', ticks);
    });
  });

  it('passes the end of activity through and stops its timer', () => {
    scheduler.run(({ hot, expectObservable }) => {
      expectObservable(silenceTicks(hot('--|'), 5, scheduler)).toBe('--|');
      expectObservable(silenceTicks(hot('--#'), 5, scheduler)).toBe('--#');
    });
  });
});

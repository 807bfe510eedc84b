import { TestScheduler } from 'rxjs/testing';
import { keepalive } from '../../src/keepalive/keepalive.js';
import { KeepaliveTimeoutError } from '../../src/keepalive/keepalive-timeout-error.js';

// Virtual time: 1 frame = 1 ms, so an interval of 0.005 s is 5 frames.
const INTERVAL = 0.005;

describe('keepalive pipeline (marbles)', () => {
  let scheduler: TestScheduler;
  let pings: number[];
  let paused: boolean;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    pings = [];
    paused = false;
  });

  function run(activityMarbles: string, count: number, expected: string, values?: Record<string, number>, error?: unknown, unsubscription?: string): void {
    scheduler.run(({ hot, expectObservable }) => {
      const activity = hot(activityMarbles);
      const output = keepalive(
        { activity, sendPing: () => pings.push(scheduler.now()), isPaused: () => paused, scheduler },
        { interval: INTERVAL, count },
      );
      expectObservable(output, unsubscription).toBe(expected, values, error);
    });
  }

  it('pings after each silent interval and fails after count unanswered pings', () => {
    // Silence from the start: pings at 5, 10, 15; the fourth silent interval (20) is fatal.
    run('-', 3, '-----a----b----c----#', { a: 1, b: 2, c: 3 }, new KeepaliveTimeoutError(INTERVAL, 3));
    expect(pings).toEqual([5, 10, 15, 20]);
  });

  it('any inbound frame starts the silence over', () => {
    // Frames at 7 and 16: pings only after 5 ms of silence each time.
    run('-------x--------x', 2, '-----a------a--------a----b----#', { a: 1, b: 2 }, new KeepaliveTimeoutError(INTERVAL, 2));
    expect(pings).toEqual([5, 12, 21, 26, 31]);
  });

  it('a peer that answers every ping keeps the connection open', () => {
    // The answer (x) comes 1 ms after each ping.
    run('------x-----x-----x-----x', 1, '-----a-----a-----a-----a-----a', { a: 1 }, undefined, `^${'-'.repeat(29)}!`);
    expect(pings).toEqual([5, 11, 17, 23, 29]);
  });

  it('keeps pinging but never fails while reading is paused', () => {
    paused = true;
    run('-', 1, '-------------------------------', undefined, undefined, '^------------------------------!');
    expect(pings).toEqual([5, 10, 15, 20, 25, 30]);
  });

  it('stops its timer on unsubscribe', () => {
    run('-', 5, '-----a---', { a: 1 }, undefined, '^-------!');
    expect(pings).toEqual([5]);
  });
});

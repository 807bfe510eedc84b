import { TestScheduler } from 'rxjs/testing';
import { onRegistered } from '../../src/events/on-registered.js';
import { REGISTERED } from '../../src/events/registered.js';

describe('onRegistered (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('calls the action at each REGISTERED and passes only the events, with the source\'s end', () => {
    const actedAt: number[] = [];
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-R-a-b-R-c|', { R: REGISTERED, a: 1, b: 2, c: 3 });
      expectObservable(source.pipe(onRegistered(() => actedAt.push(scheduler.now())))).toBe('---a-b---c|', { a: 1, b: 2, c: 3 });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
    expect(actedAt).toEqual([1, 7]);
  });

  it('passes errors on and unsubscribes the source when its subscriber leaves', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('-R-#', { R: REGISTERED });
      expectObservable(failing.pipe(onRegistered(() => undefined))).toBe('---#');
      const endless = cold('-R-a---', { R: REGISTERED, a: 1 });
      expectObservable(endless.pipe(onRegistered(() => undefined)), '^----!').toBe('---a', { a: 1 });
      expectSubscriptions(endless.subscriptions).toBe('^----!');
    });
  });
});

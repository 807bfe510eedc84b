import { TestScheduler } from 'rxjs/testing';
import { failureThreshold } from '../../src/operators/failure-threshold.js';

describe('failureThreshold', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });
  const outcomes = { f: true, s: false };
  const tooMany = (n: number): Error => new Error(`${n} failures`);

  it('emits the running count of consecutive failures', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('f-f-f-|', outcomes);
      expectObservable(source.pipe(failureThreshold(3, tooMany))).toBe('a-b-c-|', { a: 1, b: 2, c: 3 });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('errors on the failure past the threshold and unsubscribes from the source', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('f-f-f-f-|', outcomes);
      expectObservable(source.pipe(failureThreshold(2, tooMany))).toBe('a-b-#', { a: 1, b: 2 }, tooMany(3));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('resets the count on a success', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('f-f-s-f-f-s-f-|', outcomes);
      expectObservable(source.pipe(failureThreshold(2, tooMany))).toBe('a-b---a-b---a-|', { a: 1, b: 2 });
    });
  });

  it('with a threshold of 0 errors on the first failure', () => {
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('s-f-|', outcomes).pipe(failureThreshold(0, tooMany))).toBe('--#', undefined, tooMany(1));
    });
  });

  it('passes source errors through and tears down on unsubscribe', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('f-#', outcomes, new Error('source'));
      expectObservable(failing.pipe(failureThreshold(5, tooMany))).toBe('a-#', { a: 1 }, new Error('source'));
      const endless = cold('f-f-f-f-f', outcomes);
      expectObservable(endless.pipe(failureThreshold(9, tooMany)), '^--!').toBe('a-b-', { a: 1, b: 2 });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });

  it('refuses a threshold that is not a non-negative integer', () => {
    expect(() => failureThreshold(-1, tooMany)).toThrow(RangeError);
    expect(() => failureThreshold(1.5, tooMany)).toThrow(RangeError);
  });
});

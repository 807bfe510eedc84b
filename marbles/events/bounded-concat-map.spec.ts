import { TestScheduler } from 'rxjs/testing';
import { BacklogOverflowError } from '../../src/events/backlog-overflow-error.js';
import { boundedConcatMap } from '../../src/events/bounded-concat-map.js';

describe('boundedConcatMap (marbles)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('processes values one at a time, in order, while the backlog stays within its limit', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const source = hot('-abc-------|');
      const slow = (value: string) => cold('--(x|)', { x: value.toUpperCase() });
      expectObservable(source.pipe(boundedConcatMap(slow, { limit: 2 }))).toBe('---A-B-C---|', { A: 'A', B: 'B', C: 'C' });
    });
  });

  it('fails with BacklogOverflowError when more values wait than the limit allows', () => {
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-abcd---');
      const slow = (value: string) => cold('---(x|)', { x: value });
      expectObservable(source.pipe(boundedConcatMap(slow, { limit: 2 }))).toBe('----#', undefined, new BacklogOverflowError(2));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('drops arrivals at a full backlog with overflow "drop", and reports each', () => {
    const dropped: string[] = [];
    scheduler.run(({ cold, hot, expectObservable }) => {
      const source = hot('-abcd------e----|');
      const slow = (value: string) => cold('---(x|)', { x: value });
      const options = { limit: 2, overflow: 'drop' as const, onDrop: (value: string) => dropped.push(value) };
      // a runs 1-4, b 4-7, c 7-10; d arrived while a ran and b, c waited; e finds room again.
      expectObservable(source.pipe(boundedConcatMap(slow, options))).toBe('----a--b--c---e-|');
    });
    expect(dropped).toEqual(['d']);
  });
});

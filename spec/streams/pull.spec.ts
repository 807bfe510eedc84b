import { from, Observable, of, Subject, timer, map, toArray, lastValueFrom } from 'rxjs';
import { concatMapPulled } from '../../src/streams/concat-map-pulled.js';
import { PullableObservable } from '../../src/streams/pullable-observable.js';
import { PullQueue } from '../../src/streams/pull-queue.js';

/** A pullable counter that logs every request it gets. */
function counter(total: number, log: string[]): PullableObservable<number> {
  return new PullableObservable<number>((subscriber, requests) => {
    let next = 0;
    return requests.subscribe((count) => {
      log.push(`request ${count}`);
      for (let i = 0; i < count && next < total; i++) subscriber.next(next++);
      if (next === total) subscriber.complete();
    });
  });
}

describe('PullQueue', () => {
  it('delivers only what was requested, completes after the queued items, and keeps the stack flat', () => {
    const seen: number[] = [];
    let depth = 0;
    let maxDepth = 0;
    let queue: PullQueue<number> | undefined;
    const done = new Promise<void>((resolve) => {
      new Observable<number>((subscriber) => {
        queue = new PullQueue(subscriber);
      }).subscribe({
        next: (value) => {
          maxDepth = Math.max(maxDepth, ++depth);
          seen.push(value);
          queue?.request(1); // re-entrant request
          depth--;
        },
        complete: resolve,
      });
    });
    const q = queue as PullQueue<number>;
    for (let i = 0; i < 1000; i++) q.push(i);
    q.complete();
    expect(seen).toEqual([]);
    expect(q.demand).toBe(0);
    q.request(1);
    expect(seen.length).toBe(1000);
    expect(maxDepth).toBe(1);
    return done;
  });

  it('ignores non-positive requests', () => {
    const seen: number[] = [];
    new Observable<number>((subscriber) => {
      const queue = new PullQueue(subscriber);
      queue.push(1);
      queue.request(0);
      queue.request(-3);
      queue.request(Number.NaN);
    }).subscribe((value) => seen.push(value));
    expect(seen).toEqual([]);
  });
});

describe('PullableObservable', () => {
  it('emits everything to a plain subscriber, and only what was pulled through pullWith', () => {
    const log: string[] = [];
    const all: number[] = [];
    counter(3, log).subscribe((value) => all.push(value));
    expect(all).toEqual([0, 1, 2]);
    expect(log).toEqual(['request Infinity']);
    const pulled: number[] = [];
    const pull = new Subject<number>();
    counter(3, []).pullWith(pull).subscribe((value) => pulled.push(value));
    pull.next(2);
    expect(pulled).toEqual([0, 1]);
  });
});

describe('concatMapPulled', () => {
  it('pulls the next item only when the previous inner Observable has completed', async () => {
    const log: string[] = [];
    const result = await lastValueFrom(
      counter(3, log).pipe(
        concatMapPulled((value) => {
          log.push(`work ${value}`);
          return timer(5).pipe(map(() => value * 10));
        }),
        toArray(),
      ),
    );
    expect(result).toEqual([0, 10, 20]);
    expect(log).toEqual(['request 1', 'work 0', 'request 1', 'work 1', 'request 1', 'work 2']);
  });

  it('works like concatMap on sources that cannot be pulled', async () => {
    expect(await lastValueFrom(from([1, 2]).pipe(concatMapPulled((value) => of(value, value)), toArray()))).toEqual([1, 1, 2, 2]);
  });
});

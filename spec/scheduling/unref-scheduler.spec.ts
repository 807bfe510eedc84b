import { interval, take, timer, toArray, firstValueFrom } from 'rxjs';
import { unrefScheduler } from '../../src/scheduling/unref-scheduler.js';

describe('unrefScheduler', () => {
  it('runs timers and intervals like the async scheduler', async () => {
    await expect(firstValueFrom(timer(5, unrefScheduler))).resolves.toBe(0);
    await expect(firstValueFrom(interval(2, unrefScheduler).pipe(take(3), toArray()))).resolves.toEqual([0, 1, 2]);
  });

  it('cancels work on unsubscribe', async () => {
    let ran = false;
    const subscription = unrefScheduler.schedule(() => {
      ran = true;
    }, 5);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
  });

  it('does not keep the process alive (the timer is unref()ed)', () => {
    const spy = jest.spyOn(global, 'setTimeout');
    const subscription = unrefScheduler.schedule(() => undefined, 60_000);
    const handle = spy.mock.results[0].value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    subscription.unsubscribe();
    spy.mockRestore();
  });
});

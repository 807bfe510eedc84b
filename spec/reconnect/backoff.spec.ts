import { backoffDelay, reconnectSettings } from '../../src/reconnect/backoff.js';

describe('reconnect backoff', () => {
  const settings = reconnectSettings({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0.5, maxAttempts: 5 });

  it('doubles from the initial delay up to the cap, without jitter at random() = 0', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, settings, () => 0))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws the top jitter fraction at random', () => {
    expect(backoffDelay(3, settings, () => 1)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, settings);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('refuses settings that make no sense', () => {
    expect(() => reconnectSettings({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => reconnectSettings({ jitter: 2 })).toThrow(RangeError);
    expect(() => reconnectSettings({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
    expect(reconnectSettings({ maxAttempts: Infinity }).maxAttempts).toBe(Infinity);
  });
});

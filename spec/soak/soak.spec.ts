// A scaled-down soak against the shared daemon (the full one is `npm run soak`): heap and handles
// back to their baseline, no stray callback on the daemon, no client left connected.
import { firstValueFrom, lastValueFrom, take } from 'rxjs';
import { connect } from '../../src/index.js';
import { runSoak } from '../../stress/soak/soak.js';

const URI = 'test+unix:///default';
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('soak (scaled down)', () => {
  it('20 000 calls, 2 000 subscription cycles, 30 aborted streams leave nothing behind', async () => {
    const report = await runSoak(() => firstValueFrom(connect(URI)), { calls: 20_000, inFlight: 128, subscriptionCycles: 2_000, streams: 30 });
    expect(report.leakedResources).toEqual({});
    // Retained per call, per cycle or per stream would show as megabytes; the rest is JIT and noise.
    expect(report.heapGrowth).toBeLessThan(2 * 2 ** 20);
    expect(report.freshRegistrationEvents).toBe(2);
    expect(report.strayEvents).toBe(0);
    expect(report.daemonClients.after).toBe(report.daemonClients.before);
  }, 60_000);

  it('re-subscribing while the last deregistration is in flight: the daemon never sees two (no "already tracked")', async () => {
    const conn = await firstValueFrom(connect(URI));
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const errors: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      const subscription = conn.events.domain('lifecycle', { dom }).subscribe({ error: (error: unknown) => errors.push(error) });
      // Every few rounds, let the register reply come back before leaving.
      if (i % 5 === 0) await firstValueFrom(conn.connectGetLibVersion());
      subscription.unsubscribe();
    }
    const next = firstValueFrom(conn.events.domain('lifecycle', { dom }).pipe(take(1)));
    await settle(100);
    await firstValueFrom(conn.domainSuspend({ dom }));
    await firstValueFrom(conn.domainResume({ dom }));
    await expect(next).resolves.toMatchObject({ eventName: 'VIR_DOMAIN_EVENT_SUSPENDED' });
    expect(errors).toEqual([]);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });
});

// Lifecycle events from the fake daemon through the client's events API.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Connection } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { watchEvents } from '../support/watch-events.js';

/** Lets frames in flight arrive (a deregistration is fire-and-forget). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe('lifecycle events from the fake daemon', () => {
  let daemon: FakeDaemon;
  let watcher: Connection;
  let actor: Connection;
  beforeEach(async () => {
    daemon = new FakeDaemon();
    watcher = await firstValueFrom(daemon.connect());
    actor = await firstValueFrom(daemon.connect());
  });
  afterEach(() => daemon.close());

  it('delivers suspend, resume, destroy and start, caused from another connection, in order', async () => {
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    const { live, events } = watchEvents(watcher.events.domain('lifecycle', { dom, registered: true }), 4, 2_000);
    await live;
    expect(daemon.sessions[0].events.size).toBe(1);
    for (const call of [actor.domainSuspend({ dom }), actor.domainResume({ dom }), actor.domainDestroy({ dom }), actor.domainCreate({ dom })]) {
      await lastValueFrom(call, { defaultValue: undefined });
    }
    expect((await events).map((event) => [event.dom.name, event.eventName, event.detailName])).toEqual([
      ['test', 'VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED'],
      ['test', 'VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED'],
      ['test', 'VIR_DOMAIN_EVENT_STOPPED', 'VIR_DOMAIN_EVENT_STOPPED_DESTROYED'],
      ['test', 'VIR_DOMAIN_EVENT_STARTED', 'VIR_DOMAIN_EVENT_STARTED_BOOTED'],
    ]);
    // The last subscriber left: the client deregistered, and the daemon forgot the callback.
    await settle();
    expect(daemon.sessions[0].events.size).toBe(0);
    expect(watcher.events.droppedEvents).toBe(0);
  });

  it('sends nothing to a connection that registered no callback', async () => {
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    await lastValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
    await settle();
    expect(watcher.events.droppedEvents).toBe(0);
  });

  it("refuses an event ID newer than the 9.0 daemon with libvirt's error", async () => {
    const error = await firstValueFrom(watcher.events.domain('nic-mac-change')).catch((err: unknown) => err);
    expect(error).toMatchObject({ codeName: 'VIR_ERR_INVALID_ARG', libvirtMessage: 'invalid argument: unsupported event ID 27' });
  });
});

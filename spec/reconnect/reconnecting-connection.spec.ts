// A reconnecting connection on the fake daemon: drops, a daemon that stays away, giving up, close.
import { defer, filter, firstValueFrom, lastValueFrom, type Observable, take, throwError, toArray } from 'rxjs';
import { ConnectionClosedError, type Connection, Domain, REGISTERED, TransportError } from '../../src/index.js';
import { reconnecting, type ReconnectingConnection } from '../../src/reconnect/reconnecting-connection.js';
import type { ReconnectingState } from '../../src/reconnect/reconnecting-state.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { ResourceTracker } from '../support/leaks.js';
import { signal } from '../support/signal.js';

const FAST = { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 } as const;
const settle = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (call: Observable<unknown>): Promise<unknown> => lastValueFrom(call).catch((err: unknown) => err);
const reopened = (conn: ReconnectingConnection, after: Connection | undefined): Promise<Connection> =>
  firstValueFrom(conn.connection$.pipe(filter((next) => next !== after)));

describe('ReconnectingConnection (fake daemon)', () => {
  let daemon: FakeDaemon;
  /** While true, opening fails as against a daemon that is not listening. */
  let down: boolean;
  let opens: number;
  const open = (): Observable<Connection> =>
    defer(() => {
      opens++;
      if (down) return throwError(() => new TransportError('connect ECONNREFUSED', 'memory:fake-daemon', 'ECONNREFUSED'));
      return daemon.connect();
    });

  beforeEach(() => {
    daemon = new FakeDaemon();
    down = false;
    opens = 0;
  });
  afterEach(() => daemon.close());

  it('keeps one event Observable across a drop: registered again on the new connection, and says so', async () => {
    const conn = await firstValueFrom(reconnecting(open, FAST));
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const items: string[] = [];
    const eventDomains: Domain[] = [];
    let live = signal();
    const subscription = conn.events.domain('lifecycle', { dom, registered: true }).subscribe((item) => {
      if (item === REGISTERED) {
        items.push('REGISTERED');
        live.fire();
      } else {
        items.push(String(item.eventName));
        eventDomains.push(item.dom);
      }
    });
    await live.fired;
    await firstValueFrom(conn.domainSuspend({ dom }));
    live = signal();
    const first = conn.connection;
    daemon.faults.dropConnection();
    await reopened(conn, first);
    // No settling: REGISTERED says when the new registration is in place.
    await live.fired;
    expect(daemon.sessions).toHaveLength(1);
    expect(daemon.sessions[0].events.size).toBe(1);
    await firstValueFrom(conn.domainResume({ dom }));
    await settle();
    expect(items).toEqual(['REGISTERED', 'VIR_DOMAIN_EVENT_SUSPENDED', 'REGISTERED', 'VIR_DOMAIN_EVENT_RESUMED']);
    // Objects from calls and from events made before the drop go to the connection open now.
    expect(eventDomains.every((found) => found instanceof Domain)).toBe(true);
    await firstValueFrom(eventDomains[0].suspend());
    expect(await firstValueFrom(dom.getState())).toMatchObject({ stateName: 'VIR_DOMAIN_PAUSED' });
    await firstValueFrom(dom.resume());
    subscription.unsubscribe();
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('fails calls fast while down, shows each attempt on state$, and comes back', async () => {
    const conn = await firstValueFrom(reconnecting(open, FAST));
    const states: ReconnectingState[] = [];
    conn.state$.subscribe((state) => states.push(state));
    down = true;
    const first = conn.connection;
    daemon.faults.dropConnection();
    await settle(40);
    const error = await failure(conn.connectGetLibVersion());
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as ConnectionClosedError).cause).toBeInstanceOf(TransportError);
    down = false;
    await reopened(conn, first);
    await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
    const reconnectingStates = states.filter((state) => state.status === 'reconnecting');
    expect(reconnectingStates.length).toBeGreaterThanOrEqual(2);
    expect(reconnectingStates.map((state) => state.status === 'reconnecting' && state.attempt).slice(0, 2)).toEqual([1, 2]);
    expect(states.at(-1)).toEqual({ status: 'open' });
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    expect(states.at(-1)).toEqual({ status: 'closed', cause: undefined });
  });

  it('gives up after maxAttempts: events and connection$ error with a ConnectionClosedError', async () => {
    const conn = await firstValueFrom(reconnecting(open, { ...FAST, maxAttempts: 3 }));
    const events = failure(conn.events.domain('lifecycle'));
    await settle();
    down = true;
    opens = 0;
    daemon.faults.dropConnection();
    const error = await events;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toMatch(/gave up reconnecting after 3 attempts/);
    expect(opens).toBe(3);
    expect(conn.closed).toBe(true);
    await expect(failure(conn.connectGetLibVersion())).resolves.toBeInstanceOf(ConnectionClosedError);
  });

  it('close() completes the events and connection$ and leaves no timer, also mid-backoff', async () => {
    const tracker = new ResourceTracker().start();
    const conn = await firstValueFrom(reconnecting(open, { initialDelayMs: 60_000, maxDelayMs: 60_000 }));
    const events = lastValueFrom(conn.events.domain('lifecycle').pipe(toArray()));
    const connections = lastValueFrom(conn.connection$.pipe(toArray()));
    await settle();
    daemon.faults.dropConnection();
    await firstValueFrom(conn.state$.pipe(filter((state) => state.status === 'reconnecting'), take(1)));
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    await expect(events).resolves.toEqual([]);
    await expect(connections).resolves.toHaveLength(1);
    daemon.close();
    const leaked = await tracker.leaked();
    tracker.stop();
    expect(leaked).toEqual({});
  });

  it('the first open is not retried', async () => {
    down = true;
    await expect(firstValueFrom(reconnecting(open, FAST))).rejects.toBeInstanceOf(TransportError);
    expect(opens).toBe(1);
  });
});

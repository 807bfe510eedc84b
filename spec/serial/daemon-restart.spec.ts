// Kills the shared daemon with SIGKILL and restarts it (scripts/libvirtd/start.sh): runs after
// every other test file (see jest.config.ts) and leaves the daemon answering.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import { connect, ConnectionClosedError, connectReconnecting, type ReconnectingConnection, type ReconnectingState, REGISTERED, TransportError } from '../../src/index.js';
import type { RemoteNonnullDomain } from '../../src/generated/remote/types.js';

/** virDomainState's PAUSED. */
const VIR_DOMAIN_PAUSED = 3;

const URI = 'test+unix:///default';
const START = join(__dirname, '..', '..', 'scripts', 'libvirtd', 'start.sh');
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await settle(20);
  }
}

function daemonPid(): number {
  return Number(execFileSync('pgrep', ['-o', '-x', 'libvirtd'], { encoding: 'utf8' }).trim());
}

function restartDaemon(): void {
  const result = spawnSync('bash', [START], { encoding: 'utf8', timeout: 150_000 });
  if (result.status !== 0) throw new Error(`start.sh failed: ${result.stdout}${result.stderr}`);
}

/**
 * Suspends and resumes `test`: two lifecycle events. The test driver's state is shared with any
 * other connection open at the time, so a domain someone left paused is resumed first, quietly.
 */
async function pauseAndResume(conn: ReconnectingConnection, dom: RemoteNonnullDomain): Promise<void> {
  const { state } = await firstValueFrom(conn.domainGetState({ dom, flags: 0 }));
  if (state === VIR_DOMAIN_PAUSED) throw new Error('test is paused by another client: run the serial tests alone');
  await firstValueFrom(conn.domainSuspend({ dom }));
  await firstValueFrom(conn.domainResume({ dom }));
}

describe('libvirtd killed (SIGKILL) and restarted', () => {
  const opened: Array<{ close(): Observable<never> }> = [];
  afterAll(async () => {
    // Whatever happened above, the next test file finds a daemon, and this one leaves no connection.
    restartDaemon();
    for (const conn of opened) await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('a plain connection ends with a TransportError; a reconnecting one keeps its event Observable flowing', async () => {
    const plain = await firstValueFrom(connect(URI));
    const conn = await firstValueFrom(connectReconnecting(URI, { reconnect: { initialDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 300 } }));
    opened.push(plain, conn);
    const states: ReconnectingState[] = [];
    conn.state$.subscribe((state) => states.push(state));
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const names: string[] = [];
    let registrations = 0;
    const events = conn.events
      .domain('lifecycle', { dom, registered: true })
      .subscribe((item) => (item === REGISTERED ? registrations++ : names.push(String(item.eventName))));
    await until(() => registrations === 1);
    await pauseAndResume(conn, dom);
    await until(() => names.length === 2);

    const before = conn.connection;
    process.kill(daemonPid(), 'SIGKILL');
    const cause = (await firstValueFrom(plain.end$)).cause;
    expect(cause).toBeInstanceOf(TransportError);
    await expect(lastValueFrom(plain.connectGetLibVersion())).rejects.toBeInstanceOf(ConnectionClosedError);
    await until(() => states.some((state) => state.status === 'reconnecting'));
    // Calls fail fast while the daemon is away.
    await expect(lastValueFrom(conn.connectGetLibVersion())).rejects.toBeInstanceOf(ConnectionClosedError);

    restartDaemon();
    await firstValueFrom(conn.connection$.pipe(filter((next) => next !== before)));
    // The registration is made again on the new connection, and says so.
    await until(() => registrations === 2);
    expect(conn.connection?.events.liveRegistrations).toEqual([`domain:0:${Buffer.from(dom.uuid).toString('hex')}`]);
    await pauseAndResume(conn, dom);
    await until(() => names.length === 4);
    expect(names).toEqual(['VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_RESUMED']);
    expect(states.at(-1)).toEqual({ status: 'open' });
    events.unsubscribe();
  }, 200_000);
});

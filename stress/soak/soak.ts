// The soak: many calls in flight, event subscriptions made and dropped, data streams opened and
// aborted, on one connection to the real daemon. Afterwards the heap and the process's handles are
// back to their baseline, and the daemon holds no stray callback for this connection.
import { execFileSync } from 'node:child_process';
import { count, firstValueFrom, lastValueFrom, mergeMap, range, take } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import type { RemoteNonnullDomain } from '../../src/generated/remote/types.js';
import { ResourceTracker } from '../resource-tracker.js';
import { garbageCollector } from './gc.js';

export interface SoakScale {
  readonly calls: number;
  readonly inFlight: number;
  readonly subscriptionCycles: number;
  readonly streams: number;
}

export const FULL_SOAK: SoakScale = { calls: 100_000, inFlight: 256, subscriptionCycles: 10_000, streams: 100 };

export interface PhaseReport {
  readonly name: string;
  readonly seconds: number;
}

export interface SoakReport {
  readonly phases: readonly PhaseReport[];
  /** heapUsed after the soak minus the baseline, after a full GC, in bytes. */
  readonly heapGrowth: number;
  readonly baselineHeap: number;
  /** Timers and handles created during the phases and still alive once the connection closed (none expected). */
  readonly leakedResources: Record<string, number>;
  /** Lifecycle events a single fresh registration received for one suspend and resume (2 expected). */
  readonly freshRegistrationEvents: number;
  /** Event frames the connection dropped for unknown callbacks during that check (0 expected: no stray registrations). */
  readonly strayEvents: number;
  /** `virt-admin srv-clients-info libvirtd` nclients before the connection opened and after it closed. */
  readonly daemonClients: { readonly before: number; readonly after: number };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Clients connected to libvirtd's main server, as its admin interface counts them. */
export function daemonClients(): number {
  const out = execFileSync('virt-admin', ['srv-clients-info', 'libvirtd'], { encoding: 'utf8' });
  const match = /^nclients\s*:\s*(\d+)/m.exec(out);
  if (!match) throw new Error(`unexpected virt-admin output: ${out}`);
  return Number(match[1]);
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await settle(20);
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function calls(conn: Connection, scale: SoakScale): Promise<void> {
  const done = await lastValueFrom(range(0, scale.calls).pipe(mergeMap(() => conn.connectGetLibVersion(), scale.inFlight), count()));
  if (done !== scale.calls) throw new Error(`${done} of ${scale.calls} calls answered`);
}

/** Subscribes and unsubscribes at once, in batches, half of them before the register reply came back. */
async function subscriptionCycles(conn: Connection, dom: RemoteNonnullDomain, cycles: number): Promise<void> {
  const BATCH = 50;
  for (let done = 0; done < cycles; done += BATCH) {
    for (let i = 0; i < Math.min(BATCH, cycles - done); i++) {
      const subscription = conn.events.domain('lifecycle', i % 2 === 0 ? {} : { dom }).subscribe();
      if (i % 4 < 2) subscription.unsubscribe();
      else setTimeout(() => subscription.unsubscribe(), 0);
    }
    // A round trip behind the batch: its registrations and deregistrations have been answered.
    await settle(1);
    await firstValueFrom(conn.connectGetLibVersion());
  }
}

async function abortedStreams(conn: Connection, dom: RemoteNonnullDomain, streams: number): Promise<void> {
  for (let i = 0; i < streams; i++) {
    // take(1): the reply, then unsubscribe, which aborts the stream.
    await firstValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(take(1)));
  }
  await firstValueFrom(conn.connectGetLibVersion());
}

/** One registration, one suspend and resume of `test`: how many events it got, how many were stray. */
async function freshRegistration(conn: Connection, dom: RemoteNonnullDomain): Promise<{ events: number; stray: number }> {
  const droppedBefore = conn.events.droppedEvents;
  let events = 0;
  const subscription = conn.events.domain('lifecycle', { dom }).subscribe(() => events++);
  await settle(100);
  await firstValueFrom(conn.domainSuspend({ dom }));
  await firstValueFrom(conn.domainResume({ dom }));
  await settle(200);
  subscription.unsubscribe();
  return { events, stray: conn.events.droppedEvents - droppedBefore };
}

/**
 * Runs the soak on `open`'s connection. A small warm-up first (JIT, lazy modules, pools), then the
 * baseline, then the phases at `scale`, then the measures.
 */
export async function runSoak(open: () => Promise<Connection>, scale: SoakScale, log: (line: string) => void = () => undefined): Promise<SoakReport> {
  const gc = garbageCollector();
  const clientsBefore = daemonClients();
  const conn = await open();
  const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
  await calls(conn, { ...scale, calls: Math.min(scale.calls, 2_000) });
  await subscriptionCycles(conn, dom, 100);
  await abortedStreams(conn, dom, 3);
  const baselineHeap = await settledHeap(gc);
  const tracker = new ResourceTracker().start();

  const phases: PhaseReport[] = [];
  const phase = async (name: string, work: () => Promise<void>): Promise<void> => {
    const started = performance.now();
    await work();
    const seconds = (performance.now() - started) / 1000;
    phases.push({ name, seconds });
    log(`${name}: ${seconds.toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`);
  };
  await phase(`${scale.calls} calls, ${scale.inFlight} in flight`, () => calls(conn, scale));
  await phase(`${scale.subscriptionCycles} subscribe/unsubscribe cycles`, () => subscriptionCycles(conn, dom, scale.subscriptionCycles));
  await phase(`${scale.streams} streams opened and aborted`, () => abortedStreams(conn, dom, scale.streams));

  const heap = await settledHeap(gc);
  const fresh = await freshRegistration(conn, dom);
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  // Measured once closed: the keepalive's timer of the open connection is rightly alive before.
  const leakedResources = await tracker.leaked();
  tracker.stop();
  await settle(100);
  return {
    phases,
    heapGrowth: heap - baselineHeap,
    baselineHeap,
    leakedResources,
    freshRegistrationEvents: fresh.events,
    strayEvents: fresh.stray,
    daemonClients: { before: clientsBefore, after: daemonClients() },
  };
}


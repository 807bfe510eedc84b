import { filter, firstValueFrom, lastValueFrom, type Observable, share, timeout } from 'rxjs';
import { connect } from '../../connect.js';
import type { Connection } from '../../connection/connection.js';
import type { DomainLifecycleEvent } from '../../events/domain-events.js';
import { REGISTERED } from '../../events/registered.js';
import { virDomainState } from '../../generated/libvirt/libvirt.js';
import { FakeDaemon } from '../../testing/fake-daemon.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { OutputStream } from '../io.js';

/** Where the demo goes when neither -c nor $LIBVIRT_DEFAULT_URI says: libvirtd's test driver, harmless to drive. */
const DEMO_URI = 'test+unix:///default';
/** A daemon that has not answered by then is taken as absent: the demo should take seconds. */
const OPEN_TIMEOUT_MS = 2_000;
const EVENT_TIMEOUT_MS = 5_000;
/** Between steps, so that a person can follow the events as they come. */
const STEP_PAUSE_MS = 150;

/**
 * `demo`: subscribes to a domain's lifecycle events and suspends and resumes it a few times,
 * printing each event as it arrives. It uses the daemon at -c or $LIBVIRT_DEFAULT_URI when one
 * answers, else rxvirt's in-process fake daemon (rxvirt/testing), and says which.
 */
export const demoCommand: CommandSpec = {
  positionals: [],
  options: [
    { name: 'domain', value: 'NAME', description: "the domain to drive (default 'test')" },
    { name: 'cycles', value: 'N', description: 'suspend/resume rounds (default 3)' },
    { name: 'fake', description: 'use the in-process fake daemon without trying a real one' },
  ],
  async run({ args, io, uri, readOnly }) {
    const cycles = args.number('cycles') ?? 3;
    const { conn, fake } = await openDemoConnection(io.stdout, args.flag('fake') ? undefined : (uri ?? DEMO_URI), readOnly);
    try {
      await driveDomain(conn, args.string('domain') ?? 'test', Math.floor(cycles), io.stdout);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
      fake?.close();
    }
    return ExitCode.Ok;
  },
};

/** A connection to the daemon at `uri` if it answers, else to a fresh fake daemon. */
async function openDemoConnection(
  out: OutputStream,
  uri: string | undefined,
  readOnly: boolean,
): Promise<{ conn: Connection; fake?: FakeDaemon }> {
  if (uri !== undefined) {
    try {
      const conn = await firstValueFrom(connect(uri, { readOnly, timeoutMs: OPEN_TIMEOUT_MS }));
      const version = await firstValueFrom(conn.connectGetLibVersion());
      out.write(`Using the libvirt daemon at ${conn.uri} (libvirt ${formatVersion(version)}).\n`);
      return { conn };
    } catch (error) {
      out.write(`No libvirt daemon answered at ${uri}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const fake = new FakeDaemon();
  const conn = await firstValueFrom(fake.connect());
  out.write("Using rxvirt's in-process fake daemon (rxvirt/testing), which behaves like libvirtd's test driver.\n");
  return { conn, fake };
}

/** Suspends and resumes `name` `cycles` times, printing each lifecycle event; leaves it as it found it. */
async function driveDomain(conn: Connection, name: string, cycles: number, out: OutputStream): Promise<void> {
  const dom = await firstValueFrom(conn.domainLookupByName({ name }));
  const lifecycle = conn.events.domain('lifecycle', { dom, registered: true }).pipe(share());
  const registered = firstValueFrom(lifecycle.pipe(filter((item) => item === REGISTERED), timeout(EVENT_TIMEOUT_MS)));
  const events: Observable<DomainLifecycleEvent> = lifecycle.pipe(filter((item) => item !== REGISTERED));
  const printing = events.subscribe(({ eventName, detailName }) => out.write(`  event: ${eventName} (${detailName})\n`));
  try {
    // From REGISTERED on, the daemon reports every lifecycle event of the domain: none is missed.
    await registered;
    const { state } = await firstValueFrom(conn.domainGetState({ dom, flags: 0 }));
    const step = async (label: string, act: Observable<void>, expected: string): Promise<void> => {
      out.write(`${label} '${name}'\n`);
      const seen = firstValueFrom(events.pipe(filter((event) => event.eventName === expected), timeout(EVENT_TIMEOUT_MS)));
      await firstValueFrom(act, { defaultValue: undefined });
      await seen;
      await new Promise((resolve) => setTimeout(resolve, STEP_PAUSE_MS));
    };
    if (state === virDomainState.VIR_DOMAIN_SHUTOFF) await step('start', conn.domainCreate({ dom }), 'VIR_DOMAIN_EVENT_STARTED');
    if (state === virDomainState.VIR_DOMAIN_PAUSED) await step('resume', conn.domainResume({ dom }), 'VIR_DOMAIN_EVENT_RESUMED');
    const started = Date.now();
    for (let round = 1; round <= cycles; round++) {
      await step(`[${round}/${cycles}] suspend`, conn.domainSuspend({ dom }), 'VIR_DOMAIN_EVENT_SUSPENDED');
      await step(`[${round}/${cycles}] resume`, conn.domainResume({ dom }), 'VIR_DOMAIN_EVENT_RESUMED');
    }
    out.write(`${2 * cycles} lifecycle events in ${Date.now() - started} ms.\n`);
    if (state === virDomainState.VIR_DOMAIN_PAUSED) await step('suspend', conn.domainSuspend({ dom }), 'VIR_DOMAIN_EVENT_SUSPENDED');
    if (state === virDomainState.VIR_DOMAIN_SHUTOFF) await step('destroy', conn.domainDestroy({ dom }), 'VIR_DOMAIN_EVENT_STOPPED');
  } finally {
    printing.unsubscribe();
  }
}

/** 9000000n → 9.0.0 */
function formatVersion(version: bigint): string {
  const n = Number(version);
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1_000) % 1_000}.${n % 1_000}`;
}

import { catchError, EMPTY, lastValueFrom, map, merge, NEVER, type Observable, take, takeUntil, tap, throwError, timer } from 'rxjs';
import { DOMAIN_EVENTS, type DomainEventName } from '../../events/domain-events.js';
import { onRegistered } from '../../events/on-registered.js';
import type { RemoteNonnullDomain } from '../../generated/remote/types.js';
import { LibvirtError } from '../../rpc/libvirt-error.js';
import { formatUuid } from '../../testing/uuid.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { toJson } from '../json-values.js';
import { lookupDomain } from '../lookup-domain.js';
import { UsageError } from '../usage-error.js';

const EVENT_NAMES = Object.keys(DOMAIN_EVENTS.kinds) as DomainEventName[];

/**
 * `event [--domain D] [--event NAME | --all] [--loop] [--timeout S]`: domain events as they come,
 * one JSON object per line (`type` is the event's name, `dom` has its UUID as text). Without
 * `--event` it waits for every event, as `--all` does. Once the daemon has confirmed the
 * registrations, stderr gets `events registered: NAME` (or `all`): every event after it is printed.
 */
export const eventCommand: CommandSpec = {
  positionals: [],
  options: [
    { name: 'domain', value: 'DOMAIN', description: 'filter by domain name, id or uuid' },
    { name: 'event', value: 'NAME', description: 'which event to wait for (see --list); default all' },
    { name: 'all', description: 'wait for all events (the default)' },
    { name: 'loop', description: 'loop until timeout or Ctrl-C, rather than one-shot' },
    { name: 'timeout', value: 'SECONDS', description: 'stop after this many seconds' },
    { name: 'list', description: 'list the event names' },
    { name: 'timestamp', description: 'add the time each event was received' },
  ],
  async run({ args, io, connection }) {
    if (args.flag('list')) {
      io.stdout.write(EVENT_NAMES.map((name) => `${name}\n`).join(''));
      return ExitCode.Ok;
    }
    const names = selectedEvents(args.string('event'));
    const seconds = args.number('timeout');
    const conn = await connection();
    const domain = args.string('domain');
    const dom = domain === undefined ? undefined : await lookupDomain(conn, domain);

    let received = 0;
    let interrupted = false;
    // Once every registration is settled, stderr says so: from then on no event is missed, so a
    // script can wait for that line before it acts.
    let settled = 0;
    const settle = (): void => {
      if (++settled === names.length) io.stderr.write(`events registered: ${names.length === 1 ? names[0] : 'all'}\n`);
    };
    const events: Observable<object> = merge(
      ...names.map((name) =>
        conn.events.domain(name, { dom, registered: true }).pipe(
          onRegistered(settle),
          map((event) => ({ type: name, ...event })),
          // Waiting for every event, skip those this daemon is too old to know (as virsh --all does).
          catchError((error: unknown) => {
            if (names.length === 1 || !(error instanceof LibvirtError)) return throwError(() => error);
            settle();
            return EMPTY;
          }),
        ),
      ),
    );
    await lastValueFrom(
      (args.flag('loop') ? events : events.pipe(take(1))).pipe(
        takeUntil(seconds === undefined ? NEVER : timer(seconds * 1000)),
        takeUntil(io.interrupts.pipe(tap(() => (interrupted = true)))),
        tap((event) => {
          received++;
          const stamped = args.flag('timestamp') ? { timestamp: new Date().toISOString(), ...event } : event;
          io.stdout.write(`${toJson(withReadableDomain(stamped))}\n`);
        }),
      ),
      { defaultValue: undefined },
    );
    // stdout holds only events: the summary virsh prints goes to stderr.
    if (interrupted) io.stderr.write('event loop interrupted\n');
    else if (seconds !== undefined && (args.flag('loop') || received === 0)) io.stderr.write('event loop timed out\n');
    io.stderr.write(`events received: ${received}\n`);
    return ExitCode.Ok;
  },
};

function selectedEvents(name: string | undefined): readonly DomainEventName[] {
  if (name === undefined) return EVENT_NAMES;
  const known = EVENT_NAMES.find((candidate) => candidate === name);
  if (known === undefined) throw new UsageError(`unknown event '${name}': one of ${EVENT_NAMES.join(', ')}`, 'event');
  return [known];
}

/** The event with its domain's UUID as text, as a person reads it. */
function withReadableDomain(event: object): object {
  if (!('dom' in event)) return event;
  const dom = event.dom as RemoteNonnullDomain;
  return { ...event, dom: { name: dom.name, uuid: formatUuid(dom.uuid), id: dom.id } };
}

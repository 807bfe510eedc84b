import { BehaviorSubject, concatMap, defer, EMPTY, finalize, map, type Observable, ReplaySubject, retry, type Subscription, throwError, timer } from 'rxjs';
import { createApiClass, INVOKE, type Invoke } from '../connection/api-class.js';
import { type Connection, RemoteApiClass } from '../connection/connection.js';
import { eventObjects, withObjectReplies } from '../objects/object-classes.js';
import type { LxcApi } from '../generated/lxc/api.js';
import { LXC_PROGRAM_INFO } from '../generated/lxc/procedures.js';
import type { QemuApi } from '../generated/qemu/api.js';
import { QEMU_PROGRAM_INFO } from '../generated/qemu/procedures.js';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { unrefScheduler } from '../scheduling/unref-scheduler.js';
import { backoffDelay, type ReconnectOptions, reconnectSettings } from './backoff.js';
import { ReconnectingEvents } from './reconnecting-events.js';
import type { ReconnectingState } from './reconnecting-state.js';

const QemuApiClass = createApiClass<QemuApi>(QEMU_PROGRAM_INFO);
const LxcApiClass = createApiClass<LxcApi>(LXC_PROGRAM_INFO);

/** What the generated API objects of a connection hold: their call path. */
type ApiObject = { readonly [INVOKE]: Invoke };

/**
 * A connection that reopens itself after it drops (the daemon restarted, the socket reset, a
 * keepalive timeout), with jittered exponential backoff, and carries its event subscriptions
 * over: `events.domain('lifecycle')` is one Observable for the whole life, re-registered with the
 * daemon on each new connection. Obtain one from {@link reconnecting} or `connectReconnecting`.
 *
 * - **Objects** (`Domain`, ... from calls and from events) belong to the reconnecting connection:
 *   their methods go to whichever connection is open when they are called.
 * - **Calls** go to the connection open at the time. While there is none (between a drop and the
 *   next open) they fail at once with a `ConnectionClosedError` whose `cause` is the drop: a call
 *   does not know whether the daemon ran it, so retrying is the caller's decision (`retry`).
 * - **`connection$`** replays the current connection and emits each new one; **`state$`** shows
 *   `reconnecting` (attempt, wait, cause) between them.
 * - **The end**: after `close()` the events and `connection$` complete; when the attempts after a
 *   drop run out they error with a `ConnectionClosedError` whose `cause` is the last failure.
 * - The backoff timers are unref'd: they never keep a Node process alive by themselves.
 */
export class ReconnectingConnection extends RemoteApiClass {
  readonly qemu: QemuApi;
  readonly lxc: LxcApi;
  readonly events: ReconnectingEvents;
  readonly connection$: Observable<Connection>;
  readonly state$: Observable<ReconnectingState>;
  private readonly connectionSubject = new ReplaySubject<Connection>(1);
  private readonly stateSubject = new BehaviorSubject<ReconnectingState>({ status: 'open' });
  private readonly settings: Required<ReconnectOptions>;
  private current: Connection | undefined;
  private dropCause: unknown;
  private watch: Subscription | undefined;
  private reopening: Subscription | undefined;
  private finished = false;

  /** @internal Use {@link reconnecting}. */
  constructor(
    first: Connection,
    private readonly open: () => Observable<Connection>,
    options: ReconnectOptions = {},
  ) {
    // The open connection's plain call path (`conn.objects` holds it); objects in replies and
    // events are made on this one, so they go on working after a reconnect.
    const invoke: Invoke = (procedure, args) => this.through((conn) => conn.objects, procedure.method)[INVOKE](procedure, args);
    super(withObjectReplies(invoke));
    this.settings = reconnectSettings(options);
    this.qemu = new QemuApiClass((procedure, args) => this.through((conn) => conn.qemu, procedure.method)[INVOKE](procedure, args));
    this.lxc = new LxcApiClass((procedure, args) => this.through((conn) => conn.lxc, procedure.method)[INVOKE](procedure, args));
    this.connection$ = this.connectionSubject.asObservable();
    this.state$ = this.stateSubject.asObservable();
    this.events = new ReconnectingEvents(this.connection$, eventObjects(invoke));
    this.adopt(first);
  }

  /** The connection open now; `undefined` while reconnecting or once closed. */
  get connection(): Connection | undefined {
    return this.current;
  }

  get closed(): boolean {
    return this.finished;
  }

  /** Stops reconnecting and closes the connection open now, if any. Completes once closed. */
  close(): Observable<never> {
    return defer(() => {
      if (this.finished) return EMPTY;
      this.stateSubject.next({ status: 'closing' });
      this.reopening?.unsubscribe();
      this.watch?.unsubscribe();
      const conn = this.current;
      if (conn === undefined) {
        this.finish(undefined);
        return EMPTY;
      }
      return conn.close().pipe(finalize(() => this.finish(undefined)));
    });
  }

  /** The API object of the open connection, or one whose calls fail as the connection is down. */
  private through(select: (conn: Connection) => object, method: string): ApiObject {
    const conn = this.current;
    if (conn !== undefined && !conn.closed) return select(conn) as ApiObject;
    const error = new ConnectionClosedError(
      this.finished ? 'connection closed' : `${method}: the connection is down, reconnecting`,
      this.dropCause === undefined ? undefined : { cause: this.dropCause },
    );
    return { [INVOKE]: () => throwError(() => error) };
  }

  private adopt(conn: Connection): void {
    this.current = conn;
    this.dropCause = undefined;
    this.stateSubject.next({ status: 'open' });
    this.connectionSubject.next(conn);
    this.watch = conn.end$.subscribe(({ cause }) => {
      if (this.finished) return;
      // Closed on purpose, by whoever holds it: that is the end, not a drop.
      if (cause === undefined) this.finish(undefined);
      else this.reconnect(cause);
    });
  }

  private reconnect(cause: unknown): void {
    this.current = undefined;
    this.dropCause = cause;
    let attempt = 0;
    this.reopening = defer(() => {
      attempt++;
      const delayMs = backoffDelay(attempt, this.settings);
      this.stateSubject.next({ status: 'reconnecting', attempt, delayMs, cause });
      return timer(delayMs, unrefScheduler).pipe(concatMap(() => this.open()));
    })
      .pipe(retry(this.settings.maxAttempts - 1))
      .subscribe({
        next: (conn) => this.adopt(conn),
        error: (error: unknown) =>
          this.finish(new ConnectionClosedError(`gave up reconnecting after ${attempt} attempts`, { cause: error })),
      });
  }

  private finish(cause: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.current = undefined;
    this.stateSubject.next({ status: 'closed', cause });
    this.stateSubject.complete();
    if (cause === undefined) this.connectionSubject.complete();
    else this.connectionSubject.error(cause);
  }
}

/**
 * Opens a connection with `open` and keeps it open: after a drop it calls `open` again, with
 * backoff, and re-registers the event subscriptions (see {@link ReconnectingConnection}). The
 * first open is not retried: its failure (a wrong URI, refused credentials) is the error.
 *
 * @example
 * const conn = await firstValueFrom(reconnecting(() => connect('qemu:///system'), { maxAttempts: Infinity }));
 * conn.events.domain('lifecycle').subscribe(render); // survives libvirtd restarts
 */
export function reconnecting(open: () => Observable<Connection>, options: ReconnectOptions = {}): Observable<ReconnectingConnection> {
  return defer(() => {
    reconnectSettings(options);
    return open().pipe(map((first) => new ReconnectingConnection(first, open, options)));
  });
}

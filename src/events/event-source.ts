import type { Observable } from 'rxjs';
import type { SessionEndListener } from '../connection/session.js';
import type { Frame } from '../protocol/frame.js';
import type { ProcedureInfo } from '../protocol/procedure.js';

/** Takes a connection's event MESSAGE frames (the `EventRouter` does). */
export interface EventFrameSink {
  route(frame: Frame): void;
}

/**
 * What the event layer needs from a connection: `RpcSession` is one. Tests pass a fake with
 * hand-built frames and scripted replies. Plain callbacks rather than Observables: a process may
 * hold thousands of connections, each with one event layer listening for their whole life.
 */
export interface EventSource {
  /** Hands the MESSAGE frames of the connection's programs to `sink`, in arrival order; none once the connection is over. One sink: the last set. */
  setEventSink(sink: EventFrameSink): void;
  /** Tells `listener` once when the connection is over (at once if it is); `cause` is undefined when it was closed on purpose. */
  whenEnded(listener: SessionEndListener): void;
  /** Stops telling `listener` (see {@link whenEnded}). */
  removeEndListener(listener: SessionEndListener): void;
  /** The call path: emits the decoded `_ret` struct of a call (undefined when it has none). */
  readonly rpc: { call(procedure: ProcedureInfo, args: unknown): Observable<unknown> };
}

import type { Observable } from 'rxjs';
import type { SessionEnd } from '../connection/session.js';
import type { Frame } from '../protocol/frame.js';
import type { ProcedureInfo } from '../protocol/procedure.js';

/**
 * What the event layer needs from a connection: `RpcSession` is one. Tests pass a fake with
 * hand-built frames and scripted replies.
 */
export interface EventSource {
  /** MESSAGE frames of the connection's programs, hot, in arrival order; none once `end$` has emitted. */
  readonly events: Observable<Frame>;
  /** Emits once when the connection is over; `cause` is undefined when it was closed on purpose. */
  readonly end$: Observable<SessionEnd>;
  /** The call path: emits the decoded `_ret` struct of a call (undefined when it has none). */
  readonly rpc: { call(procedure: ProcedureInfo, args: unknown): Observable<unknown> };
}

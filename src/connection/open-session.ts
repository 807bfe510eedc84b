import { catchError, finalize, type Observable, tap, throwError } from 'rxjs';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { TransportError } from '../transport/transport.js';
import type { RpcSession } from './session.js';

/**
 * Runs the opening exchange of a session: `handshake` emits the opened connection once, and the
 * session is then marked open. If it fails, the session ends with the error (a transport that
 * failed mid-handshake, such as an ssh refused or a peer that hung up, is reported as itself);
 * unsubscribing before it emitted abandons the session.
 */
export function openSession<T>(session: RpcSession, handshake: Observable<T>): Observable<T> {
  let opened = false;
  return handshake.pipe(
    tap(() => {
      opened = true;
      session.markOpen();
    }),
    catchError((err: unknown) => {
      session.terminate(err);
      const reported = err instanceof ConnectionClosedError && err.cause instanceof TransportError ? err.cause : err;
      return throwError(() => reported);
    }),
    finalize(() => {
      if (!opened) session.terminate();
    }),
  );
}

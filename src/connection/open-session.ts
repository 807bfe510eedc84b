import { Observable } from 'rxjs';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { TransportError } from '../transport/transport.js';
import type { RpcSession } from './session.js';

/**
 * Runs the opening exchange of a session: once `handshake` emits, `opened` makes the connection
 * from its result, the session is marked open and the connection emitted. If either fails, the
 * session ends with the error (a transport that failed mid-handshake, such as an ssh refused or a
 * peer that hung up, is reported as itself); unsubscribing before it emitted abandons the
 * session. One subscriber rather than operators: every connection opens through here.
 */
export function openSession<T, R>(session: RpcSession, handshake: Observable<T>, opened: (result: T) => R): Observable<R> {
  return new Observable<R>((subscriber) => {
    let isOpen = false;
    const fail = (err: unknown): void => {
      session.terminate(err);
      subscriber.error(err instanceof ConnectionClosedError && err.cause instanceof TransportError ? err.cause : err);
    };
    const subscription = handshake.subscribe({
      next: (result) => {
        let connection: R;
        try {
          connection = opened(result);
        } catch (err) {
          fail(err);
          return;
        }
        isOpen = true;
        session.markOpen();
        subscriber.next(connection);
      },
      error: fail,
      complete: () => subscriber.complete(),
    });
    return () => {
      subscription.unsubscribe();
      if (!isOpen) session.terminate();
    };
  });
}

import { Observable } from 'rxjs';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { TransportError } from '../transport/transport.js';
import type { RpcSession } from './session.js';

/**
 * Runs the opening exchange of a session: `handshake` emits the opened connection once, and the
 * session is then marked open. If it fails, the session ends with the error (a transport that
 * failed mid-handshake, such as an ssh refused or a peer that hung up, is reported as itself);
 * unsubscribing before it emitted abandons the session. One subscriber rather than three
 * operators: every connection opens through here.
 */
export function openSession<T>(session: RpcSession, handshake: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let opened = false;
    const subscription = handshake.subscribe({
      next: (value) => {
        opened = true;
        session.markOpen();
        subscriber.next(value);
      },
      error: (err: unknown) => {
        session.terminate(err);
        subscriber.error(err instanceof ConnectionClosedError && err.cause instanceof TransportError ? err.cause : err);
      },
      complete: () => subscriber.complete(),
    });
    return () => {
      subscription.unsubscribe();
      if (!opened) session.terminate();
    };
  });
}

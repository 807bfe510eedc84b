import type { Socket } from 'node:net';
import { Observable } from 'rxjs';
import { TransportError } from '../transport.js';

/** What a connection attempt reaches, for error messages. */
export interface ConnectTarget {
  /** The transport's description, e.g. `tcp:127.0.0.1:16509`. */
  readonly description: string;
  /** The libvirt URI being opened, when there is one. */
  readonly uri?: string | undefined;
}

/** `qemu+tcp://h/system (tcp:h:16509)`, or the description alone. */
export function targetLabel(target: ConnectTarget): string {
  return target.uri === undefined ? target.description : `${target.uri} (${target.description})`;
}

/** Turns a socket error into the TransportError to report: plain, or a subclass chosen by `classify`. */
export type ErrorClassifier = (err: NodeJS.ErrnoException, target: ConnectTarget) => TransportError;

/** The default classifier: a TransportError carrying the system error code. */
export function connectFailure(err: NodeJS.ErrnoException, target: ConnectTarget): TransportError {
  return new TransportError(`cannot connect to ${targetLabel(target)}: ${err.message}`, target.description, err.code, { cause: err, uri: target.uri });
}

/**
 * Waits for a socket that `create` starts to be ready (`connect`, or `secureConnect` for TLS).
 * Cold: each subscription creates its own socket, emits it once ready and completes;
 * unsubscribing before that, or `timeoutMs` passing, destroys it. The socket is handed over
 * without a 'data' listener, so no byte is read before its new owner is ready.
 */
export function connectSocket<S extends Socket>(
  create: () => S,
  readyEvent: 'connect' | 'secureConnect',
  target: ConnectTarget,
  timeoutMs: number,
  classify: ErrorClassifier = connectFailure,
): Observable<S> {
  return new Observable<S>((subscriber) => {
    const socket = create();
    let ready = false;
    const timer = setTimeout(() => {
      socket.destroy();
      subscriber.error(
        new TransportError(`cannot connect to ${targetLabel(target)}: no connection within ${timeoutMs} ms`, target.description, 'ETIMEDOUT', { uri: target.uri }),
      );
    }, timeoutMs);
    timer.unref();
    const onError = (err: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      subscriber.error(classify(err, target));
    };
    // A socket that closes before it is ready without an error (a TLS peer hanging up mid-handshake).
    const onClose = (): void => {
      clearTimeout(timer);
      subscriber.error(new TransportError(`cannot connect to ${targetLabel(target)}: the peer closed the connection`, target.description, 'ECONNRESET', { uri: target.uri }));
    };
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      ready = true;
      socket.off('error', onError);
      socket.off('close', onClose);
      subscriber.next(socket);
      subscriber.complete();
    });
    return () => {
      clearTimeout(timer);
      if (!ready) socket.destroy();
    };
  });
}

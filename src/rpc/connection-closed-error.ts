import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * The connection closed while a call, stream or subscription still depended on it, or a call was
 * made on a closed connection. `cause` says why it closed (a transport error, a protocol error,
 * a keepalive timeout) and is absent when it was closed on purpose.
 */
export class ConnectionClosedError extends RxvirtError {
  override name: string = 'ConnectionClosedError';
  constructor(message = 'connection closed', options?: { cause?: unknown }) {
    super(options?.cause instanceof Error ? `${message}: ${options.cause.message}` : message, options);
  }
}

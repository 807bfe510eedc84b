import type { Observable } from 'rxjs';
import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * A byte pipe to a libvirt daemon. The protocol layers see only this interface, so unix sockets,
 * TCP, TLS, SSH or a WebSocket relay plug in without touching them; only the files under
 * `transport/node/` import Node's networking modules.
 */
export interface Transport {
  /**
   * Bytes from the peer, chunked as they arrive. Subscribe once: it is the socket itself.
   * Completes when the peer ends the connection, errors with a {@link TransportError}.
   */
  readonly incoming: Observable<Uint8Array>;
  /** Emits whenever a transport that refused more bytes (`write` returned false) can take them again. */
  readonly drained: Observable<void>;
  /**
   * Queues bytes for the peer. Returns false once the transport's buffer is full: the caller
   * should hold further bytes until `drained` emits.
   */
  write(bytes: Uint8Array): boolean;
  /**
   * Optional: queues several arrays as one write, in order, without joining them (a 28-byte frame
   * header and an upload's data, say). The arrays are not copied: they must stay unchanged until
   * `onWritten` is called, which happens once they have left the process (or can never be
   * written: the transport is closed). Returns what {@link write} would.
   */
  writev?(chunks: readonly Uint8Array[], onWritten?: () => void): boolean;
  /**
   * Optional: gives back the memory of a chunk `incoming` emitted (from any view of it) once
   * nothing refers to it any more, for the transport to read into again. Only for a consumer
   * that knows it holds the last reference; a transport ignores memory it does not recognise.
   */
  recycle?(view: Uint8Array): void;
  /** Stops reading from the peer (the kernel's buffers then push back on the sender). */
  pauseReading(): void;
  resumeReading(): void;
  /** Ends the connection once queued bytes are written. */
  end(): void;
  /** Closes at once, dropping queued bytes. */
  destroy(): void;
  /** A human-readable description of the peer, for error messages (`unix:/run/libvirt/libvirt-sock`). */
  readonly description: string;
}

/** Why a transport failed: refused, missing socket, unknown host, timeout, reset... */
export class TransportError extends RxvirtError {
  override name: string = 'TransportError';
  /** The libvirt URI being opened, when the failure happened while opening one. */
  readonly uri: string | undefined;

  constructor(
    message: string,
    /** What was being reached, as {@link Transport.description} has it. */
    readonly target: string,
    /**
     * The system or TLS error code when there is one (`ECONNREFUSED`, `ENOTFOUND`, `ENOENT`,
     * `ETIMEDOUT`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`...).
     */
    readonly code: string | undefined,
    options?: { cause?: unknown; uri?: string | undefined },
  ) {
    super(message, options);
    this.uri = options?.uri;
  }
}

/**
 * The TLS peer's certificate was not trusted (unknown CA, wrong host name, expired), or the
 * daemon refused this client's certificate.
 */
export class TlsCertificateError extends TransportError {
  override name: string = 'TlsCertificateError';
}

import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * One client side of a SASL exchange: the first message, then an answer to each challenge.
 * `null` means "send nothing" (libvirt's `nil` flag), as opposed to an empty message.
 */
export interface SaslMechanism {
  /** The IANA name, as the daemon's mechanism list has it. */
  readonly name: string;
  /** The client's first message (SCRAM sends one; others may not). */
  start(): Promise<Uint8Array | null>;
  /** Answers a challenge from the server. Rejects when the server's message is wrong or fails verification. */
  step(challenge: Uint8Array): Promise<Uint8Array | null>;
  /**
   * Checks the server's last message, sent with `complete` set (SCRAM's server signature). The
   * exchange succeeds only once this resolves.
   */
  finish(last: Uint8Array): Promise<void>;
}

/** A SASL failure on the client's side: a malformed or unverifiable server message. */
export class SaslError extends RxvirtError {
  override name: string = 'SaslError';
}

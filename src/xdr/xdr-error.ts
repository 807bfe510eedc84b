import { RxvirtError } from '../errors/rxvirt-error.js';

/** Why an XDR value could not be read or written. */
export const XdrErrorReason = {
  /** The buffer ends before the value does. */
  Truncated: 'truncated',
  /** A length or count is above the protocol's maximum for that field. */
  LimitExceeded: 'limit-exceeded',
  /** A value is not representable in its XDR type (range, boolean, union arm, ...). */
  InvalidValue: 'invalid-value',
  /** Bytes are left over after a complete value. */
  TrailingBytes: 'trailing-bytes',
} as const;
export type XdrErrorReason = (typeof XdrErrorReason)[keyof typeof XdrErrorReason];

/** An XDR value that does not fit its declaration: on the wire (decoding) or from the caller (encoding). */
export class XdrError extends RxvirtError {
  constructor(
    readonly reason: XdrErrorReason,
    /** What is wrong, without the offset. */
    readonly detail: string,
    /** Byte offset in the buffer being read or written where the problem was found. */
    readonly offset: number,
  ) {
    super(`${detail} (at byte ${offset})`);
  }
}

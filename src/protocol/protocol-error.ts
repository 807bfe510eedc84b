import { RxvirtError } from '../errors/rxvirt-error.js';
import type { MessageHeader } from './message-header.js';

/** Why a frame could not be decoded, encoded or routed. */
export const ProtocolErrorReason = {
  /** A length word outside `FRAME_MIN_LENGTH..FRAME_MAX_LENGTH`: the byte stream is out of step. */
  BadLength: 'bad-length',
  /** A header type that is not a `MessageType`. */
  BadType: 'bad-type',
  /** A file descriptor count above `NUM_FDS_MAX`, missing from a `*_WITH_FDS` frame, or given for another type. */
  BadFdCount: 'bad-fd-count',
  /** The input ended in the middle of a frame. */
  TruncatedFrame: 'truncated-frame',
  /** The decoder was given input after it had failed or ended. */
  DecoderClosed: 'decoder-closed',
  /** An outgoing frame would be longer than `FRAME_MAX_LENGTH`. */
  FrameTooLarge: 'frame-too-large',
  /** A frame whose type the peer must never send to this side (a CALL at a client, a REPLY at a server). */
  UnexpectedFrame: 'unexpected-frame',
  /** A frame of a program this side does not speak. */
  UnknownProgram: 'unknown-program',
} as const;
export type ProtocolErrorReason = (typeof ProtocolErrorReason)[keyof typeof ProtocolErrorReason];

/** What is known about the offending frame. */
export interface ProtocolErrorDetails {
  /** The frame's length word. */
  readonly length?: number;
  /** The frame's header, once it could be read. */
  readonly header?: MessageHeader;
  readonly cause?: unknown;
}

/**
 * A violation of libvirt's RPC framing. Raised while decoding, it is fatal for the connection:
 * after a bad length word, for instance, the byte stream can no longer be split into frames.
 */
export class ProtocolError extends RxvirtError {
  override name: string = 'ProtocolError';
  readonly length: number | undefined;
  readonly header: MessageHeader | undefined;

  constructor(
    readonly reason: ProtocolErrorReason,
    message: string,
    details: ProtocolErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.length = details.length;
    this.header = details.header;
  }
}

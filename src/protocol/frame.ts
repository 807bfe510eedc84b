import { XdrReader } from '../xdr/reader.js';
import type { MessageHeader } from './message-header.js';

/**
 * One decoded RPC frame. `payload` is a view of the received bytes, not a copy: the decoder never
 * reuses or modifies a buffer once it has handed out a view of it.
 */
export interface Frame {
  readonly header: MessageHeader;
  /** File descriptors announced by a `*_WITH_FDS` frame (they travel out of band); 0 for other types. */
  readonly nfds: number;
  /** The bytes after the header (and after the fd count of `*_WITH_FDS` frames). */
  readonly payload: Uint8Array;
}

/** An XDR reader over the frame's payload, to decode its `*_args`, `*_ret` or `*_msg` struct. */
export function payloadReader(frame: Frame): XdrReader {
  return new XdrReader(frame.payload);
}

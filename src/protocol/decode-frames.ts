import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { Frame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';

/**
 * Turns the chunks of a byte stream (as a socket delivers them, split and coalesced anywhere)
 * into libvirt RPC frames, with the zero-copy behaviour of {@link FrameDecoder}.
 *
 * Malformed input errors the output with a `ProtocolError` and unsubscribes from the source:
 * once framing is lost, nothing the peer sends afterwards can be trusted. A source that completes
 * in the middle of a frame errors the output with a `ProtocolError` of reason `truncated-frame`.
 * Each subscription decodes with its own state; unsubscribing unsubscribes from the source.
 *
 * @example
 * import { from } from 'rxjs';
 * import { decodeFrames } from 'rxvirt';
 *
 * // A keepalive PING, split across two chunks.
 * const ping = Uint8Array.from([
 *   0x00, 0x00, 0x00, 0x1c, 0x6b, 0x65, 0x65, 0x70, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
 *   0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
 * ]);
 * from([ping.subarray(0, 10), ping.subarray(10)])
 *   .pipe(decodeFrames())
 *   .subscribe((frame) => console.log(frame.header.proc)); // logs 1 (PING)
 */
export function decodeFrames(): OperatorFunction<Uint8Array, Frame> {
  return (source) =>
    new Observable<Frame>((subscriber) => {
      const decoder = new FrameDecoder((frame) => subscriber.next(frame));
      return source.subscribe({
        next(chunk) {
          // A synchronous source can keep emitting until subscribe() returns the subscription to close.
          if (subscriber.closed) return;
          try {
            decoder.push(chunk);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error(error) {
          subscriber.error(error);
        },
        complete() {
          try {
            decoder.end();
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}

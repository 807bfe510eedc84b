import { concat, concatMap, defer, EMPTY, ignoreElements, Observable, range, throwError } from 'rxjs';
import { STREAM_CHUNK_MAX } from '../protocol/message-header.js';
import { concatMapLending } from './concat-map-pulled.js';
import type { StreamChannel } from './stream-channel.js';
import { describeValue, InvalidChunkError } from './invalid-chunk-error.js';
import { isStreamHole, type UploadChunk, type UploadSourceItem } from './stream-item.js';

/**
 * Sends `source`'s chunks on an open stream: bytes in frames of at most {@link STREAM_CHUNK_MAX}
 * (the size libvirt itself sends), holes as STREAM_HOLE frames. After each frame it waits until
 * the socket has taken it, and only then takes the next chunk from `source` (pulling it, when the
 * source is pullable): the upload goes at the pace of the socket and the daemon behind it.
 *
 * Frames do not copy their bytes when the session can write a header and a payload view as they
 * are: the next chunk is taken only once the previous one's bytes have left the process, so
 * `source` may reuse a buffer once the next chunk has been pulled. A pullable source is pulled
 * lending ({@link PullableObservable.pullLending}): `readFileChunks` then reads into one reused
 * buffer. A hole on a stream opened without its sparse flag errors (an `UnsupportedError`)
 * before it is sent.
 */
export function sendChunks(channel: StreamChannel, source: Observable<UploadSourceItem>): Observable<never> {
  return source.pipe(
    concatMapLending((chunk) => sendItem(channel, chunk)),
    ignoreElements(),
  );
}

/** One item of the source: a download's reply is skipped (so that a download pipes in as it is); anything else unknown is an error. */
function sendItem(channel: StreamChannel, item: UploadSourceItem): Observable<void> {
  if (item instanceof Uint8Array) return sendChunk(channel, item);
  if (typeof item === 'object' && item !== null) {
    if ('data' in item && item.data instanceof Uint8Array) return sendChunk(channel, item);
    if ('hole' in item && typeof item.hole === 'object' && item.hole !== null && typeof item.hole.length === 'bigint') return sendChunk(channel, item);
    if ('reply' in item) return EMPTY;
  }
  return throwError(() => new InvalidChunkError(describeValue(item)));
}

function sendChunk(channel: StreamChannel, chunk: UploadChunk): Observable<void> {
  if (isStreamHole(chunk)) {
    return defer(() => {
      if (chunk.hole.length === 0n) return EMPTY;
      channel.sendHole(chunk.hole);
      return channel.writable();
    });
  }
  // An empty data frame would read as an end of file: empty chunks are skipped.
  const bytes = chunk instanceof Uint8Array ? chunk : chunk.data;
  return range(0, Math.ceil(bytes.length / STREAM_CHUNK_MAX)).pipe(
    concatMap((frame) =>
      concat(
        sendData(channel, bytes.subarray(frame * STREAM_CHUNK_MAX, (frame + 1) * STREAM_CHUNK_MAX)),
        defer(() => channel.writable()),
      ),
    ),
  );
}

/** Sends one frame of data; completes once its bytes have left the process (they are not copied). */
function sendData(channel: StreamChannel, bytes: Uint8Array): Observable<never> {
  return new Observable<never>((subscriber) => {
    channel.sendData(bytes, () => subscriber.complete());
  });
}

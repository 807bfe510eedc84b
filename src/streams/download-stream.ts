import { PullableObservable } from './pullable-observable.js';
import { receiveStream } from './receive-stream.js';
import type { StreamItem } from './stream-item.js';
import type { StreamOpening } from './stream-opening.js';

/**
 * How many items a pulled download holds for a slow consumer before it pauses the socket: 4
 * chunks of at most 262120 bytes, about 1 MiB.
 */
export const DEFAULT_STREAM_BUFFER_SIZE = 4;

/**
 * A download: the data stream of a `@readstream` procedure (`storageVolDownload`,
 * `domainScreenshot`). A cold Observable: each subscription sends the call and emits the reply
 * first (`{ reply }`: the `_ret` unwrapped as for any call, e.g. the screenshot's MIME type),
 * then `{ data }` chunks (views of the received frames, never copied) and, on a stream opened with
 * its sparse flag, `{ hole }`s. When the daemon signals the end, the client sends the finish and
 * completes once the daemon has confirmed it: completion means every byte arrived and the daemon
 * reported no error. A daemon error errors it with a `LibvirtError`. Unsubscribing before the end
 * aborts the stream; the connection stays usable.
 *
 * Backpressure: libvirt's streams have no window; the daemon sends as fast as the socket takes.
 * A plain subscriber gets every chunk as it arrives. A consumer with asynchronous work per chunk
 * pulls instead ({@link pullWith}, or the operators that do it: `concatMapPulled`, `writeToFile`,
 * `toReadable`): chunks it has not requested wait in a buffer of {@link bufferSize} items, and
 * while the buffer is full the client stops reading the socket, the only brake there is. That
 * stalls the whole connection (calls, events, other streams) until the consumer pulls again; the
 * session reports it to its keepalive, which then does not take the silence for a dead peer.
 *
 * @example
 * ```ts
 * import { writeToFile } from 'rxvirt';
 * const vol = await firstValueFrom(conn.storageVolLookupByPath({ path: '/var/lib/libvirt/images/disk.img' }));
 * const flags = 1; // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM: holes travel as holes
 * await lastValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags }).pipe(writeToFile('disk.img')));
 * ```
 */
export class DownloadStream<Ret> extends PullableObservable<StreamItem<Ret>> {
  constructor(
    protected readonly opening: StreamOpening,
    /** Items held for a pulling consumer before the socket pauses. */
    readonly bufferSize = DEFAULT_STREAM_BUFFER_SIZE,
  ) {
    super((subscriber, requests, lending) => receiveStream(opening, { bufferSize, lending }, subscriber, requests));
  }

  /** The same download with a buffer of `items` (at least 1) for a pulling consumer. */
  withBufferSize(items: number): DownloadStream<Ret> {
    return new DownloadStream(this.opening, checkBufferSize(items));
  }
}

export function checkBufferSize(items: number): number {
  if (!Number.isInteger(items) || items < 1) throw new RangeError(`a stream buffer holds at least 1 item, got ${items}`);
  return items;
}

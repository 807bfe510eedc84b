import { type Observable } from 'rxjs';
import { checkBufferSize, DEFAULT_STREAM_BUFFER_SIZE } from './download-stream.js';
import { PullableObservable } from './pullable-observable.js';
import { receiveStream } from './receive-stream.js';
import type { StreamItem, UploadChunk } from './stream-item.js';
import type { StreamOpening } from './stream-opening.js';

/**
 * A two-way stream: a domain's console (`domainOpenConsole`) or channel (`domainOpenChannel`).
 * Subscribed to, it behaves as a {@link DownloadStream}: the reply, then what the guest writes,
 * with the same pull backpressure. {@link sending} adds what to write to the guest, sent from the
 * reply on, at the socket's pace.
 *
 * The stream ends when the daemon signals the end (the finish handshake, then completion) or when
 * the subscriber unsubscribes (an abort, as `virsh console` does when it detaches). Completion of
 * the outgoing Observable does not end it: libvirt's streams cannot be half-closed.
 *
 * @example
 * ```ts
 * const keys = new Subject<Uint8Array>();
 * const console$ = conn.domainOpenConsole({ dom, dev_name: null, flags: 0 }).sending(keys);
 * console$.subscribe((item) => { if ('data' in item) process.stdout.write(item.data); });
 * keys.next(new TextEncoder().encode('root\n'));
 * ```
 */
export class DuplexStream<Ret> extends PullableObservable<StreamItem<Ret>> {
  constructor(
    private readonly opening: StreamOpening,
    /** Items held for a pulling consumer before the socket pauses. */
    readonly bufferSize = DEFAULT_STREAM_BUFFER_SIZE,
    private readonly outgoing?: Observable<UploadChunk>,
  ) {
    super((subscriber, requests) => receiveStream(opening, { bufferSize, outgoing }, subscriber, requests));
  }

  /** The same stream, writing `outgoing`'s chunks to the guest. */
  sending(outgoing: Observable<UploadChunk>): DuplexStream<Ret> {
    return new DuplexStream(this.opening, this.bufferSize, outgoing);
  }

  /** The same stream with a buffer of `items` (at least 1) for a pulling consumer. */
  withBufferSize(items: number): DuplexStream<Ret> {
    return new DuplexStream(this.opening, checkBufferSize(items), this.outgoing);
  }
}

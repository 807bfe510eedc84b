import { Observable, type Subscription } from 'rxjs';
import { UnsupportedError } from '../errors/unsupported-error.js';
import { sendChunks } from './send-chunks.js';
import type { UploadSourceItem } from './stream-item.js';
import type { StreamOpening } from './stream-opening.js';

/**
 * An upload: the data stream of a `@writestream` procedure (`storageVolUpload`, the tunnelled
 * migrations). {@link sending} gives it its data and is what to subscribe to. The handle itself
 * is an Observable only so that every generated method returns one: subscribed to directly, it
 * errors with an `UnsupportedError` and sends nothing, rather than upload nothing in silence.
 *
 * @example
 * ```ts
 * import { readFileChunks } from 'rxvirt';
 * const flags = 1; // VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM: runs of zeros travel as holes
 * await lastValueFrom(
 *   conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags }).sending(readFileChunks('disk.img', { sparse: true })),
 *   { defaultValue: undefined },
 * );
 * ```
 */
export class UploadStream<Ret> extends Observable<Ret> {
  constructor(private readonly opening: StreamOpening) {
    super((subscriber) =>
      subscriber.error(new UnsupportedError(opening.procedure.name, 'an upload needs its data: subscribe to .sending(source)')),
    );
  }

  /**
   * A cold Observable: each subscription sends the call, then, once the daemon has replied,
   * `source`'s chunks (bytes, or `{ data }` and `{ hole }` chunks) in frames of at most 262120
   * bytes. A download's items are taken as they are (its `{ reply }` is skipped), so
   * `upload.sending(download)` copies one stream into another, holes included when both calls
   * have their sparse flag. Anything else fails the upload with an `InvalidChunkError`.
   *
   * It takes the next chunk from `source` only once the socket has taken the previous one. What
   * that bounds depends on the source: a pullable one (a download, `readFileChunks`,
   * `fromReadable`, `pulledFrom(iterable)`, any `PullableObservable`) makes a chunk only when
   * asked, so however fast it is, a chunk or two wait in memory. A plain Observable cannot be
   * asked to wait: what it emits faster than the socket takes it queues in memory (a synchronous
   * one is queued whole); give a generator to `pulledFrom` instead.
   *
   * When `source` completes it finishes the stream, and emits the reply and completes once the
   * daemon confirms: the data is then written. It errors with the daemon's `LibvirtError` if the
   * daemon fails the stream, and with `source`'s error (after aborting the stream) if the source
   * fails. Unsubscribing early aborts.
   *
   * Holes need the procedure's sparse flag in the call's flags: without it a hole errors the
   * upload (after an abort) before it is sent, because the daemon would close the connection.
   */
  sending(source: Observable<UploadSourceItem>): Observable<Ret> {
    const { registry, procedure, args } = this.opening;
    return new Observable<Ret>((subscriber) => {
      let reply: Ret;
      let sending: Subscription | undefined;
      const channel = registry.channel(procedure, args, {
        reply: (value) => {
          reply = value as Ret;
          sending = sendChunks(channel, source).subscribe({
            error: (error: unknown) => channel.fail(error, true),
            complete: () => channel.finish(),
          });
        },
        finished: () => {
          subscriber.next(reply);
          subscriber.complete();
        },
        failed: (error) => subscriber.error(error),
      });
      subscriber.add(() => {
        sending?.unsubscribe();
        channel.abort();
      });
      channel.open();
    });
  }
}

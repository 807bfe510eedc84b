import { open, type FileHandle } from 'node:fs/promises';
import { concat, defer, ignoreElements, Observable, type OperatorFunction, switchMap } from 'rxjs';
import { concatMapLending } from '../concat-map-pulled.js';
import { holeLength } from '../hole-length.js';
import type { StreamItem } from '../stream-item.js';

/** What {@link writeToFile} emits once the file is complete and closed. */
export interface WrittenFile<Ret> {
  /** The reply to the call that opened the stream (e.g. the screenshot's MIME type). */
  readonly reply: Ret;
  /** The file's length: data and holes. */
  readonly size: number;
}

/**
 * Writes a download to the file at `path` (created or truncated), in order, and emits the reply
 * and the file's size once the stream has completed and the file is closed.
 *
 * Holes are skipped, not written: the next data lands after them and a trailing hole is an
 * `ftruncate`, so a sparse download (its call made with the sparse flag) makes a sparse file.
 * Backpressure is automatic: the next chunk is pulled only once the previous write has resolved,
 * so at most the download's buffer (about 1 MiB) waits in memory however slow the disk; the
 * socket is paused meanwhile. On error or unsubscription the file is closed and left as it is.
 *
 * @example
 * ```ts
 * const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'disk.img' }));
 * const sparse = 1; // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM
 * const { size } = await firstValueFrom(
 *   conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: sparse }).pipe(writeToFile('/tmp/disk.img')),
 * );
 * ```
 */
export function writeToFile<Ret>(path: string): OperatorFunction<StreamItem<Ret>, WrittenFile<Ret>> {
  return (source) =>
    openForWriting(path).pipe(
      switchMap((file) => {
        let reply: Ret;
        let size = 0;
        let closed = false;
        const close = (): Promise<void> => {
          if (closed) return Promise.resolve();
          closed = true;
          return file.close();
        };
        const written: Observable<WrittenFile<Ret>> = concat(
          source.pipe(
            // The write is the last use of a chunk: pulled lending, the download may reuse its memory.
            concatMapLending(async (item) => {
              if ('reply' in item) reply = item.reply;
              else if ('data' in item) size += await writeAt(file, item.data, size);
              else size += holeLength(item.hole.length);
            }),
            ignoreElements(),
          ),
          defer(async () => {
            // A trailing hole: extend the file without writing.
            await file.truncate(size);
            await close();
            return { reply, size };
          }),
        );
        return new Observable<WrittenFile<Ret>>((subscriber) => {
          const subscription = written.subscribe(subscriber);
          return () => {
            subscription.unsubscribe();
            void close().catch(() => undefined);
          };
        });
      }),
    );
}

/**
 * Opens `path` for writing; emits the handle once. Unsubscribing before the file is open closes
 * it as soon as it is, so an abandoned download never leaks a file descriptor.
 */
function openForWriting(path: string): Observable<FileHandle> {
  return new Observable<FileHandle>((subscriber) => {
    let abandoned = false;
    open(path, 'w').then(
      (file) => {
        if (abandoned) {
          void file.close().catch(() => undefined);
          return;
        }
        subscriber.next(file);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    // After the handle was emitted this changes nothing: the consumer owns it then.
    return () => {
      abandoned = true;
    };
  });
}

/** Writes all of `data` at `position` (a regular file may still take less per call); returns its length. */
async function writeAt(file: FileHandle, data: Uint8Array, position: number): Promise<number> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
  return data.length;
}


import { writevSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { concat, defer, Observable, type OperatorFunction, Subject, switchMap, throwError } from 'rxjs';
import { STREAM_CHUNK_MAX } from '../../protocol/message-header.js';
import { holeLength } from '../hole-length.js';
import { isPullable } from '../pullable-observable.js';
import { fileArgumentError } from './file-arguments.js';
import type { StreamItem } from '../stream-item.js';

/** What {@link writeToFile} emits once the file is complete and closed. */
export interface WrittenFile<Ret> {
  /** The reply to the call that opened the stream (e.g. the screenshot's MIME type). */
  readonly reply: Ret;
  /** The file's length: data and holes. */
  readonly size: number;
}

/** Options of {@link writeToFile}. */
export interface WriteToFileOptions {
  /**
   * Write each chunk into a regular file as it arrives, on the calling thread (`fs.writevSync`),
   * as virsh does, instead of in batches through Node's thread pool. Faster for a process that
   * does nothing else while it downloads (the `rxvirt` CLI; BENCHMARKS.md has the figures), but
   * every write blocks the event loop until the kernel has taken it: not for a server, nor for a
   * slow disk or a network file system. Pipes, FIFOs and devices are written through the thread
   * pool all the same (their reader may be this process). Memory stays bounded the same way.
   */
  readonly blocking?: boolean;
}

/**
 * Writes a download to the file at `path` (created or truncated), in order, and emits the reply
 * and the file's size once the stream has completed and the file is closed.
 *
 * Into a regular file, holes are skipped, not written: the next data lands after them and a
 * trailing hole is an `ftruncate`, so a sparse download (its call made with the sparse flag)
 * makes a sparse file. Anything else (a pipe, a FIFO, `/dev/stdout`, a device) cannot seek: the
 * bytes are written in order and holes as zeros, as virsh does, so a sparse download to a pipe
 * gives the volume's full bytes (its holes still travel as holes on the connection).
 * The chunks that arrive while a write is under way are written together next, consecutive data
 * in one `writev`; less than a frame's worth waits a little (at most 100 ms) for more.
 * Backpressure is automatic: a download is pulled at most 8 chunks ahead, and asked for more
 * only once everything it delivered has been written, so at most those (about 2 MiB) and the
 * download's own buffer (about 1 MiB) wait in memory however slow the disk; the socket is paused
 * meanwhile. Written chunks go back to the download, whose socket reads the next frames into
 * their memory. On error or unsubscription the file is closed and left as it is. With
 * `{ blocking: true }` writes into a regular file happen on the calling thread instead (see {@link WriteToFileOptions}).
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
export function writeToFile<Ret>(path: string, options: WriteToFileOptions = {}): OperatorFunction<StreamItem<Ret>, WrittenFile<Ret>> {
  const invalid = fileArgumentError('writeToFile', path, options, []);
  if (invalid !== undefined) return () => throwError(() => invalid);
  return (source) =>
    openForWriting(path).pipe(
      switchMap((file) => {
        let reply: Ret;
        let size = 0;
        let closed = false;
        const { seekable } = file;
        // Only a regular file: a write into a pipe waits for its reader, which may be this very
        // process, whose event loop would then never come back to read.
        const blocking = options.blocking === true && seekable;
        // A blocking write costs a system call, not a trip to the thread pool: nothing to gather for.
        const minBatchBytes = blocking ? 0 : WRITE_BATCH_MIN_BYTES;
        const close = (): Promise<void> => {
          if (closed) return Promise.resolve();
          closed = true;
          return file.handle.close();
        };
        const written: Observable<WrittenFile<Ret>> = concat(
          writeBatches(source, (item) => ('data' in item ? item.data.length : 0), minBatchBytes, async (batch) => {
            for (let at = 0; at < batch.length; ) {
              const item = batch[at];
              if ('reply' in item) {
                reply = item.reply;
                at++;
              } else if ('hole' in item) {
                const length = holeLength(item.hole.length);
                if (!seekable) await writeZeros(file.handle, length);
                size += length;
                at++;
              } else {
                // Consecutive data chunks: one writev.
                let end = at + 1;
                while (end < batch.length && 'data' in batch[end]) end++;
                const chunks = batch.slice(at, end).map((chunk) => (chunk as { data: Uint8Array }).data);
                size += await writeAll(file.handle, chunks, seekable ? size : null, blocking);
                at = end;
              }
            }
          }),
          defer(async () => {
            // A trailing hole: extend the file without writing.
            if (seekable) await file.handle.truncate(size);
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

/** A file open for writing, and whether it is a regular file (positional writes, holes by seeking) or a pipe or the like. */
interface OutputFile {
  readonly handle: FileHandle;
  readonly seekable: boolean;
}

/**
 * Opens `path` for writing (a FIFO's open waits for its reader); emits the handle once.
 * Unsubscribing before the file is open closes it as soon as it is, so an abandoned download
 * never leaks a file descriptor.
 */
function openForWriting(path: string): Observable<OutputFile> {
  return new Observable<OutputFile>((subscriber) => {
    let abandoned = false;
    const opened = open(path, 'w').then(async (handle) => {
      try {
        return { handle, seekable: (await handle.stat()).isFile() };
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
    });
    opened.then(
      (file) => {
        if (abandoned) {
          void file.handle.close().catch(() => undefined);
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

/** Items a pulled download may have delivered to {@link writeToFile} and not yet written: about 2 MiB. */
const WRITE_BATCH_ITEMS = 8;
/** Bytes below which a batch waits for more, unless nothing more can come yet: one full frame. */
const WRITE_BATCH_MIN_BYTES = STREAM_CHUNK_MAX;
/** How long a batch below {@link WRITE_BATCH_MIN_BYTES} waits for more before it is written anyway. */
const WRITE_BATCH_HOLD_MS = 100;

/**
 * Hands `source`'s items to `write` in batches: whatever arrived while the previous batch was
 * being written, so that a fast stream's chunks go to the disk several at a time, and at least
 * `minBytes` (by `size`) unless the source is done, has delivered all it was
 * asked for, or has sent nothing more for {@link WRITE_BATCH_HOLD_MS}. A pullable
 * source is pulled lending, at most {@link WRITE_BATCH_ITEMS} items ahead: more are asked for
 * only once every item delivered so far has been written (the download may then reuse their
 * memory), so memory stays bounded however slow the disk. Completes once everything is written.
 */
function writeBatches<T>(
  source: Observable<T>,
  size: (item: T) => number,
  minBytes: number,
  write: (batch: T[]) => Promise<void>,
): Observable<never> {
  return new Observable<never>((subscriber) => {
    const requests = new Subject<number>();
    /** Items asked for and not yet received. */
    let credit = 0;
    let pending: T[] = [];
    let pendingBytes = 0;
    /** The timer that writes a small batch nobody added to. */
    let holding: ReturnType<typeof setTimeout> | undefined;
    let writing = false;
    let sourceDone = false;
    const pullable = isPullable(source);
    const next = (): void => {
      if (writing || subscriber.closed) return;
      if (pending.length === 0) {
        if (sourceDone) subscriber.complete();
        else if (pullable && credit < WRITE_BATCH_ITEMS) {
          // Everything delivered is written: ask for more (and release it, lending).
          const more = WRITE_BATCH_ITEMS - credit;
          credit = WRITE_BATCH_ITEMS;
          requests.next(more);
        }
        return;
      }
      // Small batches wait for more while more is coming: libvirt sends its 256 KiB blocks as a
      // full frame and a small one (262120 + 24 bytes), and the small one then goes with the next
      // block instead of taking a trip to the thread pool of its own. A slow stream's small
      // chunks wait no longer than the hold.
      if (pendingBytes < minBytes && !sourceDone && !(pullable && credit === 0)) {
        holding ??= setTimeout(startBatch, WRITE_BATCH_HOLD_MS).unref();
        return;
      }
      startBatch();
    };
    const startBatch = (): void => {
      if (holding !== undefined) clearTimeout(holding);
      holding = undefined;
      if (writing || subscriber.closed || pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      writing = true;
      write(batch).then(
        () => {
          writing = false;
          next();
        },
        (error: unknown) => subscriber.error(error),
      );
    };
    const items = pullable ? source.pullLending(requests) : source;
    subscriber.add(
      items.subscribe({
        next: (item) => {
          credit--;
          pending.push(item);
          pendingBytes += size(item);
          next();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          next();
        },
      }),
    );
    next();
    return () => {
      if (holding !== undefined) clearTimeout(holding);
    };
  });
}

/**
 * Writes all of `chunks` in order, at `position` in a regular file or, with `null`, where the
 * file is (a pipe's only choice); a call may take less than it was given. Returns their length.
 * `blocking`, on this thread; otherwise in the thread pool.
 */
async function writeAll(file: FileHandle, chunks: Uint8Array[], position: number | null, blocking: boolean): Promise<number> {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const bytesWritten = await writevAt(file, chunks, position, blocking);
  if (bytesWritten === total) return total;
  // A short writev: the rest one chunk at a time.
  let skip = bytesWritten;
  let at = position;
  for (const chunk of chunks) {
    for (let done = Math.min(skip, chunk.length); done < chunk.length; ) {
      done += await writevAt(file, [chunk.subarray(done)], at === null ? null : at + done, blocking);
    }
    skip = Math.max(0, skip - chunk.length);
    if (at !== null) at += chunk.length;
  }
  return total;
}

/** One `writev` of `pieces` at `position` (`null`: where the file is); returns the bytes it took. */
async function writevAt(file: FileHandle, pieces: Uint8Array[], position: number | null, blocking: boolean): Promise<number> {
  if (blocking) return writevSync(file.fd, pieces, position ?? undefined);
  return (await file.writev(pieces, position ?? undefined)).bytesWritten;
}

/** Zeros for the holes of a download into a pipe: written as views, never allocated per hole; made when first needed. */
let zeros: Uint8Array | undefined;
/** Views of the zeros per writev: about 4 MiB of zeros a call, however long the hole. */
const ZERO_VIEWS_PER_WRITE = 16;

/** Writes `length` zeros where the file is (a pipe or the like: through the thread pool). */
async function writeZeros(file: FileHandle, length: number): Promise<void> {
  for (let left = length; left > 0; ) {
    const views: Uint8Array[] = [];
    zeros ??= new Uint8Array(STREAM_CHUNK_MAX);
    for (let i = 0; i < ZERO_VIEWS_PER_WRITE && left > 0; i++) {
      const view = zeros.subarray(0, Math.min(left, zeros.length));
      views.push(view);
      left -= view.length;
    }
    await writeAll(file, views, null, false);
  }
}


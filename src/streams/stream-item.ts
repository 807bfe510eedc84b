import type { StreamHole } from '../protocol/stream-hole.js';

/** Bytes of the stream, a view of the received frame's payload (never copied). */
export interface StreamData {
  readonly data: Uint8Array;
}

/** A run of zeros that a sparse stream skips instead of sending. */
export interface StreamHoleChunk {
  readonly hole: StreamHole;
}

/** What a stream carries: data, or (on a stream opened with its sparse flag) a hole. */
export type StreamChunk = StreamData | StreamHoleChunk;

/**
 * The reply to the call that opened the stream, unwrapped like any call's (`_ret`'s only field,
 * e.g. the screenshot's MIME type; `undefined` when there is none). Always the first item.
 */
export interface StreamReply<Ret> {
  readonly reply: Ret;
}

/** What a download emits: its reply first, then its chunks in order. */
export type StreamItem<Ret> = StreamReply<Ret> | StreamChunk;

/** What an upload sends: bytes as they are, or chunks (so that a download pipes into an upload). */
export type UploadChunk = Uint8Array | StreamChunk;

/**
 * What an upload's source may emit: its chunks, and a download's `{ reply }`, which the upload
 * skips, so that `upload.sending(download)` copies one stream into another.
 */
export type UploadSourceItem = UploadChunk | StreamReply<unknown>;

export function isStreamReply<Ret>(item: StreamItem<Ret>): item is StreamReply<Ret> {
  return 'reply' in item;
}

export function isStreamData(item: StreamItem<unknown> | UploadChunk): item is StreamData {
  return !(item instanceof Uint8Array) && 'data' in item;
}

export function isStreamHole(item: StreamItem<unknown> | UploadChunk): item is StreamHoleChunk {
  return !(item instanceof Uint8Array) && 'hole' in item;
}

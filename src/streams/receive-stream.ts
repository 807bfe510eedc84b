import type { Observable, Subscriber, Subscription, TeardownLogic } from 'rxjs';
import { PullQueue } from './pull-queue.js';
import { ReadPause } from './read-pause.js';
import { sendChunks } from './send-chunks.js';
import type { StreamItem, UploadChunk } from './stream-item.js';
import type { StreamOpening } from './stream-opening.js';

export interface ReceiveOptions {
  /** Items (the reply, chunks of up to 256 KiB, holes) held for the consumer before the socket is paused. */
  readonly bufferSize: number;
  /** What a two-way stream sends, from the reply on; downloads send nothing. */
  readonly outgoing?: Observable<UploadChunk>;
  /**
   * The consumer pulls lending (see `pullLending`): data chunks it is done with go back to the
   * session, whose transport may read the next frames into their memory.
   */
  readonly lending?: boolean;
}

/**
 * One subscription to a download or a two-way stream: opens the stream, queues what arrives
 * until `requests` asks for it, and pauses the socket while `bufferSize` items wait. Completes
 * once the daemon has confirmed the finish and the consumer has taken everything; unsubscribing
 * earlier aborts the stream.
 */
export function receiveStream<Ret>(
  { registry, procedure, args }: StreamOpening,
  { bufferSize, outgoing, lending = false }: ReceiveOptions,
  subscriber: Subscriber<StreamItem<Ret>>,
  requests: Observable<number>,
): TeardownLogic {
  const pause = new ReadPause(registry.session);
  const queue = new PullQueue<StreamItem<Ret>>(subscriber, () => {
    if (queue.length < bufferSize) pause.release();
  });
  const session = registry.session;
  const recycling = lending && session.recycle !== undefined;
  /** Recycling: the data of every item enqueued since the consumer last asked for more (undefined for other items). */
  const lent: Array<Uint8Array | undefined> = [];
  const enqueue = (item: StreamItem<Ret>): void => {
    if (recycling) lent.push('data' in item ? item.data : undefined);
    queue.push(item);
    if (queue.length >= bufferSize) pause.hold();
  };
  let sending: Subscription | undefined;
  const channel = registry.channel(procedure, args, {
    reply: (reply) => {
      enqueue({ reply: reply as Ret });
      if (outgoing) sending = sendChunks(channel, outgoing).subscribe({ error: (error: unknown) => channel.fail(error, true) });
    },
    data: (data) => enqueue({ data }),
    hole: (hole) => enqueue({ hole }),
    finished: () => queue.complete(),
    failed: (error) => subscriber.error(error),
  });
  subscriber.add(() => {
    // Abort first: the frames that resuming lets in then find no stream and are dropped.
    channel.abort();
    sending?.unsubscribe();
    pause.release();
  });
  const request = (count: number): void => {
    if (recycling) {
      // The consumer is done with every item delivered so far: their frames' memory is free.
      const delivered = lent.length - queue.length;
      for (let i = 0; i < delivered; i++) {
        const data = lent[i];
        if (data !== undefined) session.recycle?.(data);
      }
      lent.splice(0, delivered);
    }
    queue.request(count);
  };
  subscriber.add(requests.subscribe({ next: request, error: (error: unknown) => subscriber.error(error) }));
  if (!subscriber.closed) channel.open();
}

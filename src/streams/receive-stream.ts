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
}

/**
 * One subscription to a download or a two-way stream: opens the stream, queues what arrives
 * until `requests` asks for it, and pauses the socket while `bufferSize` items wait. Completes
 * once the daemon has confirmed the finish and the consumer has taken everything; unsubscribing
 * earlier aborts the stream.
 */
export function receiveStream<Ret>(
  { registry, procedure, args }: StreamOpening,
  { bufferSize, outgoing }: ReceiveOptions,
  subscriber: Subscriber<StreamItem<Ret>>,
  requests: Observable<number>,
): TeardownLogic {
  const pause = new ReadPause(registry.session);
  const queue = new PullQueue<StreamItem<Ret>>(subscriber, () => {
    if (queue.length < bufferSize) pause.release();
  });
  const enqueue = (item: StreamItem<Ret>): void => {
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
  subscriber.add(requests.subscribe({ next: (count) => queue.request(count), error: (error: unknown) => subscriber.error(error) }));
  if (!subscriber.closed) channel.open();
}

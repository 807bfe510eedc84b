import { Subscription } from 'rxjs';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { StreamChannel, type StreamChannelRegistry, type StreamHandlers } from './stream-channel.js';
import type { StreamSession } from './stream-session.js';

/**
 * A session's open data streams, by the serial of the call that opened each. Routes the session's
 * STREAM and STREAM_HOLE frames to them, drops packets of streams it does not know (late packets
 * of a finished or aborted stream, as libvirt's own client does), and fails every stream when the
 * session ends.
 */
export class StreamRegistry implements StreamChannelRegistry {
  private readonly channels = new Map<number, StreamChannel>();
  private readonly subscriptions = new Subscription();

  constructor(readonly session: StreamSession) {
    this.subscriptions.add(
      session.streamFrames.subscribe({
        next: (frame) => {
          const channel = this.channels.get(frame.header.serial);
          if (channel?.matches(frame.header)) channel.receive(frame);
        },
        // A routing failure ends the session, and end$ says why.
        error: () => undefined,
      }),
    );
    // Last: the end of a session that is already over arrives during this subscribe.
    this.subscriptions.add(session.end$.subscribe(({ cause }) => this.end(cause)));
  }

  /** Streams whose call is out or whose data may still flow. */
  get size(): number {
    return this.channels.size;
  }

  /** A stream of this session; its CALL is sent by {@link StreamChannel.open}. */
  channel(procedure: ProcedureInfo, args: unknown, handlers: StreamHandlers): StreamChannel {
    return new StreamChannel(this, procedure, args, handlers);
  }

  add(serial: number, channel: StreamChannel): void {
    this.channels.set(serial, channel);
  }

  remove(serial: number, channel: StreamChannel): void {
    if (this.channels.get(serial) === channel) this.channels.delete(serial);
  }

  private end(cause: unknown): void {
    this.subscriptions.unsubscribe();
    const error = new ConnectionClosedError('connection closed', cause === undefined ? undefined : { cause });
    for (const channel of [...this.channels.values()]) channel.fail(error);
    this.channels.clear();
  }
}

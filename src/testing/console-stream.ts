import { encodeStreamData, encodeStreamFinish, type StreamId } from '../protocol/frame-encoder.js';
import type { Frame } from '../protocol/frame.js';
import { MessageStatus, MessageType } from '../protocol/message-header.js';
import type { ServerStream, StreamPort } from './server-streams.js';

/**
 * A domain's console on the fake daemon: a two-way stream whose guest echoes every byte it is
 * sent, as a terminal with echo on would. The client's finish or abort is confirmed with
 * STREAM/OK; a hole (consoles are never sparse) makes the daemon drop the whole connection,
 * as libvirtd does.
 */
export class ConsoleStream implements ServerStream {
  private closed = false;

  constructor(
    private readonly port: StreamPort,
    readonly id: StreamId,
  ) {}

  receive(frame: Frame): void {
    if (this.closed) return;
    const { type, status } = frame.header;
    if (type === MessageType.STREAM_HOLE) {
      this.close();
      return this.port.closeConnection('Unexpected stream hole');
    }
    if (status === MessageStatus.CONTINUE) {
      if (frame.payload.length > 0) this.port.sendStreamFrame(encodeStreamData(this.id, frame.payload));
      return;
    }
    this.port.sendStreamFrame(encodeStreamFinish(this.id));
    this.close();
  }

  dispose(): void {
    this.closed = true;
  }

  private close(): void {
    this.dispose();
    this.port.ended(this);
  }
}

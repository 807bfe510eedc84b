import { connect } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { FrameDecoder } from '../protocol/frame-decoder.js';
import { ProtocolError, ProtocolErrorReason } from '../protocol/protocol-error.js';
import { GatewayCloseCode } from '../transport/gateway-protocol.js';

/** How a relayed connection ended, for the gateway's log. */
export interface RelayEnd {
  /** Who ended it: the page or program, the daemon, or the gateway (a limit, a bad frame). */
  readonly by: 'client' | 'daemon' | 'gateway';
  readonly detail: string;
  /** Bytes from the client to the daemon, and back. */
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Stop reading the daemon while this much waits to go out to a slow client; resume below the low mark. */
const HIGH_WATER_BYTES = 1 << 20;
const LOW_WATER_BYTES = 1 << 18;
/** How long a daemon socket the client left may take to flush before it is cut. */
const DAEMON_END_GRACE_MS = 1000;

/**
 * Relays an authenticated WebSocket to the daemon's unix socket at `socketPath`, both ways, with
 * backpressure. Bytes from the client go through a {@link FrameDecoder} first: a length word over
 * `maxFrameBytes` (or any malformed frame) ends the connection before the frame reaches the
 * daemon. `onEnd` is called once, when either side has gone.
 */
export function relayToDaemon(client: WebSocket, socketPath: string, maxFrameBytes: number, onEnd: (end: RelayEnd) => void): void {
  const daemon = connect(socketPath);
  const guard = new FrameDecoder(() => undefined, maxFrameBytes);
  let connected = false;
  let ended = false;
  let bytesIn = 0;
  let bytesOut = 0;

  const finish = (by: RelayEnd['by'], detail: string, close?: { code: number; reason: string }): void => {
    if (ended) return;
    ended = true;
    if (by === 'client') {
      // What the client sent last (its CONNECT_CLOSE, say) may still be queued: let it out first.
      daemon.end();
      setTimeout(() => daemon.destroy(), DAEMON_END_GRACE_MS).unref();
    } else {
      daemon.destroy();
    }
    if (client.readyState === client.OPEN) {
      // Paused for a slow daemon, the client's side could not read the closing handshake's answer.
      client.resume();
      if (close === undefined) client.terminate();
      else client.close(close.code, close.reason);
    }
    onEnd({ by, detail, bytesIn, bytesOut });
  };

  client.on('message', (data: RawData, isBinary: boolean) => {
    if (ended) return;
    if (!isBinary) return finish('gateway', 'a text message', { code: 1003, reason: 'libvirt speaks binary' });
    const bytes = toBuffer(data);
    try {
      guard.push(bytes);
    } catch (error) {
      const tooLarge = error instanceof ProtocolError && error.reason === ProtocolErrorReason.BadLength;
      const detail = error instanceof Error ? error.message : String(error);
      return finish('gateway', detail, tooLarge ? { code: GatewayCloseCode.frameTooLarge, reason: 'frame too large' } : { code: 1002, reason: 'not a libvirt frame' });
    }
    bytesIn += bytes.length;
    if (!daemon.write(bytes)) client.pause();
  });
  client.on('close', (code: number) => finish('client', `code ${code}`));
  client.on('error', (error: Error) => finish('client', error.message));

  daemon.on('connect', () => {
    connected = true;
  });
  daemon.on('drain', () => client.resume());
  daemon.on('data', (chunk: Buffer) => {
    if (ended) return;
    bytesOut += chunk.length;
    client.send(chunk, { binary: true }, () => {
      if (daemon.isPaused() && client.bufferedAmount < LOW_WATER_BYTES) daemon.resume();
    });
    if (client.bufferedAmount > HIGH_WATER_BYTES) daemon.pause();
  });
  daemon.on('error', (error: NodeJS.ErrnoException) => {
    if (connected) finish('daemon', `socket error ${error.code ?? error.message}`, { code: GatewayCloseCode.daemonClosed, reason: 'daemon closed the connection' });
    else finish('gateway', `daemon unreachable at ${socketPath} (${error.code ?? error.message})`, { code: GatewayCloseCode.daemonUnreachable, reason: 'libvirt daemon unreachable' });
  });
  daemon.on('close', () => finish('daemon', 'the daemon closed the connection', { code: GatewayCloseCode.daemonClosed, reason: 'daemon closed the connection' }));
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

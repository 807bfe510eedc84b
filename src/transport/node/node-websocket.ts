import { createHash, randomBytes } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { WebSocketEventMap, WebSocketFactory, WebSocketLike } from '../websocket-transport.js';

/** RFC 6455's GUID for Sec-WebSocket-Accept. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * A small RFC 6455 client with the standard WebSocket API's shape, for Node 20, which has no
 * global WebSocket without a flag. Enough for a binary relay: ws:// and wss://, binary and
 * text messages, fragmentation, ping/pong, close. Not a general-purpose WebSocket.
 */
export class NodeWebSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  private readonly listeners: { [K in keyof WebSocketEventMap]: Set<(event: WebSocketEventMap[K]) => void> } = {
    open: new Set(),
    message: new Set(),
    error: new Set(),
    close: new Set(),
  };
  /** The sub-protocol the server chose. */
  protocol = '';
  private readonly socket: Socket;
  private buffered = Buffer.alloc(0);
  private open = false;
  private closed = false;
  private fragments: Buffer[] = [];
  private fragmentOpcode: number = Opcode.binary;

  constructor(url: string, protocols?: string | string[]) {
    const target = new URL(url);
    const secure = target.protocol === 'wss:';
    if (!secure && target.protocol !== 'ws:') throw new SyntaxError(`not a WebSocket URL: ${url}`);
    const port = Number(target.port || (secure ? 443 : 80));
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    this.socket = secure ? tlsConnect({ host, port, servername: host }) : createConnection({ host, port });
    const key = randomBytes(16).toString('base64');
    const offered = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
    this.socket.once(secure ? 'secureConnect' : 'connect', () => {
      this.socket.write(
        [
          `GET ${target.pathname}${target.search} HTTP/1.1`,
          `Host: ${target.host}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          ...(offered.length > 0 ? [`Sec-WebSocket-Protocol: ${offered.join(', ')}`] : []),
          '',
          '',
        ].join('\r\n'),
      );
    });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      if (!this.open) this.readHandshake(key);
      if (this.open) this.readFrames();
    });
    this.socket.on('error', (err) => this.emit('error', err));
    this.socket.on('close', () => this.finish(1006, 'connection lost'));
  }

  addEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void {
    this.listeners[type].add(listener);
  }

  removeEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void {
    this.listeners[type].delete(listener);
  }

  private emit<K extends keyof WebSocketEventMap>(type: K, event: WebSocketEventMap[K]): void {
    for (const listener of [...this.listeners[type]]) listener(event);
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    if (this.open && !this.closed) this.writeFrame(Opcode.binary, data);
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    if (this.open) {
      const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
      payload.writeUInt16BE(code, 0);
      payload.write(reason, 2);
      this.writeFrame(Opcode.close, payload);
      this.socket.end();
    } else {
      this.socket.destroy();
    }
  }

  private readHandshake(key: string): void {
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const [status, ...lines] = this.buffered.subarray(0, end).toString('latin1').split('\r\n');
    this.buffered = this.buffered.subarray(end + 4);
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const accept = createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
    if (!/^HTTP\/1\.1 101\b/.test(status) || headers.get('sec-websocket-accept') !== accept) {
      // HTTP_403 and the like: the relay answered, and refused (a foreign Origin, say).
      const code = /^HTTP\/1\.[01] (\d{3})\b/.exec(status)?.[1];
      this.emit('error', Object.assign(new Error(`WebSocket upgrade refused: ${status}`), { code: code === undefined ? 'EPROTO' : `HTTP_${code}` }));
      this.socket.destroy();
      return;
    }
    this.protocol = headers.get('sec-websocket-protocol') ?? '';
    this.open = true;
    this.emit('open', {});
  }

  private readFrames(): void {
    for (;;) {
      const buffer = this.buffered;
      if (buffer.length < 2) return;
      const fin = (buffer[0] & 0x80) !== 0;
      const opcode = buffer[0] & 0x0f;
      const masked = (buffer[1] & 0x80) !== 0;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buffer[maskOffset + (i % 4)];
      this.buffered = buffer.subarray(offset + length);
      this.handleFrame(fin, opcode, payload);
    }
  }

  private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case Opcode.ping:
        this.writeFrame(Opcode.pong, payload);
        return;
      case Opcode.pong:
        return;
      case Opcode.close:
        this.finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005, payload.subarray(2).toString('utf8'));
        this.socket.end();
        return;
      default: {
        if (opcode !== Opcode.continuation) this.fragmentOpcode = opcode;
        this.fragments.push(payload);
        if (!fin) return;
        const message = Buffer.concat(this.fragments);
        this.fragments = [];
        const data = this.fragmentOpcode === Opcode.text ? message.toString('utf8') : message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength);
        this.emit('message', { data });
      }
    }
  }

  /** Client frames are always masked (RFC 6455 section 5.3). */
  private writeFrame(opcode: number, payload: Uint8Array): void {
    const length = payload.length;
    const header = Buffer.alloc(length < 126 ? 2 : length < 65536 ? 4 : 10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = 0x80 | length;
    else if (length < 65536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const mask = randomBytes(4);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', { code, reason });
  }
}

/** A {@link WebSocketFactory} for Node 20. */
export const nodeWebSocket: WebSocketFactory = (url, protocols) => new NodeWebSocket(url, protocols);

import { Observable, Subject } from 'rxjs';
import { type Transport, TransportError } from './transport.js';

/**
 * The part of the standard WebSocket API (a browser's `WebSocket`) this transport uses, so that
 * any implementation can be injected: the browser's own, or another in Node.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
}

/** Makes a WebSocket: `(url, protocols) => new WebSocket(url, protocols)` in a browser. */
export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** Defaults to the global `WebSocket` (browsers, Deno, Node 22+). */
  readonly webSocket?: WebSocketFactory;
  /** Sub-protocols to offer; websockify speaks raw binary with or without `binary`. */
  readonly protocols?: string | string[];
  /** Give up opening after this many milliseconds (default 10 s). */
  readonly timeoutMs?: number;
}

/** `write` reports a full buffer above this many queued bytes. */
const HIGH_WATER_BYTES = 1 << 20;
/** How often a full buffer is checked for room: the WebSocket API has no drain event. */
const DRAIN_POLL_MS = 10;

/** The global WebSocket constructor as a factory, when the platform has one. */
function globalWebSocket(): WebSocketFactory | undefined {
  const ctor = (globalThis as { WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike }).WebSocket;
  return ctor === undefined ? undefined : (url, protocols) => new ctor(url, protocols);
}

/**
 * A {@link Transport} over a WebSocket to a relay that forwards bytes to a libvirt socket (e.g.
 * `websockify --unix-target=/run/libvirt/libvirt-sock 127.0.0.1:5959`). Browser-safe: it uses
 * the standard WebSocket API only. A WebSocket cannot push back on its sender, so while reading
 * is paused messages wait here.
 */
export class WebSocketTransport implements Transport {
  private readonly drainedSubject = new Subject<void>();
  readonly drained = this.drainedSubject.asObservable();
  readonly incoming: Observable<Uint8Array>;
  private readonly held: Uint8Array[] = [];
  private deliver: ((bytes: Uint8Array) => void) | undefined;
  private finish: ((failure: TransportError | undefined) => void) | undefined;
  private ended: { failure: TransportError | undefined } | undefined;
  private paused = false;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: WebSocketLike,
    readonly description: string,
  ) {
    socket.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (bytes === undefined) {
        this.close(new TransportError(`${description}: the relay sent a text message; libvirt speaks binary`, description, 'EPROTO'));
        socket.close(1003);
        return;
      }
      if (this.paused || this.deliver === undefined) this.held.push(bytes);
      else this.deliver(bytes);
    };
    socket.onerror = () => {
      this.close(new TransportError(`${description}: WebSocket error`, description, 'EWEBSOCKET'));
    };
    socket.onclose = (event) => {
      // 1000 is a normal closure; 1005 means the peer sent no code.
      const clean = event.code === 1000 || event.code === 1005;
      this.close(clean ? undefined : new TransportError(`${description}: WebSocket closed with code ${event.code}${event.reason ? ` (${event.reason})` : ''}`, description, `WS_${event.code}`));
    };
    this.incoming = new Observable<Uint8Array>((subscriber) => {
      this.deliver = (bytes) => subscriber.next(bytes);
      this.finish = (failure) => (failure ? subscriber.error(failure) : subscriber.complete());
      this.flush();
      return () => {
        this.deliver = undefined;
        this.finish = undefined;
      };
    });
  }

  write(bytes: Uint8Array): boolean {
    if (this.ended) return true;
    this.socket.send(bytes);
    if (this.socket.bufferedAmount < HIGH_WATER_BYTES) return true;
    this.watchDrain();
    return false;
  }

  pauseReading(): void {
    this.paused = true;
  }

  resumeReading(): void {
    this.paused = false;
    this.flush();
  }

  end(): void {
    this.socket.close(1000);
  }

  destroy(): void {
    this.socket.close(1000);
    this.close(undefined);
  }

  private flush(): void {
    while (!this.paused && this.deliver !== undefined && this.held.length > 0) this.deliver(this.held.shift() as Uint8Array);
    if (this.ended && this.held.length === 0) this.finish?.(this.ended.failure);
  }

  private close(failure: TransportError | undefined): void {
    if (this.ended) return;
    this.ended = { failure };
    clearTimeout(this.drainTimer);
    this.drainedSubject.complete();
    this.flush();
  }

  private watchDrain(): void {
    if (this.drainTimer !== undefined) return;
    const check = (): void => {
      this.drainTimer = undefined;
      if (this.ended) return;
      if (this.socket.bufferedAmount < HIGH_WATER_BYTES) this.drainedSubject.next();
      else this.drainTimer = setTimeout(check, DRAIN_POLL_MS);
    };
    this.drainTimer = setTimeout(check, DRAIN_POLL_MS);
  }
}

/** A binary message's bytes; undefined for text. */
function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/**
 * Opens a WebSocket and emits the transport once it is open. Cold; unsubscribing before that
 * closes it. Errors with a TransportError when the relay cannot be reached or refuses.
 */
export function openWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): Observable<Transport> {
  const description = `websocket:${url}`;
  return new Observable<Transport>((subscriber) => {
    const factory = options.webSocket ?? globalWebSocket();
    if (factory === undefined) {
      subscriber.error(new TransportError(`cannot open ${url}: this platform has no WebSocket; pass options.webSocket`, description, 'ENOSYS'));
      return undefined;
    }
    const socket = factory(url, options.protocols);
    socket.binaryType = 'arraybuffer';
    let opened = false;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      subscriber.error(new TransportError(`cannot connect to ${url}: no WebSocket within ${timeoutMs} ms`, description, 'ETIMEDOUT'));
      socket.close();
    }, timeoutMs);
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      clearTimeout(timer);
      subscriber.error(new TransportError(`cannot connect to ${url}: the WebSocket closed before it opened (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`, description, 'ECONNREFUSED'));
    };
    socket.onopen = () => {
      clearTimeout(timer);
      opened = true;
      subscriber.next(new WebSocketTransport(socket, description));
      subscriber.complete();
    };
    return () => {
      clearTimeout(timer);
      if (!opened) socket.close();
    };
  });
}

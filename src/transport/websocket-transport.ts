import { Observable, Subject } from 'rxjs';
import { gatewayProtocols, TOKEN_PATTERN } from './gateway-protocol.js';
import { type Transport, TransportError } from './transport.js';

/** What a `close` event carries. */
export interface WebSocketCloseLike {
  readonly code: number;
  readonly reason: string;
}

/** What a `message` event carries: an ArrayBuffer (or a view) for binary, a string for text. */
export interface WebSocketMessageLike {
  readonly data: unknown;
}

/** The events this transport listens to, and what each carries. */
export interface WebSocketEventMap {
  open: unknown;
  message: WebSocketMessageLike;
  /** A browser's error event says nothing; a Node client's may be an Error with a `code`. */
  error: unknown;
  close: WebSocketCloseLike;
}

/**
 * The part of the standard WebSocket API this transport uses, so that any implementation can be
 * injected: a browser's own `WebSocket` satisfies it as is (spec/dom-types checks this against
 * lib DOM), as does Node's global one or `NodeWebSocket`. Listeners rather than `on*` properties,
 * because a handler property typed for `CloseEvent` cannot stand where one for a plainer event is
 * expected, while a listener can.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  /** Bytes on an ArrayBuffer: the DOM's `send` takes no SharedArrayBuffer. */
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void;
  removeEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void;
}

/** Makes a WebSocket: `(url, protocols) => new WebSocket(url, protocols)` in a browser. */
export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** Defaults to the global `WebSocket` (browsers, Deno, Node 22+). */
  readonly webSocket?: WebSocketFactory;
  /** Sub-protocols to offer; websockify speaks raw binary with or without `binary`. */
  readonly protocols?: string | string[];
  /**
   * A token for `rxvirt gateway`, offered as the sub-protocol `rxvirt.token.<token>` beside
   * `rxvirt` (a page cannot set headers on a WebSocket). Letters, digits and `-._~` only.
   */
  readonly token?: string;
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
 * A {@link Transport} over a WebSocket to a relay that forwards bytes to a libvirt socket
 * (`rxvirt gateway`, websockify). Browser-safe: it uses the standard WebSocket API only. A
 * WebSocket cannot push back on its sender, so while reading is paused messages wait here.
 * A close this side did not ask for (the relay's or the daemon's doing) is an error naming the
 * relay and the close code (`WS_4401`, ...), so that it is told apart from a close on purpose.
 */
export class WebSocketTransport implements Transport {
  private readonly drainedSubject = new Subject<void>();
  readonly drained = this.drainedSubject.asObservable();
  readonly incoming: Observable<Uint8Array>;
  private readonly held: Uint8Array[] = [];
  private deliver: ((bytes: Uint8Array) => void) | undefined;
  private finish: ((failure: TransportError | undefined) => void) | undefined;
  private ended: { failure: TransportError | undefined } | undefined;
  private closing = false;
  private lastError: unknown;
  private paused = false;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: WebSocketLike,
    readonly description: string,
  ) {
    socket.addEventListener('message', (event) => {
      const bytes = toBytes(event.data);
      if (bytes === undefined) {
        this.close(new TransportError(`${description}: the relay sent a text message; libvirt speaks binary`, description, 'EPROTO'));
        socket.close(1003);
        return;
      }
      if (this.paused || this.deliver === undefined) this.held.push(bytes);
      else this.deliver(bytes);
    });
    // A close event follows every error event: the error is kept to explain the close.
    socket.addEventListener('error', (event) => {
      this.lastError = event;
    });
    socket.addEventListener('close', (event) => {
      if (this.closing) this.close(undefined);
      else this.close(closedByPeer(description, event, this.lastError));
    });
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
    this.socket.send(onArrayBuffer(bytes) ? bytes : new Uint8Array(bytes));
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
    this.closing = true;
    this.socket.close(1000);
  }

  destroy(): void {
    this.closing = true;
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

/** The relay (or the daemon behind it) closed an open WebSocket. */
function closedByPeer(description: string, event: WebSocketCloseLike, error: unknown): TransportError {
  const cause = error instanceof Error ? error : undefined;
  return new TransportError(`${description}: the relay closed the WebSocket (${closeText(event)})`, description, errorCode(error) ?? `WS_${event.code}`, cause ? { cause } : undefined);
}

/** `code 4401, unauthorized`, with what a code means when the relay gave no reason. */
function closeText(event: WebSocketCloseLike): string {
  const meaning = event.reason || CLOSE_MEANINGS[event.code];
  return `code ${event.code}${meaning ? `, ${meaning}` : ''}`;
}

const CLOSE_MEANINGS: Readonly<Record<number, string>> = {
  1000: 'normal closure: the daemon or the relay ended the connection',
  1001: 'the relay is going away',
  1005: 'no code given: the daemon or the relay ended the connection',
  1006: 'closed without a close frame: the relay is unreachable, refused the upgrade (a foreign Origin, a bad TLS certificate, ...) or went away; a browser does not say which',
  1009: 'message too big',
  1011: 'the relay failed',
};

/** A Node client's error code (`ECONNREFUSED`, ...); a browser's error event has none. */
function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function onArrayBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer;
}

/** A binary message's bytes; undefined for text. */
function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** The sub-protocols to offer: the caller's, then the gateway's with a token. */
function offeredProtocols(options: WebSocketTransportOptions, description: string): string | string[] | undefined {
  if (options.token === undefined) return options.protocols;
  if (!TOKEN_PATTERN.test(options.token)) {
    throw new TransportError(`${description}: a gateway token is 16 to 256 letters, digits or '-._~'`, description, 'EINVAL');
  }
  const own = options.protocols === undefined ? [] : typeof options.protocols === 'string' ? [options.protocols] : options.protocols;
  return [...own, ...gatewayProtocols(options.token)];
}

/**
 * Opens a WebSocket and emits the transport once it is open. Cold; unsubscribing before that
 * closes it. Errors with a TransportError naming the URL when the WebSocket cannot be made
 * (`EINVAL`: a bad URL or token), the relay cannot be reached or refuses (a Node client's own
 * code, `ECONNREFUSED`, ..., or `WS_1006` from a browser, which does not say which), or nothing
 * opens in time (`ETIMEDOUT`).
 */
export function openWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): Observable<Transport> {
  const description = `websocket:${url}`;
  return new Observable<Transport>((subscriber) => {
    const factory = options.webSocket ?? globalWebSocket();
    if (factory === undefined) {
      subscriber.error(new TransportError(`cannot open ${url}: this platform has no WebSocket; pass options.webSocket`, description, 'ENOSYS'));
      return undefined;
    }
    let socket: WebSocketLike;
    try {
      socket = factory(url, offeredProtocols(options, description));
    } catch (err) {
      subscriber.error(err instanceof TransportError ? err : new TransportError(`cannot open ${url}: ${err instanceof Error ? err.message : String(err)}`, description, 'EINVAL', { cause: err }));
      return undefined;
    }
    socket.binaryType = 'arraybuffer';
    let opened = false;
    let lastError: unknown;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      subscriber.error(new TransportError(`cannot connect to ${url}: no WebSocket within ${timeoutMs} ms`, description, 'ETIMEDOUT'));
      socket.close();
    }, timeoutMs);
    const onError = (event: unknown): void => {
      lastError = event;
    };
    const onClose = (event: WebSocketCloseLike): void => {
      clearTimeout(timer);
      const detail = lastError instanceof Error ? lastError.message : closeText(event);
      const cause = lastError instanceof Error ? { cause: lastError } : undefined;
      subscriber.error(new TransportError(`cannot connect to ${url}: the WebSocket closed before it opened (${detail})`, description, errorCode(lastError) ?? `WS_${event.code}`, cause));
    };
    const onOpen = (): void => {
      clearTimeout(timer);
      opened = true;
      socket.removeEventListener('error', onError);
      socket.removeEventListener('close', onClose);
      socket.removeEventListener('open', onOpen);
      subscriber.next(new WebSocketTransport(socket, description));
      subscriber.complete();
    };
    socket.addEventListener('error', onError);
    socket.addEventListener('close', onClose);
    socket.addEventListener('open', onOpen);
    return () => {
      clearTimeout(timer);
      if (!opened) {
        socket.removeEventListener('close', onClose);
        socket.close();
      }
    };
  });
}

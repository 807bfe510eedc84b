// Each way a WebSocket fails to reach libvirt gets its own TransportError, naming the relay's URL
// and a code: refused by the network, refused by the relay's HTTP upgrade, closed before opening
// (all a browser can tell), closed by the relay once open, a bad URL or token, a timeout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { type WebSocket, WebSocketServer } from 'ws';
import { openWebSocketTransport, TransportError, type WebSocketEventMap, type WebSocketLike } from '../../src/browser.js';
import { nodeWebSocket } from '../../src/index.js';
import { freePort } from '../support/remote-env.js';

/** An HTTP server that upgrades to WebSocket only when `accept` says so. */
async function relay(accept: boolean, onOpen: (socket: WebSocket) => void = () => undefined): Promise<{ url: string; server: Server }> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (!accept) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, onOpen);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** A WebSocket as a browser reports a failed open: an error event with nothing in it, then 1006. */
function browserLikeFailure(): WebSocketLike {
  const listeners: { [K in keyof WebSocketEventMap]: Array<(event: WebSocketEventMap[K]) => void> } = { open: [], message: [], error: [], close: [] };
  setTimeout(() => {
    for (const listener of listeners.error) listener({ type: 'error' });
    for (const listener of listeners.close) listener({ code: 1006, reason: '' });
  }, 1);
  return {
    binaryType: 'blob',
    bufferedAmount: 0,
    send: () => undefined,
    close: () => undefined,
    addEventListener<K extends keyof WebSocketEventMap>(type: K, listener: (event: WebSocketEventMap[K]) => void): void {
      listeners[type].push(listener);
    },
    removeEventListener: () => undefined,
  };
}

async function failure(url: string, options: Parameters<typeof openWebSocketTransport>[1]): Promise<TransportError> {
  const error: unknown = await firstValueFrom(openWebSocketTransport(url, { webSocket: nodeWebSocket, timeoutMs: 5_000, ...options })).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('WebSocket open failures', () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  afterAll(async () => {
    // Upgraded and hanging sockets are not the HTTP server's any more: it would wait for them.
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });
  function track(server: Server): void {
    servers.push(server);
    server.on('connection', (socket) => sockets.add(socket));
  }

  it('nothing listening: the socket error code, ECONNREFUSED, and the URL', async () => {
    const url = `ws://127.0.0.1:${await freePort()}/`;
    const error = await failure(url, {});
    expect(error).toMatchObject({ code: 'ECONNREFUSED', target: `websocket:${url}` });
    expect(error.message).toContain(url);
  });

  it('the relay refuses the upgrade: HTTP_403, not ECONNREFUSED', async () => {
    const { url, server } = await relay(false);
    track(server);
    const error = await failure(url, {});
    expect(error.code).toBe('HTTP_403');
    expect(error.message).toContain(url);
    expect(error.message).toContain('403 Forbidden');
  });

  it('a browser that only says "closed before open": WS_1006, with what that may mean', async () => {
    const error = await failure('wss://relay.example/libvirt', { webSocket: browserLikeFailure });
    expect(error.code).toBe('WS_1006');
    expect(error.message).toMatch(/^cannot connect to wss:\/\/relay\.example\/libvirt: the WebSocket closed before it opened \(code 1006, .*refused the upgrade/);
  });

  it('the relay closes once open: the close code and reason, and the URL', async () => {
    const { url, server } = await relay(true, (socket) => socket.close(4401, 'unauthorized'));
    track(server);
    const transport = await firstValueFrom(openWebSocketTransport(url, { webSocket: nodeWebSocket }));
    const error: unknown = await lastValueFrom(transport.incoming.pipe(toArray())).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'WS_4401', message: `websocket:${url}: the relay closed the WebSocket (code 4401, unauthorized)` });
  });

  it('a daemon that ends the connection behind a relay (a normal close this side did not ask for): WS_1000, naming the relay', async () => {
    const { url, server } = await relay(true, (socket) => setTimeout(() => socket.close(1000), 5));
    track(server);
    const transport = await firstValueFrom(openWebSocketTransport(url, { webSocket: nodeWebSocket }));
    const error: unknown = await lastValueFrom(transport.incoming.pipe(toArray())).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'WS_1000', message: `websocket:${url}: the relay closed the WebSocket (code 1000, normal closure: the daemon or the relay ended the connection)` });
  });

  it('a close asked for by this side completes without error', async () => {
    const { url, server } = await relay(true);
    track(server);
    const transport = await firstValueFrom(openWebSocketTransport(url, { webSocket: nodeWebSocket }));
    const received = lastValueFrom(transport.incoming.pipe(toArray()));
    transport.end();
    await expect(received).resolves.toEqual([]);
  });

  it('a bad URL or token: EINVAL before any connection', async () => {
    await expect(failure('http://127.0.0.1:1/', {})).resolves.toMatchObject({ code: 'EINVAL', message: expect.stringContaining('http://127.0.0.1:1/') });
    await expect(failure('ws://127.0.0.1:1/', { token: 'short' })).resolves.toMatchObject({ code: 'EINVAL' });
    await expect(failure('ws://127.0.0.1:1/', { token: 'a b'.repeat(10) })).resolves.toMatchObject({ code: 'EINVAL' });
  });

  it('no answer in time: ETIMEDOUT', async () => {
    const server = createServer();
    track(server);
    server.on('upgrade', () => undefined);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const error = await failure(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { timeoutMs: 200 });
    expect(error.code).toBe('ETIMEDOUT');
  });
});

// The WebSocket transport through websockify (Debian's 0.10.0) relaying to the daemon's unix
// socket, with the client connectWebSocket picks (Node's global WebSocket from Node 22, `ws`'s on
// Node 20) and with an injected WebSocket factory.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { WebSocket } from 'ws';
import { connectWebSocket, TransportError, type WebSocketFactory, type WebSocketLike } from '../../src/index.js';
import { domainsAndEvents, SUSPEND_RESUME } from '../support/remote-checks.js';
import { freePort } from '../support/remote-env.js';
import { type Relay, startWebsockify } from '../support/websockify.js';

describe('websocket transport through websockify', () => {
  let relay: Relay;
  let url: string;
  beforeAll(async () => {
    relay = await startWebsockify();
    url = relay.url;
  });
  afterAll(() => relay.stop());

  it('opens the URI given, lists domains and receives events', async () => {
    const conn = await firstValueFrom(connectWebSocket(url, { uri: 'test:///default', timeoutMs: 10_000 }));
    try {
      await expect(domainsAndEvents(conn)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('uses an injected WebSocket (as a browser would pass its own), offering the binary sub-protocol', async () => {
    const made: WebSocket[] = [];
    const webSocket: WebSocketFactory = (target, protocols) => {
      const socket = new WebSocket(target, protocols);
      made.push(socket);
      return socket as unknown as WebSocketLike;
    };
    const conn = await firstValueFrom(connectWebSocket(url, { uri: 'test:///default', webSocket, protocols: ['binary'], timeoutMs: 10_000 }));
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    expect(made).toHaveLength(1);
    expect(made[0].protocol).toBe('binary');
  });

  it('reports a relay that is not there', async () => {
    const error = await firstValueFrom(connectWebSocket(`ws://127.0.0.1:${await freePort()}`, { timeoutMs: 5_000 })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).target).toMatch(/^websocket:ws:\/\/127\.0\.0\.1:/);
  });
});

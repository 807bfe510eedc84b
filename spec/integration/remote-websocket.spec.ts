// The WebSocket transport through websockify (Debian's 0.10.0) relaying to the daemon's unix
// socket, with Node's built-in client and with an injected WebSocket factory.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connectWebSocket, TransportError, type WebSocketFactory } from '../../src/index.js';
import { NodeWebSocket } from '../../src/transport/node/node-websocket.js';
import { domainsAndEvents, SUSPEND_RESUME } from '../support/remote-checks.js';
import { freePort } from '../support/remote-env.js';

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => (Date.now() > deadline ? reject(new Error(`nothing listens on ${port}`)) : setTimeout(attempt, 50)));
    };
    attempt();
  });
}

describe('websocket transport through websockify', () => {
  let relay: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    relay = spawn('websockify', [`127.0.0.1:${port}`, '--unix-target=/var/run/libvirt/libvirt-sock'], { stdio: 'ignore' });
    url = `ws://127.0.0.1:${port}`;
    await waitForPort(port, 10_000);
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        relay.once('exit', () => resolve());
        relay.kill('SIGTERM');
      }),
  );

  it('opens the URI given, lists domains and receives events', async () => {
    const conn = await firstValueFrom(connectWebSocket(url, { uri: 'test:///default', timeoutMs: 10_000 }));
    try {
      await expect(domainsAndEvents(conn)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('uses an injected WebSocket (as a browser would pass its own), offering the binary sub-protocol', async () => {
    const made: NodeWebSocket[] = [];
    const webSocket: WebSocketFactory = (target, protocols) => {
      const socket = new NodeWebSocket(target, protocols);
      made.push(socket);
      return socket;
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

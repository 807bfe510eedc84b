// rxvirt gateway against the real daemon: who gets in (Origin allow-list, tokens, per-token
// limits), what they reach (read-only tokens the daemon's read-only socket), what it refuses to
// relay (oversized frames), what it logs (never a token), and what a client sees when it is
// turned away or the daemon goes.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { type Gateway, GatewayConfigError, parseTokens, startGateway } from '../../src/gateway/index.js';
import { connectWebSocket, ConnectionClosedError, LibvirtError, TransportError } from '../../src/index.js';
import { type TestDriverNode, writeTestDriverNode } from '../support/test-driver-node.js';
import { PKI } from '../support/remote-env.js';

const FULL = 'full-token-0123456789abcdef';
const READ_ONLY = 'read-only-token-0123456789ab';
const ORIGIN = 'https://dashboard.example';

/** A stand-in daemon socket that records whether anyone reached it, and what they sent. */
async function recordingSocket(behaviour: 'hold' | 'hang-up' = 'hold'): Promise<{ path: string; connections: number; bytes: number; close(): Promise<void> }> {
  const path = join(tmpdir(), `rxvirt-gw-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  const sockets = new Set<Socket>();
  const state = { path, connections: 0, bytes: 0, close: (): Promise<void> => new Promise((done) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => done());
  }) };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('data', (chunk) => (state.bytes += chunk.length));
    if (behaviour === 'hang-up') socket.end();
  });
  await new Promise<void>((done) => server.listen(path, done));
  return state;
}

/** Opens a raw WebSocket and reports how it ended: refused (HTTP status) or closed (code, reason). */
function rawAttempt(url: string, protocols: string[], options: WebSocket.ClientOptions = {}, send?: Buffer | 'close'): Promise<{ status?: number; code?: number; reason?: string; protocol?: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocols, options);
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode });
      socket.terminate();
    });
    socket.on('open', () => {
      if (send === 'close') socket.close(1000);
      else if (send !== undefined) socket.send(send);
    });
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), protocol: socket.protocol }));
    socket.on('error', () => undefined);
  });
}

describe('rxvirt gateway', () => {
  let gateway: Gateway;
  let node: TestDriverNode;
  const lines: string[] = [];
  beforeAll(async () => {
    node = writeTestDriverNode(['alpha']);
    gateway = await startGateway({
      port: 0,
      tokens: parseTokens(`alice full ${FULL} 2\nmonitor read-only ${READ_ONLY}`, 'spec tokens'),
      allowedOrigins: [ORIGIN],
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await gateway.close();
    node.remove();
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(gateway.address.address).toBe('127.0.0.1');
    expect(gateway.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('relays a full token to the read-write socket: a private test driver domain suspends and resumes', async () => {
    const conn = await firstValueFrom(connectWebSocket(gateway.url, { token: FULL, uri: node.uri }));
    try {
      const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'alpha' }));
      await lastValueFrom(dom.suspend(), { defaultValue: undefined });
      expect((await firstValueFrom(dom.getState({ flags: 0 }))).state).toBe(3);
      await lastValueFrom(dom.resume(), { defaultValue: undefined });
      expect((await firstValueFrom(dom.getState({ flags: 0 }))).state).toBe(1);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it("relays a read-only token to the read-only socket: the daemon itself denies a suspend", async () => {
    const conn = await firstValueFrom(connectWebSocket(gateway.url, { token: READ_ONLY, uri: node.uri }));
    try {
      const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'alpha' }));
      const error: unknown = await lastValueFrom(dom.suspend(), { defaultValue: undefined }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(LibvirtError);
      expect(error).toMatchObject({ codeName: 'VIR_ERR_OPERATION_DENIED' });
      expect((await firstValueFrom(dom.getState({ flags: 0 }))).state).toBe(1);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('logs each connection: who, from where, which policy, how it ended; never a token', () => {
    const log = lines.join('\n');
    expect(log).toMatch(/#\d+ from 127\.0\.0\.1:\d+ token alice \(full\): relaying to \/run\/libvirt\/libvirt-sock\n/);
    expect(log).toMatch(/#\d+ from 127\.0\.0\.1:\d+ token monitor \(read-only\): relaying to \/run\/libvirt\/libvirt-sock-ro/);
    // CONNECT_CLOSE: the daemon hangs up first.
    expect(log).toMatch(/token alice \(full\): ended by the daemon \(the daemon closed the connection\) after [\d.]+ s, \d+ bytes in, \d+ bytes out/);
    expect(log).not.toContain(FULL);
    expect(log).not.toContain(READ_ONLY);
  });

  it('refuses a page from a foreign Origin before the upgrade (HTTP 403), even with a good token', async () => {
    await expect(rawAttempt(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`], { origin: 'https://evil.example' })).resolves.toEqual({ status: 403 });
    await expect(rawAttempt(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`], { origin: 'null' })).resolves.toEqual({ status: 403 });
    expect(lines.join('\n')).toMatch(/origin https:\/\/evil\.example: refused: origin not allowed/);
  });

  it('admits an allowed Origin, and selects `rxvirt` without echoing the token', async () => {
    const result = await rawAttempt(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`], { origin: ORIGIN }, 'close');
    expect(result).toMatchObject({ code: 1000, protocol: 'rxvirt' });
  });

  it('rejects a bad configuration with a typed error, never quoting a token', async () => {
    expect(() => parseTokens('alice admin 0123456789abcdef0123', 'tokens.txt')).toThrow(new GatewayConfigError("tokens.txt, entry 1: policy 'admin' is not one of read-only, full"));
    expect(() => parseTokens('alice full short', 'tokens.txt')).toThrow("tokens.txt, entry 1: the token of 'alice' is not 16 to 256 letters, digits or '-._~'");
    expect(() => parseTokens('alice full 0123456789abcdef0123 0', 'env')).toThrow(GatewayConfigError);
    await expect(startGateway({ tokens: [] })).rejects.toThrow('no tokens: the gateway would admit nobody');
    await expect(startGateway({ tokens: parseTokens(`a full ${FULL}\nb full ${FULL}`, 't') })).rejects.toThrow("'b' has the same token as another entry");
    await expect(startGateway({ port: 0, tokens: parseTokens(`a full ${FULL}`, 't'), allowedOrigins: ['https://x.example/path'] })).rejects.toThrow(GatewayConfigError);
  });
});

describe('rxvirt gateway: nothing reaches the daemon before a token is accepted', () => {
  let gateway: Gateway;
  let daemon: Awaited<ReturnType<typeof recordingSocket>>;
  const lines: string[] = [];
  beforeAll(async () => {
    daemon = await recordingSocket();
    gateway = await startGateway({
      port: 0,
      tokens: parseTokens(`solo full ${FULL} 1`, 'spec tokens'),
      sockets: { full: daemon.path, 'read-only': daemon.path },
      maxFrameBytes: 1024,
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await gateway.close();
    await daemon.close();
  });

  it('a missing or wrong token: closed with 4401 and no connection to the daemon', async () => {
    await expect(rawAttempt(gateway.url, ['rxvirt'])).resolves.toMatchObject({ code: 4401, reason: 'unauthorized: missing or unknown token' });
    await expect(rawAttempt(gateway.url, ['rxvirt', 'rxvirt.token.wrong-token-0123456789'])).resolves.toMatchObject({ code: 4401 });
    await expect(rawAttempt(gateway.url, [])).resolves.toMatchObject({ code: 4401 });
    expect(daemon.connections).toBe(0);
    expect(lines.join('\n')).toMatch(/refused: no token \(close 4401\)[^]*refused: unknown token \(close 4401\)/);
  });

  it('a client sees the refusal as a TransportError naming the gateway and the code', async () => {
    const error: unknown = await firstValueFrom(connectWebSocket(gateway.url, { token: 'wrong-token-0123456789' })).catch((err: unknown) => err);
    const transport = error instanceof ConnectionClosedError ? error.cause : error;
    expect(transport).toBeInstanceOf(TransportError);
    expect(transport).toMatchObject({ code: 'WS_4401', message: `websocket:${gateway.url}: the relay closed the WebSocket (code 4401, unauthorized: missing or unknown token)` });
    expect(daemon.connections).toBe(0);
  });

  it('limits connections per token (4429 past the limit)', async () => {
    const first = new WebSocket(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`]);
    await new Promise((done) => first.once('open', done));
    await expect(rawAttempt(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`])).resolves.toMatchObject({ code: 4429, reason: 'too many connections for this token' });
    first.close();
    await new Promise((done) => first.once('close', done));
  });

  it('ends a connection whose frame length word is over the limit, before relaying it (1009)', async () => {
    const before = daemon.bytes;
    const header = Buffer.alloc(28);
    header.writeUInt32BE(4096, 0);
    await expect(rawAttempt(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`], {}, header)).resolves.toMatchObject({ code: 1009, reason: 'frame too large' });
    expect(daemon.bytes).toBe(before);
    expect(lines.join('\n')).toMatch(/ended by the gateway \(frame length 4096 is outside 28\.\.1024\)/);
  });

  it('ends a connection that sends text (1003): libvirt speaks binary', async () => {
    const before = daemon.bytes;
    const socket = new WebSocket(gateway.url, ['rxvirt', `rxvirt.token.${FULL}`]);
    socket.on('open', () => socket.send('hello'));
    const [code] = await new Promise<[number]>((done) => socket.on('close', (closeCode) => done([closeCode])));
    expect(code).toBe(1003);
    expect(daemon.bytes).toBe(before);
  });

  it('a daemon that hangs up: the client is told by a close code naming the daemon', async () => {
    const hangUp = await recordingSocket('hang-up');
    const other = await startGateway({ port: 0, tokens: parseTokens(`solo full ${FULL}`, 't'), sockets: { full: hangUp.path }, log: () => undefined });
    try {
      const error: unknown = await firstValueFrom(connectWebSocket(other.url, { token: FULL, uri: 'test:///default', timeoutMs: 5_000 })).catch((err: unknown) => err);
      const transport = error instanceof ConnectionClosedError ? error.cause : error;
      expect(transport).toMatchObject({ code: 'WS_4500', message: expect.stringContaining(`websocket:${other.url}: the relay closed the WebSocket (code 4500, daemon closed the connection)`) });
    } finally {
      await other.close();
      await hangUp.close();
    }
  });
});

describe('rxvirt gateway with no daemon behind it', () => {
  it('closes with 4502, which a client reports naming the gateway', async () => {
    const gateway = await startGateway({ port: 0, tokens: parseTokens(`alice full ${FULL}`, 't'), sockets: { full: join(tmpdir(), 'rxvirt-no-such-daemon.sock') }, log: () => undefined });
    try {
      const error: unknown = await firstValueFrom(connectWebSocket(gateway.url, { token: FULL, timeoutMs: 5_000 })).catch((err: unknown) => err);
      const transport = error instanceof ConnectionClosedError ? error.cause : error;
      expect(transport).toMatchObject({ code: 'WS_4502', message: `websocket:${gateway.url}: the relay closed the WebSocket (code 4502, libvirt daemon unreachable)` });
    } finally {
      await gateway.close();
    }
  });
});

describe('rxvirt gateway over TLS', () => {
  it('speaks wss:// with the given certificate', async () => {
    const gateway = await startGateway({
      port: 0,
      tokens: parseTokens(`alice full ${FULL}`, 't'),
      tls: { cert: readFileSync(`${PKI}/servercert.pem`), key: readFileSync(`${PKI}/serverkey.pem`) },
      log: () => undefined,
    });
    try {
      expect(gateway.url).toMatch(/^wss:\/\//);
      const result = await rawAttempt(gateway.url, ['rxvirt'], { ca: readFileSync(`${PKI}/cacert.pem`) });
      expect(result).toMatchObject({ code: 4401, protocol: 'rxvirt' });
    } finally {
      await gateway.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketTransport } from '../../src/transport/node/socket-transport.js';

describe('SocketTransport', () => {
  let dir: string;
  let server: Server;
  let peer: Promise<Socket>;
  let socket: Socket;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-socket-transport-'));
    const path = join(dir, 'sock');
    server = createServer();
    peer = new Promise((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    socket = createConnection({ path });
    await new Promise((resolve) => socket.once('connect', resolve));
  });

  afterEach(async () => {
    socket.destroy();
    (await peer).destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('writev writes the arrays in order, then reports them written', async () => {
    const transport = new SocketTransport(socket, 'test');
    const other = await peer;
    const received: Buffer[] = [];
    other.on('data', (chunk: Buffer) => received.push(chunk));
    const big = new Uint8Array(1 << 20).fill(7);
    const written = new Promise<void>((resolve) => transport.writev([Uint8Array.of(1, 2, 3), big], resolve));
    transport.write(Uint8Array.of(4));
    await written;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (received.reduce((sum, chunk) => sum + chunk.length, 0) === 3 + big.length + 1) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
    const all = Buffer.concat(received);
    expect([...all.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(all.subarray(3, 3 + big.length).every((byte) => byte === 7)).toBe(true);
    expect(all[all.length - 1]).toBe(4);
  });

  it('writev on a destroyed socket reports the arrays written at once (nothing will hold them)', () => {
    const transport = new SocketTransport(socket, 'test');
    socket.destroy();
    let written = false;
    expect(transport.writev([Uint8Array.of(1)], () => (written = true))).toBe(true);
    expect(written).toBe(true);
  });
});

import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A unix-socket man in the middle for integration tests: clients connect to `path`, bytes are
 * forwarded to the real daemon, and the test can watch, hold back or cut the traffic.
 */
export class SocketProxy {
  readonly path: string;
  private readonly dir: string;
  private readonly server: Server;
  private readonly pairs: Array<{ client: Socket; daemon: Socket }> = [];
  /** Bytes the daemon sent, per connection, in arrival order. */
  readonly fromDaemon: Buffer[] = [];
  /** Bytes the client sent. */
  readonly fromClient: Buffer[] = [];
  private holdingReplies = false;
  private held: Buffer[] = [];

  constructor(private readonly target: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'rxvirt-proxy-'));
    this.path = join(this.dir, 'proxy.sock');
    this.server = createServer((client) => {
      const daemon = createConnection(this.target);
      this.pairs.push({ client, daemon });
      client.on('data', (chunk) => {
        this.fromClient.push(chunk);
        daemon.write(chunk);
      });
      daemon.on('data', (chunk) => {
        this.fromDaemon.push(chunk);
        if (this.holdingReplies) this.held.push(chunk);
        else client.write(chunk);
      });
      client.on('error', () => daemon.destroy());
      daemon.on('error', () => client.destroy());
      client.on('close', () => daemon.destroy());
      daemon.on('close', () => client.destroy());
    });
  }

  listen(): Promise<this> {
    return new Promise((resolve) => this.server.listen(this.path, () => resolve(this)));
  }

  /** Stops passing the daemon's bytes to the client until `release()`. */
  hold(): void {
    this.holdingReplies = true;
  }

  release(): void {
    this.holdingReplies = false;
    for (const { client } of this.pairs) for (const chunk of this.held) client.write(chunk);
    this.held = [];
  }

  /** Writes `bytes` to every client as if the daemon had sent them (after anything released before). */
  inject(bytes: Uint8Array): void {
    for (const { client } of this.pairs) client.write(bytes);
  }

  /** Cuts every connection abruptly, as a dying daemon would. */
  cut(): void {
    for (const { client, daemon } of this.pairs) {
      client.destroy();
      daemon.destroy();
    }
  }

  /** Counts whole frames in `chunks` whose header satisfies `match` (frames parsed by hand). */
  static countFrames(chunks: Buffer[], match: (prog: number, proc: number, type: number) => boolean): number {
    const bytes = Buffer.concat(chunks);
    let count = 0;
    for (let at = 0; at + 28 <= bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      if (length < 28 || at + length > bytes.length) break;
      if (match(bytes.readUInt32BE(at + 4), bytes.readInt32BE(at + 12), bytes.readInt32BE(at + 16))) count++;
      at += length;
    }
    return count;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) =>
      this.server.close(() => {
        rmSync(this.dir, { recursive: true, force: true });
        resolve();
      }),
    );
  }
}

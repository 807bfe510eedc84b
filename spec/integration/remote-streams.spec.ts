// A small volume downloaded over each remote transport, byte for byte.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { collectBytes, connect, type Connection, connectWebSocket, type ConnectOptions } from '../../src/index.js';
import { PKI, SASL_PASSWORD, SASL_USER } from '../support/remote-env.js';
import { type Sshd, startSshd } from '../support/sshd.js';
import { type Relay, startWebsockify } from '../support/websockify.js';

const VOLUME_BYTES = 3 * 1024 * 1024 + 17;

describe('volume download over remote transports', () => {
  let dir: string;
  let local: Connection;
  let poolName: string;
  let content: Buffer;
  let sshd: Sshd;
  let relay: Relay;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-remote-streams-'));
    mkdirSync(join(dir, 'pool'));
    content = randomBytes(VOLUME_BYTES);
    writeFileSync(join(dir, 'pool', 'small.img'), content);
    poolName = `rxvirt-remote-${process.pid}`;
    local = await firstValueFrom(connect('qemu:///system'));
    const xml = `<pool type='dir'><name>${poolName}</name><target><path>${join(dir, 'pool')}</path></target></pool>`;
    await firstValueFrom(local.storagePoolCreateXml({ xml, flags: 0 }));
    [sshd, relay] = await Promise.all([startSshd(), startWebsockify()]);
  });

  afterAll(async () => {
    const pool = await firstValueFrom(local.storagePoolLookupByName({ name: poolName }));
    await lastValueFrom(local.storagePoolDestroy({ pool }), { defaultValue: undefined });
    await lastValueFrom(local.close(), { defaultValue: undefined });
    await Promise.all([sshd.stop(), relay.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function download(conn: Connection): Promise<Buffer> {
    try {
      const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: poolName }));
      const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'small.img' }));
      const { bytes } = await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(collectBytes()));
      return Buffer.from(bytes);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  }

  const options: ConnectOptions = { timeoutMs: 10_000, credentials: { username: SASL_USER, password: SASL_PASSWORD } };

  it('over tcp', async () => {
    expect((await download(await firstValueFrom(connect('qemu+tcp://127.0.0.1/system', options)))).equals(content)).toBe(true);
  });

  it('over tls with SASL', async () => {
    expect((await download(await firstValueFrom(connect(`qemu+tls://127.0.0.1/system?pkipath=${PKI}`, options)))).equals(content)).toBe(true);
  });

  it('over ssh', async () => {
    const uri = `qemu+ssh://root@127.0.0.1:${sshd.port}/system?keyfile=${sshd.keyfile}&known_hosts=${sshd.knownHosts}&no_tty=1`;
    expect((await download(await firstValueFrom(connect(uri, options)))).equals(content)).toBe(true);
  });

  it('over a WebSocket relay', async () => {
    expect((await download(await firstValueFrom(connectWebSocket(relay.url, { ...options, uri: 'qemu:///system' })))).equals(content)).toBe(true);
  });
});

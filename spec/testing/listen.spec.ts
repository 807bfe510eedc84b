// The fake daemon on a unix socket, reached by the client's own unix transport.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { listenFakeDaemon } from '../../src/testing/node/index.js';

it('serves the fake daemon on a unix socket', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-fake-'));
  const daemon = new FakeDaemon();
  const listener = await listenFakeDaemon(daemon, join(dir, 'sock'));
  try {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${listener.path}`));
    await expect(firstValueFrom(conn.connectGetHostname())).resolves.toBe('fake-libvirt-host');
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  } finally {
    await listener.close();
    daemon.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

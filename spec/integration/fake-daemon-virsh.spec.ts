// libvirt's own client (virsh) against the fake daemon on a unix socket: the fake speaks the
// wire protocol well enough for the C implementation, not only for rxvirt.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeDaemon } from '../../src/testing/index.js';
import { type FakeDaemonListener, listenFakeDaemon } from '../../src/testing/node/index.js';

describe('virsh against the fake daemon', () => {
  const daemon = new FakeDaemon();
  let dir: string;
  let listener: FakeDaemonListener;
  // Asynchronous: the fake daemon runs on this process's event loop, which execFileSync would block.
  const virsh = async (...args: string[]): Promise<string> =>
    (await promisify(execFile)('virsh', ['-c', `test+unix:///default?socket=${listener.path}`, ...args])).stdout;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-fake-'));
    listener = await listenFakeDaemon(daemon, join(dir, 'sock'));
  });
  afterAll(async () => {
    await listener.close();
    daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the version, the node and the domains', async () => {
    expect(await virsh('version')).toContain('Running hypervisor: TEST 0.0.2');
    expect(await virsh('nodeinfo')).toMatch(/CPU\(s\):\s+16/);
    expect(await virsh('list', '--all', '--name')).toBe('test\n\n');
  });

  it('suspends and resumes the test domain', async () => {
    await virsh('suspend', 'test');
    expect(await virsh('domstate', 'test')).toBe('paused\n\n');
    await virsh('resume', 'test');
    expect(await virsh('domstate', 'test')).toBe('running\n\n');
  });

  it('lists the volumes of the default pool', async () => {
    expect(await virsh('vol-list', 'default-pool')).toContain('/default-pool/sparse.img');
  });
});

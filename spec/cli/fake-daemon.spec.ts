// The CLI against rxvirt's fake daemon: the demo's fallback, and commands over a unix socket.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDaemon, pattern, SCREENSHOT_PNG } from '../../src/testing/index.js';
import { type FakeDaemonListener, listenFakeDaemon } from '../../src/testing/node/index.js';
import { Subject } from 'rxjs';
import { main } from '../../src/cli/cli.js';
import { CapturedOutput, runCli, ScriptedInput } from './support/run-cli.js';

const DEMO_EVENTS = [
  '  event: VIR_DOMAIN_EVENT_SUSPENDED (VIR_DOMAIN_EVENT_SUSPENDED_PAUSED)',
  '  event: VIR_DOMAIN_EVENT_RESUMED (VIR_DOMAIN_EVENT_RESUMED_UNPAUSED)',
];

describe('rxvirt demo', () => {
  it('falls back to the fake daemon when none answers, and says so', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--cycles', '2'], { env: { LIBVIRT_DEFAULT_URI: 'test+unix:///default?socket=/nonexistent/sock' } });
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^No libvirt daemon answered at test\+unix:\/\/\/default\?socket=\/nonexistent\/sock: .*ENOENT/);
    expect(lines[1]).toBe("Using rxvirt's in-process fake daemon (rxvirt/testing), which behaves like libvirtd's test driver.");
    expect(lines.filter((line) => line.startsWith('  event:'))).toEqual([...DEMO_EVENTS, ...DEMO_EVENTS]);
    expect(stdout).toMatch(/\n4 lifecycle events in \d+ ms\.\n$/);
  });

  it('uses the daemon at the URI when one answers, and says which', async () => {
    const { code, stdout } = await runCli(['-c', 'test+unix:///default', 'demo', '--cycles', '1']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^Using the libvirt daemon at test\+unix:\/\/\/default \(libvirt \d+\.\d+\.\d+\)\.$/);
    expect(stdout.split('\n').filter((line) => line.startsWith('  event:'))).toEqual(DEMO_EVENTS);
  });
});

describe('rxvirt against the fake daemon on a unix socket', () => {
  let dir: string;
  let daemon: FakeDaemon;
  let listener: FakeDaemonListener;
  const rxvirt = (...argv: string[]) => runCli(['-c', `test+unix:///default?socket=${listener.path}`, ...argv]);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-cli-fake-'));
    daemon = new FakeDaemon();
    listener = await listenFakeDaemon(daemon, join(dir, 'sock'));
  });
  afterAll(async () => {
    await listener.close();
    daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a two-way console: typed keys come back from the guest, Ctrl-] leaves', async () => {
    const stdin = new ScriptedInput();
    const stderr = new CapturedOutput(false, (text) => {
      // Type once connected; leave once the guest has echoed the line.
      if (text.includes('Escape character')) setTimeout(() => stdin.type('uptime\r'), 10);
    });
    const stdout = new CapturedOutput(false, (text) => {
      if (text.includes('uptime')) setTimeout(() => stdin.type('\x1d'), 10);
    });
    const io = { stdout, stderr, stdin, env: {}, interrupts: new Subject<void>() };
    const code = await main(['-c', `test+unix:///default?socket=${listener.path}`, 'console', 'test'], io);
    expect(code).toBe(0);
    expect(stderr.text).toContain("Connected to domain 'test'");
    expect(stdout.text).toBe('uptime\r');
    // The console was aborted on leaving: the daemon still serves this and other connections.
    expect((await rxvirt('list', '--name')).stdout).toBe('test\n\n');
  });

  it('lists its domain, with the details the test driver gives', async () => {
    expect((await rxvirt('list', '--all')).stdout).toBe(' Id   Name   State\n----------------------\n 1    test   running\n\n');
    const dominfo = await rxvirt('dominfo', 'test');
    expect(dominfo.stdout).toContain('Persistent:     yes\n');
    expect(dominfo.stdout).toContain('Security model: testSecurity\n');
  });

  it('downloads its sparse volume byte for byte, holes as holes', async () => {
    const out = join(dir, 'sparse.img');
    expect((await rxvirt('vol-download', '--pool', 'default-pool', 'sparse.img', out, '--sparse')).code).toBe(0);
    const expected = Buffer.alloc(4 * 1024 * 1024);
    expected.set(pattern(600_000, 1), 0);
    expected.set(pattern(4096, 7), 3 * 1024 * 1024);
    expect(readFileSync(out).equals(expected)).toBe(true);
    expect(statSync(out).blocks * 512).toBeLessThan(1024 * 1024);
  });

  it('saves a screenshot', async () => {
    const out = join(dir, 'screen.png');
    const { stdout } = await rxvirt('screenshot', 'test', out);
    expect(stdout).toBe(`Screenshot saved to ${out}, with type of image/png\n`);
    expect(readFileSync(out).equals(Buffer.from(SCREENSHOT_PNG))).toBe(true);
  });
});

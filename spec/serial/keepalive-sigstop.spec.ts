// Stops the shared daemon with SIGSTOP: runs after every other test file (see jest.config.ts).
import { execFileSync } from 'node:child_process';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, ConnectionClosedError, KeepaliveTimeoutError } from '../../src/index.js';

function daemonPid(): number {
  return Number(execFileSync('pgrep', ['-o', '-x', 'libvirtd'], { encoding: 'utf8' }).trim());
}

describe('keepalive against a stopped daemon (SIGSTOP)', () => {
  const interval = 1;
  const count = 3;

  it(`reports a keepalive timeout within interval × (count + 1) + 1 s, and pending calls error`, async () => {
    const conn = await firstValueFrom(connect('test+unix:///default', { keepalive: { interval, count } }));
    const pid = daemonPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const stoppedAt = Date.now();
      const error = await firstValueFrom(conn.connectGetLibVersion()).catch((err: unknown) => err);
      const elapsed = (Date.now() - stoppedAt) / 1000;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).cause).toBeInstanceOf(KeepaliveTimeoutError);
      expect(elapsed).toBeLessThan(interval * (count + 1) + 1);
      expect(elapsed).toBeGreaterThanOrEqual(interval * count);
      const end = await firstValueFrom(conn.end$);
      expect(end.cause).toBeInstanceOf(KeepaliveTimeoutError);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The daemon is back for whoever comes next.
    const again = await firstValueFrom(connect('test+unix:///default'));
    await expect(firstValueFrom(again.connectNumOfDomains())).resolves.toBe(1);
    await lastValueFrom(again.close(), { defaultValue: undefined });
  });
});

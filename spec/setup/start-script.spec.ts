// What scripts/libvirtd/start.sh does to a libvirtd that runs but does not answer, in its dry-run
// mode (RXVIRT_SETUP_DRY_RUN=1, which installs, starts and stops nothing). Each case runs in a
// private mount namespace with a tmpfs over /run: the shared daemon's sockets and pid file are out
// of sight there (so the script finds no daemon answering), and the "running daemon" is a `sleep`
// named libvirtd whose pid is in the namespace's /run/libvirtd.pid. Nothing outside changes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const START = join(__dirname, '..', '..', 'scripts', 'libvirtd', 'start.sh');

interface Scenario {
  /** A fake daemon is running, with its pid in /run/libvirtd.pid. */
  readonly running: boolean;
  /** Its pid is also in /run/rxvirt-libvirtd.pid: the script started it. */
  readonly startedByScript?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs the script's dry run in the scenario: exit status and both outputs. */
function dryRun({ running, startedByScript = false, env = {} }: Scenario): { status: number | null; stdout: string; stderr: string } {
  const script = [
    'set -e',
    'mount -t tmpfs tmpfs /run',
    'dir=$(mktemp -d)',
    'cp "$(command -v sleep)" "$dir/libvirtd"',
    ...(running ? ['"$dir/libvirtd" 30 & fake=$!', 'echo "$fake" >/run/libvirtd.pid'] : []),
    ...(startedByScript ? ['cp /run/libvirtd.pid /run/rxvirt-libvirtd.pid'] : []),
    `bash ${START} && status=0 || status=$?`,
    ...(running ? ['kill "$fake"'] : []),
    'rm -rf "$dir"',
    'exit $status',
  ].join('\n');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, RXVIRT_SETUP_DRY_RUN: '1' };
  delete childEnv.CI;
  delete childEnv.RXVIRT_RESTART_LIBVIRTD;
  Object.assign(childEnv, env);
  const { status, stdout, stderr } = spawnSync('unshare', ['-m', 'bash', '-c', script], {
    encoding: 'utf8',
    env: childEnv,
    timeout: 60_000,
  });
  return { status, stdout, stderr };
}

describe('scripts/libvirtd/start.sh, when no daemon answers', () => {
  it('starts one when none runs, and says with which configuration', () => {
    const { status, stdout } = dryRun({ running: false });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Starting libvirtd with rxvirt's test configuration \(.*libvirtd\.conf\): .*TCP on 127\.0\.0\.1:16509 without authentication/m);
    expect(stdout).toMatch(/\(dry run: nothing started or stopped\)\n$/);
  });

  it('leaves alone a daemon it did not start, and says how to have it restarted', () => {
    const { status, stdout, stderr } = dryRun({ running: true });
    expect(status).toBe(1);
    expect(stdout).not.toMatch(/Restarting|Starting/);
    expect(stderr).toMatch(/^libvirtd \(pid \d+\) runs but does not answer/m);
    expect(stderr).toMatch(/rxvirt's set-up did not start it, so it leaves it alone\. .*RXVIRT_RESTART_LIBVIRTD=1/);
  });

  it.each([
    ['asked to (RXVIRT_RESTART_LIBVIRTD=1)', { running: true, env: { RXVIRT_RESTART_LIBVIRTD: '1' } }],
    ['in CI (CI=true)', { running: true, env: { CI: 'true' } }],
    ['it started the daemon itself', { running: true, startedByScript: true }],
  ] as const)('restarts a running daemon when %s, and says so', (_, scenario) => {
    const { status, stdout } = dryRun(scenario);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Restarting libvirtd \(pid \d+\), which does not answer .*, with rxvirt's test configuration/m);
    expect(stdout).toMatch(/\(dry run: nothing started or stopped\)\n$/);
  });
});

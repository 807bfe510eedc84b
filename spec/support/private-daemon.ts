// A second libvirtd with a configuration of its own, beside the shared one. Two root daemons
// collide on the drivers' pid files under /run/libvirt, so this one runs in a private mount
// namespace with its own tmpfs there; its sockets live in a directory of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SASL_DIR } from './remote-env.js';

export interface PrivateDaemon {
  /** Where its sockets are: `libvirt-sock`, `libvirt-sock-ro`. */
  readonly dir: string;
  stop(): Promise<void>;
}

export interface PrivateDaemonOptions {
  /**
   * Load no driver module (LIBVIRT_DRIVER_DIR pointed at an empty directory): only the drivers
   * built into libvirt, the test driver among them. Such a daemon leaves the host alone (no
   * qemu driver looking at the shared daemon's domains, no network driver at its bridges).
   */
  readonly testDriverOnly?: boolean;
}

export async function startPrivateDaemon(config: string[], options: PrivateDaemonOptions = {}): Promise<PrivateDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-libvirtd-'));
  const driverEnv: NodeJS.ProcessEnv = {};
  if (options.testDriverOnly) {
    mkdirSync(join(dir, 'no-drivers'));
    driverEnv.LIBVIRT_DRIVER_DIR = join(dir, 'no-drivers');
  }
  const conf = join(dir, 'libvirtd.conf');
  writeFileSync(conf, [`unix_sock_dir = "${dir}"`, 'listen_tls = 0', 'listen_tcp = 0', `log_outputs = "3:file:${dir}/libvirtd.log"`, ...config].join('\n') + '\n');
  const child: ChildProcess = spawn(
    'unshare',
    ['-m', 'sh', '-c', `mount -t tmpfs tmpfs /run/libvirt && exec libvirtd -f ${conf} -p ${dir}/libvirtd.pid`],
    { stdio: 'ignore', env: { ...process.env, SASL_CONF_PATH: SASL_DIR, ...driverEnv } },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForSocket(join(dir, 'libvirt-sock'), 15_000);
  return {
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForSocket(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(path);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => (Date.now() > deadline ? reject(new Error(`no daemon on ${path} within ${timeoutMs} ms`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

// websockify on a loopback port relaying to the shared daemon's unix socket.
import { spawn } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { freePort } from './remote-env.js';

export interface Relay {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startWebsockify(target = '/var/run/libvirt/libvirt-sock'): Promise<Relay> {
  const port = await freePort();
  const relay = spawn('websockify', [`127.0.0.1:${port}`, `--unix-target=${target}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => relay.once('exit', () => resolve()));
  await waitForPort(port, 10_000);
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: async () => {
      relay.kill('SIGTERM');
      await exited;
    },
  };
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => (Date.now() > deadline ? reject(new Error(`nothing listens on ${port}`)) : setTimeout(attempt, 50)));
    };
    attempt();
  });
}

// python3-libvirt as the reference client on the same domain: its event callbacks and its console.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** python3-libvirt is Debian's python3-libvirt, for /usr/bin/python3 (scripts/libvirtd/start.sh). */
const PYTHON = '/usr/bin/python3';

/** A lifecycle event as python3-libvirt's callback got it: numbers, as libvirt defines them. */
export interface PythonLifecycleEvent {
  readonly kind: 'lifecycle';
  readonly event: number;
  readonly detail: number;
}

/** A QEMU monitor event as python3-libvirt's callback got it. */
export interface PythonMonitorEvent {
  readonly kind: 'qemu-monitor';
  readonly event: string;
  readonly seconds: number;
  readonly micros: number;
  readonly details: string | null;
}

type Received = PythonLifecycleEvent | PythonMonitorEvent | { readonly kind: 'ready' };

/** python3-libvirt registered for one domain's lifecycle and QEMU monitor events (watch-events.py). */
export class PythonEventWatcher {
  readonly lifecycle: PythonLifecycleEvent[] = [];
  readonly monitor: PythonMonitorEvent[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<void>;
  private stderr = '';
  private ready = false;

  private constructor(uri: string, domain: string) {
    this.child = spawn(PYTHON, [join(__dirname, 'watch-events.py'), uri, domain]);
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const record = JSON.parse(line) as Received;
      if (record.kind === 'lifecycle') this.lifecycle.push(record);
      if (record.kind === 'qemu-monitor') this.monitor.push(record);
      if (record.kind === 'ready') this.ready = true;
      for (const wake of this.waiters) wake();
    });
  }

  /** Starts the watcher on a defined domain and resolves once both callbacks are registered. */
  static async start(uri: string, domain: string): Promise<PythonEventWatcher> {
    const watcher = new PythonEventWatcher(uri, domain);
    await watcher.until(() => watcher.ready, 10_000, 'python3-libvirt registered its callbacks');
    return watcher;
  }

  /** Resolves once `done()` holds (checked after every event), or rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`python3-libvirt: not ${what} within ${timeoutMs} ms (stderr: ${this.stderr.trim() || 'none'})`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Closes the watcher's standard input, which ends it. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/**
 * python3-libvirt sends `line` on the domain's console and returns everything the guest wrote
 * until its answer arrived (console-exchange.py).
 */
export function pythonConsoleExchange(uri: string, domain: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [join(__dirname, 'console-exchange.py'), uri, domain, line], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`console-exchange.py failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

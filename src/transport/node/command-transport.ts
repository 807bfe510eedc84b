import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { Observable, Subject } from 'rxjs';
import { type Transport, TransportError } from '../transport.js';
import { type ConnectTarget, targetLabel } from './connect-socket.js';

/** How long a command whose input was closed may take to exit before it is terminated. */
const EXIT_GRACE_MS = 2_000;
/** How much of the command's standard error is kept for error messages. */
const STDERR_KEPT = 4_096;

/**
 * A {@link Transport} over a child process's standard input and output: the `+ssh` and `+ext`
 * transports. Its standard error is kept (the last few KiB) to explain a failure: ssh reports
 * refused connections, unknown host keys and denied logins there.
 */
export class CommandTransport implements Transport {
  private readonly drainedSubject = new Subject<void>();
  readonly drained = this.drainedSubject.asObservable();
  readonly incoming: Observable<Uint8Array>;
  private stderr = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: NodeJS.ErrnoException | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly description: string,
    private readonly target: ConnectTarget,
  ) {
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.spawnError ??= err;
    });
    // Writing to a process that has exited fails with EPIPE; the exit itself reports the failure.
    child.stdin.on('error', () => undefined);
    child.stdin.on('drain', () => this.drainedSubject.next());
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEPT);
    });
    child.once('close', (code, signal) => {
      this.exit = { code, signal };
      this.drainedSubject.complete();
    });
    this.incoming = new Observable<Uint8Array>((subscriber) => {
      // 'close' comes after the process exited and its streams closed: stderr is complete then.
      const finish = (): void => {
        const failure = this.failure();
        if (failure) subscriber.error(failure);
        else subscriber.complete();
      };
      if (this.exit) {
        finish();
        return undefined;
      }
      const onData = (chunk: Buffer): void => subscriber.next(chunk);
      child.stdout.on('data', onData);
      child.once('close', finish);
      return () => {
        child.stdout.off('data', onData);
        child.off('close', finish);
      };
    });
  }

  /** Why the command ended, when it did not end cleanly. */
  private failure(): TransportError | undefined {
    const label = targetLabel(this.target);
    if (this.spawnError) {
      return new TransportError(`cannot run ${label}: ${this.spawnError.message}`, this.description, this.spawnError.code, { cause: this.spawnError, uri: this.target.uri });
    }
    const exit = this.exit;
    if (exit === undefined || exit.code === 0) return undefined;
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
    const said = this.stderr.trim();
    return new TransportError(`${label}: the command ${how}${said === '' ? '' : `: ${said}`}`, this.description, exit.signal ?? `EXIT_${exit.code}`, { uri: this.target.uri });
  }

  write(bytes: Uint8Array): boolean {
    if (this.exit || this.child.stdin.writableEnded) return true;
    return this.child.stdin.write(bytes);
  }

  pauseReading(): void {
    this.child.stdout.pause();
  }

  resumeReading(): void {
    this.child.stdout.resume();
  }

  /** Closes the command's input; a command that does not exit then is terminated. */
  end(): void {
    this.child.stdin.end();
    if (this.exit) return;
    const timer = setTimeout(() => this.child.kill('SIGTERM'), EXIT_GRACE_MS);
    timer.unref();
    this.child.once('close', () => clearTimeout(timer));
  }

  destroy(): void {
    if (!this.exit) this.child.kill('SIGTERM');
  }
}

/**
 * Runs `file args` and emits the transport once the process has started. Cold; unsubscribing
 * before that kills it.
 */
export function openCommandTransport(file: string, args: readonly string[], description: string, uri?: string): Observable<Transport> {
  const target: ConnectTarget = { description, uri };
  return new Observable<Transport>((subscriber) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let started = false;
    const onError = (err: NodeJS.ErrnoException): void => {
      subscriber.error(new TransportError(`cannot run ${targetLabel(target)}: ${err.message}`, description, err.code, { cause: err, uri }));
    };
    child.once('error', onError);
    child.once('spawn', () => {
      started = true;
      child.off('error', onError);
      subscriber.next(new CommandTransport(child, description, target));
      subscriber.complete();
    });
    return () => {
      if (!started) child.kill('SIGTERM');
    };
  });
}

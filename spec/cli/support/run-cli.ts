import { EventEmitter } from 'node:events';
import { Subject } from 'rxjs';
import { main } from '../../../src/cli/cli.js';
import type { CliIo, InputStream, OutputStream } from '../../../src/cli/io.js';

/** An output stream that keeps what is written, as text. */
export class CapturedOutput implements OutputStream {
  private readonly chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    /** Called after every write (a test reacting to the first progress bar). */
    private readonly onWrite?: (text: string) => void,
  ) {}

  write(text: string | Uint8Array): boolean {
    const chunk = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    this.chunks.push(chunk);
    this.onWrite?.(chunk);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/** A standard input the test types into. */
export class ScriptedInput extends EventEmitter implements InputStream {
  readonly isTTY = false;
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  type(text: string): void {
    this.emit('data', Buffer.from(text));
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  /** Ctrl-C: emit to interrupt. */
  readonly interrupts?: Subject<void>;
  /** stderr as a terminal (progress bars), with a hook on each write. */
  readonly stderr?: CapturedOutput;
  /** stdout with a hook on each write (a test answering what it reads). */
  readonly stdout?: CapturedOutput;
  readonly stdin?: InputStream;
}

/** Runs the CLI's `main` in this process with captured output. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = options.stdout ?? new CapturedOutput();
  const stderr = options.stderr ?? new CapturedOutput();
  const io: CliIo = {
    stdout,
    stderr,
    stdin: options.stdin ?? new ScriptedInput(),
    env: options.env ?? {},
    interrupts: options.interrupts ?? new Subject<void>(),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

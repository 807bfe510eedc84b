import type { Observable } from 'rxjs';

/** Where the CLI writes: a terminal, a pipe, or a test's buffer. */
export interface OutputStream {
  write(text: string | Uint8Array): unknown;
  /** A terminal: progress bars are drawn only there. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** What `console` reads keys from. */
export interface InputStream {
  readonly isTTY?: boolean;
  /** A terminal's raw mode: keys arrive one by one, Ctrl-C included, without echo. */
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Everything the CLI touches outside itself, injectable so that tests run `main` in-process:
 * its streams, environment and Ctrl-C. `main` returns the exit code instead of exiting.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Emits on each Ctrl-C (SIGINT). Commands subscribe only while a transfer or an event loop
   * runs, so that elsewhere Ctrl-C keeps its default of ending the process at once.
   */
  readonly interrupts: Observable<void>;
  /**
   * The command is about to move a volume's bytes and do little else until it ends. The
   * executable stops V8's optimizing compiler (TurboFan) here: the data path's JavaScript is a
   * few function calls per 256 KiB frame, while TurboFan's compiles on helper threads take the
   * CPU libvirtd needs on a small machine (BENCHMARKS.md, "CLI transfers without TurboFan":
   * before/after with `bench:cli-transfers --cli`). Long-running commands (`gateway`, `event`)
   * keep it. Absent in tests, which run the tool in their own process.
   */
  beforeTransfer?(): void;
}

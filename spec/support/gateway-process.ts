// `rxvirt gateway` as a real child process (the CLI compiled by spec/cli/support/compile-cli.ts),
// with its log lines collected; stop() ends it with Ctrl-C (SIGINT), as a user would.
import { type ChildProcess, spawn } from 'node:child_process';

export interface GatewayProcess {
  /** `ws://127.0.0.1:PORT/`, from its "listening on" line. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/`, where --static files are served. */
  readonly pageUrl: string;
  /** Its standard error so far: the log. */
  readonly log: () => string;
  /** Sends SIGINT and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export async function startGatewayProcess(cliEntry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [cliEntry, 'gateway', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 10 s:\n${stderr}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (wss?:\/\/\S+?\/)[,;]/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    url,
    pageUrl: url.replace(/^ws/, 'http'),
    log: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

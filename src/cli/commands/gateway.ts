import { readFile, stat } from 'node:fs/promises';
import { firstValueFrom } from 'rxjs';
import { DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_MAX_FRAME_BYTES, DEFAULT_GATEWAY_PORT, startGateway } from '../../gateway/gateway.js';
import { type GatewayToken, parseTokens } from '../../gateway/tokens.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { ParsedArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** Where tokens come from without `--tokens`: the same format, entries separated by `;` or newlines. */
export const TOKENS_ENV = 'RXVIRT_GATEWAY_TOKENS';

/**
 * `gateway [--listen HOST] [--port N] [--tokens FILE] [--allow-origin ORIGINS] [--static DIR] ...`:
 * a WebSocket relay to libvirt for browsers, until Ctrl-C. One log line per connection on stderr.
 */
export const gatewayCommand: CommandSpec = {
  positionals: [],
  options: [
    { name: 'listen', value: 'HOST', description: `address to listen on (default ${DEFAULT_GATEWAY_HOST}: this machine only)` },
    { name: 'port', value: 'N', description: `port (default ${DEFAULT_GATEWAY_PORT}; 0 picks a free one)` },
    { name: 'tokens', value: 'FILE', description: `token list, lines of NAME POLICY TOKEN [MAX_CONNECTIONS] (default: $${TOKENS_ENV})` },
    { name: 'allow-origin', value: 'ORIGINS', description: 'comma-separated origins whose pages may connect (https://dash.example)' },
    { name: 'static', value: 'DIR', description: "serve this directory's files (its own origin is then allowed)" },
    { name: 'cert', value: 'FILE', description: 'PEM certificate: serve wss:// and https://' },
    { name: 'key', value: 'FILE', description: "PEM private key of --cert" },
    { name: 'max-frame', value: 'BYTES', description: `largest frame a client may send (default ${DEFAULT_GATEWAY_MAX_FRAME_BYTES})` },
    { name: 'socket', value: 'PATH', description: 'daemon socket for full tokens (default /run/libvirt/libvirt-sock)' },
    { name: 'socket-ro', value: 'PATH', description: 'daemon socket for read-only tokens (default /run/libvirt/libvirt-sock-ro)' },
  ],
  async run({ args, io }) {
    const cert = args.string('cert');
    const key = args.string('key');
    if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together', 'gateway');
    const full = args.string('socket');
    const readOnly = args.string('socket-ro');
    // Listening for Ctrl-C before the "listening" line: whoever reads it may interrupt at once.
    const interrupted = firstValueFrom(io.interrupts);
    const gateway = await startGateway({
      tokens: await readTokens(args, io),
      host: args.string('listen') ?? DEFAULT_GATEWAY_HOST,
      port: args.number('port') ?? DEFAULT_GATEWAY_PORT,
      allowedOrigins: (args.string('allow-origin') ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
      staticDir: args.string('static'),
      maxFrameBytes: args.number('max-frame') ?? DEFAULT_GATEWAY_MAX_FRAME_BYTES,
      tls: cert === undefined || key === undefined ? undefined : { cert: await readFile(cert), key: await readFile(key) },
      sockets: { ...(full === undefined ? {} : { full }), ...(readOnly === undefined ? {} : { 'read-only': readOnly }) },
      log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
    await interrupted;
    await gateway.close();
    return ExitCode.Ok;
  },
};

/** Tokens from `--tokens FILE`, else the environment; a warning when others may read the file. */
async function readTokens(args: ParsedArgs, io: CliIo): Promise<GatewayToken[]> {
  const file = args.string('tokens');
  if (file !== undefined) {
    const mode = (await stat(file)).mode;
    if ((mode & 0o077) !== 0) io.stderr.write(`rxvirt gateway: warning: ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it\n`);
    return parseTokens(await readFile(file, 'utf8'), file);
  }
  const fromEnv = io.env[TOKENS_ENV];
  if (fromEnv === undefined || fromEnv.trim() === '') throw new UsageError(`no tokens: give --tokens FILE or set $${TOKENS_ENV}`, 'gateway');
  return parseTokens(fromEnv, `$${TOKENS_ENV}`);
}

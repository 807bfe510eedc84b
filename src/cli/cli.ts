import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import { parseArgs } from './args.js';
import type { Command, CommandContext, CommandListing } from './command.js';
import { COMMANDS } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp, GLOBAL_OPTIONS, toolHelp } from './help.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';
import { UsageError } from './usage-error.js';

/**
 * Runs `rxvirt` with `argv` (without node and the script) and resolves to its exit code.
 * Every failure is reported on `io.stderr` here; nothing is thrown.
 *
 * @example
 * const code = await main(['-c', 'test+unix:///default', 'list', '--all'], nodeIo());
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let uri = io.env.LIBVIRT_DEFAULT_URI || undefined;
  try {
    const global = parseArgs(argv, GLOBAL_OPTIONS);
    uri = global.string('connect') ?? uri;
    const [name, ...rest] = global.rest;
    if (name === undefined || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      io.stdout.write(topic === undefined ? toolHelp(COMMANDS) : commandHelp(await loadCommand(topic)));
      if (name === undefined && !global.flag('help')) return ExitCode.Usage;
      return ExitCode.Ok;
    }
    const command = await loadCommand(name);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return ExitCode.Ok;
    }
    return await runCommand(command, rest, io, uri, global.flag('readonly'));
  } catch (error) {
    return reportError(error, io.stderr, uri);
  }
}

/** The command `name`, its module imported now. */
async function loadCommand(name: string): Promise<Command> {
  const listing: CommandListing | undefined = COMMANDS.find((candidate) => candidate.name === name);
  if (listing === undefined) throw new UsageError(`unknown command '${name}'`);
  return { ...(await listing.load()), name: listing.name, summary: listing.summary };
}

/** Opens a connection; the library is imported here, not before, so that `--help` does without it. */
async function open(uri: string | undefined, readOnly: boolean): Promise<Connection> {
  const { connect } = await import('../connect.js');
  return firstValueFrom(connect(uri, { readOnly }));
}

/** Parses the command's arguments, runs it, and closes the connection it opened, if any. */
async function runCommand(command: Command, tokens: readonly string[], io: CliIo, uri: string | undefined, readOnly: boolean): Promise<number> {
  let opened: Promise<Connection> | undefined;
  const context: CommandContext = {
    args: parseArgs(tokens, command, command.name),
    io,
    uri,
    readOnly,
    connection: () => (opened ??= open(uri, readOnly)),
  };
  try {
    return await command.run(context);
  } finally {
    const conn = await opened?.catch(() => undefined);
    if (conn !== undefined) await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

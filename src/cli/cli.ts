import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect } from '../connect.js';
import type { Connection } from '../connection/connection.js';
import { parseArgs } from './args.js';
import type { Command, CommandContext } from './command.js';
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
      io.stdout.write(topic === undefined ? toolHelp(COMMANDS) : commandHelp(findCommand(topic)));
      if (name === undefined && !global.flag('help')) return ExitCode.Usage;
      return ExitCode.Ok;
    }
    const command = findCommand(name);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return ExitCode.Ok;
    }
    return await runCommand(command, rest, io, uri, global.flag('readonly'));
  } catch (error) {
    return reportError(error, io.stderr, uri);
  }
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command '${name}'`);
  return command;
}

/** Parses the command's arguments, runs it, and closes the connection it opened, if any. */
async function runCommand(command: Command, tokens: readonly string[], io: CliIo, uri: string | undefined, readOnly: boolean): Promise<number> {
  let opened: Promise<Connection> | undefined;
  const context: CommandContext = {
    args: parseArgs(tokens, command, command.name),
    io,
    uri,
    readOnly,
    connection: () => (opened ??= firstValueFrom(connect(uri, { readOnly }))),
  };
  try {
    return await command.run(context);
  } finally {
    const conn = await opened?.catch(() => undefined);
    if (conn !== undefined) await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

import type { Connection } from '../connection/connection.js';
import type { ArgsSpec, ParsedArgs } from './args.js';
import type { CliIo } from './io.js';

/** What a command runs with. */
export interface CommandContext {
  readonly args: ParsedArgs;
  readonly io: CliIo;
  /** `-c/--connect`, else `$LIBVIRT_DEFAULT_URI`; undefined lets the local daemon choose. */
  readonly uri: string | undefined;
  readonly readOnly: boolean;
  /** The connection to `uri`, opened on first use and closed once the command is done. */
  connection(): Promise<Connection>;
}

/** A command's arguments (for parsing and `--help`) and what it does: its module is loaded when it is used. */
export interface CommandSpec extends ArgsSpec {
  /** Resolves to the exit code; errors are reported by the caller. */
  run(context: CommandContext): Promise<number>;
}

/** One `rxvirt` command as the command list knows it, without loading its module. */
export interface CommandListing {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Imports the command's module, so that a process loads only the command it runs. */
  load(): Promise<CommandSpec>;
}

/** One `rxvirt` command, loaded. */
export interface Command extends CommandSpec {
  readonly name: string;
  readonly summary: string;
}

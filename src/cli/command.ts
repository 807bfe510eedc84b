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

/** One `rxvirt` command: its arguments (for parsing and `--help`) and what it does. */
export interface Command extends ArgsSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Resolves to the exit code; errors are reported by the caller. */
  run(context: CommandContext): Promise<number>;
}

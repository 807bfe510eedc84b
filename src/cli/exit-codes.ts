/** The CLI's exit codes, as the shell sees them. */
export const ExitCode = {
  Ok: 0,
  /** The daemon, the connection or a file said no. */
  Failure: 1,
  /** A command line the CLI could not parse. */
  Usage: 2,
  /** Ctrl-C, as shells report SIGINT (128 + 2). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

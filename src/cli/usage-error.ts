/** A command line the CLI cannot make sense of: reported with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at, or undefined for the tool's. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Ctrl-C ended a transfer: it was aborted (the daemon was told), and the exit code is 130. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

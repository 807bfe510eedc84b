/**
 * Base class of every error rxvirt raises, so that `err instanceof RxvirtError` separates the
 * library's typed failures from programming errors in user code.
 */
export class RxvirtError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

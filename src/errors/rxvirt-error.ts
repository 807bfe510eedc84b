/**
 * Base class of every error rxvirt raises, so that `err instanceof RxvirtError` separates the
 * library's typed failures from programming errors in user code.
 *
 * Each subclass sets `name` to its own name as a string literal rather than from
 * `new.target.name`: minifiers rename classes, and `err.name` must still say `TransportError`
 * in a bundled page (spec/errors/error-names.spec.ts checks a minified bundle).
 */
export class RxvirtError extends Error {
  override name: string = 'RxvirtError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

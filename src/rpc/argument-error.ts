import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * A call's argument does not fit the procedure: a missing or mistyped field, a `null` where an
 * object is needed, a number out of range. Raised before anything is sent, so the connection is
 * untouched. `path` names the argument (`args.dom.name`), `cause` is the encoder's own error.
 *
 * @example
 * conn.domainLookupByName({ name: 42 as unknown as string }).subscribe({ error: (err) => console.log(err.message) });
 * // domainLookupByName: args.name: string expected, got 42
 */
export class ArgumentError extends RxvirtError {
  constructor(
    /** The method called (`domainLookupByName`). */
    readonly method: string,
    /** Where in the arguments: `args`, `args.dom`, `args.params[2].value`. */
    readonly path: string,
    /** What is wrong there. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${method}: ${path}: ${detail}`, options);
  }
}

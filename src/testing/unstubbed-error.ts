import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * A test's stub was asked for something the test did not give it: `stubConnection({ ... })`
 * called on a method (or read a property) not among its stubs. The message names the member and
 * how to stub it.
 */
export class UnstubbedError extends RxvirtError {
  override name: string = 'UnstubbedError';
  constructor(
    /** The member of the stubbed object: `domainSuspend`, `events`. */
    readonly member: string,
    message: string,
  ) {
    super(message);
  }
}

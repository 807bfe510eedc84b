import { RxvirtError } from '../errors/rxvirt-error.js';

/** The daemon refused this client's credentials, or the auth exchange could not complete. */
export class AuthenticationError extends RxvirtError {
  constructor(
    /** The auth type that failed: `polkit`, `sasl`, ... */
    readonly authType: string,
    reason: string,
  ) {
    super(`${authType} authentication failed: ${reason}`);
  }
}

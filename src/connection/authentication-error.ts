import { RxvirtError } from '../errors/rxvirt-error.js';

/** The daemon refused this client's credentials, or the auth exchange could not complete. */
export class AuthenticationError extends RxvirtError {
  override name: string = 'AuthenticationError';
  /** The URI being opened, when known. */
  readonly uri: string | undefined;

  constructor(
    /** The auth type that failed: `polkit`, `sasl`, ... */
    readonly authType: string,
    reason: string,
    options?: { cause?: unknown; uri?: string | undefined },
  ) {
    super(`${authType} authentication${options?.uri === undefined ? '' : ` to ${options.uri}`} failed: ${reason}`, options);
    this.uri = options?.uri;
  }
}

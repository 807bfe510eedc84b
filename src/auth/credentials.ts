import type { Observable } from 'rxjs';

/** A user name and password for SASL. Never logged, never put in an error message. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** What a credentials callback is told about the authentication that needs them. */
export interface CredentialsRequest {
  /** The URI being opened. */
  readonly uri: string;
  /** The SASL mechanism chosen, e.g. `SCRAM-SHA-256`. */
  readonly mechanism: string;
  /** The user the URI names (`qemu+tls://ann@host/system`), if any. */
  readonly username: string | undefined;
}

/** Asked once per authentication, only when the daemon demands SASL. */
export type CredentialsCallback = (request: CredentialsRequest) => Credentials | Promise<Credentials> | Observable<Credentials>;

/** Fixed credentials, or a callback that supplies them when the daemon asks. */
export type CredentialsSource = Credentials | CredentialsCallback;

import { catchError, concatMap, defer, from, isObservable, type Observable, of, throwError } from 'rxjs';
import type { Credentials, CredentialsSource } from '../auth/credentials.js';
import { SaslError, type SaslMechanism } from '../auth/sasl-mechanism.js';
import { SCRAM_HASHES, ScramClient, type ScramMechanismName } from '../auth/scram-client.js';
import { UnsupportedError } from '../errors/unsupported-error.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { LibvirtError } from '../rpc/libvirt-error.js';
import { AuthenticationError } from './authentication-error.js';

/** What SASL needs to know about the connection being opened. */
export interface SaslContext {
  readonly uri: string;
  /** The user the URI names, offered to a credentials callback. */
  readonly username: string | undefined;
  /** `?auth=sasl.MECH`: only this mechanism. */
  readonly mechanism: string | undefined;
  readonly credentials: CredentialsSource | undefined;
}

/** Mechanisms in the order this client prefers them. */
export const SUPPORTED_SASL_MECHANISMS: readonly ScramMechanismName[] = ['SCRAM-SHA-256', 'SCRAM-SHA-1'];

/**
 * AUTH_SASL_INIT (the daemon's mechanisms), AUTH_SASL_START with the client's first message,
 * AUTH_SASL_STEP until the daemon says complete; the mechanism verifies the daemon's last word.
 * Every failure is an AuthenticationError (wrong password, unverifiable server) or an
 * UnsupportedError (no mechanism in common); neither carries the password.
 */
export function saslAuthenticate(api: RemoteApi, context: SaslContext): Observable<void> {
  return api.authSaslInit().pipe(
    concatMap((mechlist) => {
      const offered = mechlist.split(/[\s,]+/).filter(Boolean).map((name) => name.toUpperCase());
      const wanted = context.mechanism === undefined ? SUPPORTED_SASL_MECHANISMS : [context.mechanism.toUpperCase()];
      const name = wanted.find((candidate): candidate is ScramMechanismName => offered.includes(candidate) && candidate in SCRAM_HASHES);
      if (name === undefined) {
        return throwError(
          () =>
            new UnsupportedError(
              `SASL mechanisms [${offered.join(', ')}]`,
              `cannot authenticate to ${context.uri}: rxvirt speaks ${SUPPORTED_SASL_MECHANISMS.join(' and ')}${context.mechanism === undefined ? '' : ` (the URI asks for ${context.mechanism})`}`,
            ),
        );
      }
      return credentialsFor(context, name).pipe(
        concatMap((credentials) => exchange(api, new ScramClient(name, credentials.username, credentials.password))),
      );
    }),
    catchError((err: unknown) => throwError(() => asAuthenticationFailure(err, context))),
  );
}

function credentialsFor(context: SaslContext, mechanism: string): Observable<Credentials> {
  return defer(() => {
    const source = context.credentials;
    if (source === undefined) {
      return throwError(() => new AuthenticationError('sasl', `the daemon demands SASL (${mechanism}) and no credentials were given`, { uri: context.uri }));
    }
    if (typeof source !== 'function') return of(source);
    const supplied = source({ uri: context.uri, mechanism, username: context.username });
    return isObservable(supplied) || supplied instanceof Promise ? from(supplied) : of(supplied);
  });
}

/** START, then STEP while the daemon is not complete; `nil` marks "no data" as libvirt does. */
function exchange(api: RemoteApi, mechanism: SaslMechanism): Observable<void> {
  type Reply = { complete: number; nil: number; data: Uint8Array };
  const dataOf = (reply: Reply): Uint8Array => (reply.nil !== 0 ? new Uint8Array(0) : reply.data);
  const next = (reply: Reply): Observable<void> =>
    reply.complete !== 0
      ? from(mechanism.finish(dataOf(reply)))
      : from(mechanism.step(dataOf(reply))).pipe(
          concatMap((answer) => api.authSaslStep({ nil: answer === null ? 1 : 0, data: answer ?? new Uint8Array(0) })),
          concatMap(next),
        );
  return from(mechanism.start()).pipe(
    concatMap((first) => api.authSaslStart({ mech: mechanism.name, nil: first === null ? 1 : 0, data: first ?? new Uint8Array(0) })),
    concatMap(next),
  );
}

/** The daemon's refusal (VIR_ERR_AUTH_FAILED) and the client's own SASL failures become AuthenticationErrors. */
function asAuthenticationFailure(err: unknown, context: SaslContext): unknown {
  if (err instanceof SaslError) return new AuthenticationError('sasl', err.message, { cause: err, uri: context.uri });
  if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_AUTH_FAILED') {
    return new AuthenticationError('sasl', 'the daemon refused the credentials', { cause: err, uri: context.uri });
  }
  return err;
}
